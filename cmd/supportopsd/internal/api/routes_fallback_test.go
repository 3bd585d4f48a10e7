package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
)

// TestMethodNotAllowed: every path of apiv1.Routes answers a method it
// does not take 405 in JSON, before any token is asked for, with an Allow
// header of the methods its routes take (and HEAD with GET); the message
// clips a long path.
func TestMethodNotAllowed(t *testing.T) {
	r := newRig(t)
	methods := map[string][]string{}
	for _, rt := range apiv1.Routes() {
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
		if rt.Method == http.MethodGet {
			methods[rt.Path] = append(methods[rt.Path], http.MethodHead)
		}
	}
	for _, rt := range apiv1.Routes() {
		t.Run(rt.Name, func(t *testing.T) {
			allow := slices.Sorted(slices.Values(methods[rt.Path]))
			target := routeTarget(rt, "T-1")
			rec, ok := r.do(http.MethodPut, target, "", nil, nil)
			if !ok {
				t.Fatalf("net/http refused PUT %s", target)
			}
			path, _, _ := strings.Cut(target, "?")
			want := errAnswer{Status: http.StatusMethodNotAllowed,
				Error: fmt.Sprintf("PUT is not allowed on %s (allowed: %s)", clip(path), strings.Join(allow, ", "))}
			if diff := cmp.Diff(want, answerOf(t, rec)); diff != "" {
				t.Errorf("PUT %s: answer (-want +got):\n%s", target, diff)
			}
			checkErrorBody(t, rec, want)
			if got := rec.Header().Get("Allow"); got != strings.Join(allow, ", ") {
				t.Errorf("PUT %s: Allow %q, want %q", target, got, strings.Join(allow, ", "))
			}
		})
	}
}
