package daemon

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	scorecardwf "github.com/supportops/supportops/workflows/scorecard"
)

// startScorecardWorker starts the period close's worker: its two
// workflows and their activities, which compute from the event store
// through r, store the scorecards there and notify through the daemon's
// notifier.
func (d *Daemon) startScorecardWorker(r *reports) error {
	d.scorecardWorker = worker.New(d.client, scorecardwf.TaskQueue, worker.Options{WorkerStopTimeout: workerStopTimeout})
	d.scorecardWorker.RegisterWorkflowWithOptions(scorecardwf.Workflow, workflow.RegisterOptions{Name: scorecardwf.WorkflowName})
	d.scorecardWorker.RegisterWorkflowWithOptions(scorecardwf.ScheduledWorkflow, workflow.RegisterOptions{Name: scorecardwf.ScheduledWorkflowName})
	d.scorecardWorker.RegisterActivity(&scorecardwf.Activities{
		Source: closeSource{r}, Store: r.store(), Notifier: awardNotifier{d.notifier},
	})
	if err := d.scorecardWorker.Start(); err != nil {
		return fmt.Errorf("start scorecard worker: %w", err)
	}
	return nil
}

// syncCloseSchedules makes the period close's schedules match the
// running configuration and logs what it did; a failure is logged, not
// fatal: the periods can still be closed on demand.
func (d *Daemon) syncCloseSchedules(ctx context.Context) {
	_, snap, _ := d.versions.Current()
	if snap == nil {
		return
	}
	rep, err := syncCloseSchedules(ctx, d.client, snap.Config)
	if err != nil {
		d.log.Error("sync the period close schedules", "error", err)
		return
	}
	d.log.Info("period close schedules synced", "created", rep.Created, "updated", rep.Updated, "deleted", rep.Deleted, "unchanged", rep.Unchanged)
}
