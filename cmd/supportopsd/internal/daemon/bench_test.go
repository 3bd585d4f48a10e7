package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	tkt "github.com/supportops/supportops/engine/ticket"
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
func BenchmarkLifecycle(b *testing.B) {
	d := benchDaemon(b)
	tk := readTicketBench(b)
	var seq atomic.Int64
	runConcurrently(b, func(ctx context.Context) error {
		t := tk
		t.ID = fmt.Sprintf("B-%d-%d", time.Now().UnixNano(), seq.Add(1))
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

func BenchmarkBareWorkflow(b *testing.B) {
	d := benchDaemon(b)
	w := worker.New(d.client, "bare", worker.Options{})
	w.RegisterWorkflowWithOptions(bareWorkflow, workflow.RegisterOptions{Name: "bare"})
	w.RegisterActivity(bareActivity)
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	var seq atomic.Int64
	runConcurrently(b, func(ctx context.Context) error {
		id := fmt.Sprintf("bare-%d-%d", time.Now().UnixNano(), seq.Add(1))
		run, err := d.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "bare"}, "bare")
		if err != nil {
			return err
		}
		for range 3 {
			h, err := d.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "event",
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
