package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	drillwf "github.com/supportops/supportops/workflows/drill"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The fakes below stand for the daemon's services: just enough state to
// answer as the daemon does (not found, conflicts, refusals), in memory.

// Bearer tokens of the fake principals.
const (
	tokenOps   = "ops-token"
	tokenAgent = "agent-token"
)

type fakeTokens struct{}

func (fakeTokens) Authenticate(token string) (policy.Principal, error) {
	switch token {
	case tokenOps:
		return policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}, nil
	case tokenAgent:
		return policy.Principal{ID: "julia", Roles: []string{"agent"}, Team: "care"}, nil
	}
	return policy.Principal{}, errors.New("unknown token")
}

// fakeAuthz allows an ops_admin everything, and anyone else what concerns
// the tickets of their team ("care") or no ticket in particular.
type fakeAuthz struct{}

func (fakeAuthz) Authorize(_ context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	if slices.Contains(req.Principal.Roles, "ops_admin") {
		return policy.AuthzDecision{Allow: true, Reasons: []string{"ops_admin"}}, nil
	}
	if req.Resource == nil || req.Resource.Team == req.Principal.Team {
		return policy.AuthzDecision{Allow: true, Reasons: []string{"own team"}}, nil
	}
	return policy.AuthzDecision{Allow: false, Reasons: []string{"another team's ticket"}}, nil
}

func (fakeAuthz) TeamOf(queue string) string {
	if queue == "after-sales" {
		return "care"
	}
	return ""
}

type fakeReloader struct{}

func (fakeReloader) Reload(context.Context) (string, error) {
	return "0123456789abcdef0123456789abcdef", nil
}

// fakeTickets keeps tickets and the events applied to them. Like the
// daemon, it keys intake on the source and external id, and keeps the
// body of each keyed event.
type fakeTickets struct {
	mu      sync.Mutex
	tickets map[string]*ticketwf.State
	keyed   map[string][]byte // id + key → the event's JSON
	next    int
}

func newFakeTickets() *fakeTickets {
	return &fakeTickets{tickets: map[string]*ticketwf.State{}, keyed: map[string][]byte{}}
}

func (f *fakeTickets) Open(_ context.Context, t tkt.Ticket) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case t.ExternalID != "":
		t.ID = "T-EXT-" + fmt.Sprintf("%x", t.Source+"|"+t.ExternalID)
		if len(t.ID) > tkt.MaxIDLength {
			t.ID = t.ID[:tkt.MaxIDLength]
		}
	case t.ID == "":
		f.next++
		t.ID = fmt.Sprintf("T-%d", f.next)
	}
	if st, ok := f.tickets[t.ID]; ok {
		if diff := tkt.Differences(st.Ticket, t); len(diff) > 0 {
			return "", false, &ConflictError{Reason: fmt.Sprintf("ticket %s exists already, with another %s", t.ID, strings.Join(diff, ", "))}
		}
		return t.ID, false, nil
	}
	f.tickets[t.ID] = &ticketwf.State{Ticket: t, Status: ticketwf.StatusOpen, Queue: "after-sales", Agent: "julia"}
	return t.ID, true, nil
}

func (f *fakeTickets) State(_ context.Context, id string) (ticketwf.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.tickets[id]
	if !ok {
		return ticketwf.State{}, ErrNotFound
	}
	return *st, nil
}

func (f *fakeTickets) Event(_ context.Context, id string, ev ticketwf.Event, key string) (ticketwf.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.tickets[id]
	if !ok {
		return ticketwf.State{}, ErrNotFound
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return ticketwf.State{}, err
	}
	if key != "" {
		if first, seen := f.keyed[id+"\x00"+key]; seen {
			if !bytes.Equal(first, body) {
				return ticketwf.State{}, &KeyReusedError{Reason: "Idempotency-Key: used before for another request to ticket " + id}
			}
			return *st, nil
		}
		f.keyed[id+"\x00"+key] = body
	}
	switch ev.Kind {
	case ticketwf.EventReply, ticketwf.EventStatus, ticketwf.EventClose, ticketwf.EventApprovalRequest, ticketwf.EventApprovalDecision:
	default:
		return ticketwf.State{}, &RejectedError{Reason: fmt.Sprintf("unknown event kind %q", ev.Kind)}
	}
	return *st, nil
}

func (f *fakeTickets) Migrate(ctx context.Context, id, _, actor string) (ticketwf.State, error) {
	return f.State(ctx, id)
}

func (f *fakeTickets) List(_ context.Context, filter ticketwf.Filter, _ int, pageToken string) (ticketwf.Page, error) {
	// The filter as the daemon reads it: the real query builder.
	if _, err := filter.Query(); err != nil {
		return ticketwf.Page{}, &RejectedError{Reason: err.Error()}
	}
	// Like the daemon: a token it did not give out is refused at once.
	if pageToken != "" && pageToken != "page-2" {
		return ticketwf.Page{}, &RejectedError{Reason: "page_token: not a token this API gave out"}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	page := ticketwf.Page{Tickets: []ticketwf.Summary{}}
	for _, st := range f.tickets {
		page.Tickets = append(page.Tickets, ticketwf.Summary{ID: st.Ticket.ID, Queue: st.Queue, Agent: st.Agent})
	}
	if pageToken == "" {
		page.NextPageToken = "page-2"
	}
	return page, nil
}

// fakeDrills knows one running drill, "D-1", of a plan with the step
// "triage".
type fakeDrills struct{}

func (fakeDrills) Start(_ context.Context, req DrillRequest, owner string) (DrillStarted, error) {
	if req.Plan != "outage" {
		return DrillStarted{}, &RejectedError{Reason: fmt.Sprintf("start drill: unknown plan %q (plans: outage)", req.Plan)}
	}
	if req.ID != "" {
		if err := CheckDrillID(req.ID); err != nil {
			return DrillStarted{}, &RejectedError{Reason: err.Error()}
		}
	}
	return DrillStarted{ID: "D-2", Plan: req.Plan, Mode: edrill.ModeDrill, Speed: 1, Assignments: map[string]string{}, Unfilled: []string{}}, nil
}

func (fakeDrills) List(context.Context, int) ([]drillwf.Summary, error) {
	return []drillwf.Summary{}, nil
}

func (fakeDrills) State(_ context.Context, id string) (drillwf.State, error) {
	if id != "D-1" {
		return drillwf.State{}, ErrNotFound
	}
	return drillwf.State{Drill: "D-1", Plan: "outage", Owner: "ops"}, nil
}

func (d fakeDrills) Update(ctx context.Context, id, _ string, arg any) (drillwf.State, error) {
	st, err := d.State(ctx, id)
	if err != nil {
		return st, err
	}
	if u, ok := arg.(drillwf.StepUpdate); ok && u.Step != "triage" {
		return st, &RejectedError{Reason: fmt.Sprintf("no step %q in the plan", u.Step)}
	}
	return st, nil
}

func (d fakeDrills) Result(ctx context.Context, id string, _ time.Duration) (*edrill.Result, drillwf.State, error) {
	st, err := d.State(ctx, id)
	return nil, st, err
}

func (d fakeDrills) Plan(ctx context.Context, id string) (edrill.Plan, error) {
	if _, err := d.State(ctx, id); err != nil {
		return edrill.Plan{}, err
	}
	return edrill.Plan{ID: "outage"}, nil
}

func (fakeDrills) SyncSchedules(context.Context) (ScheduleReport, error) {
	return ScheduleReport{}, nil
}

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

// rig is an API server on the fakes, with one ticket, "T-1", open.
type rig struct {
	h       http.Handler
	tickets *fakeTickets
}

func newRig(tb testing.TB) *rig {
	tb.Helper()
	tickets := newFakeTickets()
	s := &Server{
		Tickets: tickets, Drills: fakeDrills{}, Tokens: fakeTokens{},
		Authz: func() Authorizer { return fakeAuthz{} }, Reloader: fakeReloader{},
		Model: testModel, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	r := &rig{h: s.Handler(), tickets: tickets}
	if _, _, err := tickets.Open(context.Background(), goodTicket("T-1")); err != nil {
		tb.Fatal(err)
	}
	return r
}

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
	return rec, true
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
