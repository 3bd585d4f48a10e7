package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
)

// routeTarget is a request target of rt: its wildcards filled with ids
// that exist on the rig (T-1, D-1, the step triage, the approval T-1.A1,
// keptRef), or with ticket instead of T-1.
func routeTarget(rt apiv1.Route, ticket string) string {
	id := ticket
	if strings.HasPrefix(rt.Path, apiv1.PathDrills+"/") {
		id = drillRunning
	}
	values := map[string]string{"{id}": id, "{ref}": keptRef, "{step}": "triage", "{approval}": ticket + ".A1", "{period}": "2026-11"}
	var fill []string
	for rest := rt.Path; strings.Contains(rest, "{"); {
		i, j := strings.Index(rest, "{"), strings.Index(rest, "}")
		fill = append(fill, values[rest[i:j+1]])
		rest = rest[j+1:]
	}
	return apiv1.Path(rt.Path, fill...)
}

// TestUnauthenticated: every route but the public ones answers a request
// without a bearer token, or with one the daemon does not know, 401 with a
// WWW-Authenticate challenge, before anything else; the public ones
// answer without one.
func TestUnauthenticated(t *testing.T) {
	r := newRig(t)
	tests := []struct {
		name, reason, authorization string
		want                        errAnswer
		challenge                   string
	}{
		{"no token", "no Authorization header", "",
			errAnswer{Status: http.StatusUnauthorized, Error: "no bearer token: send Authorization: Bearer <token>"}, `Bearer realm="supportops"`},
		{"basic", "a scheme other than Bearer", "Basic b3BzOm9wcw==",
			errAnswer{Status: http.StatusUnauthorized, Error: "no bearer token: send Authorization: Bearer <token>"}, `Bearer realm="supportops"`},
		{"unknown token", "a token the daemon does not know", "Bearer not-a-token",
			errAnswer{Status: http.StatusUnauthorized, Error: "unknown token"}, `Bearer realm="supportops", error="invalid_token"`},
	}
	for _, rt := range apiv1.Routes() {
		for _, tc := range tests {
			t.Run(rt.Name+"/"+tc.name, func(t *testing.T) {
				var header map[string]string
				if tc.authorization != "" {
					header = map[string]string{"Authorization": tc.authorization}
				}
				rec, ok := r.do(rt.Method, routeTarget(rt, "T-1"), "", header, nil)
				if !ok {
					t.Fatalf("net/http refused %s", rt.Pattern())
				}
				if rt.Public() {
					if rec.Code != http.StatusOK {
						t.Errorf("public route %s: %d %.300s, want 200 without a token", rt.Pattern(), rec.Code, rec.Body)
					}
					return
				}
				if diff := cmp.Diff(tc.want, answerOf(t, rec)); diff != "" {
					t.Errorf("%s (%s): answer (-want +got):\n%s", rt.Pattern(), tc.reason, diff)
				}
				checkErrorBody(t, rec, tc.want)
				if got := rec.Header().Get("WWW-Authenticate"); got != tc.challenge {
					t.Errorf("%s: WWW-Authenticate %q, want %q", rt.Pattern(), got, tc.challenge)
				}
			})
		}
	}
}

// TestForbidden: every route that needs a token answers a principal the
// default authz policy denies 403, with the policy's reasons, on the
// example configuration, before the request reaches a service: a guest,
// whose role grants nothing, on every route; an agent on a ticket of
// another team (T-2) on the routes of one ticket.
func TestForbidden(t *testing.T) {
	r := newPolicyRig(t, nil)
	// bodies are what the routes that read their body before they
	// authorise on the ticket need to get that far.
	bodies := map[string]string{apiv1.OpPostEvent: replyBody, apiv1.OpRequestApproval: `{"action":"goodwill"}`}
	forbid := func(t *testing.T, rt apiv1.Route, token, ticket string, reasons ...string) {
		t.Helper()
		rec, ok := r.do(rt.Method, routeTarget(rt, ticket), token, nil, []byte(bodies[rt.Name]))
		if !ok {
			t.Fatalf("net/http refused %s", rt.Pattern())
		}
		want := errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: reasons}
		if diff := cmp.Diff(want, answerOf(t, rec)); diff != "" {
			t.Errorf("%s: answer (-want +got):\n%s", rt.Pattern(), diff)
		}
		checkErrorBody(t, rec, want)
		if len(r.tickets.events)+len(r.drills.updates) > 0 {
			t.Errorf("%s: a forbidden request reached the services", rt.Pattern())
		}
	}
	ticketRoutes := map[string]bool{apiv1.OpTicket: true, apiv1.OpPostEvent: true, apiv1.OpContent: true, apiv1.OpRequestApproval: true}
	for _, rt := range apiv1.Routes() {
		if rt.Public() {
			continue
		}
		t.Run(rt.Name+"/no role", func(t *testing.T) {
			forbid(t, rt, tokenGuest, "T-1", "no role of guest grants "+rt.Action)
		})
		if ticketRoutes[rt.Name] {
			t.Run(rt.Name+"/another team's ticket", func(t *testing.T) {
				forbid(t, rt, tokenKevin, "T-2", "kevin-richter is an agent and ticket is assigned to olga-nowak of team logistics")
			})
		}
	}
}
