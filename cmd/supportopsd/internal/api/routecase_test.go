package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/internal/testutil"
)

// routeCase is one request to the API on the fakes and the answer it must
// get. An answer the route declares in apiv1.Routes (its successes) is
// compared with the table's golden transcript (see runRoutes); any other
// is an error, compared whole, to the byte: the status and the JSON
// {"error": ..., "reasons": [...]}.
type routeCase struct {
	name, reason string
	// method and target are the request line (target as sent, escapes
	// and all); token the bearer token, "" for none.
	method, target, token string
	header                map[string]string
	body                  string
	// opts change the rig's server before it serves (e.g. take its
	// drills away); setup prepares the fakes.
	opts  []func(*Server)
	setup func(t *testing.T, r *rig)
	want  errAnswer
	// wantHeader are headers the answer must have, with their values.
	wantHeader map[string]string
	// noBody leaves the answer's body out of the transcript (one that
	// changes from run to run); check, when set, looks at the rig and
	// the answer after the request.
	noBody bool
	check  func(t *testing.T, r *rig, rec *httptest.ResponseRecorder)
}

// runRoutes serves each case on a rig of its own and compares the
// answers; the declared answers' bodies, in order, must match the golden
// transcript testdata/routes/<golden>.txt (SUPPORTOPS_UPDATE=1 rewrites
// it). It returns the declared answers given, by successKey.
func runRoutes(t *testing.T, golden string, cases []routeCase) map[string]bool {
	t.Helper()
	declared := map[string]bool{}
	for _, rt := range apiv1.Routes() {
		for _, a := range rt.Answers {
			declared[successKey(rt.Pattern(), a.Status)] = true
		}
	}
	served := map[string]bool{}
	var transcript strings.Builder
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			if tc.setup != nil {
				tc.setup(t, r)
			}
			rec, ok := r.do(tc.method, tc.target, tc.token, tc.header, []byte(tc.body))
			if !ok {
				t.Fatalf("net/http refused the request %s %s", tc.method, tc.target)
			}
			if diff := cmp.Diff(tc.want, answerOf(t, rec)); diff != "" {
				t.Errorf("%s: answer (-want +got):\n%s", tc.reason, diff)
			}
			for k, v := range tc.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s: header %s: %q, want %q", tc.reason, k, got, v)
				}
			}
			switch key := successKey(r.pattern, rec.Code); {
			case declared[key]:
				served[key] = true
				fmt.Fprintf(&transcript, "-- %s: %s %s -> %d %s\n", tc.name, tc.method, tc.target, rec.Code, rec.Header().Get("Content-Type"))
				if !tc.noBody {
					transcript.WriteString(rec.Body.String())
				}
			case rec.Code >= 400:
				checkErrorBody(t, rec, tc.want)
			default:
				t.Errorf("%s: %d is not an answer apiv1.Routes declares for %q", tc.reason, rec.Code, r.pattern)
			}
			if tc.check != nil {
				tc.check(t, r, rec)
			}
		})
	}
	testutil.Golden(t, "testdata/routes/"+golden+".txt", transcript.String())
	return served
}

// checkErrorBody fails the test unless rec's body is want's error exactly
// as the API writes one: a JSON object of the error and its reasons
// (left out when there are none), indented, in application/json.
func checkErrorBody(t *testing.T, rec *httptest.ResponseRecorder, want errAnswer) {
	t.Helper()
	body, err := json.MarshalIndent(struct {
		Error   string   `json:"error"`
		Reasons []string `json:"reasons,omitempty"`
	}{want.Error, want.Reasons}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(body)+"\n", rec.Body.String()); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error with Content-Type %q, want application/json", ct)
	}
}

// TestRouteAnswers serves the answers of every route of apiv1.Routes on
// the fakes, the ticket routes' (ticketRouteCases) and the drill routes'
// (drillRouteCases): each success the table declares, and the errors.
func TestRouteAnswers(t *testing.T) {
	served := map[string]bool{}
	t.Run("tickets", func(t *testing.T) { maps.Copy(served, runRoutes(t, "tickets", ticketRouteCases())) })
	t.Run("drills", func(t *testing.T) { maps.Copy(served, runRoutes(t, "drills", drillRouteCases())) })
	t.Run("reports", func(t *testing.T) { maps.Copy(served, runRoutes(t, "reports", reportRouteCases())) })
	for _, rt := range apiv1.Routes() {
		for _, a := range rt.Answers {
			if !served[successKey(rt.Pattern(), a.Status)] {
				t.Errorf("route %s (%s): no case answers %d (%s)", rt.Name, rt.Pattern(), a.Status, a.Description)
			}
		}
	}
}

// successKey names a successful answer of a route pattern.
func successKey(pattern string, status int) string { return fmt.Sprintf("%s %d", pattern, status) }
