package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The tests in this file run the API on the real default policies and the
// example configuration, with tickets in memory that accept every event
// and keep what they were sent.

// TestEventActor: the actor of an event is the token's principal; naming
// someone else is acting for them, which the policy grants supervisors but
// not agents, and the event then carries both names (defect 6).
func TestEventActor(t *testing.T) {
	for name, tc := range map[string]struct {
		token string
		ev    ticketwf.Event
		want  errAnswer
		sent  []ticketwf.Event
	}{
		"no actor is the principal": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent},
			want: errAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Actor: "kevin-richter"}},
		},
		"naming oneself": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter"},
			want: errAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, Actor: "kevin-richter"}},
		},
		"an agent naming another is forbidden": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "julia-wagner"},
			want: errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.act_for"}},
		},
		"an agent naming another in on_behalf_of is forbidden": {
			token: tokenKevin, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter", OnBehalfOf: "julia-wagner"},
			want: errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.act_for"}},
		},
		"a supervisor acts for an agent": {
			token: tokenSam, ev: ticketwf.Event{Kind: ticketwf.EventReply, Actor: "kevin-richter"},
			want: errAnswer{Status: http.StatusOK},
			sent: []ticketwf.Event{{Kind: ticketwf.EventReply, Actor: "sabine-mueller", OnBehalfOf: "kevin-richter"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tc.token, tc.ev))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.sent, r.tickets.events); diff != "" {
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
		want         errAnswer
	}{
		"agent within the team": {tokenKevin, "julia-wagner", errAnswer{Status: http.StatusOK}},
		"agent to another team": {tokenKevin, "olga-nowak", errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{
			"kevin-richter is an agent and may reassign only within team after-sales, and olga-nowak is in team logistics",
		}}},
		"agent to an unknown agent": {tokenKevin, "nobody-known", errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{
			"kevin-richter is an agent and may reassign only within team after-sales, and nobody-known is in no team",
		}}},
		"supervisor to another team": {tokenSam, "olga-nowak", errAnswer{Status: http.StatusOK}},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tc.token, ticketwf.Event{Kind: ticketwf.EventReassign, Agent: tc.agent}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if sent := len(r.tickets.events); (tc.want.Status == http.StatusOK) != (sent == 1) {
				t.Errorf("%d events sent; want one exactly when allowed", sent)
			}
		})
	}
}

// TestQAAsksPolicy: a quality review (a qa event) is decided by the
// policy on tickets.qa: supervisors and QA reviewers review any team's
// ticket, an agent none, not even their own (which the ticket refuses
// anyway).
func TestQAAsksPolicy(t *testing.T) {
	score := 80
	for name, tc := range map[string]struct {
		token, ticket string
		want          errAnswer
	}{
		"supervisor":               {tokenSam, "T-1", errAnswer{Status: http.StatusOK}},
		"qa of another team":       {tokenDaniel, "T-2", errAnswer{Status: http.StatusOK}},
		"agent on their own":       {tokenKevin, "T-1", errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.qa"}}},
		"agent of another team":    {tokenKevin, "T-2", errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of kevin-richter grants tickets.qa"}}},
		"an agent of no team here": {tokenAgent, "T-1", errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"no role of julia grants tickets.qa"}}},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/"+tc.ticket+"/events", tc.token, ticketwf.Event{Kind: ticketwf.EventQA, Score: &score}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if sent := len(r.tickets.events); (tc.want.Status == http.StatusOK) != (sent == 1) {
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
		want errAnswer
	}{
		"no amount":       {`{"action": "refund"}`, errAnswer{Status: 400, Error: "amount: refund needs a positive amount"}},
		"null amount":     {`{"action": "refund", "amount": null}`, errAnswer{Status: 400, Error: "amount: refund needs a positive amount"}},
		"zero":            {`{"action": "compensation", "amount": 0}`, errAnswer{Status: 400, Error: "amount: compensation needs a positive amount, not 0"}},
		"negative":        {`{"action": "refund", "amount": -1000000}`, errAnswer{Status: 400, Error: "amount: refund needs a positive amount, not -1e+06"}},
		"payout":          {`{"action": "incentive_payout"}`, errAnswer{Status: 400, Error: "amount: incentive_payout needs a positive amount"}},
		"positive refund": {`{"action": "refund", "amount": 30}`, errAnswer{Status: http.StatusCreated}},
		"no money":        {`{"action": "sla_exception"}`, errAnswer{Status: http.StatusCreated}},
	} {
		t.Run(name, func(t *testing.T) {
			r := newPolicyRig(t, nil)
			got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/approvals", tokenKevin, json.RawMessage(tc.body)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPolicyErrorFailsClosed: an authz policy that fails at run time
// denies the request with the error as the reason, never a 500 (defect 9).
func TestPolicyErrorFailsClosed(t *testing.T) {
	mods := configtest.Defaults(t, policy.Module{Path: "authz/broken.rego", Source: []byte(`package supportops.authz

import rego.v1

broken := 1 if input.action == "tickets.list"

broken := 2 if input.action == "tickets.list"

decision := {"allow": false, "reasons": ["never"]} if broken == 3
`)})
	r := newPolicyRig(t, mods)
	rec := r.send(t, http.MethodGet, "/v1/tickets", tokenOps, nil)
	if e := answerOf(t, rec); e.Status != http.StatusForbidden || e.Error != "forbidden" ||
		len(e.Reasons) != 1 || !strings.HasPrefix(e.Reasons[0], "policy error: ") || !strings.Contains(e.Reasons[0], "eval_conflict_error") {
		t.Errorf("GET /v1/tickets: %d %s, want 403 with the reason policy error: ... eval_conflict_error", rec.Code, rec.Body)
	}
}
