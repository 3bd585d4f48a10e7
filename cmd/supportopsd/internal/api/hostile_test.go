package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ticketBody is goodTicket's JSON with the fields of edit replaced.
func ticketBody(t *testing.T, edit map[string]any) []byte {
	t.Helper()
	var m map[string]any
	b, err := json.Marshal(goodTicket(""))
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		t.Fatal(err)
	}
	delete(m, "id")
	delete(m, "created_at")
	for k, v := range edit {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	return b
}

// answer is what a test compares of a response: the status, the error
// message (or the opened ticket's id and created flag) and the Allow
// header.
type answer struct {
	Status  int
	Error   string
	ID      string
	Created any
	Allow   string
}

// TestHostileInput sends the hostile requests of issue 11 (defects 4, 5, 7
// and 8) to the API on fake services, in order (some rows build on the
// rows before), and compares each answer.
func TestHostileInput(t *testing.T) {
	r := newRig(t)
	long := strings.Repeat("x", 1000)
	type req struct {
		method, target string
		token          string
		header         map[string]string
		body           []byte
	}
	open := func(edit map[string]any) req {
		return req{"POST", "/v1/tickets", tokenOps, nil, ticketBody(t, edit)}
	}
	event := func(id, key, body string) req {
		var h map[string]string
		if key != "" {
			h = map[string]string{"Idempotency-Key": key}
		}
		return req{"POST", "/v1/tickets/" + id + "/events", tokenOps, h, []byte(body)}
	}
	notID := func(id string) string {
		return `id: "` + id + `" is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`
	}
	tests := []struct {
		name, reason string
		req          req
		want         answer
	}{
		// Defect 4: ticket ids.
		{"id traversal", "4: a path in an id", open(map[string]any{"id": "../../x"}), answer{Status: 400, Error: notID("../../x")}},
		{"id dot dot", "4: a path step", open(map[string]any{"id": ".."}), answer{Status: 400, Error: notID("..")}},
		{"id with space", "4: unreachable in a path", open(map[string]any{"id": "a b"}), answer{Status: 400, Error: notID("a b")}},
		{"id with nul", "4: was a 500", open(map[string]any{"id": "T-1\x00"}), answer{Status: 400, Error: notID(`T-1\x00`)}},
		{"id emoji", "4: not in the grammar", open(map[string]any{"id": "T-🎫"}), answer{Status: 400, Error: notID("T-🎫")}},
		{"id of 1000 characters", "4: far over the length", open(map[string]any{"id": long}),
			answer{Status: 400, Error: `id: "` + long[:80] + `..." is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`}},
		{"explicit id", "4: a good id opens", open(map[string]any{"id": "T-1001"}), answer{Status: 201, ID: "T-1001", Created: true}},
		{"explicit id again", "4: the same ticket is found", open(map[string]any{"id": "T-1001"}), answer{Status: 200, ID: "T-1001", Created: false}},
		{"explicit id, other content", "4: never a silent drop", open(map[string]any{"id": "T-1001", "subject": "another"}),
			answer{Status: 409, Error: "ticket T-1001 exists already, with another subject"}},
		{"external id", "4: keyed on source and external id", open(map[string]any{"external_id": "chat-1"}),
			answer{Status: 201, ID: "T-EXT-6f70737c636861742d31", Created: true}},
		{"external id with another id", "4: an explicit id does not bypass the external id", open(map[string]any{"external_id": "chat-1", "id": "T-9"}),
			answer{Status: 200, ID: "T-EXT-6f70737c636861742d31", Created: false}},
		{"external id, other content", "4: never a silent drop", open(map[string]any{"external_id": "chat-1", "channel": "email"}),
			answer{Status: 409, Error: "ticket T-EXT-6f70737c636861742d31 exists already, with another channel"}},
		{"source of another", "4: the source is the token's", open(map[string]any{"external_id": "chat-1", "source": "shop"}),
			answer{Status: 400, Error: `source: "shop" is not you; leave it out, the token says who you are`}},
		{"ticket path nul", "4, 7: answered before any service call", req{"GET", "/v1/tickets/%00", tokenOps, nil, nil},
			answer{Status: 404, Error: `no ticket "\x00": "\x00" is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`}},
		{"ticket path invalid UTF-8", "7: was a 500", req{"POST", "/v1/tickets/%ff%fe/events", tokenOps, nil, []byte(`{"kind":"reply"}`)},
			answer{Status: 404, Error: `no ticket "\xff\xfe": "\xff\xfe" is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`}},
		{"ticket path bidi override", "7: was a 500", req{"GET", "/v1/tickets/T-1%E2%80%AE", tokenOps, nil, nil},
			answer{Status: 404, Error: `no ticket "T-1\u202e": "T-1\u202e" is not a ticket id (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..')`}},
		{"approval path", "4: not an approval id", req{"POST", "/v1/approvals/T-1.Ax/decisions", tokenOps, nil, []byte(`{"decision":"approve"}`)},
			answer{Status: 404, Error: `no approval "T-1.Ax" (approval ids look like T-1001.A1)`}},
		{"approval of a bad ticket id", "4: the ticket part follows the grammar", req{"POST", "/v1/approvals/..%2Fx.A1/decisions", tokenOps, nil, []byte(`{"decision":"approve"}`)},
			answer{Status: 404, Error: `no approval "../x.A1" (approval ids look like T-1001.A1)`}},
		{"drill path nul", "7: was a 500", req{"GET", "/v1/drills/D-1%00", tokenOps, nil, nil},
			answer{Status: 404, Error: `no drill "D-1\x00": "D-1\x00" is not a drill id (1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..')`}},
		{"drill step bidi", "7: a step id outside the grammar", req{"POST", "/v1/drills/D-1/steps/%E2%80%AE/ack", tokenOps, nil, nil},
			answer{Status: 404, Error: `no step "\u202e" (step ids are 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..')`}},
		{"merge into a bad id", "4: an id in a body is no path to Temporal either", event("T-1", "", `{"kind":"merge","into":"../x"}`),
			answer{Status: 404, Error: `no ticket "../x"`}},
		{"unauthenticated hostile path", "4: 401 first, the path says nothing", req{"GET", "/v1/tickets/%00", "", nil, nil},
			answer{Status: 401, Error: "no bearer token: send Authorization: Bearer <token>"}},

		// Defect 5: names the configuration does not define.
		{"unknown channel", "5: named with the known ones", open(map[string]any{"channel": "pigeon"}),
			answer{Status: 400, Error: `channel "pigeon" is not configured (known: chat, email, phone)`}},
		{"channel with nul", "5: a control character", open(map[string]any{"channel": "chat\x00"}),
			answer{Status: 400, Error: `channel: "chat\x00" holds a control character; channel "chat\x00" is not configured (known: chat, email, phone)`}},
		{"unknown priority", "5: P99", open(map[string]any{"priority": "P99"}), answer{Status: 400, Error: `priority "P99" is not configured (known: P1, P2, P3)`}},
		{"unknown category", "5", open(map[string]any{"category": "weather"}), answer{Status: 400, Error: `category "weather" is not configured (known: billing, returns)`}},
		{"unknown tier", "5", open(map[string]any{"customer": map[string]any{"id": "C-1", "tier": "gold"}}),
			answer{Status: 400, Error: `customer.tier "gold" is not configured (known: standard, vip)`}},
		{"unknown language", "5: no queue takes it", open(map[string]any{"language": "tlh"}), answer{Status: 400, Error: `language "tlh" is not configured (known: de, en)`}},
		{"unknown impact and urgency", "5", open(map[string]any{"priority": nil, "impact": "huge", "urgency": "now"}),
			answer{Status: 400, Error: `impact "huge" is not configured (known: high, low); urgency "now" is not configured (known: high, low)`}},
		{"control character in subject", "5: anywhere in a string", open(map[string]any{"subject": "hi\x1b[2J"}),
			answer{Status: 400, Error: `subject: "hi\x1b[2J" holds a control character`}},

		// Defect 7: hostile paths and tokens.
		{"foreign page token", "7: refused at once", req{"GET", "/v1/tickets?page_token=eyJmb28iOjF9", tokenOps, nil, nil},
			answer{Status: 400, Error: "page_token: not a token this API gave out"}},
		{"list filter injection", "7: a filter value cannot end its quoted string", req{"GET", "/v1/tickets?queue=x'%20OR%20'1'='1", tokenOps, nil, nil},
			answer{Status: 400, Error: `queue: "x' OR '1'='1" is not an id (letters, digits and _ . : @ -)`}},
		{"traversal", "7: no 307 to a cleaned path", req{"GET", "/v1/tickets/../x", tokenOps, nil, nil},
			answer{Status: 400, Error: `path "/v1/tickets/../x" is not clean (no "..", "." or "//" segments)`}},
		{"double slash", "7: no 301", req{"GET", "//v1/tickets", tokenOps, nil, nil},
			answer{Status: 400, Error: `path "//v1/tickets" is not clean (no "..", "." or "//" segments)`}},
		{"method not allowed", "7: JSON, with Allow", req{"DELETE", "/v1/tickets", tokenOps, nil, nil},
			answer{Status: 405, Error: `DELETE is not allowed on /v1/tickets (allowed: GET, HEAD, POST)`, Allow: "GET, HEAD, POST"}},
		{"no route", "7: JSON 404", req{"GET", "/v2/nothing", tokenOps, nil, nil},
			answer{Status: 404, Error: `no route for GET "/v2/nothing"`}},

		// Defect 8: an Idempotency-Key reused with another body.
		{"keyed event", "8: applied", event("T-1", "k-1", `{"kind":"reply","from":"agent"}`), answer{Status: 200}},
		{"keyed event again", "8: the first answer", event("T-1", "k-1", `{"kind":"reply","from":"agent"}`), answer{Status: 200}},
		{"key with another body", "8: 422, not the first answer", event("T-1", "k-1", `{"kind":"close"}`),
			answer{Status: 422, Error: "Idempotency-Key: used before for another request to ticket T-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, ok := r.do(tc.req.method, tc.req.target, tc.req.token, tc.req.header, tc.req.body)
			if !ok {
				t.Fatalf("net/http refused the request %s %s", tc.req.method, tc.req.target)
			}
			checkAnswer(t, tc.name, rec)
			var body struct {
				Error   string `json:"error"`
				ID      string `json:"id"`
				Created any    `json:"created"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("answer %q: %v", rec.Body, err)
			}
			got := answer{Status: rec.Code, Error: body.Error, ID: body.ID, Created: body.Created, Allow: rec.Header().Get("Allow")}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (%s) (-want +got):\n%s", tc.name, tc.reason, diff)
			}
		})
	}
}
