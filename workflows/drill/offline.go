package drill

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/eventstore"
)

// Offline runs one drill to its end in this process, on the Temporal SDK's
// time-skipping environment instead of a server: the same workflow code a
// daemon runs, with notifications dropped, events kept in memory and no
// synthetic tickets. With in.Simulation the simulated participants answer;
// without it nobody does and the drill runs out its time limit. A drill of
// hours ends in milliseconds, so CI can rehearse every plan on each change
// (supportops drill simulate). start is the drill's start on its clock.
func Offline(ctx context.Context, in Input, start time.Time) (edrill.Result, error) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	if deadline, ok := ctx.Deadline(); ok {
		env.SetTestTimeout(time.Until(deadline))
	}
	env.RegisterWorkflowWithOptions(Workflow, workflow.RegisterOptions{Name: WorkflowName})
	env.RegisterActivity(&Activities{Notifier: dropNotes{}, Events: &memEvents{}, Tickets: noTickets{}})
	env.ExecuteWorkflow(WorkflowName, in)
	if !env.IsWorkflowCompleted() {
		return edrill.Result{}, fmt.Errorf("rehearse plan %s offline: the drill did not end", in.Plan.ID)
	}
	if err := env.GetWorkflowError(); err != nil {
		return edrill.Result{}, fmt.Errorf("rehearse plan %s offline: %w", in.Plan.ID, err)
	}
	var res edrill.Result
	if err := env.GetWorkflowResult(&res); err != nil {
		return edrill.Result{}, fmt.Errorf("read the result of plan %s: %w", in.Plan.ID, err)
	}
	return res, nil
}

// dropNotes drops notifications: nobody is paged by a rehearsal.
type dropNotes struct{}

func (dropNotes) Notify(context.Context, Notification) error { return nil }

// memEvents keeps a rehearsal's events in memory.
type memEvents struct{ eventstore.Memory }

// all are the events kept, by time and id (in the order of the history).
func (m *memEvents) all() []eventstore.Event { return m.All() }

// noTickets opens no synthetic tickets: there is no ticket system offline.
type noTickets struct{}

func (noTickets) OpenDrillTickets(context.Context, TicketsRequest) ([]string, error) { return nil, nil }
