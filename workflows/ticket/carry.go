package ticket

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/sla"
)

// continueVersion gates continuing a ticket's workflow as new once its run
// has grown long: Temporal ends a workflow whose history passes 51,200
// events or 50 MB, and a ticket that lives for months, or that one agent
// floods with events, must not end that way.
const continueVersion = "continue-as-new"

// Limits of one run of a ticket's workflow. A run continues as new once it
// has added maxRunEntries history entries, once its Temporal history has
// maxRunEvents events or maxRunBytes bytes, or when the server suggests it (well below the
// server's hard limits of 51,200 events and 50 MB in every case: an event
// costs the run about seven history events).
const (
	maxRunEntries = 2000
	maxRunEvents  = 20000
	// carriedEntries is how many of the last history entries the next run
	// keeps in its state; the event store keeps them all.
	carriedEntries = 100
	// maxRunBytes is the history size at which a run continues as new.
	maxRunBytes = 8 << 20
	// answerEntries is how many of the last history entries the answer
	// to an event (UpdateEvent) carries.
	answerEntries = 20
)

// Carry is what a ticket's workflow hands to the run that continues it.
type Carry struct {
	// State is the ticket's state, with the last history entries.
	State State `json:"state"`
	// Seq is the number of history entries so far; Runs the number of
	// runs so far.
	Seq  int `json:"seq"`
	Runs int `json:"runs"`
	// Replied holds once an agent has replied to the customer.
	Replied bool `json:"replied,omitempty"`
	// Terms are the ticket's SLA terms; "plan" is their name in the
	// recorded inputs of runs, from before they were called terms.
	Terms  TermsResult  `json:"plan"`
	Clocks []CarryClock `json:"clocks,omitempty"`
	// CSATDue and ReopenUntil bound the waits after solve and close.
	CSATDue     time.Time `json:"csat_due,omitzero"`
	ReopenUntil time.Time `json:"reopen_until,omitzero"`
	// Performance holds on tickets started since performanceVersion.
	Performance bool `json:"performance,omitempty"`
}

// CarryClock is an SLA clock as a run hands it on.
type CarryClock struct {
	Spec  sla.Clock  `json:"spec"`
	State ClockState `json:"state"`
	Since time.Time  `json:"since,omitzero"`
	// Points are the pending warnings (Due false) and target (Due true).
	Points []CarryPoint `json:"points,omitempty"`
	// Retired marks a clock new SLA terms replaced.
	Retired bool `json:"retired,omitempty"`
	// Escalating is the running escalation of the clock's breach.
	Escalating *Escalating `json:"escalating,omitempty"`
}

// CarryPoint is a pending deadline of a clock.
type CarryPoint struct {
	At  time.Time `json:"at"`
	Due bool      `json:"due,omitempty"`
}

// mayContinue holds when the run should continue as new and can now:
// every event received is applied and answered, everything noted is
// recorded, and no escalation is in the middle of a level.
func (r *run) mayContinue(ctx workflow.Context) bool {
	if !r.continues {
		return false
	}
	info := workflow.GetInfo(ctx)
	long := r.seq-r.firstSeq >= maxRunEntries || info.GetCurrentHistoryLength() >= maxRunEvents ||
		info.GetCurrentHistorySize() >= maxRunBytes || info.GetContinueAsNewSuggested()
	if !long || r.applied < len(r.queue) || len(r.unrecorded) > 0 || r.flushing || r.recorded < r.seq {
		return false
	}
	for _, c := range r.clocks {
		if c.escalating != nil && c.escalating.acting {
			return false
		}
	}
	if workflow.GetSignalChannel(ctx, SignalMerged).Len() > 0 {
		return false
	}
	return workflow.AllHandlersFinished(ctx)
}

// continueAsNew ends the run with the error that starts the next one on
// the ticket's state.
func (r *run) continueAsNew(ctx workflow.Context) error {
	st := r.state()
	st.History = st.History[max(len(st.History)-carriedEntries, 0):]
	c := &Carry{
		State: st, Seq: r.seq, Runs: r.runs + 1, Replied: r.replied, Terms: r.terms,
		CSATDue: r.csatDue, ReopenUntil: r.reopenUntil, Performance: r.perf,
	}
	for _, cr := range r.clocks {
		cc := CarryClock{Spec: cr.spec, State: cr.cs, Since: cr.since, Retired: cr.retired}
		for _, p := range cr.points {
			cc.Points = append(cc.Points, CarryPoint{At: p.at, Due: p.due})
		}
		if e := cr.escalating; e != nil && e.Level < len(e.Levels) {
			esc := *e
			cc.Escalating = &esc
		}
		c.Clocks = append(c.Clocks, cc)
	}
	in := r.in
	in.Carry = c
	workflow.GetLogger(ctx).Info("ticket continues as new", "ticket", r.st.Ticket.ID, "entries", r.seq, "runs", c.Runs)
	return workflow.NewContinueAsNewError(ctx, WorkflowName, in)
}

// takeOver starts a run on the state a previous run carried, with its
// clocks' deadlines and escalations. Everything it carried is recorded.
func (r *run) takeOver(ctx workflow.Context, c Carry) {
	r.st = c.State
	r.st.HistoryTotal = 0
	r.seq, r.firstSeq, r.recorded, r.runs = c.Seq, c.Seq, c.Seq, c.Runs
	r.replied, r.terms, r.csatDue, r.reopenUntil = c.Replied, c.Terms, c.CSATDue, c.ReopenUntil
	// A continued run is of the workflow's current code.
	r.local, r.serial, r.continues = true, true, true
	// It takes performance events when the ticket's first run did.
	r.perf, r.versioned = c.Performance, true
	for _, cc := range c.Clocks {
		cr := &clockRun{spec: cc.Spec, cs: cc.State, since: cc.Since, retired: cc.Retired}
		for _, p := range cc.Points {
			cr.points = append(cr.points, point{at: p.At, due: p.Due})
		}
		r.clocks = append(r.clocks, cr)
		if cc.Escalating != nil {
			r.escalateFrom(ctx, cr, cc.Escalating)
		}
	}
}
