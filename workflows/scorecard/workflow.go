package scorecard

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/kpi"
)

// Activity timeouts and retries. Computing a month of a large center
// reads and folds every event: minutes, not seconds; it heartbeats every
// computeHeartbeat, so that a worker that died computing is noticed
// within computeHeartbeatTimeout, not at the end of computeTimeout.
const (
	computeTimeout          = 15 * time.Minute
	computeHeartbeat        = 5 * time.Second
	computeHeartbeatTimeout = 6 * computeHeartbeat
	notifyTimeout           = time.Minute
	resolveTimeout          = 10 * time.Second
	retryInitial            = time.Second
	retryMaximum            = time.Minute
)

// Workflow closes in.Period: the Compute activity builds, approves and
// stores its scorecard unless the period was closed before, and the
// recipients of its awards are notified when this run stored it. Run
// under WorkflowID(in.Period), closing a period again is a duplicate; a
// run that finds the period closed changes nothing.
func Workflow(ctx workflow.Context, in Input) (Result, error) {
	if _, err := kpi.ParsePeriod(in.Period, time.UTC); err != nil {
		return Result{}, temporal.NewNonRetryableApplicationError(fmt.Sprintf("close period: %v", err), event.ErrBadInput, nil)
	}
	retry := &temporal.RetryPolicy{InitialInterval: retryInitial, MaximumInterval: retryMaximum,
		NonRetryableErrorTypes: []string{event.ErrBadInput}}
	cctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: computeTimeout,
		HeartbeatTimeout: computeHeartbeatTimeout, RetryPolicy: retry})
	var c Computed
	if err := workflow.ExecuteActivity(cctx, acts.Compute, in).Get(ctx, &c); err != nil {
		return Result{}, err
	}
	res := Result{Period: in.Period, Created: c.Created, Awards: len(c.Awards)}
	for _, aw := range c.Awards {
		if aw.Approval != nil {
			res.Approvals++
		}
	}
	if !c.Created {
		return res, nil
	}
	nctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: notifyTimeout, RetryPolicy: retry})
	futures := make([]workflow.Future, len(c.Awards))
	for i, aw := range c.Awards {
		futures[i] = workflow.ExecuteActivity(nctx, acts.Notify, Notification{Period: in.Period, Award: aw})
	}
	for i, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			// A recipient not told is logged; the period is closed.
			workflow.GetLogger(ctx).Warn("award notification failed", "period", in.Period, "recipient", c.Awards[i].Recipient, "error", err)
			continue
		}
		res.Notified++
	}
	return res, nil
}

// ScheduledWorkflow is what a period kind's schedule starts at each
// period's end: it names the period that just ended at the schedule's
// nominal time, in the center's time zone (ResolvePeriod), and closes
// it as a child Workflow under WorkflowID(period). A period closed before
// (on demand, or by a schedule that fired twice) is not closed again.
func ScheduledWorkflow(ctx workflow.Context, in ScheduledInput) (Result, error) {
	nominal := workflow.GetInfo(ctx).WorkflowStartTime
	key := temporal.NewSearchAttributeKeyTime(scheduledStartAttribute)
	if t, ok := workflow.GetTypedSearchAttributes(ctx).GetTime(key); ok {
		nominal = t
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: resolveTimeout,
		RetryPolicy: &temporal.RetryPolicy{NonRetryableErrorTypes: []string{event.ErrBadInput}}})
	var period string
	if err := workflow.ExecuteActivity(actx, acts.ResolvePeriod, in, nominal).Get(ctx, &period); err != nil {
		return Result{}, err
	}
	child := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: WorkflowID(period), TaskQueue: TaskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
	})
	var res Result
	err := workflow.ExecuteChildWorkflow(child, WorkflowName, Input{Period: period}).Get(ctx, &res)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return Result{Period: period}, nil
	}
	return res, err
}
