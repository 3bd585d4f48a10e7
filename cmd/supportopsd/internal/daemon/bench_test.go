package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil/pgtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// lifecycleConcurrency is how many tickets run at once in the benchmarks.
const lifecycleConcurrency = 16

// BenchmarkLifecycle measures whole ticket lifecycles on the embedded
// server: open (routing, SLA terms), an agent's reply, solved, a rating,
// closed, and the workflow's end (a reopen window of a millisecond), 16 at
// a time. BenchmarkBareWorkflow runs, on the same kind of server, a workflow
// with as many activities and updates and no logic: the limit the ticket
// workflow is held to (target ≥ 0.7× of it, and ≥ 50 lifecycles/s).
func BenchmarkLifecycle(b *testing.B) { benchLifecycle(b, benchDaemon(b)) }

// BenchmarkLifecyclePostgres is BenchmarkLifecycle on a Temporal server
// persisted on PostgreSQL, with the events in PostgreSQL too.
func BenchmarkLifecyclePostgres(b *testing.B) { benchLifecycle(b, benchPostgresDaemons(b, 1)...) }

// BenchmarkLifecycleTwoReplicas is BenchmarkLifecyclePostgres with two
// daemons on the one server and event store, each opening and driving
// every other ticket, and both running workers.
func BenchmarkLifecycleTwoReplicas(b *testing.B) {
	benchLifecycle(b, benchPostgresDaemons(b, 2)...)
}

// benchLifecycle runs the lifecycles of BenchmarkLifecycle through the
// daemons ds in turn.
func benchLifecycle(b *testing.B, ds ...*Daemon) {
	tk := readTicketBench(b)
	var seq atomic.Int64
	runConcurrently(b, func(ctx context.Context) error {
		n := seq.Add(1)
		d := ds[int(n)%len(ds)]
		t := tk
		t.ID = fmt.Sprintf("B-%d-%d", time.Now().UnixNano(), n)
		t.ExternalID = t.ID
		version, _, _ := d.versions.Current()
		// As the API opens tickets: with the search attributes, which
		// the workflow keeps current.
		in := ticketwf.Input{Ticket: t, Config: version, ReopenWindow: time.Millisecond, SearchAttributes: true}
		run, err := d.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: ticketwf.WorkflowID(t.ID), TaskQueue: ticketwf.TaskQueue,
			TypedSearchAttributes: ticketwf.InitialSearchAttributes(in)}, ticketwf.WorkflowName, in)
		if err != nil {
			return err
		}
		svc := &tickets{c: d.client, versions: d.versions}
		for _, ev := range []ticketwf.Event{
			{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true},
			{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved},
			{Kind: ticketwf.EventCSAT, Rating: 5},
		} {
			if _, err := svc.Event(ctx, t.ID, ev, ""); err != nil {
				return err
			}
		}
		return run.Get(ctx, nil)
	})
}

// bareActivities is the number of activities of the lifecycle above: route,
// plan, record (five times: intake, reply, solved, rating, close) and the
// survey's notification.
const bareActivities = 8

func bareWorkflow(ctx workflow.Context) error {
	opts := workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second}
	ctx = workflow.WithActivityOptions(ctx, opts)
	updates := 0
	if err := workflow.SetUpdateHandler(ctx, "event", func(ctx workflow.Context, _ ticketwf.Event) error {
		updates++
		return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), bareActivity).Get(ctx, nil)
	}); err != nil {
		return err
	}
	for range bareActivities - 3 {
		if err := workflow.ExecuteActivity(ctx, bareActivity).Get(ctx, nil); err != nil {
			return err
		}
	}
	return workflow.Await(ctx, func() bool { return updates == 3 && workflow.AllHandlersFinished(ctx) })
}

func bareActivity(context.Context) error { return nil }

func BenchmarkBareWorkflow(b *testing.B) { benchBare(b, benchDaemon(b)) }

// BenchmarkBareWorkflowPostgres is BenchmarkBareWorkflow on a Temporal
// server persisted on PostgreSQL.
func BenchmarkBareWorkflowPostgres(b *testing.B) { benchBare(b, benchPostgresDaemons(b, 1)...) }

// BenchmarkBareWorkflowTwoReplicas is BenchmarkBareWorkflowPostgres with
// a worker on each of two daemons' clients, the workflows started and
// updated through them in turn.
func BenchmarkBareWorkflowTwoReplicas(b *testing.B) { benchBare(b, benchPostgresDaemons(b, 2)...) }

// benchBare runs the bare workflows of BenchmarkBareWorkflow, with a
// worker on each daemon's client, through the daemons ds in turn.
func benchBare(b *testing.B, ds ...*Daemon) {
	for _, d := range ds {
		w := worker.New(d.client, "bare", worker.Options{})
		w.RegisterWorkflowWithOptions(bareWorkflow, workflow.RegisterOptions{Name: "bare"})
		w.RegisterActivity(bareActivity)
		if err := w.Start(); err != nil {
			b.Fatal(err)
		}
		defer w.Stop()
	}
	var seq atomic.Int64
	runConcurrently(b, func(ctx context.Context) error {
		n := seq.Add(1)
		c := ds[int(n)%len(ds)].client
		id := fmt.Sprintf("bare-%d-%d", time.Now().UnixNano(), n)
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "bare"}, "bare")
		if err != nil {
			return err
		}
		for range 3 {
			h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "event",
				Args: []any{ticketwf.Event{}}, WaitForStage: client.WorkflowUpdateStageCompleted})
			if err != nil {
				return err
			}
			if err := h.Get(ctx, nil); err != nil {
				return err
			}
		}
		return run.Get(ctx, nil)
	})
}

func benchDaemon(b *testing.B) *Daemon {
	b.Helper()
	d := startDaemon(b, example, filepath.Join(b.TempDir(), "data"))
	b.Cleanup(func() { d.Stop(context.Background()) })
	return d
}

// benchPostgresDaemons starts a PostgreSQL cluster, a Temporal server
// persisted on it (postgresTemporal) and n daemons on that server and one
// event store database of the cluster, all stopped when b ends.
func benchPostgresDaemons(b *testing.B, n int) []*Daemon {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cluster := pgtest.StartCluster(b)
	srv := postgresTemporal(ctx, b, cluster)
	events := cluster.NewDatabase(b)
	var buf lockedBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	b.Cleanup(func() {
		if b.Failed() {
			b.Logf("daemon errors:\n%s", buf.String())
		}
	})
	ds := make([]*Daemon, n)
	for i := range ds {
		d, err := Start(ctx, Options{Config: example, DataDir: b.TempDir(), HTTPAddr: "127.0.0.1:0",
			TemporalAddress: srv.FrontendAddress(), Namespace: srv.Namespace(), EventsDSN: events}, log)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Stop(context.Background()) })
		ds[i] = d
	}
	return ds
}

func readTicketBench(b *testing.B) tkt.Ticket {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(example, "tickets", "abusive-customer.json"))
	if err != nil {
		b.Fatal(err)
	}
	var t tkt.Ticket
	if err := json.Unmarshal(data, &t); err != nil {
		b.Fatal(err)
	}
	return t
}

// runConcurrently runs b.N calls of f, lifecycleConcurrency at a time, and
// reports their rate.
func runConcurrently(b *testing.B, f func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Warm up: the first runs pay for caches and connections.
	for range 4 {
		if err := f(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	var next atomic.Int64
	errs := make(chan error, lifecycleConcurrency)
	start := time.Now()
	for range lifecycleConcurrency {
		go func() {
			for next.Add(1) <= int64(b.N) {
				if err := f(ctx); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range lifecycleConcurrency {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "lifecycles/s")
}
