package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The sweep of the PostgreSQL board's holds whose tickets' workflows have
// ended without releasing them (terminated by an operator, timed out,
// failed): each such hold takes a place of its agent's capacity on its
// channel for good. The board in memory needs none: it is rebuilt at
// start from the running tickets.
const (
	// sweepMargin is how old a hold must be before the sweep judges it:
	// visibility trails a workflow's start and end by seconds, so a
	// younger hold's workflow may be running and not listed yet.
	sweepMargin = 5 * time.Minute
	// sweepInterval is how often a worker replica sweeps, after once at
	// start.
	sweepInterval = 15 * time.Minute
)

// heldBoard is what the sweep needs of the agent load board
// (pgstate.Board).
type heldBoard interface {
	// HeldBefore returns the tickets whose hold was made before before.
	HeldBefore(ctx context.Context, before time.Time) ([]string, error)
	// Release drops a ticket's hold; a ticket without one is no error.
	Release(ctx context.Context, ticket string) error
}

// ticketRuns tells whose ticket workflows run (temporalRuns).
type ticketRuns interface {
	// Running returns the tickets whose workflows run, as visibility
	// lists them.
	Running(ctx context.Context) (map[string]bool, error)
	// Ended says whether the ticket's workflow has ended, from the
	// workflow's own state rather than visibility.
	Ended(ctx context.Context, ticket string) (bool, error)
}

// sweeper releases the holds of tickets whose workflows no longer run.
//
// Several replicas sweeping at once are harmless: Release is idempotent,
// and a ticket released twice lowers its agent's load once. The holds
// swept are those of the daemon's namespace: replicas that share a
// database share a namespace.
type sweeper struct {
	board heldBoard
	runs  ticketRuns
	log   *slog.Logger
	now   func() time.Time
}

// sweep releases the hold of every ticket held since more than margin ago
// whose workflow visibility does not list as running and which has ended:
// a workflow that continued as new may be missing from the running ones
// for a moment, so each ticket the listing leaves out is described before
// its hold goes. It returns the tickets released, sorted. A listing that
// fails releases nothing; a ticket that cannot be described or released
// keeps its hold until the next sweep, and the sweep goes on with the
// others and returns their errors joined.
func (s *sweeper) sweep(ctx context.Context, margin time.Duration) ([]string, error) {
	// The holds first: the workflow of a hold made before the margin, if
	// it runs, is listed by now.
	held, err := s.board.HeldBefore(ctx, s.now().Add(-margin))
	if err != nil || len(held) == 0 {
		return nil, err
	}
	running, err := s.runs.Running(ctx)
	if err != nil {
		return nil, err
	}
	var released []string
	var errs []error
	for _, ticket := range held {
		if running[ticket] {
			continue
		}
		ended, derr := s.runs.Ended(ctx, ticket)
		if derr != nil {
			errs = append(errs, derr)
			continue
		}
		if !ended {
			continue
		}
		if rerr := s.board.Release(ctx, ticket); rerr != nil {
			errs = append(errs, rerr)
			continue
		}
		released = append(released, ticket)
	}
	return released, errors.Join(errs...)
}

// run sweeps once and logs how many holds it released, the tickets at
// debug level; a sweep that Stop cuts short is not logged.
func (s *sweeper) run(ctx context.Context, margin time.Duration) {
	released, err := s.sweep(ctx, margin)
	if len(released) > 0 {
		s.log.Debug("agent holds of ended tickets released", "tickets", released)
	}
	switch {
	case ctx.Err() != nil:
	case err != nil:
		s.log.Warn("sweep the agent holds of ended tickets", "released", len(released), "error", err)
	default:
		s.log.Info("agent holds of ended tickets swept", "released", len(released))
	}
}

// loop sweeps at once and then every interval until ctx ends.
func (s *sweeper) loop(ctx context.Context, margin, interval time.Duration) {
	s.run(ctx, margin)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.run(ctx, margin)
		}
	}
}

// startSweep starts the sweep of a daemon that runs the workers, when it
// uses the PostgreSQL board and visibility lists the tickets (searchable);
// it runs in the background, so readiness does not wait for it, until
// Stop.
func (d *Daemon) startSweep(namespace string, searchable bool) {
	if d.state == nil {
		return
	}
	if !searchable {
		d.log.Warn("the agent holds of tickets whose workflows ended unreleased will not be swept: the ticket workflows cannot be listed")
		return
	}
	d.sweeper = &sweeper{board: d.state.Board(), runs: temporalRuns{c: d.client, namespace: namespace}, log: d.log, now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	d.stopSweep = func() {
		cancel()
		<-done
	}
	go func() {
		defer close(done)
		d.sweeper.loop(ctx, sweepMargin, sweepInterval)
	}()
}

// temporalRuns tells whose ticket workflows run in a namespace.
type temporalRuns struct {
	c         client.Client
	namespace string
}

// Running lists the running ticket workflows, page by page, by ticket id.
func (r temporalRuns) Running(ctx context.Context) (map[string]bool, error) {
	query := fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running'", ticketwf.WorkflowName)
	running := map[string]bool{}
	var token []byte
	for {
		resp, err := r.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: r.namespace, PageSize: 1000, NextPageToken: token, Query: query})
		if err != nil {
			return nil, fmt.Errorf("list the running tickets: %w", err)
		}
		for _, info := range resp.GetExecutions() {
			running[strings.TrimPrefix(info.GetExecution().GetWorkflowId(), ticketwf.WorkflowID(""))] = true
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return running, nil
		}
	}
}

// Ended says whether the ticket's workflow (its latest run) is not
// running; one that no longer exists (past the namespace's retention) has
// ended.
func (r temporalRuns) Ended(ctx context.Context, ticket string) (bool, error) {
	desc, err := r.c.DescribeWorkflowExecution(ctx, ticketwf.WorkflowID(ticket), "")
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("describe the workflow of ticket %s: %w", ticket, err)
	}
	return desc.GetWorkflowExecutionInfo().GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, nil
}
