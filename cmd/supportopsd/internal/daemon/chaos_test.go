package daemon

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The chaos test's settings; `make chaos` sets the soak's.
const (
	// chaosSeedEnv seeds every random draw: the tickets' events and the
	// kills' moments. A failing run logs its seed; set it to run the same
	// draws again.
	chaosSeedEnv = "SUPPORTOPS_CHAOS_SEED"
	// chaosTicketsEnv is the number of tickets (default 100).
	chaosTicketsEnv = "SUPPORTOPS_CHAOS_TICKETS"
	// chaosDurationEnv, when set (a Go duration), keeps the traffic and
	// the kills going that long: the soak.
	chaosDurationEnv = "SUPPORTOPS_CHAOS_DURATION"
	// chaosKillsEnv is the least number of kills (default 6).
	chaosKillsEnv = "SUPPORTOPS_CHAOS_KILLS"
)

// chaosParams are the settings of one chaos run.
type chaosParams struct {
	seed    uint64
	tickets int
	// duration is how long the traffic and the kills go on at least; 0
	// ends them once the kills are done.
	duration time.Duration
	kills    int
	// gapMin and gapMax bound the time from a restart to the next kill,
	// drawn uniformly.
	gapMin, gapMax time.Duration
	// clients is the number of concurrent API clients.
	clients int
}

func chaosParamsFromEnv(t *testing.T) chaosParams {
	t.Helper()
	p := chaosParams{seed: 20261202, tickets: 100, kills: 6, gapMin: time.Second, gapMax: 4 * time.Second, clients: 8}
	var err error
	if s := os.Getenv(chaosSeedEnv); s != "" {
		if p.seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s: %v", chaosSeedEnv, err)
		}
	}
	if s := os.Getenv(chaosTicketsEnv); s != "" {
		if p.tickets, err = strconv.Atoi(s); err != nil || p.tickets < 1 {
			t.Fatalf("%s: %q is not a positive number", chaosTicketsEnv, s)
		}
	}
	if s := os.Getenv(chaosDurationEnv); s != "" {
		if p.duration, err = time.ParseDuration(s); err != nil || p.duration < 0 {
			t.Fatalf("%s: %q is not a duration", chaosDurationEnv, s)
		}
		// A soak kills less often, and for as long as it lasts.
		p.gapMin, p.gapMax = 5*time.Second, 30*time.Second
	}
	if s := os.Getenv(chaosKillsEnv); s != "" {
		if p.kills, err = strconv.Atoi(s); err != nil || p.kills < 0 {
			t.Fatalf("%s: %q is not a number", chaosKillsEnv, s)
		}
	}
	return p
}

// TestChaos opens tickets and drives events against the supportopsd
// binary, which runs its embedded Temporal server, while it is killed with
// SIGKILL at random moments (at least 6 times; every other kill lands a few
// milliseconds after an event request went out, inside an update) and
// started again on the same data directory. At the end every acknowledged
// ticket exists once and its workflow runs (none failed, was terminated or
// timed out), every acknowledged event is in its ticket's history once and
// as its answer showed it, each ticket is in the status its events drove
// it to, the event store holds each history entry once with the same
// content and nothing else, and no daemon logged an error about recording.
//
// Each client does what a real client does: every event request carries an
// Idempotency-Key, and a request whose answer was lost (a refused or broken
// connection, a 5xx, a timeout) is sent again with the same key until it
// is acknowledged (2xx); a 4xx fails the test. So every event sent is
// acknowledged in the end, and "lost" counts acknowledged events or tickets
// missing at the end, which must be none.
//
// The soak (`make chaos`) runs the same test for a set time
// (SUPPORTOPS_CHAOS_DURATION) with more tickets (SUPPORTOPS_CHAOS_TICKETS).
func TestChaos(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and kills it under traffic")
	}
	p := chaosParamsFromEnv(t)
	t.Logf("chaos seed %d (%s=%d runs the same draws); %d tickets, at least %d kills, duration %v",
		p.seed, chaosSeedEnv, p.seed, p.tickets, p.kills, p.duration)
	ctx, cancel := context.WithTimeout(t.Context(), killTestTimeout+p.duration)
	defer cancel()
	rig := newDaemonRig(ctx, t)
	h := &chaosRun{t: t, p: p, started: make(chan struct{}), c: rig.client(ctx, t, time.Minute)}
	proc := rig.run(t, "run-0")
	procs := []*process{proc}

	// The traffic runs in the background; the kills here.
	begin := time.Now()
	h.tickets = make([]*chaosTicket, p.tickets)
	names := []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"}
	for i := range h.tickets {
		body := readTicket(t, names[i%len(names)])
		body["external_id"] = fmt.Sprintf("chaos-%04d", i)
		delete(body, "id")
		h.tickets[i] = &chaosTicket{body: body, rng: rand.New(rand.NewPCG(p.seed, uint64(i))), status: ticketwf.StatusOpen}
	}
	traffic := make(chan struct{})
	go func() {
		defer close(traffic)
		h.drive()
	}()
	killRng := rand.New(rand.NewPCG(p.seed, 1<<63))
	var kills, inUpdate, withInFlight int
	for k := 0; kills < p.kills || time.Since(begin) < p.duration; k++ {
		// The traffic gets going again before the next kill, however
		// slow the machine: a few requests acknowledged, then a random
		// gap.
		for since := h.progress.Load(); h.progress.Load() < since+chaosProgress && !isClosed(traffic) && ctx.Err() == nil; {
			time.Sleep(50 * time.Millisecond)
		}
		gap := p.gapMin + time.Duration(killRng.Int64N(int64(p.gapMax-p.gapMin)))
		select {
		case <-traffic:
		case <-ctx.Done():
		case <-time.After(gap):
		}
		if ctx.Err() != nil || isClosed(traffic) {
			break
		}
		// Every other kill, and a third of the others, waits for an event
		// request and kills a few milliseconds after it went out.
		how := "at a random moment"
		if k%2 == 1 || killRng.IntN(3) == 0 {
			delay := time.Duration(2+killRng.IntN(98)) * time.Millisecond
			select {
			case <-h.started:
			case <-traffic:
			case <-ctx.Done():
			}
			time.Sleep(delay)
			how = fmt.Sprintf("%v after an event request went out", delay)
			inUpdate++
		}
		inFlight := h.c.inFlight.Load()
		proc.kill(t)
		kills++
		if inFlight > 0 {
			withInFlight++
		}
		t.Logf("kill %d at %v, %s, with %d event requests in flight and %d events acknowledged",
			kills, time.Since(begin).Round(time.Millisecond), how, inFlight, h.acked.Load())
		proc = rig.run(t, fmt.Sprintf("run-%d", kills))
		procs = append(procs, proc)
	}
	h.stopping.Store(true)
	<-traffic
	elapsed := time.Since(begin)
	if kills < p.kills {
		t.Errorf("%d kills, want at least %d", kills, p.kills)
	}

	// What the API shows at the end; no timer changes a solved or closed
	// ticket, so it is also what the daemon leaves behind.
	finals := make([]state, len(h.tickets))
	parallel(len(h.tickets), func(i int) {
		if h.tickets[i].id != "" {
			finals[i] = h.c.state(h.tickets[i].id)
		}
	})
	proc.stop(t)
	lost := 0
	for i, tk := range h.tickets {
		lost += tk.check(t, finals[i])
	}
	h.checkWorkflows(ctx, filepath.Join(rig.dataDir, "temporal"))
	h.checkStore(ctx, filepath.Join(rig.dataDir, "events.db"), finals)
	checkRecordErrors(t, procs)

	events := 0
	for _, tk := range h.tickets {
		events += len(tk.acks)
	}
	t.Logf("chaos: seed %d, %d tickets, %d events acknowledged, %d kills (%d timed after an event request, %d with event requests in flight), "+
		"%d requests cut by a kill and sent again, %d 5xx answers, lost %d, traffic for %v",
		p.seed, len(h.tickets), events, kills, inUpdate, withInFlight, h.c.broken.Load(), h.fiveXX.Load(), lost, elapsed.Round(time.Second))
}

// isClosed says whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// chaosRun is the traffic of a chaos test.
type chaosRun struct {
	t       *testing.T
	p       chaosParams
	c       *procClient
	tickets []*chaosTicket
	// started is sent to, without waiting, as an event request goes out:
	// the killer waits on it for a kill inside an update.
	started chan struct{}
	// stopping tells the clients to bring their tickets to an end.
	stopping atomic.Bool
	// acked counts acknowledged events; progress acknowledged events and
	// openings; fiveXX the 5xx answers.
	acked, progress, fiveXX atomic.Int64
}

// chaosProgress is how many requests are acknowledged after a restart
// before the next kill's gap begins.
const chaosProgress = 10

// chaosTicket is one ticket of the traffic and what it was acknowledged.
// One client at a time drives it.
type chaosTicket struct {
	body map[string]any
	rng  *rand.Rand
	// id is the ticket's id once its opening is acknowledged.
	id string
	// status is the status its acknowledged events drove it to.
	status string
	acks   []chaosAck
	// failed stops a ticket that was refused something.
	failed bool
}

// chaosAck is an acknowledged event: the entry its answer showed for it
// and the history entries (by countKey) it adds.
type chaosAck struct {
	ev    ticketwf.Event
	entry ticketwf.Entry
	adds  []string
}

// drive runs the clients until every ticket has ended.
func (h *chaosRun) drive() {
	ready := make(chan *chaosTicket, len(h.tickets))
	for _, tk := range h.tickets {
		ready <- tk
	}
	var remaining atomic.Int64
	remaining.Store(int64(len(h.tickets)))
	var wg sync.WaitGroup
	for range h.p.clients {
		wg.Go(func() {
			for tk := range ready {
				if h.step(tk) {
					ready <- tk
				} else if remaining.Add(-1) == 0 {
					close(ready)
				}
			}
		})
	}
	wg.Wait()
}

// step opens tk or sends it its next event; it returns false once tk has
// ended.
func (h *chaosRun) step(tk *chaosTicket) bool {
	if tk.failed || h.c.ctx.Err() != nil {
		return false
	}
	if tk.id == "" {
		tk.id = h.c.open(tk.body)
		tk.failed = tk.id == ""
		h.progress.Add(1)
		return !tk.failed
	}
	ev, ok := tk.next(h.stopping.Load())
	if !ok {
		return false
	}
	key := fmt.Sprintf("chaos-%s-%d", tk.id, len(tk.acks)+1)
	st, ok := h.event(tk.id, key, ev)
	if !ok {
		tk.failed = true
		return false
	}
	h.acked.Add(1)
	h.progress.Add(1)
	if err := tk.acknowledged(ev, st); err != nil {
		h.t.Errorf("ticket %s, %s: %v", tk.id, describe(ev), err)
		tk.failed = true
		return false
	}
	return true
}

// event sends ev to ticket id with the Idempotency-Key key until it is
// acknowledged (true) or refused.
func (h *chaosRun) event(id, key string, ev ticketwf.Event) (state, bool) {
	deadline := time.Now().Add(driveTimeout)
	for attempt := 0; ; attempt++ {
		select {
		case h.started <- struct{}{}:
		default:
		}
		var st state
		h.c.inFlight.Add(1)
		code, err := h.c.sendKeyed("POST", "/v1/tickets/"+id+"/events", key, ev, &st)
		h.c.inFlight.Add(-1)
		switch {
		case err == nil:
			return st, true
		case code >= 400 && code < 500:
			h.t.Errorf("ticket %s, %s (attempt %d): %v", id, describe(ev), attempt+1, err)
			return st, false
		case errors.Is(err, errRetry):
			if code >= 500 {
				h.fiveXX.Add(1)
			}
		default:
			h.c.broken.Add(1)
		}
		if !h.c.pause(fmt.Sprintf("ticket %s, %s", id, describe(ev)), deadline, attempt, err) {
			return st, false
		}
	}
}

// chaosMinEvents is how many events a ticket gets at least.
const chaosMinEvents = 3

// next draws the ticket's next event from what its status allows; once
// stopping (and past chaosMinEvents), it solves the ticket and may rate or
// close it. It returns false when the ticket has ended.
func (tk *chaosTicket) next(stopping bool) (ticketwf.Event, bool) {
	agentReply := ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}
	note := ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent}
	customerReply := ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromCustomer}
	status := func(s string) ticketwf.Event { return ticketwf.Event{Kind: ticketwf.EventStatus, Status: s} }
	csat := ticketwf.Event{Kind: ticketwf.EventCSAT, Rating: 1 + tk.rng.IntN(5), Comment: "chaos"}
	closeEv := ticketwf.Event{Kind: ticketwf.EventClose}
	reopen := ticketwf.Event{Kind: ticketwf.EventReopen}
	type choice struct {
		weight int
		ev     ticketwf.Event
	}
	var choices []choice
	if stopping && len(tk.acks) >= chaosMinEvents {
		switch tk.status {
		case ticketwf.StatusClosed:
			return ticketwf.Event{}, false
		case ticketwf.StatusSolved:
			choices = []choice{{4, csat}, {3, closeEv}, {3, ticketwf.Event{}}}
		default:
			choices = []choice{{1, status(ticketwf.StatusSolved)}}
		}
	} else {
		switch tk.status {
		case ticketwf.StatusClosed:
			choices = []choice{{1, reopen}}
		case ticketwf.StatusSolved:
			choices = []choice{{35, csat}, {20, closeEv}, {25, customerReply}, {20, reopen}}
		default:
			choices = []choice{{30, agentReply}, {10, note}, {20, customerReply}, {15, status(ticketwf.StatusSolved)}}
			for _, s := range []string{ticketwf.StatusOpen, ticketwf.StatusPendingCustomer, ticketwf.StatusPendingInternal} {
				if s != tk.status {
					choices = append(choices, choice{6, status(s)})
				}
			}
		}
	}
	total := 0
	for _, c := range choices {
		total += c.weight
	}
	n := tk.rng.IntN(total)
	for _, c := range choices {
		if n -= c.weight; n < 0 {
			return c.ev, c.ev.Kind != ""
		}
	}
	panic("unreachable")
}

// acknowledged records ev, acknowledged with the state st: the status it
// drives the ticket to, and the entry it added to the history.
func (tk *chaosTicket) acknowledged(ev ticketwf.Event, st state) error {
	adds, want, status := []string{}, "", tk.status
	switch ev.Kind {
	case ticketwf.EventReply:
		switch {
		case ev.From == ticketwf.FromCustomer:
			want = countKey(ticketwf.Entry{Type: "reply", Detail: ev.From})
			adds = append(adds, want)
			if status == ticketwf.StatusSolved {
				adds = append(adds, "reopened")
			}
			if status == ticketwf.StatusSolved || status == ticketwf.StatusPendingCustomer {
				status = ticketwf.StatusOpen
			}
		case ev.Public:
			want = countKey(ticketwf.Entry{Type: "reply", Detail: ev.From})
			adds = append(adds, want)
		default:
			want = "note"
			adds = append(adds, want)
		}
	case ticketwf.EventStatus:
		want, status = "status", ev.Status
		adds = append(adds, want)
		if ev.Status == ticketwf.StatusSolved {
			adds = append(adds, "solved")
		}
	case ticketwf.EventCSAT:
		want, status = "csat", ticketwf.StatusClosed
		adds = append(adds, want, "closed")
	case ticketwf.EventClose:
		want, status = "closed", ticketwf.StatusClosed
		adds = append(adds, want)
	case ticketwf.EventReopen:
		want, status = "reopened", ticketwf.StatusOpen
		adds = append(adds, want)
	}
	if st.Status != status {
		return fmt.Errorf("acknowledged with the status %s, want %s", st.Status, status)
	}
	// The event's entry is the last of its kind: one client at a time
	// drives the ticket.
	var entry ticketwf.Entry
	for _, e := range slices.Backward(st.History) {
		if countKey(e) == want {
			entry = e
			break
		}
	}
	if entry.Seq == 0 {
		return fmt.Errorf("acknowledged with no %s entry in the history: %v", want, st.types())
	}
	if n := len(tk.acks); n > 0 && entry.Seq <= tk.acks[n-1].entry.Seq {
		return fmt.Errorf("acknowledged with %s at seq %d, not after the previous event's (seq %d)", want, entry.Seq, tk.acks[n-1].entry.Seq)
	}
	tk.status = status
	tk.acks = append(tk.acks, chaosAck{ev: ev, entry: entry, adds: adds})
	return nil
}

// countKey is what check counts an entry as: its type, and for replies
// whose (agent or customer).
func countKey(e ticketwf.Entry) string {
	if e.Type == event.Reply {
		return "reply/" + e.Detail
	}
	return e.Type
}

// describe names an event in messages.
func describe(ev ticketwf.Event) string {
	switch ev.Kind {
	case ticketwf.EventReply:
		if ev.From == ticketwf.FromAgent && !ev.Public {
			return "note"
		}
		return ev.From + " reply"
	case ticketwf.EventStatus:
		return "status " + ev.Status
	}
	return ev.Kind
}

// check compares the ticket's final state with what was acknowledged and
// returns how many acknowledged events or tickets it misses.
func (tk *chaosTicket) check(t *testing.T, final state) int {
	t.Helper()
	if tk.id == "" {
		return 1
	}
	if tk.failed {
		return 0 // reported when it happened
	}
	lost := 0
	if final.Status != tk.status {
		t.Errorf("ticket %s: status %s, want %s as its events drove it", tk.id, final.Status, tk.status)
	}
	for j, e := range final.History {
		if e.Seq != j+1 {
			t.Errorf("ticket %s: history entry %d has seq %d", tk.id, j+1, e.Seq)
		}
	}
	for _, a := range tk.acks {
		if a.entry.Seq > len(final.History) || !cmp.Equal(final.History[a.entry.Seq-1], a.entry) {
			lost++
			t.Errorf("ticket %s: the acknowledged %s (entry %+v) is not in the history", tk.id, describe(a.ev), a.entry)
		}
	}
	// Each event is in the history once: nothing but the acknowledged
	// events adds these entries.
	want := map[string]int{"opened": 1}
	for _, k := range []string{"reply/agent", "reply/customer", "note", "status", "solved", "csat", "closed", "reopened"} {
		want[k] = 0
	}
	for _, a := range tk.acks {
		for _, k := range a.adds {
			want[k]++
		}
	}
	got := map[string]int{}
	for _, e := range final.History {
		if _, ok := want[countKey(e)]; ok {
			got[countKey(e)]++
		}
	}
	for k := range want {
		got[k] += 0
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ticket %s: entries by type (-acknowledged +history):\n%s\nhistory: %v", tk.id, diff, final.types())
	}
	return lost
}

// checkWorkflows starts a Temporal server on the daemon's database, now
// that the daemon has stopped, and checks that each acknowledged ticket has
// one workflow, running or completed, and that there is no other (a run
// that continued as new counts as the run it became).
func (h *chaosRun) checkWorkflows(ctx context.Context, dir string) {
	t := h.t
	t.Helper()
	_, c := embeddedClient(ctx, t, embedded.Options{DataDir: dir})
	want := map[string]int{}
	for _, tk := range h.tickets {
		if tk.id == "" {
			continue
		}
		want[ticketwf.WorkflowID(tk.id)] = 1
		desc, err := c.DescribeWorkflowExecution(ctx, ticketwf.WorkflowID(tk.id), "")
		if err != nil {
			t.Errorf("ticket %s: describe its workflow: %v", tk.id, err)
			continue
		}
		switch status := desc.GetWorkflowExecutionInfo().GetStatus(); status {
		case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		default:
			err = c.GetWorkflow(ctx, ticketwf.WorkflowID(tk.id), "").Get(ctx, nil)
			t.Errorf("ticket %s: workflow %s: %v", tk.id, status, err)
		}
	}
	// Visibility may trail the server's start by a moment.
	var got map[string]int
	for attempt := 0; attempt < 50; attempt++ {
		got = map[string]int{}
		var token []byte
		for {
			resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
				Query: fmt.Sprintf("WorkflowType = '%s'", ticketwf.WorkflowName), NextPageToken: token,
			})
			if err != nil {
				t.Errorf("list the ticket workflows: %v", err)
				return
			}
			for _, info := range resp.GetExecutions() {
				// A run that continued as new lives on in the next.
				if info.GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
					got[info.GetExecution().GetWorkflowId()]++
				}
			}
			if token = resp.GetNextPageToken(); len(token) == 0 {
				break
			}
		}
		if cmp.Equal(want, got) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("ticket workflows (-acknowledged +listed):\n%s", cmp.Diff(want, got))
}

// checkStore checks that the event store at path holds each entry of each
// ticket's final history once, with its content, and nothing else.
func (h *chaosRun) checkStore(ctx context.Context, path string, finals []state) {
	t := h.t
	t.Helper()
	events, err := eventstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer events.Close()
	stored, err := events.List(ctx, eventstore.Filter{IncludeDrill: true})
	if err != nil {
		t.Fatal(err)
	}
	byTicket := map[string][]string{}
	for _, e := range stored {
		var data struct {
			Detail string `json:"detail"`
			Ref    string `json:"ref"`
		}
		if len(e.Data) > 0 {
			if err = json.Unmarshal(e.Data, &data); err != nil {
				t.Errorf("event %s: data %s: %v", e.ID, e.Data, err)
			}
		}
		byTicket[e.Stream] = append(byTicket[e.Stream], storeLine(e.ID, e.Type, e.At, e.Actor, data.Detail, data.Ref))
	}
	for i, tk := range h.tickets {
		if tk.id == "" {
			continue
		}
		var want []string
		for _, e := range finals[i].History {
			want = append(want, storeLine(ticketwf.EventID(tk.id, e.Seq), e.Type, e.At, e.Actor, e.Detail, e.Ref))
		}
		got := byTicket[tk.id]
		delete(byTicket, tk.id)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ticket %s: stored events (-history +store):\n%s", tk.id, diff)
		}
	}
	for id, lines := range byTicket {
		t.Errorf("the event store holds %d events of %s, which no client opened", len(lines), id)
	}
}

// storeLine is an event as checkStore compares it.
func storeLine(id, typ string, at time.Time, actor, detail, ref string) string {
	return fmt.Sprintf("%s %s at=%s actor=%s detail=%q ref=%s", id, typ, at.UTC().Format(time.RFC3339Nano), actor, detail, ref)
}

// checkRecordErrors fails the test for every error the processes logged
// about recording events.
func checkRecordErrors(t *testing.T, procs []*process) {
	t.Helper()
	errorLines := 0
	for i, p := range procs {
		f, err := os.Open(p.log)
		if err != nil {
			t.Error(err)
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if !strings.Contains(line, "level=ERROR") {
				continue
			}
			errorLines++
			if l := strings.ToLower(line); strings.Contains(l, "record") || strings.Contains(l, "badevent") || strings.Contains(l, "conflict") {
				t.Errorf("run-%d logged: %s", i, line)
			} else if errorLines <= 5 {
				t.Logf("run-%d logged: %.600s", i, line)
			}
		}
		f.Close()
	}
	if errorLines > 0 {
		t.Logf("the processes logged %d lines at ERROR", errorLines)
	}
}
