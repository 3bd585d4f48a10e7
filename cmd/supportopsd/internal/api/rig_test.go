package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil/configtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// testModel is the configuration intake checks tickets against.
func testModel() *model.Config {
	return &model.Config{
		Channels:   map[string]model.Channel{"chat": {}, "email": {}, "phone": {}},
		Categories: map[string]model.Category{"returns": {}, "billing": {}},
		Tiers:      map[string]model.Tier{"standard": {}, "vip": {}},
		Queues:     map[string]model.Queue{"after-sales": {Languages: []string{"de", "en"}}},
		Priorities: &model.PriorityMatrix{
			Levels:  []model.PriorityLevel{{ID: "P1"}, {ID: "P2"}, {ID: "P3"}},
			Impacts: []string{"high", "low"}, Urgencies: []string{"high", "low"},
		},
	}
}

// rig is an API server on the fakes, with two tickets, "T-1" and "T-2",
// open in the queue after-sales (team care) and assigned to julia, and the
// texts of replies kept in memory.
type rig struct {
	h        http.Handler
	tickets  *fakeTickets
	drills   *fakeDrills
	contents *eventstore.Memory
	// pattern is the route pattern that served the last request, "" when
	// no route did.
	pattern string
}

// newRig serves the API on the fakes; each of opts may change the server
// before it serves (e.g. take its Contents away).
func newRig(tb testing.TB, opts ...func(*Server)) *rig {
	tb.Helper()
	r := &rig{tickets: newFakeTickets(), drills: &fakeDrills{}, contents: &eventstore.Memory{}}
	s := &Server{
		Tickets: r.tickets, Drills: r.drills, Tokens: fakeTokens{},
		Authz: func() Authorizer { return fakeAuthz{} }, Reloader: fakeReloader{},
		Contents: r.contents, Model: testModel, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, opt := range opts {
		opt(s)
	}
	r.h = s.Handler()
	for _, id := range []string{"T-1", "T-2"} {
		if _, _, err := r.tickets.Open(context.Background(), goodTicket(id)); err != nil {
			tb.Fatal(err)
		}
	}
	return r
}

// newPolicyRig is newRig on the example configuration and the real
// default policies (mods, when not nil), with T-1 in a queue of
// after-sales and assigned to Kevin, and T-2 in a queue of logistics and
// assigned to Olga.
func newPolicyRig(t *testing.T, mods []policy.Module) *rig {
	t.Helper()
	snap := configtest.Load(t, "../../../../examples/acme-shop")
	var eng *policy.Engine
	if mods == nil {
		eng = configtest.DefaultEngine(t, snap.Config)
	} else {
		var err error
		if eng, err = policy.New(context.Background(), snap.Config, mods); err != nil {
			t.Fatal(err)
		}
	}
	queueOf := func(team string) string {
		for _, id := range model.SortedKeys(snap.Config.Queues) {
			if snap.Config.Queues[id].Team == team {
				return id
			}
		}
		t.Fatalf("no queue of team %s in the example", team)
		return ""
	}
	r := newRig(t, func(s *Server) {
		s.Authz = func() Authorizer { return engineAuthz{eng: eng, cfg: snap.Config} }
		s.Model = func() *model.Config { return snap.Config }
	})
	r.tickets.tickets["T-1"] = &ticketwf.State{Ticket: goodTicket("T-1"), Status: ticketwf.StatusOpen, Queue: queueOf("after-sales"), Agent: "kevin-richter"}
	r.tickets.tickets["T-2"] = &ticketwf.State{Ticket: goodTicket("T-2"), Status: ticketwf.StatusOpen, Queue: queueOf("logistics"), Agent: "olga-nowak"}
	return r
}

// withoutContents is a server that keeps no reply texts.
func withoutContents(s *Server) { s.Contents = nil }

// goodTicket is a ticket intake accepts.
func goodTicket(id string) tkt.Ticket {
	return tkt.Ticket{ID: id, Channel: "chat", Category: "returns", Language: "de", Priority: "P2",
		Subject: "Return label", Customer: tkt.Customer{ID: "C-1", Tier: "standard"}}
}

// do serves one request: target is sent as the request line has it
// (escapes and all), read by net/http as the server reads it; ok is false
// when net/http itself refuses the request line, which never reaches the
// API.
func (r *rig) do(method, target, token string, header map[string]string, body []byte) (*httptest.ResponseRecorder, bool) {
	var raw strings.Builder
	fmt.Fprintf(&raw, "%s %s HTTP/1.1\r\nHost: api.test\r\n", method, target)
	if token != "" {
		fmt.Fprintf(&raw, "Authorization: Bearer %s\r\n", token)
	}
	for k, v := range header {
		fmt.Fprintf(&raw, "%s: %s\r\n", k, v)
	}
	fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
	req, err := http.ReadRequest(bufio.NewReader(io.MultiReader(strings.NewReader(raw.String()), bytes.NewReader(body))))
	if err != nil {
		return nil, false
	}
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	r.pattern = req.Pattern // the mux sets it on the request it routes
	return rec, true
}

// send serves one request with body as its JSON: nil sends none, a
// []byte or json.RawMessage is sent as it is.
func (r *rig) send(t *testing.T, method, target, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	default:
		var err error
		if data, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	rec, ok := r.do(method, target, token, nil, data)
	if !ok {
		t.Fatalf("%s %s: request refused by net/http", method, target)
	}
	return rec
}

// errAnswer is what most tests compare of a response: the status, and of
// an error its message and reasons.
type errAnswer struct {
	Status  int
	Error   string
	Reasons []string
}

// answerOf is the errAnswer of rec; an error must be a JSON error body.
func answerOf(t *testing.T, rec *httptest.ResponseRecorder) errAnswer {
	t.Helper()
	a := errAnswer{Status: rec.Code}
	if rec.Code >= 400 {
		var e struct {
			Error   string   `json:"error"`
			Reasons []string `json:"reasons"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("%d with a body that is not a JSON error: %v: %.200s", rec.Code, err, rec.Body)
		}
		a.Error, a.Reasons = e.Error, e.Reasons
	}
	return a
}

// checkAnswer fails the test for an answer the API must never give: a 5xx,
// or an error without a JSON object holding "error".
func checkAnswer(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("%s: %d %s, want no 5xx", what, rec.Code, rec.Body)
	}
	if rec.Code < 400 {
		return
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: %d with a body that is no JSON object (%v): %q", what, rec.Code, err, rec.Body)
	}
	if msg, _ := body["error"].(string); msg == "" {
		t.Fatalf("%s: %d without an error message: %s", what, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s: %d with Content-Type %q, want application/json", what, rec.Code, ct)
	}
}
