package ticket

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/sla"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// clockRun is one SLA clock of a running ticket. While it runs, points
// holds the instants of its pending warnings and of its target, computed
// on its calendar from the time already counted.
type clockRun struct {
	spec sla.Clock
	cs   ClockState
	// since is when the clock last started or resumed.
	since  time.Time
	points []point
	// cancelEscalation stops the escalation of a breach once the clock
	// is met.
	cancelEscalation workflow.CancelFunc
	// escalating is the escalation of the clock's breach while it runs.
	escalating *Escalating
	// retired marks a stopped clock of SLA terms that new terms
	// replaced without it: kept in the state and the result, no longer
	// found by its metric.
	retired bool
}

// point is a pending deadline of a clock: a warning or the target.
type point struct {
	at  time.Time
	due bool
}

// counting holds while the clock runs or is paused.
func (c *clockRun) counting() bool { return c.cs.State == ClockRunning || c.cs.State == ClockPaused }

// start (re)starts the clock at the beginning.
func (c *clockRun) start(ctx workflow.Context, r *run, at time.Time) error {
	c.stopEscalation()
	c.cs.State, c.cs.Elapsed, c.cs.Warnings, c.cs.Breached, c.cs.MetAt = ClockRunning, 0, 0, false, time.Time{}
	c.since = at
	return c.schedule(ctx, r)
}

// pause stops the clock, keeping the time counted.
func (c *clockRun) pause(ctx workflow.Context, r *run, at time.Time) error {
	e, err := r.elapsed(ctx, c.spec.Calendar, c.since, at)
	if err != nil {
		return err
	}
	c.cs.Elapsed += e
	c.cs.State, c.cs.Due, c.points = ClockPaused, time.Time{}, nil
	return nil
}

// resume runs a paused (or met, on reopen) clock again from the time
// counted.
func (c *clockRun) resume(ctx workflow.Context, r *run, at time.Time) error {
	c.cs.State, c.cs.MetAt = ClockRunning, time.Time{}
	c.since = at
	return c.schedule(ctx, r)
}

// met stops the clock because its goal was reached.
func (c *clockRun) met(ctx workflow.Context, r *run, at time.Time) error {
	if c.cs.State == ClockRunning {
		e, err := r.elapsed(ctx, c.spec.Calendar, c.since, at)
		if err != nil {
			return err
		}
		c.cs.Elapsed += e
	}
	c.stopEscalation()
	c.cs.State, c.cs.MetAt, c.cs.Due, c.points = ClockMet, at, time.Time{}, nil
	r.noteData(ctx, event.SLAMet, "", fmt.Sprintf("%s met after %s (target %s)", c.spec.Metric, c.cs.Elapsed, c.spec.Target),
		tkt.EntryData{Metric: c.spec.Metric, TargetSeconds: c.spec.Target.Seconds()})
	return nil
}

// stop ends a clock that no longer applies (the ticket was solved).
func (c *clockRun) stop() {
	if !c.counting() {
		return
	}
	c.stopEscalation()
	c.cs.State, c.cs.Due, c.points = ClockStopped, time.Time{}, nil
}

// halt stops the clock like stop, counting the time it ran up to at.
func (c *clockRun) halt(ctx workflow.Context, r *run, at time.Time) error {
	if err := c.count(ctx, r, at); err != nil {
		return err
	}
	c.stop()
	return nil
}

// count adds to a running clock the time it ran up to at, and counts on
// from at; a clock that does not run it leaves alone.
func (c *clockRun) count(ctx workflow.Context, r *run, at time.Time) error {
	if c.cs.State != ClockRunning {
		return nil
	}
	e, err := r.elapsed(ctx, c.spec.Calendar, c.since, at)
	if err != nil {
		return err
	}
	c.cs.Elapsed += e
	c.since = at
	return nil
}

// rearm moves the clock to spec, a new target for its metric, at at. It
// keeps its state and the time counted (counted on the old calendar up to
// at, on the new one from then); a running clock is scheduled against the
// new target, so one already past it breaches at once, while a met or
// stopped clock stays so. The new target's warnings the clock has already
// passed are not given late. A breach already recorded stays recorded,
// and its escalation runs on: the customer waited that long. The clock
// then pauses or runs as the new spec's pause statuses say for status.
func (c *clockRun) rearm(ctx workflow.Context, r *run, at time.Time, spec sla.Clock, status string) error {
	if err := c.count(ctx, r, at); err != nil {
		return err
	}
	c.spec = spec
	c.cs.Target, c.cs.Calendar = spec.Target, spec.Calendar
	if !c.counting() {
		return nil
	}
	c.cs.Warnings = 0
	for _, w := range spec.Warnings {
		if w <= c.cs.Elapsed {
			c.cs.Warnings++
		}
	}
	pauses := slices.Contains(spec.PauseStatuses, status)
	switch {
	case c.cs.State == ClockRunning && pauses:
		c.cs.State, c.cs.Due, c.points = ClockPaused, time.Time{}, nil
		return nil
	case c.cs.State == ClockPaused && !pauses:
		return c.resume(ctx, r, at)
	case c.cs.State == ClockRunning:
		return c.schedule(ctx, r)
	}
	return nil
}

func (c *clockRun) stopEscalation() {
	if c.cancelEscalation != nil {
		c.cancelEscalation()
		c.cancelEscalation = nil
	}
	c.escalating = nil
}

// schedule computes the instants of the clock's pending warnings and
// target from now on.
func (c *clockRun) schedule(ctx workflow.Context, r *run) error {
	type pending struct {
		offset time.Duration
		due    bool
	}
	var ps []pending
	for _, w := range c.spec.Warnings[min(c.cs.Warnings, len(c.spec.Warnings)):] {
		ps = append(ps, pending{offset: max(w-c.cs.Elapsed, 0)})
	}
	if !c.cs.Breached {
		ps = append(ps, pending{offset: max(c.spec.Target-c.cs.Elapsed, 0), due: true})
	}
	offsets := make([]time.Duration, len(ps))
	for i, p := range ps {
		offsets[i] = p.offset
	}
	ats, err := r.times(ctx, c.spec.Calendar, c.since, offsets)
	if err != nil {
		return err
	}
	c.points = c.points[:0]
	c.cs.Due = time.Time{}
	for i, p := range ps {
		c.points = append(c.points, point{at: ats[i], due: p.due})
		if p.due {
			c.cs.Due = ats[i]
		}
	}
	return nil
}

// times is from plus each offset on the calendar ("" = wall clock).
func (r *run) times(ctx workflow.Context, calendar string, from time.Time, offsets []time.Duration) ([]time.Time, error) {
	if calendar == "" {
		out := make([]time.Time, len(offsets))
		for i, o := range offsets {
			out[i] = from.Add(o)
		}
		return out, nil
	}
	var out []time.Time
	req := TimesRequest{Config: r.in.Config, Calendar: calendar, From: from, Offsets: offsets}
	if err := workflow.ExecuteLocalActivity(localCtx(ctx), acts.Times, req).Get(ctx, &out); err != nil {
		return nil, fmt.Errorf("compute SLA times on calendar %s: %w", calendar, err)
	}
	return out, nil
}

// elapsed is the time counted on the calendar between from and to.
func (r *run) elapsed(ctx workflow.Context, calendar string, from, to time.Time) (time.Duration, error) {
	if calendar == "" {
		return max(to.Sub(from), 0), nil
	}
	var out time.Duration
	req := ElapsedRequest{Config: r.in.Config, Calendar: calendar, From: from, To: to}
	if err := workflow.ExecuteLocalActivity(localCtx(ctx), acts.Elapsed, req).Get(ctx, &out); err != nil {
		return 0, fmt.Errorf("compute SLA time elapsed on calendar %s: %w", calendar, err)
	}
	return out, nil
}

func localCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
}
