package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// Request bodies of the ticket routes.
const (
	// ticketT100 is a new ticket intake accepts; ticketT1 is T-1 as the
	// rig holds it.
	ticketT100 = `{"id":"T-100","channel":"chat","category":"returns","language":"de","priority":"P2","subject":"Return label","customer":{"id":"C-1","tier":"standard"}}`
	ticketT1   = `{"id":"T-1","channel":"chat","category":"returns","language":"de","priority":"P2","subject":"Return label","customer":{"id":"C-1","tier":"standard"}}`
	replyBody  = `{"kind":"reply","from":"agent","public":true}`
)

// keptText is a reply's text the rig's contents hold for T-1, and its
// reference.
const keptText = "Thank you for your patience."

var keptRef = eventstore.ContentRef([]byte(keptText))

// keepText puts keptText in the rig's contents, as a reply of T-1.
func keepText(t *testing.T, r *rig) {
	t.Helper()
	if _, err := r.contents.PutContent(t.Context(), "T-1", []byte(keptText)); err != nil {
		t.Fatal(err)
	}
}

// wantEvents checks the events the tickets service was sent.
func wantEvents(want ...ticketwf.Event) func(*testing.T, *rig, *httptest.ResponseRecorder) {
	return func(t *testing.T, r *rig, _ *httptest.ResponseRecorder) {
		t.Helper()
		if diff := cmp.Diff(want, r.tickets.events); diff != "" {
			t.Errorf("events applied (-want +got):\n%s", diff)
		}
	}
}

func qaScore(n int) *int { return &n }

// openEmail opens ticket id, an email, in the rig.
func openEmail(id string) func(*testing.T, *rig) {
	return func(t *testing.T, r *rig) {
		t.Helper()
		tk := goodTicket(id)
		tk.Channel = "email"
		if _, _, err := r.tickets.Open(t.Context(), tk); err != nil {
			t.Fatal(err)
		}
	}
}

// ticketRouteCases are the requests to the ticket, approval and
// configuration routes, one or more for each answer a route gives.
func ticketRouteCases() []routeCase {
	forbidden := errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"another team's ticket"}}
	noT9 := errAnswer{Status: http.StatusNotFound, Error: `no ticket "T-9"`}
	internal := errAnswer{Status: http.StatusInternalServerError, Error: "internal error; see the daemon's log"}
	opsBy := policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}
	return []routeCase{
		// GET /healthz, GET /v1/openapi.json and GET /metrics.
		{name: "health", reason: "no token needed", method: "GET", target: "/healthz", want: errAnswer{Status: 200}},
		{name: "openapi", reason: "no token needed; apiv1's document (TestOpenAPIServed compares it)", method: "GET", target: "/v1/openapi.json",
			want: errAnswer{Status: 200}, noBody: true},
		{name: "metrics", reason: "Prometheus text, with the requests served", method: "GET", target: "/metrics", token: tokenOps,
			setup: func(_ *testing.T, r *rig) { r.do("GET", "/healthz", "", nil, nil) }, want: errAnswer{Status: 200}, noBody: true,
			check: func(t *testing.T, _ *rig, rec *httptest.ResponseRecorder) {
				if !strings.Contains(rec.Body.String(), "supportops_http_requests_total") {
					t.Errorf("metrics without supportops_http_requests_total:\n%.500s", rec.Body)
				}
			}},

		// POST /v1/tickets.
		{name: "open", reason: "a new ticket is created", method: "POST", target: "/v1/tickets", token: tokenOps, body: ticketT100,
			want: errAnswer{Status: 201}},
		{name: "open again", reason: "the same ticket under its id is found", method: "POST", target: "/v1/tickets", token: tokenOps, body: ticketT1,
			want: errAnswer{Status: 200}},
		{name: "open conflict", reason: "another ticket under a key taken", method: "POST", target: "/v1/tickets", token: tokenOps,
			body: strings.Replace(ticketT1, "Return label", "Refund", 1), want: errAnswer{Status: 409, Error: "ticket T-1 exists already, with another subject"}},
		{name: "open malformed", reason: "not JSON", method: "POST", target: "/v1/tickets", token: tokenOps, body: `{`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: unexpected EOF"}},
		{name: "open unknown field", reason: "a field the ticket does not have", method: "POST", target: "/v1/tickets", token: tokenOps, body: `{"chanel":"chat"}`,
			want: errAnswer{Status: 400, Error: `malformed JSON body: json: unknown field "chanel"`}},
		{name: "open two values", reason: "one JSON value only", method: "POST", target: "/v1/tickets", token: tokenOps, body: `{} {}`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: more than one JSON value"}},
		{name: "open incomplete", reason: "what intake needs, in one message", method: "POST", target: "/v1/tickets", token: tokenOps, body: `{}`,
			want: errAnswer{Status: 400, Error: "ticket lacks channel, category, language, customer.id, priority (or impact and urgency)"}},
		{name: "open with a source", reason: "a source without an external id", method: "POST", target: "/v1/tickets", token: tokenOps,
			body: strings.Replace(ticketT100, `"id":"T-100"`, `"source":"shop"`, 1),
			want: errAnswer{Status: 400, Error: "source: only a ticket with an external_id has one, set from the token"}},
		{name: "open refused", reason: "a ticket the service refuses", method: "POST", target: "/v1/tickets", token: tokenOps,
			body: strings.Replace(ticketT100, "chat", "phone", 1), want: errAnswer{Status: 400, Error: "start ticket: phone tickets are not taken here"}},
		{name: "open too large", reason: "a body over 1 MiB", method: "POST", target: "/v1/tickets", token: tokenOps,
			body: `{"subject":"` + strings.Repeat("x", MaxRequestBody) + `"}`,
			want: errAnswer{Status: 413, Error: "request body is larger than 1048576 bytes, the limit"}},
		{name: "open fails", reason: "the service fails: 500, saying nothing of it", method: "POST", target: "/v1/tickets", token: tokenOps,
			body: strings.Replace(ticketT100, "T-100", ticketBroken, 1), want: internal},

		// GET /v1/tickets.
		{name: "list", reason: "a page and the token of the next", method: "GET", target: "/v1/tickets", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "list next page", reason: "the last page", method: "GET", target: "/v1/tickets?page_token=page-2&limit=2", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "list filtered", reason: "an agent sees their team's tickets only", method: "GET", target: "/v1/tickets?status=open&breached=false", token: tokenOutsider,
			want: errAnswer{Status: 200}},
		{name: "list unknown parameter", reason: "named with the known ones", method: "GET", target: "/v1/tickets?sort=age", token: tokenOps,
			want: errAnswer{Status: 400, Error: `unknown parameter "sort" (want status, queue, priority, agent, channel, breached, drill, limit, page_token)`}},
		{name: "list parameter twice", reason: "one value each", method: "GET", target: "/v1/tickets?status=open&status=closed", token: tokenOps,
			want: errAnswer{Status: 400, Error: `parameter "status" given 2 times`}},
		{name: "list breached maybe", reason: "a boolean", method: "GET", target: "/v1/tickets?breached=maybe", token: tokenOps,
			want: errAnswer{Status: 400, Error: `breached: "maybe" is not true or false`}},
		{name: "list limit 0", reason: "1 to 500", method: "GET", target: "/v1/tickets?limit=0", token: tokenOps,
			want: errAnswer{Status: 400, Error: `limit: "0" is not a number from 1 to 500`}},
		{name: "list malformed query", reason: "a bad escape", method: "GET", target: "/v1/tickets?%zz", token: tokenOps,
			want: errAnswer{Status: 400, Error: `malformed query string: invalid URL escape "%zz"`}},
		{name: "list bad filter", reason: "the service refuses the filter", method: "GET", target: "/v1/tickets?queue=a%20b", token: tokenOps,
			want: errAnswer{Status: 400, Error: `queue: "a b" is not an id (letters, digits and _ . : @ -)`}},
		{name: "list unavailable", reason: "a list the daemon cannot serve", method: "GET", target: "/v1/tickets", token: tokenOps,
			setup: func(_ *testing.T, r *rig) {
				r.tickets.listErr = &UnavailableError{Reason: "listing tickets needs advanced visibility"}
			},
			want: errAnswer{Status: 503, Error: "listing tickets needs advanced visibility"}},
		{name: "list fails", reason: "an internal error says nothing of it", method: "GET", target: "/v1/tickets", token: tokenOps,
			setup: func(_ *testing.T, r *rig) { r.tickets.listErr = errors.New("visibility store down") }, want: internal},

		// GET /v1/tickets/{id}.
		{name: "ticket", reason: "its state", method: "GET", target: "/v1/tickets/T-1", token: tokenAgent, want: errAnswer{Status: 200}},
		{name: "ticket unknown", reason: "404", method: "GET", target: "/v1/tickets/T-9", token: tokenOps, want: noT9},
		{name: "ticket bad id", reason: "an id outside the grammar names no ticket", method: "GET", target: "/v1/tickets/a..b", token: tokenOps,
			want: errAnswer{Status: 404, Error: `no ticket "a..b": "a..b" is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`}},
		{name: "ticket of another team", reason: "the policy's reasons", method: "GET", target: "/v1/tickets/T-1", token: tokenOutsider, want: forbidden},
		{name: "ticket fails", reason: "500", method: "GET", target: "/v1/tickets/" + ticketBroken, token: tokenOps, want: internal},

		// POST /v1/tickets/{id}/events.
		{name: "event", reason: "applied as the token's principal", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps, body: replyBody,
			want: errAnswer{Status: 200}, check: wantEvents(ticketwf.Event{Kind: "reply", From: "agent", Public: true, Actor: "ops"})},
		{name: "event keyed twice", reason: "applied once", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps, body: replyBody,
			header: map[string]string{"Idempotency-Key": "k-1"},
			setup: func(t *testing.T, r *rig) {
				r.send(t, "POST", "/v1/tickets/T-1/events", tokenOps, []byte(replyBody)) // unkeyed: applied
				if rec, _ := r.do("POST", "/v1/tickets/T-1/events", tokenOps, map[string]string{"Idempotency-Key": "k-1"}, []byte(replyBody)); rec.Code != 200 {
					t.Fatalf("first keyed event: %d %s", rec.Code, rec.Body)
				}
			},
			want: errAnswer{Status: 200}, check: func(t *testing.T, r *rig, _ *httptest.ResponseRecorder) {
				if len(r.tickets.events) != 2 {
					t.Errorf("%d events applied, want 2: one unkeyed, the keyed one once", len(r.tickets.events))
				}
			}},
		{name: "event key reused", reason: "another event under a key: 422", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			header: map[string]string{"Idempotency-Key": "k-1"}, body: `{"kind":"close"}`,
			setup: func(t *testing.T, r *rig) {
				r.do("POST", "/v1/tickets/T-1/events", tokenOps, map[string]string{"Idempotency-Key": "k-1"}, []byte(replyBody))
			},
			want: errAnswer{Status: 422, Error: "Idempotency-Key: used before for another request to ticket T-1"}},
		{name: "event bad key", reason: "printable ASCII", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			header: map[string]string{"Idempotency-Key": strings.Repeat("k", 129)}, body: replyBody,
			want: errAnswer{Status: 400, Error: "Idempotency-Key: at most 128 printable ASCII characters without spaces"}},
		{name: "event approval", reason: "approvals have their routes", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"approval_request","action":"refund"}`,
			want: errAnswer{Status: 400, Error: "approvals go to POST /v1/tickets/{id}/approvals and POST /v1/approvals/{id}/decisions"}},
		{name: "event migrate", reason: "migrations have their route", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"migrate"}`, want: errAnswer{Status: 400, Error: "migrations go to POST /v1/tickets/{id}/migrate"}},
		{name: "event refused", reason: "the workflow's reason", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"dance"}`, want: errAnswer{Status: 400, Error: `unknown event kind "dance"`}},
		{name: "event malformed", reason: "not JSON", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps, body: `{"kind":`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: unexpected EOF"}},
		{name: "event unknown ticket", reason: "404", method: "POST", target: "/v1/tickets/T-9/events", token: tokenOps, body: replyBody, want: noT9},
		{name: "event fails", reason: "500", method: "POST", target: "/v1/tickets/" + ticketBroken + "/events", token: tokenOps, body: replyBody, want: internal},
		{name: "event merge", reason: "into a ticket that exists", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"merge","into":"T-2"}`, want: errAnswer{Status: 200}, check: wantEvents(ticketwf.Event{Kind: "merge", Into: "T-2", Actor: "ops"})},
		{name: "event merge into unknown", reason: "the ticket it goes into must exist", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"merge","into":"T-9"}`, want: noT9},
		{name: "event reply text", reason: "kept as content, the event holds its reference", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"reply","from":"agent","body":"` + keptText + `"}`, want: errAnswer{Status: 200},
			check: wantEvents(ticketwf.Event{Kind: "reply", From: "agent", Actor: "ops", BodyRef: keptRef, BodySize: len(keptText)})},
		{name: "event reply text too long", reason: "64 KiB", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"reply","body":"` + strings.Repeat("x", MaxReplyBody+1) + `"}`,
			want: errAnswer{Status: 413, Error: "reply body is 65537 bytes; the limit is 65536 (64 KiB)"}},
		{name: "event reply text unkept", reason: "a daemon that keeps no texts", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"reply","body":"hi"}`, opts: []func(*Server){withoutContents},
			want: errAnswer{Status: 503, Error: "this daemon keeps no reply texts; send the reply without a body"}},
		{name: "event of another team", reason: "the policy's reasons", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOutsider,
			body: replyBody, want: forbidden, check: wantEvents()},
		{name: "event qa", reason: "a review by someone else than the ticket's agent; the state shows it", method: "POST", target: "/v1/tickets/T-1/events",
			token: tokenOps, body: `{"kind":"qa","score":85,"comment":"clear and kind"}`, want: errAnswer{Status: 200},
			check: wantEvents(ticketwf.Event{Kind: "qa", Score: qaScore(85), Comment: "clear and kind", Actor: "ops"})},
		{name: "event qa own ticket", reason: "the ticket's agent never reviews it", method: "POST", target: "/v1/tickets/T-1/events",
			token: tokenAgent, body: `{"kind":"qa","score":100}`,
			want: errAnswer{Status: 400, Error: "qa: julia is the agent of ticket T-1: the ticket's own agent may not review it"}, check: wantEvents()},
		{name: "event qa of another team", reason: "tickets.qa, as the policy decides", method: "POST", target: "/v1/tickets/T-1/events",
			token: tokenOutsider, body: `{"kind":"qa","score":50}`, want: forbidden, check: wantEvents()},
		{name: "event answer on email", reason: "only live contacts are answered", method: "POST", target: "/v1/tickets/T-3/events", token: tokenOps,
			setup: openEmail("T-3"), body: `{"kind":"answer"}`,
			want:  errAnswer{Status: 400, Error: "answer: ticket T-3 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned"},
			check: wantEvents()},
		{name: "event answer", reason: "a chat picked up", method: "POST", target: "/v1/tickets/T-1/events", token: tokenOps,
			body: `{"kind":"answer"}`, want: errAnswer{Status: 200}, check: wantEvents(ticketwf.Event{Kind: "answer", Actor: "ops"})},

		// GET /v1/tickets/{id}/contents/{ref}.
		{name: "content", reason: "a reply's text", method: "GET", target: "/v1/tickets/T-1/contents/" + keptRef, token: tokenOps, setup: keepText,
			want: errAnswer{Status: 200}},
		{name: "content unknown", reason: "a reference the ticket has no text under", method: "GET", target: "/v1/tickets/T-1/contents/" + keptRef, token: tokenOps,
			want: errAnswer{Status: 404, Error: "no content " + keptRef + " in ticket T-1"}},
		{name: "content malformed", reason: "not a reference", method: "GET", target: "/v1/tickets/T-1/contents/abc", token: tokenOps,
			want: errAnswer{Status: 404, Error: `no content "abc" in ticket T-1 (references look like sha256:<64 hex digits>)`}},
		{name: "content unkept", reason: "a daemon that keeps no texts", method: "GET", target: "/v1/tickets/T-1/contents/" + keptRef, token: tokenOps,
			opts: []func(*Server){withoutContents}, want: errAnswer{Status: 503, Error: "this daemon keeps no reply texts"}},
		{name: "content unknown ticket", reason: "404", method: "GET", target: "/v1/tickets/T-9/contents/" + keptRef, token: tokenOps, want: noT9},
		{name: "content fails", reason: "500", method: "GET", target: "/v1/tickets/" + ticketBroken + "/contents/" + keptRef, token: tokenOps, want: internal},
		{name: "content of another team", reason: "the policy's reasons", method: "GET", target: "/v1/tickets/T-1/contents/" + keptRef, token: tokenOutsider,
			setup: keepText, want: forbidden},

		// POST /v1/tickets/{id}/migrate.
		{name: "migrate", reason: "no body: the current configuration", method: "POST", target: "/v1/tickets/T-1/migrate", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "migrate to a version", reason: "a version the daemon has", method: "POST", target: "/v1/tickets/T-1/migrate", token: tokenOps,
			body: `{"config":"` + fakeVersion + `"}`, want: errAnswer{Status: 200}},
		{name: "migrate to an unknown version", reason: "the service's reason", method: "POST", target: "/v1/tickets/T-1/migrate", token: tokenOps,
			body: `{"config":"v9"}`, want: errAnswer{Status: 400, Error: `migrate: no configuration version "v9"`}},
		{name: "migrate malformed", reason: "a version is a string", method: "POST", target: "/v1/tickets/T-1/migrate", token: tokenOps,
			body: `{"config":9}`, want: errAnswer{Status: 400, Error: "malformed JSON body: json: cannot unmarshal number into Go struct field MigrateRequest.config of type string"}},
		{name: "migrate unknown ticket", reason: "404", method: "POST", target: "/v1/tickets/T-9/migrate", token: tokenOps, want: noT9},
		{name: "migrate fails", reason: "500", method: "POST", target: "/v1/tickets/" + ticketBroken + "/migrate", token: tokenOps, want: internal},
		{name: "migrate of another team", reason: "the policy's reasons", method: "POST", target: "/v1/tickets/T-1/migrate", token: tokenOutsider, want: forbidden},

		// POST /v1/tickets/{id}/approvals.
		{name: "approval request", reason: "201, by the token's principal", method: "POST", target: "/v1/tickets/T-1/approvals", token: tokenOps,
			body: `{"action":"refund","amount":30,"comment":"damaged"}`, want: errAnswer{Status: 201},
			check: wantEvents(ticketwf.Event{Kind: "approval_request", Actor: "ops", Action: "refund", Amount: ptr(30.0), Comment: "damaged", By: &opsBy})},
		{name: "approval request without amount", reason: "a money action needs one", method: "POST", target: "/v1/tickets/T-1/approvals", token: tokenOps,
			body: `{"action":"refund"}`, want: errAnswer{Status: 400, Error: "amount: refund needs a positive amount"}},
		{name: "approval request malformed", reason: "an amount is a number", method: "POST", target: "/v1/tickets/T-1/approvals", token: tokenOps,
			body: `{"action":"refund","amount":"30"}`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: json: cannot unmarshal string into Go struct field ApprovalRequest.amount of type float64"}},
		{name: "approval request unknown ticket", reason: "404", method: "POST", target: "/v1/tickets/T-9/approvals", token: tokenOps,
			body: `{"action":"goodwill"}`, want: noT9},
		{name: "approval request too large", reason: "a body over 1 MiB", method: "POST", target: "/v1/tickets/T-1/approvals", token: tokenOps,
			body: `{"action":"goodwill","comment":"` + strings.Repeat("c", MaxRequestBody) + `"}`,
			want: errAnswer{Status: 413, Error: "request body is larger than 1048576 bytes, the limit"}},
		{name: "approval request fails", reason: "500", method: "POST", target: "/v1/tickets/" + ticketBroken + "/approvals", token: tokenOps,
			body: `{"action":"goodwill"}`, want: internal},
		{name: "approval request of another team", reason: "the policy's reasons", method: "POST", target: "/v1/tickets/T-1/approvals", token: tokenOutsider,
			body: `{"action":"goodwill"}`, want: forbidden},

		// POST /v1/approvals/{approval}/decisions.
		{name: "decision", reason: "to the approval's ticket", method: "POST", target: "/v1/approvals/T-1.A1/decisions", token: tokenOps,
			body: `{"decision":"approve","comment":"ok"}`, want: errAnswer{Status: 200},
			check: wantEvents(ticketwf.Event{Kind: "approval_decision", Actor: "ops", Approval: "T-1.A1", Decision: "approve", Comment: "ok", By: &opsBy})},
		{name: "decision unknown ticket", reason: "the approval's ticket does not exist", method: "POST", target: "/v1/approvals/T-9.A1/decisions", token: tokenOps,
			body: `{"decision":"approve"}`, want: noT9},
		{name: "decision fails", reason: "500", method: "POST", target: "/v1/approvals/" + ticketBroken + ".A1/decisions", token: tokenOps,
			body: `{"decision":"approve"}`, want: internal},
		{name: "decision bad approval", reason: "not an approval id", method: "POST", target: "/v1/approvals/T-1.A0/decisions", token: tokenOps,
			body: `{"decision":"approve"}`, want: errAnswer{Status: 404, Error: `no approval "T-1.A0" (approval ids look like T-1001.A1)`}},
		{name: "decision malformed", reason: "not JSON", method: "POST", target: "/v1/approvals/T-1.A1/decisions", token: tokenOps,
			body: `approve`, want: errAnswer{Status: 400, Error: "malformed JSON body: invalid character 'a' looking for beginning of value"}},
		{name: "decision refused", reason: "the workflow's reason", method: "POST", target: "/v1/approvals/T-1.A1/decisions", token: tokenOps,
			body: `{"decision":"approve"}`, header: map[string]string{"Idempotency-Key": "k-1"},
			setup: func(_ *testing.T, r *rig) {
				r.do("POST", "/v1/approvals/T-1.A1/decisions", tokenOps, map[string]string{"Idempotency-Key": "k-1"}, []byte(`{"decision":"reject"}`))
			},
			want: errAnswer{Status: 422, Error: "Idempotency-Key: used before for another request to ticket T-1"}},

		// POST /v1/config/reload.
		{name: "reload", reason: "the version now running", method: "POST", target: "/v1/config/reload", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "reload refused", reason: "every problem a reason", method: "POST", target: "/v1/config/reload", token: tokenOps,
			opts: []func(*Server){func(s *Server) {
				s.Reloader = fakeReloader{err: errors.New("./queues.cue:3:5: unknown team\n./sla.cue:9:1: no calendar\n")}
			}},
			want: errAnswer{Status: 422, Error: "configuration refused; the running one stays", Reasons: []string{"./queues.cue:3:5: unknown team", "./sla.cue:9:1: no calendar"}}},
	}
}

func ptr[T any](v T) *T { return &v }
