package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportops/internal/cli"
	"github.com/supportops/supportops/engine/ticket"
)

// TestTicketCommands runs the ticket commands against a stand-in for
// supportopsd's API: what they send, what they print, and their exit codes.
func TestTicketCommands(t *testing.T) {
	var got []string
	serveCLI(t, recording(&got, func(body []byte) string { return string(body) }, func(w http.ResponseWriter, r *http.Request, _ string) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v1/tickets" && r.URL.Query().Get("status") == "bogus":
			refuse(w, http.StatusBadRequest, `status: "bogus" is not one of open, pending_customer, pending_internal, solved, closed`)
		case r.Method == http.MethodGet && r.URL.Path == "/v1/tickets" && r.URL.Query().Get("page_token") == "":
			answer(w, http.StatusOK, apiv1.TicketPage{Tickets: []apiv1.TicketSummary{{ID: "T-2", Status: "open", Priority: "P1", Queue: "vip", Agent: "ana",
				Channel: "chat", Breached: true, OpenedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Running: true}}, NextPageToken: "p2"})
		case r.Method == http.MethodGet && r.URL.Path == "/v1/tickets":
			answer(w, http.StatusOK, apiv1.TicketPage{Tickets: []apiv1.TicketSummary{{ID: "T-1", Status: "open", Priority: "P3", Queue: "after-sales",
				Channel: "email", OpenedAt: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), Running: true}}})
		case r.URL.Path == "/v1/tickets":
			answer(w, http.StatusOK, apiv1.OpenedTicket{ID: "T-1", Created: true})
		case r.URL.Path == "/v1/tickets/T-1/migrate":
			answer(w, http.StatusOK, apiv1.TicketState{Ticket: ticketTicket("T-1"), Config: "0123abcd", SLAPolicy: "email"})
		case r.URL.Path == "/v1/tickets/T-1":
			answer(w, http.StatusOK, apiv1.TicketState{Ticket: ticketTicket("T-1"), Status: "open", Priority: "P3", Queue: "after-sales", Agent: "ana",
				Clocks: []ticket.ClockState{{Metric: "first_reply", State: ticket.ClockMet}}})
		case r.URL.Path == "/v1/tickets/T-2":
			refuse(w, http.StatusForbidden, "forbidden", "bo is an agent and ticket is assigned to ana of team after-sales")
		case r.URL.Path == "/v1/tickets/T-1/events":
			refuse(w, http.StatusBadRequest, "csat: rating must be 1 to 5, got 9")
		case r.URL.Path == "/v1/tickets/T-3/events":
			score := 85
			answer(w, http.StatusOK, apiv1.TicketState{Ticket: ticketTicket("T-3"), Status: "solved", Priority: "P3", Queue: "after-sales", Agent: "ana",
				QA: &ticket.QA{Score: score, Reviewer: "bo", Notes: "clear and kind"}})
		case r.URL.Path == "/v1/tickets/T-4/events":
			refuse(w, http.StatusBadRequest, "qa: ana is the agent of ticket T-4: the ticket's own agent may not review it")
		default:
			refuse(w, http.StatusInternalServerError, "internal error; see the daemon's log")
		}
	}))

	tests := []cliCase{
		{
			name: "open", args: []string{"ticket", "open", "../../examples/acme-shop/tickets/abusive-customer.json"},
			stdout:   "T-1\n",
			requests: []string{`POST /v1/tickets Bearer sop_test {"id":"T-1002"`},
		},
		{
			name: "show", args: []string{"ticket", "show", "T-1"},
			stdout: "TICKET  STATUS  PRIORITY  QUEUE        AGENT  SLA              ESCALATION  APPROVALS  CSAT\n" +
				"T-1     open    P3        after-sales  ana    first_reply met  -           -          -\n",
			requests: []string{"GET /v1/tickets/T-1 Bearer sop_test"},
		},
		{
			name: "forbidden is a refusal", args: []string{"ticket", "show", "T-2"}, code: cli.ExitFindings,
			stderr:   "supportops: forbidden (HTTP 403): bo is an agent and ticket is assigned to ana of team after-sales\n",
			requests: []string{"GET /v1/tickets/T-2 Bearer sop_test"},
		},
		{
			name: "rejected event", args: []string{"ticket", "event", "T-1", "--kind", "csat", "--rating", "9"}, code: cli.ExitFindings,
			stderr:   "supportops: csat: rating must be 1 to 5, got 9 (HTTP 400)\n",
			requests: []string{`POST /v1/tickets/T-1/events Bearer sop_test {"kind":"csat","from":"agent","rating":9}`},
		},
		{
			name: "qa", args: []string{"ticket", "qa", "T-3", "--score", "85", "--note", "clear and kind"},
			stdout: "TICKET  STATUS  PRIORITY  QUEUE        AGENT  SLA  ESCALATION  APPROVALS  CSAT\n" +
				"T-3     solved  P3        after-sales  ana    -    -           -          -\n",
			requests: []string{`POST /v1/tickets/T-3/events Bearer sop_test {"kind":"qa","comment":"clear and kind","score":85}`},
		},
		{
			name: "qa of one's own ticket", args: []string{"ticket", "qa", "T-4", "--score", "100"}, code: cli.ExitFindings,
			stderr:   "supportops: qa: ana is the agent of ticket T-4: the ticket's own agent may not review it (HTTP 400)\n",
			requests: []string{`POST /v1/tickets/T-4/events Bearer sop_test {"kind":"qa","score":100}`},
		},
		{
			name: "qa without a score", args: []string{"ticket", "qa", "T-3"}, code: cli.ExitError,
			stderr: "supportops: --score is required: the review's score, 0 to 100\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "qa score out of range", args: []string{"ticket", "qa", "T-3", "--score", "101"}, code: cli.ExitError,
			stderr: "supportops: --score 101: want 0 to 100\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "handle time", args: []string{"ticket", "event", "T-1", "--kind", "handle", "--seconds", "300"}, code: cli.ExitFindings,
			stderr:   "supportops: csat: rating must be 1 to 5, got 9 (HTTP 400)\n",
			requests: []string{`POST /v1/tickets/T-1/events Bearer sop_test {"kind":"handle","from":"agent","seconds":300}`},
		},
		{
			name: "server error", args: []string{"ticket", "show", "T-9"}, code: cli.ExitError,
			stderr:   "supportops: internal error; see the daemon's log (HTTP 500)\n",
			requests: []string{"GET /v1/tickets/T-9 Bearer sop_test"},
		},
		{
			name: "list one page", args: []string{"ticket", "list", "--status", "open", "--breached", "--limit", "1"},
			stdout: "TICKET  STATUS  PRIORITY  QUEUE  AGENT  CHANNEL  BREACHED  OPENED\n" +
				"T-2     open    P1        vip    ana    chat     yes       2026-11-23T09:00:00Z\n",
			stderr:   "more tickets: --page-token p2 (or --all)\n",
			requests: []string{"GET /v1/tickets?breached=true&limit=1&status=open Bearer sop_test"},
		},
		{
			name: "list every page", args: []string{"ticket", "list", "--all", "--breached=false", "--output", "json"},
			stdout: `[
  {
    "id": "T-2",
    "status": "open",
    "priority": "P1",
    "queue": "vip",
    "agent": "ana",
    "channel": "chat",
    "breached": true,
    "opened_at": "2026-11-23T09:00:00Z",
    "running": true
  },
  {
    "id": "T-1",
    "status": "open",
    "priority": "P3",
    "queue": "after-sales",
    "channel": "email",
    "breached": false,
    "opened_at": "2026-11-23T08:00:00Z",
    "running": true
  }
]
`,
			requests: []string{"GET /v1/tickets?breached=false&limit=50 Bearer sop_test", "GET /v1/tickets?breached=false&limit=50&page_token=p2 Bearer sop_test"},
		},
		{
			name: "list refused", args: []string{"ticket", "list", "--status", "bogus"}, code: cli.ExitFindings,
			stderr:   "supportops: status: \"bogus\" is not one of open, pending_customer, pending_internal, solved, closed (HTTP 400)\n",
			requests: []string{"GET /v1/tickets?limit=50&status=bogus Bearer sop_test"},
		},
		{
			name: "list refuses a zero limit as the daemon does", args: []string{"ticket", "list", "--limit", "0"}, code: cli.ExitFindings,
			stderr: "supportops: limit: \"0\" is not a number from 1 to 500 (HTTP 400)\n",
		},
		{
			name: "list refuses a limit too large as the daemon does", args: []string{"ticket", "list", "--limit", "501"}, code: cli.ExitFindings,
			stderr: "supportops: limit: \"501\" is not a number from 1 to 500 (HTTP 400)\n",
		},
		{
			name: "migrate", args: []string{"ticket", "migrate", "T-1"},
			stdout:   "T-1: configuration 0123abcd, SLA policy email\n",
			requests: []string{`POST /v1/tickets/T-1/migrate Bearer sop_test {}`},
		},
		{
			name: "usage", args: []string{"ticket", "show"}, code: cli.ExitError,
			stderr: "supportops: supportops ticket show takes at least 1 argument(s), got 0\nRun 'supportops --help' for usage.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			tt.run(t)
			// Requests are compared by prefix: the ticket body is long.
			for i := range got {
				if i < len(tt.requests) && strings.HasPrefix(got[i], tt.requests[i]) {
					got[i] = tt.requests[i]
				}
			}
			tt.checkRequests(t, got)
		})
	}
}

func ticketTicket(id string) ticket.Ticket { return ticket.Ticket{ID: id} }

// An event whose connection breaks is sent again with the same
// Idempotency-Key, which the daemon applies once; a ticket is not opened
// twice that way.
func TestTicketEventRetriesWithKey(t *testing.T) {
	var keys []string
	serveCLI(t, func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, r.Method+" "+r.URL.Path+" "+r.Header.Get("Idempotency-Key"))
		if len(keys) == 1 || r.URL.Path == "/v1/tickets" {
			// The daemon went away mid-request.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		answer(w, http.StatusOK, apiv1.TicketState{Ticket: ticketTicket("T-1"), Status: "open"})
	})
	if code, _, stderr := runCLI(t, "ticket", "event", "T-1", "--kind", "reply", "--from", "customer"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(keys) != 2 || keys[0] != keys[1] || !strings.HasPrefix(keys[0], "POST /v1/tickets/T-1/events cli-") {
		t.Errorf("requests %q, want the same event sent twice with one key", keys)
	}

	keys = nil
	code, _, _ := runCLI(t, "ticket", "open", "../../examples/acme-shop/tickets/abusive-customer.json")
	if code != cli.ExitError || len(keys) != 1 {
		t.Errorf("open over a broken connection: exit %d after %d requests, want %d after one (no resend)", code, len(keys), cli.ExitError)
	}
}
