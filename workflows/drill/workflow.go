package drill

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
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
		return edrill.Result{}, temporal.NewNonRetryableApplicationError(err.Error(), ErrBadInput, err)
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
	r.note(ctx, EntryStarted, "", r.in.Owner, fmt.Sprintf("%s run of %s (%s)", r.in.Mode, r.plan.ID, r.plan.Name))
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
	r.history = append(r.history, Entry{Seq: len(r.history) + 1, At: now, Elapsed: res.Elapsed, Type: EntryEnded,
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

// now is drill time: the start plus the wall time since, times the
// speed. Sped up, it is rounded to the millisecond, so that a wait of a
// whole number of milliseconds (see await) ends at exactly its time, and
// a sped-up run reports the times a run in real time would. Every time
// the run keeps is one of these, never workflow.Now itself.
func (r *run) now(ctx workflow.Context) time.Time {
	wall := workflow.Now(ctx).UTC()
	if r.speed == 1 {
		return wall
	}
	return r.start.Add(time.Duration(float64(wall.Sub(r.start)) * r.speed).Round(time.Millisecond))
}

// wall is the wall time a wait of d on the drill clock takes, rounded
// up, so that the drill clock has reached d when it ends.
func (r *run) wall(d time.Duration) time.Duration {
	if r.speed == 1 {
		return d
	}
	return time.Duration(math.Ceil(float64(d) / r.speed))
}

// await waits until cond holds or d passes on the drill clock, whichever
// comes first, and reports whether cond held; every timed wait of the run
// goes through it (or sleep).
func (r *run) await(ctx workflow.Context, d time.Duration, cond func() bool) (bool, error) {
	return workflow.AwaitWithTimeout(ctx, r.wall(d), cond)
}

// sleep waits for d on the drill clock.
func (r *run) sleep(ctx workflow.Context, d time.Duration) error {
	return workflow.Sleep(ctx, r.wall(d))
}

// clock is the drill clock at now (a drill time, see run.now): the time
// since the start less the pauses.
func (r *run) clock(now time.Time) time.Duration {
	d := now.Sub(r.start) - r.pausedFor
	if r.paused {
		d -= now.Sub(r.pausedAt)
	}
	return d
}

func (r *run) mark(ctx workflow.Context, by string) edrill.Mark {
	now := r.now(ctx)
	return edrill.Mark{At: now, Elapsed: r.clock(now), By: by}
}

// simulate draws the simulated participants' responses.
func (r *run) simulate(ctx workflow.Context) error {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
	})
	req := SimulateRequest{Plan: *r.plan, Simulation: *r.in.Simulation}
	if err := workflow.ExecuteLocalActivity(lctx, acts.Simulate, req).Get(ctx, &r.responses); err != nil {
		return fmt.Errorf("simulate the participants of drill %s: %w", r.in.ID, err)
	}
	var silent []string
	for _, resp := range r.responses {
		if resp.Silent {
			silent = append(silent, resp.Step)
		}
	}
	detail := fmt.Sprintf("seed %d; silent on: %s", r.in.Simulation.Seed, strings.Join(silent, ", "))
	if len(silent) == 0 {
		detail = fmt.Sprintf("seed %d; every participant answers", r.in.Simulation.Seed)
	}
	r.note(ctx, EntrySimulationDrawn, "", "", detail)
	return nil
}

// openTickets injects the scenario's synthetic tickets; a failure is
// recorded, and the drill goes on without them.
func (r *run) openTickets(ctx workflow.Context) {
	st := r.plan.Scenario.SyntheticTickets
	// The opener spreads the tickets over the scenario's period, at the
	// drill's speed, heartbeating as it goes.
	over, _ := time.ParseDuration(st.Over)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: r.wall(max(over, 0)) + time.Minute,
		HeartbeatTimeout:    4 * ticketsHeartbeat,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 5, MaximumInterval: time.Minute},
	})
	var res TicketsResult
	err := workflow.ExecuteActivity(actx, acts.OpenTickets, TicketsRequest{Drill: r.in.ID, Plan: r.plan.ID, Scenario: *r.plan.Scenario, Speed: r.in.Speed}).Get(ctx, &res)
	if err != nil {
		workflow.GetLogger(ctx).Warn("synthetic tickets not opened", "drill", r.in.ID, "error", err)
		r.note(ctx, EntryScenarioFailed, "", "", err.Error())
		return
	}
	r.note(ctx, EntryScenario, "", "", fmt.Sprintf("%d synthetic %s tickets on %s over %s: %d opened",
		st.Count, st.Category, st.Channel, st.Over, len(res.Tickets)))
}

// ready holds when every step step i waits for is done or skipped.
func (r *run) ready(i int) bool {
	for _, dep := range r.plan.Steps[i].After {
		if o, ok := r.stepOutcome(dep); !ok || !o.State.Settled() {
			return false
		}
	}
	return true
}

func (r *run) stepOutcome(step string) (*edrill.StepOutcome, bool) {
	i := r.index(step)
	if i < 0 {
		return nil, false
	}
	return &r.steps[i], true
}

func (r *run) index(step string) int {
	return slices.IndexFunc(r.plan.Steps, func(s edrill.Step) bool { return s.ID == step })
}

// point is a time on the drill clock a step waits for.
type point struct {
	at       time.Duration
	deadline bool // else a reminder, or an escalation
	// level (from 1) and rep (from 0) of the plan's escalation path, for
	// an escalation.
	level, rep int
}

// runStep runs step i: it waits for the steps before it, notifies the
// owner, and reminds (see firstReminder) and applies on_miss until the
// step is done or the drill ends. A reminder whose time comes with the
// deadline's (after a slow notification) is dropped.
func (r *run) runStep(ctx workflow.Context, i int) {
	if err := workflow.Await(ctx, func() bool { return r.ended || r.ready(i) }); err != nil || r.ended {
		return
	}
	s, o := r.plan.Steps[i], &r.steps[i]
	o.State = edrill.Notified
	o.Notified = r.mark(ctx, "")
	r.note(ctx, EntryNotified, s.ID, "", fmt.Sprintf("%s: %s, due at %s", r.who(s.Owner), s.Title, edrill.FormatDuration(s.Deadline)))
	for _, resp := range r.responses {
		if resp.Step == s.ID && !resp.Silent {
			workflow.Go(ctx, func(ctx workflow.Context) { r.participate(ctx, resp) })
		}
	}
	r.notify(ctx, Notification{Kind: NotifyStep, Step: s.ID, Role: s.Owner, Targets: r.targets(s.Owner),
		Message: fmt.Sprintf("%s: %s (%s) is yours, due %s into the %s", r.plan.Name, s.Title, s.ID, edrill.FormatDuration(s.Deadline), r.in.Mode)})

	var points []point
	if left := s.Deadline - o.Notified.Elapsed; left > 0 {
		for _, f := range []float64{firstReminder, secondReminder} {
			points = append(points, point{at: o.Notified.Elapsed + time.Duration(f*float64(left))})
		}
	}
	points = append(points, point{at: s.Deadline, deadline: true})
	if s.OnMiss == edrill.Escalate {
		// The levels of the plan's escalation path, from the deadline,
		// while the step is not done.
		var esc []point
		for li, l := range r.plan.Escalation {
			for k := 0; k <= l.Repeat; k++ {
				esc = append(esc, point{at: s.Deadline + l.After + time.Duration(k)*l.RepeatEvery, level: li + 1, rep: k})
			}
		}
		slices.SortStableFunc(esc, func(a, b point) int { return cmp.Compare(a.at, b.at) })
		points = append(points, esc...)
	}
	for len(points) > 0 {
		if r.ended || o.State.Settled() {
			return
		}
		epoch := r.epoch
		changed := func() bool { return r.ended || o.State.Settled() || r.epoch != epoch }
		if r.paused {
			if err := workflow.Await(ctx, changed); err != nil {
				return
			}
			continue
		}
		if left := points[0].at - r.clock(r.now(ctx)); left > 0 {
			woken, err := r.await(ctx, left, changed)
			if err != nil {
				return
			}
			if woken {
				continue
			}
		}
		p := points[0]
		points = points[1:]
		if r.ended || o.State.Settled() {
			return
		}
		switch {
		case p.deadline:
			r.miss(ctx, i)
		case p.level > 0:
			r.escalate(ctx, i, p.level, p.rep)
		case r.clock(r.now(ctx)) < s.Deadline:
			r.remind(ctx, i)
		}
	}
}

// remind reminds the owner of an open step.
func (r *run) remind(ctx workflow.Context, i int) {
	s, o := r.plan.Steps[i], &r.steps[i]
	o.Reminders++
	left := s.Deadline - r.clock(r.now(ctx))
	r.note(ctx, EntryReminded, s.ID, "", fmt.Sprintf("reminder %d to %s: %s left", o.Reminders, r.who(s.Owner), edrill.FormatDuration(left)))
	r.notify(ctx, Notification{Kind: NotifyReminder, Step: s.ID, Role: s.Owner, Targets: r.targets(s.Owner),
		Message: fmt.Sprintf("%s: %s (%s) is due in %s", r.plan.Name, s.Title, s.ID, edrill.FormatDuration(left))})
}

// miss applies on_miss to a step whose deadline passed.
func (r *run) miss(ctx workflow.Context, i int) {
	s, o := r.plan.Steps[i], &r.steps[i]
	o.Missed = r.mark(ctx, "")
	cmdr := r.plan.Commander
	switch s.OnMiss {
	case edrill.Skip:
		o.State = edrill.Skipped
		r.note(ctx, EntrySkipped, s.ID, "", fmt.Sprintf("not done by its %s deadline: skipped", edrill.FormatDuration(s.Deadline)))
		r.notify(ctx, Notification{Kind: NotifySkipped, Step: s.ID, Role: cmdr, Targets: r.targets(cmdr),
			Message: fmt.Sprintf("%s: %s (%s) missed its %s deadline and is skipped", r.plan.Name, s.Title, s.ID, edrill.FormatDuration(s.Deadline))})
		return
	case edrill.MarkLate, edrill.Escalate:
		o.State, o.Late = edrill.Late, true
		r.note(ctx, EntryLate, s.ID, "", fmt.Sprintf("not done by its %s deadline", edrill.FormatDuration(s.Deadline)))
	}
	if s.OnMiss != edrill.Escalate || len(r.plan.Escalation) > 0 {
		return // the path's levels escalate (see escalate)
	}
	e := edrill.Escalation{At: o.Missed.At, Targets: r.targets(cmdr), Path: r.plan.EscalationPath}
	o.Escalations = append(o.Escalations, e)
	detail := "to " + strings.Join(e.Targets, ", ")
	if e.Path != "" {
		detail += ", escalation path " + e.Path
	}
	r.note(ctx, EntryEscalated, s.ID, "", detail)
	r.notify(ctx, Notification{Kind: NotifyEscalation, Step: s.ID, Role: cmdr, Targets: e.Targets, EscalationPath: e.Path,
		Message: fmt.Sprintf("%s: %s (%s), owned by %s, missed its %s deadline", r.plan.Name, s.Title, s.ID, r.who(s.Owner), edrill.FormatDuration(s.Deadline))})
}

// escalate runs repetition rep of level (from 1) of the plan's
// escalation path for step i, which missed its deadline and is not done:
// the level's people (one per repetition on a round-robin level) are told.
// Every action of the level reaches them; a drill reassigns nothing.
func (r *run) escalate(ctx workflow.Context, i, level, rep int) {
	s, o := r.plan.Steps[i], &r.steps[i]
	l := r.plan.Escalation[level-1]
	e := edrill.Escalation{At: r.mark(ctx, "").At, Targets: l.Reach(rep), Path: r.plan.EscalationPath, Level: level, Repetition: rep}
	o.Escalations = append(o.Escalations, e)
	r.note(ctx, EntryEscalated, s.ID, "", fmt.Sprintf("level %d of escalation path %s (repetition %d): %s to %s",
		level, e.Path, rep, strings.Join(l.Actions, ", "), strings.Join(e.Targets, ", ")))
	r.notify(ctx, Notification{Kind: NotifyEscalation, Step: s.ID, Role: r.plan.Commander, Targets: e.Targets, EscalationPath: e.Path,
		Message: fmt.Sprintf("%s: %s (%s), owned by %s, is not done %s after its %s deadline (escalation level %d)", r.plan.Name, s.Title, s.ID,
			r.who(s.Owner), edrill.FormatDuration(r.clock(r.now(ctx))-s.Deadline), edrill.FormatDuration(s.Deadline), level)})
}

// participate plays a simulated participant's response to a step: the
// acknowledgement and the completion at their delays from the
// notification, through the validation and handling of real updates.
func (r *run) participate(ctx workflow.Context, resp edrill.Response) {
	s := r.plan.Steps[r.index(resp.Step)]
	by := r.people[s.Owner]
	if resp.AckAfter > 0 {
		if err := r.sleep(ctx, resp.AckAfter); err != nil {
			return
		}
	}
	ack := StepUpdate{Step: s.ID, By: by, Note: "simulated"}
	if r.validateAck(ack) == nil {
		r.acknowledge(ctx, ack)
	}
	if d := resp.DoneAfter - resp.AckAfter; d > 0 {
		if err := r.sleep(ctx, d); err != nil {
			return
		}
	}
	done := StepUpdate{Step: s.ID, By: by, Checked: s.Checklist}
	if r.validateDone(done) == nil {
		r.complete(ctx, done)
	}
}

// who names the person filling role, or the role.
func (r *run) who(role string) string {
	if p := r.people[role]; p != "" {
		return p + " (" + role + ")"
	}
	return role
}

// targets are the people to notify for role.
func (r *run) targets(role string) []string {
	if p := r.people[role]; p != "" {
		return []string{p}
	}
	return []string{"role:" + role}
}

// validateStep checks an acknowledgement or completion of a step before
// it enters the history.
func (r *run) validateStep(verb string, u StepUpdate, ok func(o edrill.StepOutcome) error) error {
	if r.ended {
		return fmt.Errorf("%s: drill %s has ended", verb, r.in.ID)
	}
	if u.By == "" {
		return fmt.Errorf("%s: who answers (by) is not given", verb)
	}
	i := r.index(u.Step)
	if i < 0 {
		ids := make([]string, len(r.plan.Steps))
		for k, s := range r.plan.Steps {
			ids[k] = s.ID
		}
		return fmt.Errorf("%s: unknown step %q (steps: %s)", verb, u.Step, strings.Join(ids, ", "))
	}
	s, o := r.plan.Steps[i], r.steps[i]
	switch o.State {
	case edrill.Pending:
		var waiting []string
		for _, dep := range s.After {
			if d, _ := r.stepOutcome(dep); !d.State.Settled() {
				waiting = append(waiting, dep)
			}
		}
		if len(waiting) > 0 {
			return fmt.Errorf("%s: step %s has not started; it waits for %s", verb, s.ID, strings.Join(waiting, ", "))
		}
		// Its owner is being notified this moment (the drill has just
		// started, or the step before was just done): the handler waits
		// for the step to start, then checks the answer again.
	case edrill.Skipped:
		return fmt.Errorf("%s: step %s was skipped at its deadline", verb, s.ID)
	case edrill.Done:
		return fmt.Errorf("%s: step %s is already done (by %s)", verb, s.ID, o.Done.By)
	}
	if holder := r.people[s.Owner]; holder != "" && u.By != holder && u.By != r.in.Owner && u.By != r.people[r.plan.Commander] {
		return fmt.Errorf("%s: %s does not hold the %s role of step %s (%s does); only they, the drill owner or the commander may answer it",
			verb, u.By, s.Owner, s.ID, holder)
	}
	for _, item := range u.Checked {
		if _, found := s.ChecklistItem(item); !found {
			return fmt.Errorf("%s: %q is not an item of the checklist of step %s (%d items)", verb, item, s.ID, len(s.Checklist))
		}
	}
	return ok(o)
}

func (r *run) validateAck(u StepUpdate) error {
	return r.validateStep("ack", u, func(o edrill.StepOutcome) error {
		if !o.Acknowledged.IsZero() {
			return fmt.Errorf("ack: step %s is already acknowledged (by %s)", o.Step, o.Acknowledged.By)
		}
		return nil
	})
}

func (r *run) validateDone(u StepUpdate) error {
	return r.validateStep("done", u, func(edrill.StepOutcome) error { return nil })
}

// validateControl checks that by may pause, resume or abort the drill.
func (r *run) validateControl(verb string, c Control) error {
	if r.ended {
		return fmt.Errorf("%s: drill %s has ended", verb, r.in.ID)
	}
	if c.By == "" || c.By != r.in.Owner && c.By != r.people[r.plan.Commander] {
		return fmt.Errorf("%s: only the drill owner (%s) or the commander (%s) may %s drill %s, not %q",
			verb, r.in.Owner, r.who(r.plan.Commander), verb, r.in.ID, c.By)
	}
	return nil
}

func (r *run) validateAbort(c Control) error {
	if err := r.validateControl("abort", c); err != nil {
		return err
	}
	if strings.TrimSpace(c.Reason) == "" {
		return errors.New("abort: give a reason")
	}
	return nil
}

func (r *run) validatePause(c Control) error {
	if err := r.validateControl("pause", c); err != nil {
		return err
	}
	if r.paused {
		return fmt.Errorf("pause: drill %s is paused already", r.in.ID)
	}
	return nil
}

func (r *run) validateResume(c Control) error {
	if err := r.validateControl("resume", c); err != nil {
		return err
	}
	if !r.paused {
		return fmt.Errorf("resume: drill %s is not paused", r.in.ID)
	}
	return nil
}

// acknowledge applies a validated acknowledgement.
func (r *run) acknowledge(ctx workflow.Context, u StepUpdate) {
	o := &r.steps[r.index(u.Step)]
	o.Acknowledged = r.mark(ctx, u.By)
	if o.State == edrill.Notified {
		o.State = edrill.Acknowledged
	}
	r.answer(ctx, o, u, EntryAcknowledged)
}

// complete applies a validated completion; a step not acknowledged is
// acknowledged by it.
func (r *run) complete(ctx workflow.Context, u StepUpdate) {
	i := r.index(u.Step)
	o := &r.steps[i]
	o.Done = r.mark(ctx, u.By)
	if o.Acknowledged.IsZero() {
		o.Acknowledged = o.Done
	}
	o.State = edrill.Done
	o.Late = o.Late || o.Done.Elapsed > r.plan.Steps[i].Deadline
	r.answer(ctx, o, u, EntryDone)
}

// answer records the notes and checklist items of an update, and its
// entry.
func (r *run) answer(ctx workflow.Context, o *edrill.StepOutcome, u StepUpdate, typ string) {
	s := r.plan.Steps[r.index(u.Step)]
	if len(u.Checked) > 0 {
		ticked := slices.Clone(o.Checked)
		for _, item := range u.Checked {
			text, _ := s.ChecklistItem(item)
			ticked = append(ticked, text)
		}
		// In the checklist's order, each once.
		o.Checked = slices.DeleteFunc(slices.Clone(s.Checklist), func(item string) bool { return !slices.Contains(ticked, item) })
	}
	if u.Note != "" {
		o.Notes = append(o.Notes, edrill.Note{At: r.now(ctx), By: u.By, Text: u.Note})
	}
	detail := u.Note
	if len(u.Checked) > 0 {
		detail = strings.TrimSpace(fmt.Sprintf("%s (checklist %d of %d)", detail, len(o.Checked), len(s.Checklist)))
	}
	r.note(ctx, typ, s.ID, u.By, detail)
}

func (r *run) onAck(ctx workflow.Context, u StepUpdate) (State, error) {
	if err := r.started(ctx, u, r.validateAck); err != nil {
		return State{}, err
	}
	r.acknowledge(ctx, u)
	return r.answered(ctx)
}

func (r *run) onDone(ctx workflow.Context, u StepUpdate) (State, error) {
	if err := r.started(ctx, u, r.validateDone); err != nil {
		return State{}, err
	}
	r.complete(ctx, u)
	return r.answered(ctx)
}

// started waits until the step an accepted answer is for has started (it
// may have been accepted while its owner was being notified), and checks
// the answer again if it had to wait.
func (r *run) started(ctx workflow.Context, u StepUpdate, validate func(StepUpdate) error) error {
	i := r.index(u.Step)
	if r.steps[i].State != edrill.Pending {
		return nil
	}
	// Answers that wait go on in the order they came: an ack and a done
	// sent together are applied in that order.
	turn := r.waiting
	r.waiting++
	defer func() { r.served++ }()
	if err := workflow.Await(ctx, func() bool { return (r.ended || r.steps[i].State != edrill.Pending) && r.served == turn }); err != nil {
		return err
	}
	return validate(u)
}

func (r *run) onAbort(ctx workflow.Context, c Control) (State, error) {
	r.outcome, r.abortBy, r.abortReason = edrill.Aborted, c.By, c.Reason
	r.note(ctx, EntryAborted, "", c.By, c.Reason)
	return r.answered(ctx)
}

func (r *run) onPause(ctx workflow.Context, c Control) (State, error) {
	r.paused, r.pausedAt = true, r.now(ctx)
	r.epoch++
	r.note(ctx, EntryPaused, "", c.By, c.Reason)
	return r.answered(ctx)
}

func (r *run) onResume(ctx workflow.Context, c Control) (State, error) {
	now := r.now(ctx)
	r.pausedFor += now.Sub(r.pausedAt)
	r.paused = false
	r.epoch++
	r.note(ctx, EntryResumed, "", c.By, fmt.Sprintf("after %s", edrill.FormatDuration(now.Sub(r.pausedAt))))
	return r.answered(ctx)
}

// answered returns the state once what an update did is in the event
// store.
func (r *run) answered(ctx workflow.Context) (State, error) {
	seq := len(r.history)
	if err := workflow.Await(ctx, func() bool { return r.recorded >= seq }); err != nil {
		return State{}, err
	}
	return r.state(r.now(ctx)), nil
}

// notify sends a notification; a failure is logged and recorded, not
// fatal.
func (r *run) notify(ctx workflow.Context, n Notification) {
	n.Drill, n.Plan, n.Mode = r.in.ID, r.plan.ID, r.in.Mode
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 5, MaximumInterval: time.Minute},
	})
	if err := workflow.ExecuteActivity(actx, acts.Notify, n).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("notification not delivered", "drill", r.in.ID, "kind", n.Kind, "error", err)
		r.note(ctx, EntryNotDelivered, n.Step, "", fmt.Sprintf("%s to %s: %v", n.Kind, strings.Join(n.Targets, ", "), err))
	}
}

// note adds an entry to the history, to be recorded by the main loop;
// once the run has ended (its last entry holds the result) nothing more
// is added.
func (r *run) note(ctx workflow.Context, typ, step, actor, detail string) {
	if r.ended {
		return
	}
	now := r.now(ctx)
	r.history = append(r.history, Entry{Seq: len(r.history) + 1, At: now, Elapsed: r.clock(now), Type: typ, Step: step, Actor: actor, Detail: detail})
}

// flush records the history entries not yet in the event store.
func (r *run) flush(ctx workflow.Context) error {
	if r.recorded >= len(r.history) {
		return nil
	}
	entries := slices.Clone(r.history[r.recorded:])
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		// Retried until it lands: events are not lost.
		RetryPolicy: &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	if err := workflow.ExecuteActivity(actx, acts.Record, RecordRequest{Drill: r.in.ID, Mode: r.in.Mode, Entries: entries}).Get(ctx, nil); err != nil {
		return fmt.Errorf("record events of drill %s: %w", r.in.ID, err)
	}
	r.recorded = max(r.recorded, entries[len(entries)-1].Seq)
	return nil
}

// status is the run's status.
func (r *run) status() string {
	switch {
	case r.outcome != "":
		return string(r.outcome)
	case r.paused:
		return StatusPaused
	}
	return StatusRunning
}

// state is the query's view of the drill at now.
func (r *run) state(now time.Time) State {
	elapsed := r.clock(now)
	paused := r.pausedFor
	if r.paused {
		paused += now.Sub(r.pausedAt)
	}
	st := State{
		Drill: r.in.ID, Plan: r.plan.ID, PlanName: r.plan.Name, Mode: r.in.Mode, Owner: r.in.Owner, Simulated: r.in.Simulation != nil,
		Assignments: r.assignments(), Status: r.status(), StartedAt: r.start, Speed: r.speed, Elapsed: elapsed, Paused: paused,
		TimeLimit: r.plan.TimeLimit, AbortedBy: r.abortBy, AbortReason: r.abortReason, History: slices.Clone(r.history),
		AbortConditions: slices.Clone(r.plan.AbortConditions),
	}
	for i, s := range r.plan.Steps {
		ss := StepState{StepOutcome: r.steps[i], Title: s.Title, Deadline: s.Deadline}
		if !r.paused && !r.ended && !ss.State.Settled() {
			ss.Due = now.UTC().Add(s.Deadline - elapsed)
		}
		st.Steps = append(st.Steps, ss)
	}
	return st
}

// assignments is a copy of who fills which role.
func (r *run) assignments() map[string]string {
	out := make(map[string]string, len(r.people))
	for _, role := range r.roles() {
		if p, ok := r.people[role]; ok {
			out[role] = p
		}
	}
	return out
}

// result is the run's result, ended at now.
func (r *run) result(now time.Time) edrill.Result {
	res := edrill.Result{
		Drill: r.in.ID, Plan: r.plan.ID, PlanName: r.plan.Name, Mode: r.in.Mode, Simulated: r.in.Simulation != nil,
		Owner: r.in.Owner, Assignments: r.assignments(), StartedAt: r.start, EndedAt: now, Elapsed: r.clock(now),
		Paused: r.pausedFor, Outcome: r.outcome, AbortedBy: r.abortBy, AbortReason: r.abortReason, Steps: slices.Clone(r.steps),
	}
	return edrill.Evaluate(r.plan, res)
}
