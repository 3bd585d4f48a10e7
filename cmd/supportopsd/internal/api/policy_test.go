package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The tests in this file run the API on the real default policies and the
// example configuration, with tickets in memory that accept every event
// and keep what they were sent.

// Tokens of the principals of the example's people.
const (
	tokenKevin = "kevin" // agent of after-sales
	tokenSam   = "sam"   // supervisor of after-sales
)

type exampleTokens struct{}

func (exampleTokens) Authenticate(token string) (policy.Principal, error) {
	switch token {
	case tokenKevin:
		return policy.Principal{ID: "kevin-richter", Roles: []string{"agent"}, Team: "after-sales"}, nil
	case tokenSam:
		return policy.Principal{ID: "sabine-mueller", Roles: []string{"supervisor"}, Team: "after-sales"}, nil
	case tokenOps:
		return policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}, nil
	}
	return policy.Principal{}, errors.New("unknown token")
}

// engineAuthz is the authz policy of an engine on cfg.
type engineAuthz struct {
	eng *policy.Engine
	cfg *model.Config
}

func (a engineAuthz) Authorize(ctx context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	return a.eng.Authorize(ctx, req)
}

func (a engineAuthz) TeamOf(queue string) string { return a.cfg.Queues[queue].Team }

// sentTickets accepts every event on its tickets and keeps them.
type sentTickets struct {
	*fakeTickets
	mu   sync.Mutex
	sent []ticketwf.Event
}

func (s *sentTickets) Event(ctx context.Context, id string, ev ticketwf.Event, _ string) (ticketwf.State, error) {
	st, err := s.State(ctx, id)
	if err != nil {
		return st, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, ev)
	return st, nil
}

// policyRig is an API server on the example's default policies with one
// ticket, T-1, in a queue of after-sales and assigned to Kevin.
type policyRig struct {
	rig
	tickets *sentTickets
}

func newPolicyRig(t *testing.T, mods []policy.Module) *policyRig {
	t.Helper()
	l, err := config.NewLoader()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := l.Load(context.Background(), "../../../../examples/acme-shop")
	if err != nil {
		t.Fatal(err)
	}
	if mods == nil {
		if mods, err = policy.Defaults(); err != nil {
			t.Fatal(err)
		}
	}
	eng, err := policy.New(context.Background(), snap.Config, mods)
	if err != nil {
		t.Fatal(err)
	}
	queue := ""
	for _, id := range model.SortedKeys(snap.Config.Queues) {
		if snap.Config.Queues[id].Team == "after-sales" {
			queue = id
			break
		}
	}
	tickets := &sentTickets{fakeTickets: newFakeTickets()}
	tickets.tickets["T-1"] = &ticketwf.State{Ticket: goodTicket("T-1"), Status: ticketwf.StatusOpen, Queue: queue, Agent: "kevin-richter"}
	s := &Server{
		Tickets: tickets, Drills: fakeDrills{}, Tokens: exampleTokens{},
		Authz:    func() Authorizer { return engineAuthz{eng: eng, cfg: snap.Config} },
		Reloader: fakeReloader{}, Model: func() *model.Config { return snap.Config },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return &policyRig{rig: rig{h: s.Handler()}, tickets: tickets}
}

// answer is the status and the error body of a response.
type policyAnswer struct {
	Status  int
	Error   string
	Reasons []string
}

func (r *policyRig) post(t *testing.T, target, token string, body any) policyAnswer {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := r.do("POST", target, token, map[string]string{"Content-Type": "application/json"}, b)
	if !ok {
		t.Fatalf("POST %s: request refused by net/http", target)
	}
	a := policyAnswer{Status: rec.Code}
	if rec.Code >= 400 {
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("POST %s: %d %s, want a JSON error", target, rec.Code, rec.Body)
		}
		a.Error, a.Reasons = e.Error, e.Reasons
	}
	return a
}

// TestEventActor: the actor of an event is the token's principal; naming
// someone else is acting for them, which the policy grants supervisors but
// not agents, and the event then carries both names (defect 6).
func TestEventActor(t *testing.T) {
	for name, tc := range map[string]struct {
		token string
		ev    ticketwf.Event
		want  policyAnswer
		sent  []ticketwf.Event
	}{
		"no actor is the principal": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent},
			want: policyAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Actor: "kevin-richter"}},
		},
		"naming oneself": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter"},
			want: policyAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, Actor: "kevin-richter"}},
		},
		"an agent naming another is forbidden": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "julia-wagner"},
			want: policyAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.act_for"}},
		},
		"an agent naming another in on_behalf_of is forbidden": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter", OnBehalfOf: "julia-wagner"},
			want: policyAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.act_for"}},
		},
		"a supervisor acts for an agent": {
			token: tokenSam, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter"},
			want: policyAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, Actor: "sabine-mueller", OnBehalfOf: "kevin-richter"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := r.post(t, "/v1/tickets/T-1/events", tc.token, tc.ev)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.sent, r.tickets.sent); diff != "" {
				t.Errorf("events sent (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReassignAsksPolicy: giving a ticket to a named agent is decided by
// the policy with the agent's team: an agent within their team only, a
// supervisor anywhere (defect 12).
func TestReassignAsksPolicy(t *testing.T) {
	for name, tc := range map[string]struct {
		token, agent string
		want         policyAnswer
	}{
		"agent within the team": {tokenKevin, "julia-wagner", policyAnswer{Status: http.StatusOK}},
		"agent to another team": {tokenKevin, "olga-nowak", policyAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{
			"kevin-richter is an agent and may reassign only within team after-sales, and olga-nowak is in team logistics",
		}}},
		"agent to an unknown agent": {tokenKevin, "nobody-known", policyAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{
			"kevin-richter is an agent and may reassign only within team after-sales, and nobody-known is in no team",
		}}},
		"supervisor to another team": {tokenSam, "olga-nowak", policyAnswer{Status: http.StatusOK}},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := r.post(t, "/v1/tickets/T-1/events", tc.token, ticketwf.Event{Kind: ticketwf.EventReassign, Agent: tc.agent})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if sent := len(r.tickets.sent); (tc.want.Status == http.StatusOK) != (sent == 1) {
				t.Errorf("%d events sent; want one exactly when allowed", sent)
			}
		})
	}
}

// TestApprovalAmountRefused: a money action without a positive amount is
// refused with 400 before the ticket or the policy is asked (defect 2).
func TestApprovalAmountRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want policyAnswer
	}{
		"no amount":       {`{"action": "refund"}`, policyAnswer{Status: 400, Error: "amount: refund needs a positive amount"}},
		"null amount":     {`{"action": "refund", "amount": null}`, policyAnswer{Status: 400, Error: "amount: refund needs a positive amount"}},
		"zero":            {`{"action": "compensation", "amount": 0}`, policyAnswer{Status: 400, Error: "amount: compensation needs a positive amount, not 0"}},
		"negative":        {`{"action": "refund", "amount": -1000000}`, policyAnswer{Status: 400, Error: "amount: refund needs a positive amount, not -1e+06"}},
		"payout":          {`{"action": "incentive_payout"}`, policyAnswer{Status: 400, Error: "amount: incentive_payout needs a positive amount"}},
		"positive refund": {`{"action": "refund", "amount": 30}`, policyAnswer{Status: http.StatusCreated}},
		"no money":        {`{"action": "sla_exception"}`, policyAnswer{Status: http.StatusCreated}},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := r.post(t, "/v1/tickets/T-1/approvals", tokenKevin, json.RawMessage(tc.body))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPolicyErrorFailsClosed: an authz policy that fails at run time
// denies the request with the error as the reason, never a 500 (defect 9).
func TestPolicyErrorFailsClosed(t *testing.T) {
	mods, err := policy.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	mods = append(mods, policy.Module{Path: "authz/broken.rego", Source: []byte(`package supportops.authz

import rego.v1

broken := 1 if input.action == "tickets.list"

broken := 2 if input.action == "tickets.list"

decision := {"allow": false, "reasons": ["never"]} if broken == 3
`)})
	r := newPolicyRig(t, mods)
	rec, _ := r.do("GET", "/v1/tickets", tokenOps, nil, nil)
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != http.StatusForbidden ||
		len(e.Reasons) != 1 || !strings.HasPrefix(e.Reasons[0], "policy error: ") || !strings.Contains(e.Reasons[0], "eval_conflict_error") {
		t.Errorf("GET /v1/tickets: %d %s, want 403 with the reason policy error: ... eval_conflict_error", rec.Code, rec.Body)
	}
}
