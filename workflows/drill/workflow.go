package drill

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
)

// Reminders go out at these fractions of the time a step has left when
// its owner is notified (on the drill clock), while it is not done: at 50%
// and at 80%. A step notified at or after its deadline gets none.
const (
	firstReminder  = 0.5
	secondReminder = 0.8
)

// Workflow runs one emergency plan, as a drill or live.
//
// The steps run as a graph: each starts when every step it waits for is
// done or skipped, so independent steps run in parallel. A starting step's
// owner is notified; reminders follow (see firstReminder) until the step is
// done. Owners answer with UpdateAck and UpdateDone, noting what they did
// and which checklist items they ticked. When a deadline passes first, the
// step's on_miss applies: escalate (the default) tells the person holding
// the commander role, naming the plan's escalation path, and marks the step
// late; late only marks it; both keep waiting for it. Skip gives it up, and
// the steps after it go ahead.
//
// Deadlines count on the drill clock, from the start. UpdatePause stops
// it: deadlines, reminders and the plan's time limit wait, while answers
// are still taken (at the paused clock) and steps still start, and
// simulated participants, like people, keep answering; UpdateResume runs
// it on, every deadline moved by the pause. UpdateAbort ends the run at
// once.
//
// Input.Speed runs a drill faster than real time. Drill time is the start
// plus the wall time since, times Speed (see run.now); every wait
// (deadlines, reminders, the time limit, simulated participants' delays)
// takes 1/Speed of its drill time (see run.await), and every time the
// state, the history and the result hold is drill time, the drill clock
// being drill time since the start less the pauses. A drill run at Speed
// 60 so reports the times the same drill run in real time would.
//
// The run ends when every step is done or skipped, when it is aborted, or
// when the plan's time limit passes on the drill clock. It returns the
// engine/drill Result, with the score and action items, which is also
// recorded with the drill's events (one per entry of the history, see
// Activities.Record).
//
// In drill mode a plan with synthetic tickets in its scenario has them
// opened at the start (Activities.OpenTickets). With Input.Simulation the
// responses of simulated participants are drawn once, by a local activity
// (Activities.Simulate), and each is applied at its time through the same
// path as a person's update; a silent participant never answers.
func Workflow(ctx workflow.Context, in Input) (edrill.Result, error) {
	if in.ID == "" {
		// A scheduled run: its input is the same every time, and the
		// schedule gives each run its own workflow id.
		in.ID = strings.TrimPrefix(workflow.GetInfo(ctx).WorkflowExecution.ID, WorkflowID(""))
	}
	if err := checkInput(in); err != nil {
		return edrill.Result{}, temporal.NewNonRetryableApplicationError(err.Error(), event.ErrBadInput, err)
	}
	r := newRun(ctx, in)
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.state(r.now(ctx)), nil }); err != nil {
		return edrill.Result{}, fmt.Errorf("register state query: %w", err)
	}
	updates := []struct {
		name      string
		handler   any
		validator any
	}{
		{UpdateAck, r.onAck, r.validateAck},
		{UpdateDone, r.onDone, r.validateDone},
		{UpdateAbort, r.onAbort, r.validateAbort},
		{UpdatePause, r.onPause, r.validatePause},
		{UpdateResume, r.onResume, r.validateResume},
	}
	for _, u := range updates {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler, workflow.UpdateHandlerOptions{Validator: u.validator}); err != nil {
			return edrill.Result{}, fmt.Errorf("register %s update: %w", u.name, err)
		}
	}
	return r.run(ctx)
}

// checkInput refuses an input the workflow cannot run.
func checkInput(in Input) error {
	var errs []error
	if in.ID == "" {
		errs = append(errs, errors.New("no drill id"))
	}
	if in.Mode != edrill.ModeDrill && in.Mode != edrill.ModeLive {
		errs = append(errs, fmt.Errorf("mode %q is not drill or live", in.Mode))
	}
	if err := in.Plan.Validate(); err != nil {
		errs = append(errs, err)
	}
	if s := in.Speed; s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		errs = append(errs, fmt.Errorf("speed %v is not a positive number (0 for real time)", s))
	}
	if in.Simulation != nil {
		// Validate ranges over the roles in sorted order: deterministic.
		//workflowcheck:ignore
		if err := in.Simulation.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("simulation: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("start drill %s: %w", in.ID, err)
	}
	return nil
}

// run is the state of one drill workflow.
type run struct {
	// waiting counts the answers that had to wait for their step to
	// start, served those that went on (see started).
	waiting, served int
	in              Input
	plan            *edrill.Plan
	// people maps roles to the people filling them.
	people map[string]string
	// start is when the run started, in wall time and drill time alike;
	// speed is Input.Speed, 1 for real time.
	start time.Time
	speed float64
	steps []edrill.StepOutcome // in plan order
	// paused since pausedAt; pausedFor is the time of the pauses before.
	paused    bool
	pausedAt  time.Time
	pausedFor time.Duration
	// epoch changes at every pause and resume, waking the deadline waits.
	epoch int
	// outcome is set when the run ends; ended once it has.
	outcome              edrill.Outcome
	abortBy, abortReason string
	ended                bool
	history              []Entry
	// recorded is the seq of the last entry in the event store.
	recorded  int
	responses []edrill.Response
}

func newRun(ctx workflow.Context, in Input) *run {
	r := &run{in: in, plan: &in.Plan, people: map[string]string{}, start: workflow.Now(ctx).UTC(), speed: in.Speed, history: []Entry{}}
	if r.speed == 0 {
		r.speed = 1
	}
	for _, role := range r.roles() {
		switch person, ok := in.Assignments[role]; {
		case ok && person != "":
			r.people[role] = person
		case in.Simulation != nil:
			r.people[role] = "sim-" + role
		}
	}
	for _, s := range r.plan.Steps {
		r.steps = append(r.steps, edrill.StepOutcome{Step: s.ID, Owner: s.Owner, Assignee: r.people[s.Owner], State: edrill.Pending})
	}
	return r
}

// roles are the plan's roles, the commander and the steps' owners, each
// once, in that order.
func (r *run) roles() []string { return r.plan.AllRoles() }

func (r *run) run(ctx workflow.Context) (edrill.Result, error) {
	if err := workflow.UpsertMemo(ctx, map[string]any{MemoPlan: r.plan.ID, MemoMode: r.in.Mode, MemoOwner: r.in.Owner,
		MemoSimulated: r.in.Simulation != nil, MemoSpeed: r.speed}); err != nil {
		return edrill.Result{}, fmt.Errorf("keep the memo of drill %s: %w", r.in.ID, err)
	}
	r.note(ctx, event.DrillStarted, "", r.in.Owner, fmt.Sprintf("%s run of %s (%s)", r.in.Mode, r.plan.ID, r.plan.Name))
	if r.in.Simulation != nil {
		if err := r.simulate(ctx); err != nil {
			return edrill.Result{}, err
		}
	}
	for i := range r.plan.Steps {
		workflow.Go(ctx, func(ctx workflow.Context) { r.runStep(ctx, i) })
	}
	if sc := r.plan.Scenario; r.in.Mode == edrill.ModeDrill && sc != nil && sc.SyntheticTickets != nil {
		// Alongside the steps: retries of the ticket opener hold up no
		// step.
		workflow.Go(ctx, r.openTickets)
	}
	for {
		if err := r.flush(ctx); err != nil {
			return edrill.Result{}, err
		}
		now := r.now(ctx)
		switch {
		case r.outcome != "":
		case r.settled():
			r.outcome = edrill.Completed
		case !r.paused && r.clock(now) >= r.plan.TimeLimit:
			r.outcome = edrill.TimedOut
		}
		if r.outcome != "" {
			break
		}
		epoch := r.epoch
		wake := func() bool {
			return len(r.history) > r.recorded || r.outcome != "" || r.settled() || r.epoch != epoch
		}
		var err error
		if r.paused {
			err = workflow.Await(ctx, wake)
		} else {
			_, err = r.await(ctx, r.plan.TimeLimit-r.clock(now), wake)
		}
		if err != nil {
			return edrill.Result{}, err
		}
	}
	now := r.now(ctx)
	if r.paused {
		r.pausedFor += now.Sub(r.pausedAt)
		r.paused = false
	}
	r.ended = true
	r.overdue(now)
	res := r.result(now)
	r.history = append(r.history, Entry{Seq: len(r.history) + 1, At: now, Elapsed: res.Elapsed, Type: event.DrillEnded,
		Detail: fmt.Sprintf("%s, score %.1f", res.Outcome, res.Score.Total), Result: &res})
	if err := r.flush(ctx); err != nil {
		return edrill.Result{}, err
	}
	if err := workflow.UpsertMemo(ctx, map[string]any{MemoOutcome: res.Outcome, MemoScore: res.Score.Total}); err != nil {
		return edrill.Result{}, fmt.Errorf("keep the outcome of drill %s: %w", r.in.ID, err)
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return edrill.Result{}, err
	}
	return res, nil
}

// overdue marks late (or skipped) the open steps whose deadline has
// passed by now without their own wait noticing (it ends at the same
// instant as the run), so that the result does not depend on which timer
// fired first.
func (r *run) overdue(now time.Time) {
	for i, s := range r.plan.Steps {
		o := &r.steps[i]
		if (o.State == edrill.Notified || o.State == edrill.Acknowledged) && s.Deadline <= r.clock(now) {
			o.State, o.Late = edrill.Late, true
			if s.OnMiss == edrill.Skip {
				o.State, o.Late = edrill.Skipped, false
			}
			o.Missed = edrill.Mark{At: now, Elapsed: r.clock(now)}
		}
	}
}

// settled holds when every step is done or skipped.
func (r *run) settled() bool {
	return !slices.ContainsFunc(r.steps, func(o edrill.StepOutcome) bool { return !o.State.Settled() })
}
