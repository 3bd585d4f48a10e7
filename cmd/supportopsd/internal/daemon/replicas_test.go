package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/pgtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// replicaTestTimeout bounds each replica test, the build included; each
// takes well under two minutes on a busy 2-core machine.
const replicaTestTimeout = 3*time.Minute + 30*time.Second

// replicaTicketNames are the example tickets the replica tests open, in
// turn.
var replicaTicketNames = []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"}

// replicaRig is two supportopsd processes of one deployment: a Temporal
// server persisted on PostgreSQL, started by the test, and one PostgreSQL
// database of events (and of the agents' load board) that both use, each
// replica with its own data directory and HTTP port.
type replicaRig struct {
	bin       string
	eventsDSN string
	reps      [2]*replica
}

// replica is one supportopsd process of a replicaRig.
type replica struct {
	name string
	base string
	args []string
	bin  string
	proc *process
	c    *procClient
	// starts counts the processes started, which name their logs.
	starts int
}

// newReplicaRig builds supportopsd, starts a PostgreSQL cluster with a
// database each for Temporal, its visibility and the events, and Temporal
// on the first two (in the test's process), then the two replicas; both
// are ready (GET /readyz) when it returns. Both take one ops_admin token,
// given as --token-hashes so that neither data directory nor database
// holds it.
func newReplicaRig(ctx context.Context, t *testing.T) *replicaRig {
	t.Helper()
	root := repoRoot(t)
	rig := &replicaRig{bin: buildDaemon(ctx, t, root)}
	cluster := pgtest.StartCluster(t)
	rig.eventsDSN = cluster.NewDatabase(t)

	srv := postgresTemporal(ctx, t, cluster)

	token, entry, err := auth.NewHashEntry(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rig.reps {
		addr := freeAddr(t)
		r := &replica{name: fmt.Sprintf("replica-%d", i+1), base: "http://" + addr, bin: rig.bin}
		r.args = []string{
			"--config", filepath.Join(root, "examples", "acme-shop"), "--data-dir", t.TempDir(), "--http-addr", addr,
			"--temporal-address", srv.FrontendAddress(), "--namespace", srv.Namespace(), "--events-dsn", rig.eventsDSN,
			"--token-hashes", entry.String(), "--log-level", "warn",
		}
		r.c = &procClient{t: t, ctx: ctx, base: r.base, token: token, http: &http.Client{Timeout: time.Minute}}
		rig.reps[i] = r
	}
	begin := time.Now()
	var wg sync.WaitGroup
	for _, r := range rig.reps {
		wg.Go(func() { r.proc = r.launch(t) })
	}
	wg.Wait()
	for _, r := range rig.reps {
		if r.proc == nil {
			t.FailNow()
		}
		r.waitReady(t)
	}
	t.Logf("two replicas ready in %v", time.Since(begin).Round(time.Millisecond))
	return rig
}

// postgresTemporal starts, in the test's process, a Temporal server
// persisted on two new databases of cluster, with the ticket search
// attributes, stopped when the test ends; its warnings are shown if the
// test fails.
func postgresTemporal(ctx context.Context, t testing.TB, cluster *pgtest.Cluster) *embedded.Server {
	t.Helper()
	var serverLog lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("temporal server log:\n%s", lastLines([]byte(serverLog.String()), 40))
		}
	})
	begin := time.Now()
	srv, err := embedded.Start(ctx, embedded.Options{
		// Four connections per pool: the server's eight pools and two
		// daemons' stay within PostgreSQL's 100.
		Postgres:         &embedded.PostgresOptions{DSN: cluster.NewDatabase(t), VisibilityDSN: cluster.NewDatabase(t), MaxConns: 4},
		SearchAttributes: ticketwf.SearchAttributes(),
		Logger:           slog.New(slog.NewTextHandler(&serverLog, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if serr := srv.Stop(); serr != nil {
			t.Error(serr)
		}
	})
	t.Logf("temporal on postgresql at %s in %v", srv.FrontendAddress(), time.Since(begin).Round(time.Millisecond))
	return srv
}

// launch starts the replica's process; nil (the test failed) if it could
// not start.
func (r *replica) launch(t *testing.T) *process {
	r.starts++
	p, err := startProcess(t, r.bin, r.args, fmt.Sprintf("%s-%d", r.name, r.starts))
	if err != nil {
		t.Error(err)
		return nil
	}
	return p
}

// waitReady waits until the replica answers, then until it is ready.
func (r *replica) waitReady(t *testing.T) {
	t.Helper()
	waitHealthy(t, r.base, r.proc.exited)
	waitReady(t, r.base)
}

// terminate stops the replica as its supervisor does, with SIGTERM, and
// checks that it exits with code 0.
func (r *replica) terminate(t *testing.T) {
	t.Helper()
	if err := r.proc.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM %s: %v", r.name, err)
	}
	select {
	case r.proc.code = <-r.proc.exited:
		if r.proc.code != exitOK {
			t.Errorf("%s exited with code %d after SIGTERM, want 0", r.name, r.proc.code)
		}
	case <-time.After(time.Minute):
		t.Fatalf("%s did not stop within a minute of SIGTERM", r.name)
	}
}

// openOnce sends the opening of tk to the replica once and returns the
// ticket's id, or why it failed.
func (r *replica) openOnce(tk map[string]any) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if _, err := r.c.send(http.MethodPost, apiv1.PathTickets, tk, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", errors.New("opened without an id")
	}
	return out.ID, nil
}

// eventOnce sends ev to ticket id with an Idempotency-Key once.
func (r *replica) eventOnce(id string, ev ticketwf.Event, key string) (state, error) {
	var st state
	_, err := r.c.sendKeyed(http.MethodPost, "/v1/tickets/"+id+"/events", key, ev, &st)
	return st, err
}

// event sends ev to ticket id with an Idempotency-Key until it is
// acknowledged: a request whose answer was lost is sent again with the
// same key, which applies it once.
func (r *replica) event(t *testing.T, id string, ev ticketwf.Event, key string) state {
	deadline := time.Now().Add(driveTimeout)
	for attempt := 0; ; attempt++ {
		st, err := r.eventOnce(id, ev, key)
		if err == nil {
			return st
		}
		if !r.c.pause(fmt.Sprintf("ticket %s, %s on %s", id, ev.Kind, r.name), deadline, attempt, err) {
			return st
		}
	}
}

// replicaTickets are n example tickets, in turn, with external ids of
// prefix: idempotent opens.
func replicaTickets(t *testing.T, n int, prefix string) []map[string]any {
	out := make([]map[string]any, n)
	for i := range n {
		out[i] = readTicket(t, replicaTicketNames[i%len(replicaTicketNames)])
		out[i]["external_id"] = fmt.Sprintf("%s-%04d", prefix, i)
		delete(out[i], "id")
	}
	return out
}

// TestReplicas runs two supportopsd processes on one Temporal cluster
// persisted on PostgreSQL and one PostgreSQL event store, opens 200
// tickets through them in turn (eight at a time, each answered by an
// agent at once), kills one with SIGKILL once half are open, sends the
// rest, and every request that failed with it, to the survivor (a reply
// with the same Idempotency-Key), solves every ticket there, and checks
// the event store: each ticket's events once, seqs 1..n without a gap,
// routed and solved; and, replaying the agents' holds (routed,
// reassigned, reopened) and releases (solved, closed, merged) in time
// order, no agent ever had more tickets of a channel than their capacity
// for it in the configuration.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and runs two replicas of it on PostgreSQL under 200 tickets")
	}
	ctx, cancel := context.WithTimeout(t.Context(), replicaTestTimeout)
	defer cancel()
	rig := newReplicaRig(ctx, t)
	victim, survivor := rig.reps[0], rig.reps[1]

	const n = 200
	tickets := replicaTickets(t, n, "replica")
	ids := make([]string, n)
	var opened, failedOver atomic.Int64
	var dead atomic.Bool
	half, killed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(killed)
		select {
		case <-half:
		case <-ctx.Done():
			return
		}
		t.Logf("SIGKILL %s with %d tickets open and %d events in flight", victim.name, opened.Load(), victim.c.inFlight.Load())
		victim.proc.kill(t)
		dead.Store(true)
	}()
	reply := ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}
	begin := time.Now()
	parallel(n, func(i int) {
		r := rig.reps[i%2]
		if dead.Load() {
			r = survivor
		}
		id, err := r.openOnce(tickets[i])
		if err != nil && r == victim {
			failedOver.Add(1)
			r = survivor
			id = survivor.c.open(tickets[i])
		} else if err != nil {
			t.Errorf("open %v on %s: %v", tickets[i]["external_id"], r.name, err)
		}
		if id == "" {
			return
		}
		ids[i] = id
		if opened.Add(1) == n/2 {
			close(half)
		}
		key := "reply-" + id
		r.c.inFlight.Add(1)
		_, err = r.eventOnce(id, reply, key)
		r.c.inFlight.Add(-1)
		if err != nil && r == victim {
			failedOver.Add(1)
			survivor.event(t, id, reply, key)
		} else if err != nil {
			t.Errorf("reply to %s on %s: %v", id, r.name, err)
		}
	})
	<-killed
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("opened and answered %d tickets in %v; %d requests failed over to %s", n, time.Since(begin).Round(time.Millisecond), failedOver.Load(), survivor.name)
	if failedOver.Load() == 0 {
		t.Errorf("no request failed over: none was in flight on %s when it died", victim.name)
	}

	begin = time.Now()
	solved := ticketwf.Event{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved}
	parallel(n, func(i int) {
		st := survivor.event(t, ids[i], solved, "solved-"+ids[i])
		if st.Status != ticketwf.StatusSolved {
			t.Errorf("ticket %s: %s after solved, want solved", ids[i], st.Status)
		}
	})
	t.Logf("solved %d tickets on %s in %v", n, survivor.name, time.Since(begin).Round(time.Millisecond))
	if t.Failed() {
		t.FailNow()
	}
	checkReplicaEvents(ctx, t, rig.eventsDSN, ids, tickets)
}

// TestRollingRestart runs two supportopsd replicas on one Temporal
// cluster persisted on PostgreSQL under a steady load of ticket opens,
// sent in turn to each as a load balancer that honours GET /readyz does:
// to the other replica while one is not ready, and again to the other
// when one refuses or fails a request. Replica 1 is restarted (SIGTERM,
// its exit, a new process, ready again), then replica 2. No request may
// fail on both replicas, and every ticket opened exists afterwards.
func TestRollingRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and restarts two replicas of it on PostgreSQL under load")
	}
	ctx, cancel := context.WithTimeout(t.Context(), replicaTestTimeout)
	defer cancel()
	rig := newReplicaRig(ctx, t)

	// The balancer's view of each replica, from GET /readyz every 50 ms.
	var ready [2]atomic.Bool
	probeCtx, stopProbes := context.WithCancel(ctx)
	var probes sync.WaitGroup
	for i, r := range rig.reps {
		ready[i].Store(true)
		probes.Go(func() {
			hc := &http.Client{Timeout: time.Second}
			for probeCtx.Err() == nil {
				resp, err := rawRequest(probeCtx, hc, http.MethodGet, r.base+apiv1.PathReady, "", "", nil)
				ready[i].Store(err == nil && resp.code == http.StatusOK)
				select {
				case <-probeCtx.Done():
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	}

	// The load: four clients opening tickets in turn on each replica,
	// each pausing openPause after every open: a steady 15 or so opens a
	// second, which the workers keep up with on a busy 2-core machine.
	const maxTickets, openPause = 2000, 200 * time.Millisecond
	tickets := replicaTickets(t, maxTickets, "roll")
	var next, failed, failedOver, sent atomic.Int64
	var mu sync.Mutex
	var ids []string
	loadCtx, stopLoad := context.WithCancel(ctx)
	var load sync.WaitGroup
	for range 4 {
		load.Go(func() {
			for loadCtx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= maxTickets {
					return
				}
				first := i % 2
				if !ready[first].Load() && ready[1-first].Load() {
					first = 1 - first
				}
				sent.Add(1)
				id, err := rig.reps[first].openOnce(tickets[i])
				if err != nil {
					failedOver.Add(1)
					var err2 error
					if id, err2 = rig.reps[1-first].openOnce(tickets[i]); err2 != nil {
						failed.Add(1)
						t.Errorf("open %v failed on both replicas: %s: %v; %s: %v", tickets[i]["external_id"], rig.reps[first].name, err, rig.reps[1-first].name, err2)
						continue
					}
				}
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
				select {
				case <-loadCtx.Done():
				case <-time.After(openPause):
				}
			}
		})
	}
	// waitOpens waits until k more tickets are open.
	waitOpens := func(k int) {
		t.Helper()
		mu.Lock()
		target := len(ids) + k
		mu.Unlock()
		for {
			mu.Lock()
			have := len(ids)
			mu.Unlock()
			if have >= target {
				return
			}
			select {
			case <-ctx.Done():
				t.Fatalf("%d tickets open, want %d", have, target)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}

	begin := time.Now()
	waitOpens(20)
	for i, r := range rig.reps {
		step := time.Now()
		r.terminate(t)
		stopped := time.Since(step)
		if r.proc = r.launch(t); r.proc == nil {
			t.FailNow()
		}
		r.waitReady(t)
		t.Logf("restarted %s: stopped in %v, ready again in %v", r.name, stopped.Round(time.Millisecond), time.Since(step).Round(time.Millisecond))
		for !ready[i].Load() {
			time.Sleep(10 * time.Millisecond) // the balancer sees it too
		}
		waitOpens(20)
	}
	stopLoad()
	load.Wait()
	stopProbes()
	probes.Wait()
	t.Logf("%d opens sent in %v, %d failed over to the other replica, %d failed on both", sent.Load(), time.Since(begin).Round(time.Millisecond), failedOver.Load(), failed.Load())
	if failedOver.Load() == 0 {
		t.Log("no open failed over: every stop fell between requests")
	}

	// Every ticket opened exists: its workflow recorded its opening, and
	// either replica shows it.
	waitOpened(ctx, t, rig.eventsDSN, ids)
	for i := 0; i < len(ids); i += 50 {
		if st := rig.reps[i%2].c.state(ids[i]); st.Status == "" {
			t.Errorf("ticket %s: no state after the restarts", ids[i])
		}
	}
}

// waitOpened waits until the event store at dsn holds the opened event of
// every ticket of ids, and fails the test with the missing ones if it
// does not within the test's time.
func waitOpened(ctx context.Context, t *testing.T, dsn string, ids []string) {
	t.Helper()
	store, err := eventstore.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for {
		evs, lerr := store.List(ctx, eventstore.Filter{Types: []string{event.Opened}})
		if lerr != nil {
			t.Fatal(lerr)
		}
		opened := map[string]int{}
		for _, e := range evs {
			opened[e.Stream]++
		}
		var missing []string
		for _, id := range ids {
			if opened[id] != 1 {
				missing = append(missing, fmt.Sprintf("%s (%d)", id, opened[id]))
			}
		}
		if len(missing) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d tickets without exactly one opened event: %v", len(missing), len(ids), missing[:min(len(missing), 10)])
		case <-time.After(200 * time.Millisecond):
		}
	}
}
