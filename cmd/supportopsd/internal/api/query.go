package api

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/supportops/supportops/apiv1"
)

// query parses the query string, answering 400 for a parameter not in
// known or given twice.
func query(w http.ResponseWriter, r request, known ...string) (url.Values, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "malformed query string: "+err.Error())
		return nil, false
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(known, k) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q (want %s)", k, strings.Join(known, ", ")))
			return nil, false
		}
		if len(q[k]) > 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter %q given %d times", k, len(q[k])))
			return nil, false
		}
	}
	return q, true
}

// listLimit reads a list's ?limit=, answering 400 for one out of range
// (apiv1.CheckListLimit).
func listLimit(w http.ResponseWriter, q url.Values) (int, bool) {
	if !q.Has("limit") {
		return apiv1.DefaultListLimit, true
	}
	n, err := apiv1.CheckListLimit(q.Get("limit"))
	var refused *apiv1.Error
	if errors.As(err, &refused) {
		writeError(w, refused.Status, refused.Message)
		return 0, false
	}
	return n, true
}
