package main

import (
	"encoding/json"
	"net/http"

	"github.com/supportops/supportops/apiv1"
)

// answer writes v as a stand-in daemon's JSON answer, with status.
func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// refuse writes the API's error answer, with status.
func refuse(w http.ResponseWriter, status int, msg string, reasons ...string) {
	answer(w, status, apiv1.Error{Message: msg, Reasons: reasons})
}

// sortedJSON is a request body as a stand-in records it: JSON with the
// keys of its objects sorted, since their order is no part of the
// contract; anything else as it is.
func sortedJSON(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return string(body)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return string(body)
	}
	return string(b)
}
