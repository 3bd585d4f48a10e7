package drill

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
)

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
	r.note(ctx, event.DrillStepNotified, s.ID, "", fmt.Sprintf("%s: %s, due at %s", r.who(s.Owner), s.Title, edrill.FormatDuration(s.Deadline)))
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
	r.note(ctx, event.DrillStepReminded, s.ID, "", fmt.Sprintf("reminder %d to %s: %s left", o.Reminders, r.who(s.Owner), edrill.FormatDuration(left)))
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
		r.note(ctx, event.DrillStepSkipped, s.ID, "", fmt.Sprintf("not done by its %s deadline: skipped", edrill.FormatDuration(s.Deadline)))
		r.notify(ctx, Notification{Kind: NotifySkipped, Step: s.ID, Role: cmdr, Targets: r.targets(cmdr),
			Message: fmt.Sprintf("%s: %s (%s) missed its %s deadline and is skipped", r.plan.Name, s.Title, s.ID, edrill.FormatDuration(s.Deadline))})
		return
	case edrill.MarkLate, edrill.Escalate:
		o.State, o.Late = edrill.Late, true
		r.note(ctx, event.DrillStepLate, s.ID, "", fmt.Sprintf("not done by its %s deadline", edrill.FormatDuration(s.Deadline)))
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
	r.note(ctx, event.DrillStepEscalated, s.ID, "", detail)
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
	r.note(ctx, event.DrillStepEscalated, s.ID, "", fmt.Sprintf("level %d of escalation path %s (repetition %d): %s to %s",
		level, e.Path, rep, strings.Join(l.Actions, ", "), strings.Join(e.Targets, ", ")))
	r.notify(ctx, Notification{Kind: NotifyEscalation, Step: s.ID, Role: r.plan.Commander, Targets: e.Targets, EscalationPath: e.Path,
		Message: fmt.Sprintf("%s: %s (%s), owned by %s, is not done %s after its %s deadline (escalation level %d)", r.plan.Name, s.Title, s.ID,
			r.who(s.Owner), edrill.FormatDuration(r.clock(r.now(ctx))-s.Deadline), edrill.FormatDuration(s.Deadline), level)})
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
		r.note(ctx, event.DrillNotificationFailed, n.Step, "", fmt.Sprintf("%s to %s: %v", n.Kind, strings.Join(n.Targets, ", "), err))
	}
}
