package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

const example = "../../../../examples/acme-shop"

// tokenAdder returns a function that adds a token for a principal to the
// token store of the data directory dir and returns the token.
func tokenAdder(t testing.TB, dir string) func(policy.Principal) string {
	t.Helper()
	tokens, err := auth.Open(filepath.Join(dir, auth.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	return func(p policy.Principal) string {
		t.Helper()
		tok, err := tokens.Add(p, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
}

// embeddedClient starts an embedded Temporal server with opts and dials
// it; both are stopped when the test ends.
func embeddedClient(ctx context.Context, t testing.TB, opts embedded.Options) (*embedded.Server, client.Client) {
	t.Helper()
	srv, err := embedded.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress(), Namespace: srv.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return srv, c
}

func startDaemon(t testing.TB, configDir, dataDir string) *Daemon {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The daemon's errors are shown when the test fails.
	var buf lockedBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon errors:\n%s", buf.String())
		}
	})
	d, err := Start(ctx, Options{Config: configDir, DataDir: dataDir, HTTPAddr: "127.0.0.1:0"}, log)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readTicket(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(example, "tickets", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDaemon runs supportopsd on the embedded Temporal server: tickets
// opened through the API are routed, take events, answer for bad requests,
// record their events, and survive a restart of the whole daemon with a
// changed configuration: running tickets keep the version they started
// with.
func TestDaemon(t *testing.T) {
	dir, cfgDir := t.TempDir(), exampleCopy(t)
	add := tokenAdder(t, dir)
	admin := add(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	d := startDaemon(t, cfgDir, dir)
	stopped := false
	defer func() {
		if !stopped {
			d.Stop(context.Background())
		}
	}()
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: admin}
	ctx := t.Context()

	// Open every example ticket; opening one again finds it.
	ids := map[string]string{}
	for _, name := range []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"} {
		ids[name] = openTicket(t, ops, name)
	}
	if again, err := ops.api().OpenTicket(ctx, exampleTicket(t, "abusive-customer")); err != nil || again.ID != ids["abusive-customer"] || again.Created {
		t.Errorf("open again: %+v %v, want the same id, not created", again, err)
	}
	id := ids["abusive-customer"]
	st, err := ops.api().Ticket(ctx, id)
	if err != nil || st.Queue != "after-sales" || st.SLAPolicy != "chat" || st.Agent == "" {
		t.Fatalf("state: %v %+v", err, st)
	}
	agent := st.Agent

	// An agent of another team may not see the ticket; its assignee may act on it.
	other := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: "markus-braun", Roles: []string{"agent"}, Team: "logistics"})}
	if got, out := other.do("GET", "/v1/tickets/"+id, nil); got != http.StatusForbidden || out["reasons"] == nil {
		t.Errorf("agent of another team: %d %v, want 403 with reasons", got, out)
	}
	assignee := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: agent, Roles: []string{"agent"}, Team: "after-sales"})}
	if _, err = assignee.api().PostEvent(ctx, id, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}}); err != nil {
		t.Fatalf("assignee replies: %v", err)
	}
	if got, out := assignee.do("POST", "/v1/config/reload", nil); got != http.StatusForbidden {
		t.Errorf("agent reloads the configuration: %d %v, want 403", got, out)
	}

	// Bad requests.
	anon := apiClient{t: t, base: ops.base}
	checkRefusals(t, []refusalCase{
		{"no token", anon, "GET", "/v1/tickets/" + id, nil, http.StatusUnauthorized, ""},
		{"unknown token", apiClient{t: t, base: ops.base, token: "sop_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, "GET", "/v1/tickets/" + id, nil, http.StatusUnauthorized, ""},
		{"malformed JSON", ops, "POST", "/v1/tickets", `{"channel":`, http.StatusBadRequest, ""},
		{"unknown field", ops, "POST", "/v1/tickets", `{"chanel":"chat"}`, http.StatusBadRequest, ""},
		{"ticket lacks fields", ops, "POST", "/v1/tickets", `{"channel":"chat"}`, http.StatusBadRequest, ""},
		{"event rejected", ops, "POST", "/v1/tickets/" + id + "/events", ticketwf.Event{Kind: ticketwf.EventCSAT, Rating: 9}, http.StatusBadRequest, ""},
		{"unknown ticket", ops, "GET", "/v1/tickets/T-NOPE", nil, http.StatusNotFound, ""},
	})
	// A two-level refund: the agent asks, may not decide; the supervisor
	// approves once and cannot fill the manager's level too; a manager does.
	julia := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"})}
	petra := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: "petra-hoffmann", Roles: []string{"supervisor", "manager"}})}
	markus := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: "markus-weber", Roles: []string{"manager"}})}
	amount := 800.0
	if _, err = julia.api().RequestApproval(ctx, id, apiv1.ApprovalRequest{Action: "refund", Amount: &amount, Comment: "parcel lost twice"}); err != nil {
		t.Fatalf("request a refund: %v", err)
	}
	approval := id + ".A1"
	decide := func(c apiClient, want int, wantErr string) map[string]any {
		t.Helper()
		status, body := c.do("POST", "/v1/approvals/"+approval+"/decisions", map[string]string{"decision": "approve"})
		if status != want || (wantErr != "" && !strings.Contains(fmt.Sprint(body), wantErr)) {
			t.Errorf("decision: %d %v, want %d with %q", status, body, want, wantErr)
		}
		return body
	}
	decide(julia, http.StatusForbidden, "no role of julia-wagner grants approvals.decide")
	decide(petra, http.StatusOK, "")
	decide(petra, http.StatusBadRequest, "petra-hoffmann already approved at level 0")
	out := decide(markus, http.StatusOK, "")
	if approvals, _ := out["approvals"].([]any); len(approvals) != 1 || approvals[0].(map[string]any)["outcome"] != "allowed" {
		t.Errorf("approvals after the manager's: %v, want the refund allowed", out["approvals"])
	}

	// A supervisor who asks for a refund cannot approve it: refused, and
	// nothing recorded.
	vip := ids["vip-refund-complaint"]
	if _, err = petra.api().RequestApproval(ctx, vip, apiv1.ApprovalRequest{Action: "refund", Amount: &amount}); err != nil {
		t.Fatalf("supervisor requests a refund: %v", err)
	}
	got, out := petra.do("POST", "/v1/approvals/"+vip+".A1/decisions", map[string]string{"decision": "approve"})
	if msg, _ := out["error"].(string); got != http.StatusBadRequest || !strings.Contains(msg, "nobody approves their own request") {
		t.Errorf("self-approval: %d %v, want 400: nobody approves their own request", got, out)
	}
	if vipState, verr := ops.api().Ticket(ctx, vip); verr != nil || len(vipState.Approvals) != 1 || vipState.Approvals[0].Decisions != nil {
		t.Errorf("approvals after the refused self-approval: %+v %v, want one with no decision", vipState.Approvals, verr)
	}

	if solved, serr := ops.api().PostEvent(ctx, id, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved}}); serr != nil || solved.Status != ticketwf.StatusSolved {
		t.Fatalf("solve: %v %s", serr, solved.Status)
	}

	// Prometheus metrics, for a principal who may read reports.
	metricsText, err := ops.api().Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	metrics := string(metricsText)
	for _, want := range []string{
		`supportops_tickets_opened_total{created="true"} 5`,
		`supportops_ticket_events_total{kind="csat",outcome="refused"} 1`,
		`supportops_http_requests_total{code="401",route="GET /v1/tickets/{id}"} 2`,
		`supportops_notifications_total{kind="approval_allowed"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if got, _ := anon.do("GET", "/metrics", nil); got != http.StatusUnauthorized {
		t.Errorf("/metrics without a token: %d, want 401", got)
	}

	// Change the configuration and restart the whole daemon on the same
	// data directory.
	version := st.Config
	f, err := os.OpenFile(filepath.Join(cfgDir, "teams.cue"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = f.WriteString("\n// changed while tickets run\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d.Stop(context.Background())
	stopped = true
	d = startDaemon(t, cfgDir, dir)
	stopped = false
	ops.base = "http://" + d.Addr()
	st, err = ops.api().Ticket(ctx, id)
	if err != nil || st.Status != ticketwf.StatusSolved || st.Agent != agent {
		t.Fatalf("after restart: %v status %v agent %v, want solved, %s", err, st.Status, st.Agent, agent)
	}
	if current, _, _ := d.versions.Current(); st.Config != version || current == version {
		t.Errorf("after the change: ticket on %v, daemon on %s; want the ticket on %v and the daemon on another", st.Config, current, version)
	}
	// Routing again runs the ticket's own, kept version.
	other2 := ids["trainee-order-status"]
	if rerouted, rerr := ops.api().PostEvent(ctx, other2, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReassign}}); rerr != nil || rerouted.Config != version {
		t.Errorf("re-route after the change: %v on %s", rerr, rerouted.Config)
	}
	// An operator moves that ticket to the running configuration, once.
	current, _, _ := d.versions.Current()
	for _, tc := range []struct {
		name string
		c    apiClient
		body any
		want int
		msg  string
	}{
		{"not a version", ops, map[string]string{"config": "../../etc"}, http.StatusBadRequest, "is not a configuration version"},
		{"unknown version", ops, map[string]string{"config": strings.Repeat("0", 32)}, http.StatusBadRequest, "neither loaded nor kept"},
		{"an agent", apiClient{t: t, base: ops.base, token: assignee.token}, nil, http.StatusForbidden, "forbidden"},
		{"to the current one", ops, nil, http.StatusOK, ""},
		{"again", ops, nil, http.StatusBadRequest, "already runs on configuration " + current},
	} {
		got, out := tc.c.do("POST", "/v1/tickets/"+other2+"/migrate", tc.body)
		if msg, _ := out["error"].(string); got != tc.want || !strings.Contains(msg, tc.msg) {
			t.Errorf("migrate, %s: %d %v, want %d %q", tc.name, got, out, tc.want, tc.msg)
		}
		if tc.want == http.StatusOK && (out["config"] != current || !strings.Contains(fmt.Sprint(out["history"]), "config_migrated")) {
			t.Errorf("migrated ticket on %v, want %s with config_migrated in its history", out["config"], current)
		}
	}
	if rated, rerr := ops.api().PostEvent(ctx, id, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventCSAT, Rating: 5, Comment: "schnell"}}); rerr != nil || rated.Status != ticketwf.StatusClosed {
		t.Fatalf("rate after restart: %v %s", rerr, rated.Status)
	}

	// Earlier code's histories of this ticket (ticket-…, ticket-v2-…) stay
	// as recorded; this records the current code's.
	recordHistory(t, d, id, "ticket-v4-refund-approved-solved-after-restart") // local-notify

	// Every step is in the event store, once.
	seen := eventTypes(t, d, id)
	for typ, want := range map[string]int{"opened": 1, "routed": 1, "reply": 1, "sla_met": 1, "approval_requested": 1, "approval_decided": 2, "solved": 1, "csat": 1, "closed": 1} {
		if seen[typ] != want {
			t.Errorf("%d %s events, want %d (all: %v)", seen[typ], typ, want, seen)
		}
	}
}

// recordHistory writes the workflow history of ticket id to
// workflows/ticket/testdata/histories/<name>.json for the replay test, when
// SUPPORTOPS_RECORD_HISTORIES=1. Recording anew accepts that the workflow
// changed incompatibly: do it only with a workflow.GetVersion gate for the
// histories already recorded.
func recordHistory(t *testing.T, d *Daemon, id, name string) {
	t.Helper()
	recordWorkflowHistory(t, d, ticketwf.WorkflowID(id), "../../../../workflows/ticket/testdata/histories", name)
}

// recordWorkflowHistory writes the history of the workflow workflowID to
// dir/<name>.json, when SUPPORTOPS_RECORD_HISTORIES=1 (see recordHistory).
func recordWorkflowHistory(t *testing.T, d *Daemon, workflowID, dir, name string) {
	t.Helper()
	if os.Getenv("SUPPORTOPS_RECORD_HISTORIES") != "1" {
		return
	}
	hist := &historypb.History{}
	it := d.client.GetWorkflowHistory(t.Context(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		hist.Events = append(hist.Events, ev)
	}
	b, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d events of workflow %s in %s", len(hist.Events), workflowID, path)
}

// TestWorkerRestartManyTickets opens 50 tickets through the API and drives
// them while the ticket worker is stopped and started again in the middle:
// every ticket ends with the right outcome, and the event store holds each
// step once, none lost, none twice.
func TestWorkerRestartManyTickets(t *testing.T) {
	if testing.Short() {
		t.Skip("50 tickets on the embedded server")
	}
	dir := t.TempDir()
	admin := tokenAdder(t, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: admin}

	const n = 50
	names := []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"}
	ids := make([]string, n)
	for i := range n {
		tk := readTicket(t, names[i%len(names)])
		tk["external_id"] = fmt.Sprintf("load-%03d", i)
		delete(tk, "id")
		code, out := ops.do("POST", "/v1/tickets", tk)
		if code != http.StatusCreated {
			t.Fatalf("open %d: %d %v", i, code, out)
		}
		ids[i] = out["id"].(string)
	}
	// each sends ev to every ticket, eight at a time.
	each := func(ev ticketwf.Event, check func(i int, st map[string]any)) {
		t.Helper()
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		for i, id := range ids {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				code, out := ops.do("POST", "/v1/tickets/"+id+"/events", ev)
				if code != http.StatusOK {
					t.Errorf("ticket %s, %s: %d %v", id, ev.Kind, code, out)
					return
				}
				check(i, out)
			}()
		}
		wg.Wait()
	}
	var mu sync.Mutex
	agents := map[string]int{}
	each(ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}, func(_ int, st map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		agents[fmt.Sprint(st["agent"])]++
	})
	// Routing follows the load: ten tickets of each kind are spread over
	// the qualified agents, not all given to the first of them.
	if len(agents) < 10 {
		t.Errorf("50 tickets went to %d agents: %v; want them spread by load", len(agents), agents)
	}

	// Stop the worker with every ticket in flight, then start a new one.
	d.worker.Stop()
	if err := d.startWorker(); err != nil {
		t.Fatal(err)
	}

	each(ticketwf.Event{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved}, func(i int, st map[string]any) {
		if st["status"] != "solved" {
			t.Errorf("ticket %s: status %v, want solved", ids[i], st["status"])
		}
	})
	each(ticketwf.Event{Kind: ticketwf.EventCSAT, Rating: 4}, func(i int, st map[string]any) {
		csat, _ := st["csat"].(map[string]any)
		if st["status"] != "closed" || csat["rating"] != 4.0 {
			t.Errorf("ticket %s: status %v, csat %v; want closed, 4", ids[i], st["status"], st["csat"])
		}
	})
	for _, id := range ids {
		seen := eventTypes(t, d, id)
		for _, typ := range []string{"opened", "routed", "sla_applied", "reply", "solved", "csat", "closed"} {
			if seen[typ] != 1 {
				t.Errorf("ticket %s: %d %s events, want 1 (all: %v)", id, seen[typ], typ, seen)
			}
		}
	}
}

// eventTypes counts the ticket's events in the event store by type.
func eventTypes(t *testing.T, d *Daemon, id string) map[string]int {
	t.Helper()
	evs, err := d.events.List(t.Context(), eventstore.Filter{Stream: id})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range evs {
		seen[e.Type]++
	}
	return seen
}

// lockedBuffer is a bytes.Buffer safe for the daemon's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
