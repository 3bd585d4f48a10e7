package ticket

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/event"
	"go.temporal.io/sdk/workflow"
)

// Escalating is where the escalation of a breached clock stands: the
// path's levels as they were when the clock breached, the breach, and the
// level and repetition to run next. A run that continues the ticket
// (continue-as-new) takes it up there.
type Escalating struct {
	Levels   []Escalation `json:"levels"`
	BreachAt time.Time    `json:"breach_at"`
	Level    int          `json:"level"`
	Repeat   int          `json:"repeat"`
	// acting holds while a level's actions run; the ticket does not
	// continue as new in the middle of them.
	acting bool
}

// escalate runs the escalation path of a breached clock in the background
// until the clock is met or the path ends.
func (r *run) escalate(ctx workflow.Context, c *clockRun) {
	levels := r.terms.Escalations[c.spec.EscalationPath]
	if len(levels) == 0 {
		return
	}
	r.escalateFrom(ctx, c, &Escalating{Levels: levels, BreachAt: c.cs.Due})
}

// escalateFrom runs the escalation e of clock c from its next level and
// repetition on, in the background.
func (r *run) escalateFrom(ctx workflow.Context, c *clockRun, e *Escalating) {
	gctx, cancel := workflow.WithCancel(ctx)
	c.cancelEscalation = cancel
	c.escalating = e
	workflow.Go(gctx, func(ctx workflow.Context) {
		defer func() {
			if c.escalating == e {
				c.escalating = nil
			}
		}()
		for i := e.Level; i < len(e.Levels); i++ {
			l := e.Levels[i]
			k0 := 0
			if i == e.Level {
				k0 = e.Repeat
			}
			for k := k0; k <= l.Repeat; k++ {
				e.Level, e.Repeat = i, k
				at := e.BreachAt.Add(l.After + time.Duration(k)*l.RepeatEvery)
				if d := at.Sub(workflow.Now(ctx)); d > 0 {
					if err := workflow.Sleep(ctx, d); err != nil {
						return // the clock was met
					}
				}
				if !r.levelApplies(ctx, c, l) {
					break
				}
				e.acting = true
				done := r.runLevel(ctx, c, l, i, k)
				e.acting = false
				if done {
					return
				}
			}
			e.Repeat = 0
		}
		e.Level = len(e.Levels)
	})
}

// runLevel carries out repetition k of level i of a breached clock's
// escalation; it holds when the escalation ends there.
func (r *run) runLevel(ctx workflow.Context, c *clockRun, l Escalation, i, k int) bool {
	r.st.Escalation = max(r.st.Escalation, i+1)
	who := escalationTargets(l, k)
	r.note(ctx, event.Escalated, "", fmt.Sprintf("%s, level %d: %s to %s (%s)", c.spec.Metric, i+1, strings.Join(l.Actions, ", "), strings.Join(who, ", "), strings.Join(l.Targets, ", ")))
	for _, a := range l.Actions {
		switch a {
		case "reassign":
			if err := r.reassignOnEscalation(ctx, c, l, i, k); err != nil {
				workflow.GetLogger(ctx).Error("reassign on escalation", "ticket", r.st.Ticket.ID, "error", err)
			}
		case "raise_priority":
			r.raisePriority(ctx)
			if c.retired {
				// The new SLA terms have no such clock, and its
				// escalation ends here; what it noted is recorded.
				dctx, cancel := workflow.NewDisconnectedContext(ctx)
				if err := r.flush(dctx); err != nil {
					workflow.GetLogger(ctx).Error("record escalation", "ticket", r.st.Ticket.ID, "error", err)
				}
				cancel()
				return true
			}
		default: // notify, page and any other action reach the targets
			r.notify(ctx, a, who, fmt.Sprintf("ticket %s: %s breached; escalation level %d", r.st.Ticket.ID, c.spec.Metric, i+1))
		}
	}
	if err := r.flush(ctx); err != nil {
		workflow.GetLogger(ctx).Error("record escalation", "ticket", r.st.Ticket.ID, "error", err)
	}
	return false
}

// levelApplies holds when an escalation level's conditions fit the
// ticket now: its priority, and whether it is within working hours on the
// clock's calendar.
func (r *run) levelApplies(ctx workflow.Context, c *clockRun, l Escalation) bool {
	if len(l.Priorities) > 0 && !slices.Contains(l.Priorities, r.st.Priority) {
		return false
	}
	if l.WorkingHours == nil {
		return true
	}
	inHours := true // a wall-clock SLA has no closed hours
	if c.spec.Calendar != "" {
		now := workflow.Now(ctx)
		e, err := r.elapsed(ctx, c.spec.Calendar, now, now.Add(time.Minute))
		if err != nil {
			workflow.GetLogger(ctx).Error("check working hours for escalation", "ticket", r.st.Ticket.ID, "error", err)
			return false
		}
		inHours = e > 0
	}
	return inHours == *l.WorkingHours
}

// raisePriority moves the ticket one priority level up, if the terms'
// priorities are known and it is not at the top, and selects its SLA
// terms again;
// a failure is logged, not fatal.
func (r *run) raisePriority(ctx workflow.Context) {
	p := r.st.Priority
	if len(p) == 2 && p[0] == 'P' && p[1] > '1' && p[1] <= '9' {
		if err := r.setPriority(ctx, workflow.Now(ctx).UTC(), fmt.Sprintf("P%c", p[1]-1), "", " (escalation)"); err != nil {
			workflow.GetLogger(ctx).Error("raise priority on escalation", "ticket", r.st.Ticket.ID, "error", err)
		}
	}
}
