package api

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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

// listLimit reads a list's ?limit=, answering 400 for one out of range.
func listLimit(w http.ResponseWriter, q url.Values) (int, bool) {
	if !q.Has("limit") {
		return apiv1.DefaultListLimit, true
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > apiv1.MaxListLimit {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("limit: %q is not a number from 1 to %d", q.Get("limit"), apiv1.MaxListLimit))
		return 0, false
	}
	return n, true
}
