package api

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The fuzz targets send hostile requests to the API on fake services and
// hold it to three promises: it never panics, never answers 5xx, and every
// 4xx is a JSON object with an "error". Their seeds are the hostile inputs
// of issue 11. `make unit` runs each for a few seconds, `make fuzz` longer.

// hostileIDs are path ids and names that broke the API once, or might.
var hostileIDs = []string{
	"T-1", "T-1.A1", "D-1", "triage", "", ".", "..", "../../x", "..%2F..%2Fx", "a b", "a%20b", "%00", "T-1%00",
	"%ff%fe", "%E2%80%AE", "T-1%E2%80%AE", "🎫", "%F0%9F%8E%AB", strings.Repeat("x", 1000), "%", "%zz", "a/b", "a%2Fb",
	"T-1.A0", "T-1.A01", ".A1", "T-1.A", "x.A99999999999999999999",
}

// FuzzOpenTicket sends ticket bodies to POST /v1/tickets.
func FuzzOpenTicket(f *testing.F) {
	for _, s := range []string{
		`{"channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"}}`,
		`{"id":"../../x","channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"}}`,
		`{"id":"T-1","channel":"chat","category":"returns","language":"de","priority":"P2","subject":"other","customer":{"id":"C-1"}}`,
		`{"external_id":"chat-1","id":"T-9","channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"}}`,
		`{"external_id":"chat-1","source":"shop","channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"}}`,
		`{"channel":"pigeon","category":"returns","language":"de","priority":"P99","customer":{"id":"C-1","tier":"gold"}}`,
		`{"channel":"chat\u0000","category":"returns","language":"de","impact":"huge","urgency":"low","customer":{"id":"C-1"}}`,
		`{"channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"},"created_at":"not a time"}`,
		`{"channel":"chat","category":"returns","language":"de","priority":"P1","customer":{"id":"C-1"},"tags":[1]}`,
		`{"channel":"chat"}`, `{"chanel":"chat"}`, `{"channel":`, `[]`, `null`, `{} {}`, "", "\xff",
	} {
		f.Add([]byte(s))
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if rec, ok := r.do("POST", "/v1/tickets", tokenOps, nil, body); ok {
			checkAnswer(t, "open", rec)
		}
	})
}

// FuzzTicketEvent sends events to POST /v1/tickets/{id}/events, with an
// Idempotency-Key.
func FuzzTicketEvent(f *testing.F) {
	bodies := []string{
		`{"kind":"reply","from":"agent","public":true}`, `{"kind":"close"}`, `{"kind":"status","status":"solved"}`,
		`{"kind":"approval_request"}`, `{"kind":"migrate"}`, `{"kind":"merge","into":"T-1"}`, `{"kind":"merge","into":"%00"}`,
		`{"kind":"merge","into":"../x"}`, `{"kind":"csat","rating":9}`, `{"kind":"reply","actor":"someone-else"}`, `{"kind":`, ``,
	}
	keys := []string{"", "k-1", "k 1", "\x00", strings.Repeat("k", 129), "ü"}
	for i, id := range hostileIDs {
		f.Add(id, []byte(bodies[i%len(bodies)]), keys[i%len(keys)], false)
		f.Add(id, []byte(bodies[(i+1)%len(bodies)]), keys[(i+1)%len(keys)], true)
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, id string, body []byte, key string, agent bool) {
		token := tokenOps
		if agent {
			token = tokenAgent
		}
		var h map[string]string
		if key != "" {
			h = map[string]string{"Idempotency-Key": key}
		}
		if rec, ok := r.do("POST", "/v1/tickets/"+id+"/events", token, h, body); ok {
			checkAnswer(t, "event", rec)
		}
	})
}

// FuzzApproval asks for approvals (POST /v1/tickets/{id}/approvals) and
// decides them (POST /v1/approvals/{approval}/decisions).
func FuzzApproval(f *testing.F) {
	bodies := []string{
		`{"action":"refund","amount":800}`, `{"action":"refund"}`, `{"action":"refund","amount":null}`,
		`{"action":"refund","amount":-1000000}`, `{"action":"refund","amount":1e400}`, `{"decision":"approve"}`,
		`{"decision":"reject","comment":"no"}`, `{"decision":"maybe"}`, `{"action":"refund","amount":"800"}`, `{`,
	}
	for i, id := range hostileIDs {
		f.Add(id, []byte(bodies[i%len(bodies)]), i%2 == 0)
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, id string, body []byte, decide bool) {
		target := "/v1/tickets/" + id + "/approvals"
		if decide {
			target = "/v1/approvals/" + id + "/decisions"
		}
		if rec, ok := r.do("POST", target, tokenOps, nil, body); ok {
			checkAnswer(t, "approval", rec)
		}
	})
}

// FuzzDrillAnswer sends step answers and controls to a drill.
func FuzzDrillAnswer(f *testing.F) {
	actions := []string{"steps/%s/ack", "steps/%s/done", "abort", "pause", "resume"}
	bodies := []string{
		`{"note":"on it"}`, `{"checklist":["1","status page"]}`, `{"as":"someone"}`, `{"reason":"test over"}`, `{"as":"\u0000"}`, ``, `{`,
	}
	for i, id := range hostileIDs {
		f.Add(id, hostileIDs[(i+3)%len(hostileIDs)], uint8(i), []byte(bodies[i%len(bodies)]), i%2 == 0)
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, id, step string, action uint8, body []byte, agent bool) {
		token := tokenOps
		if agent {
			token = tokenAgent
		}
		a := actions[int(action)%len(actions)]
		if strings.Contains(a, "%s") {
			a = fmt.Sprintf(a, step)
		}
		if rec, ok := r.do("POST", "/v1/drills/"+id+"/"+a, token, nil, body); ok {
			checkAnswer(t, "drill answer", rec)
		}
	})
}

// FuzzListTickets sends query strings to GET /v1/tickets: filters, limits
// and page tokens.
func FuzzListTickets(f *testing.F) {
	for _, q := range []string{
		"", "status=open", "queue=after-sales&priority=P1", "breached=true", "breached=maybe", "drill=1", "limit=0",
		"limit=501", "limit=-1", "limit=1e3", "page_token=page-2", "page_token=eyJmb28iOjF9", "page_token=%00",
		"page_token=" + url.QueryEscape(strings.Repeat("A", 2000)), "status=open&status=closed", "unknown=1", "%zz",
		"queue=%E2%80%AE", "agent=%00", "channel='%20OR%201=1", "status=open%22%20OR%20%22a%22=%22a", ";", "&&&=",
	} {
		f.Add(q, false)
		f.Add(q, true)
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, query string, agent bool) {
		token := tokenOps
		if agent {
			token = tokenAgent
		}
		if rec, ok := r.do("GET", "/v1/tickets?"+query, token, nil, nil); ok {
			checkAnswer(t, "list", rec)
		}
	})
}

// FuzzPath sends any method to any path: ids in every route, traversal,
// unknown routes and methods.
func FuzzPath(f *testing.F) {
	routes := []string{"/v1/tickets/%s", "/v1/tickets/%s/migrate", "/v1/drills/%s", "/v1/drills/%s/result?wait=1s",
		"/v1/drills/%s/report?format=html"}
	for i, id := range hostileIDs {
		f.Add([]string{"GET", "POST", "PUT", "DELETE"}[i%4], fmt.Sprintf(routes[i%len(routes)], id))
		f.Add("GET", fmt.Sprintf(routes[(i+2)%len(routes)], id))
	}
	for _, p := range []string{"/v1/tickets/../x", "//v1/tickets", "/v1/./tickets", "/v1/tickets/", "/", "/v2", "*", "/healthz",
		"/metrics", "/v1/config/reload", "/v1/drills/schedules/sync", "/v1/drills?limit=x"} {
		f.Add("GET", p)
		f.Add("POST", p)
		f.Add("OPTIONS", p)
	}
	r := newRig(f)
	f.Fuzz(func(t *testing.T, method, target string) {
		if rec, ok := r.do(method, target, tokenOps, nil, nil); ok {
			checkAnswer(t, method+" "+target, rec)
		}
	})
}
