package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/supportops/supportops/apiv1"
)

// internal answers a request that failed inside the daemon: 500, and the
// error logged.
func (s *Server) internal(w http.ResponseWriter, r request, err error) {
	s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "principal", r.principal.ID, "error", err)
	writeError(w, http.StatusInternalServerError, "internal error; see the daemon's log")
}

// decode reads a JSON body into v, answering 400 with the reason when it
// is malformed, has unknown fields or is too large.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes, the limit", tooBig.Limit))
			return false
		}
		writeError(w, http.StatusBadRequest, "malformed JSON body: "+err.Error())
		return false
	}
	return true
}

// writeError answers status with msg as an apiv1.Error.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiv1.Error{Status: status, Message: msg})
}

// writeJSON answers status with v, indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", apiv1.ContentTypeJSON)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
