package ticket

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/sla"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// Defaults of Input.
const (
	defaultCSATWait     = 72 * time.Hour
	defaultReopenWindow = 7 * 24 * time.Hour
)

// Workflow runs one ticket from intake to close: it routes the ticket,
// runs the SLA clocks of its terms, escalates breaches, applies the events
// of agents and customers (UpdateEvent), waits for the CSAT survey after
// the ticket is solved, and ends when a closed ticket can no longer be
// reopened.
func Workflow(ctx workflow.Context, in Input) (Result, error) {
	if in.CSATWait <= 0 {
		in.CSATWait = defaultCSATWait
	}
	if in.ReopenWindow <= 0 {
		in.ReopenWindow = defaultReopenWindow
	}
	r := &run{in: in, st: State{
		Ticket: in.Ticket, Config: in.Config, Status: StatusOpen, Priority: in.Ticket.Priority,
		OpenedAt: workflow.Now(ctx).UTC(), History: []Entry{},
	}}
	carried := in.Carry != nil
	if carried {
		r.takeOver(ctx, *in.Carry)
		r.in.Carry = nil
	}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.state(), nil }); err != nil {
		return Result{}, fmt.Errorf("register state query: %w", err)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateEvent, r.onEvent,
		workflow.UpdateHandlerOptions{Validator: r.validate}); err != nil {
		return Result{}, fmt.Errorf("register event update: %w", err)
	}
	var res Result
	var err error
	if carried {
		res, err = r.loop(ctx)
	} else {
		res, err = r.run(ctx)
	}
	var cont *workflow.ContinueAsNewError
	if err != nil && !errors.As(err, &cont) {
		// The ticket ends here: say so where operators look.
		workflow.GetLogger(ctx).Error("ticket workflow failed", "ticket", in.Ticket.ID, "error", err)
	}
	return res, err
}

// run is the state of one ticket workflow.
type run struct {
	in     Input
	st     State
	clocks []*clockRun
	terms  TermsResult

	// queue holds the events received by updates; applied counts those
	// done, and errs holds why an accepted event could not be applied.
	queue   []Event
	applied int
	errs    map[int]error
	// acting is the event being applied: the entries its actor adds say
	// whom they acted for (Entry.OnBehalfOf).
	acting *Event

	// unrecorded are history entries not yet in the event store;
	// recorded is the seq of the last entry that is.
	unrecorded []Entry
	recorded   int
	// csatDue and reopenUntil bound the waits after solve and close.
	csatDue, reopenUntil time.Time
	// searched are the search attribute values last upserted; nil
	// before the first upsert.
	searched *searchValues
	// local runs the in-process activities (routing, SLA terms, approval,
	// event recording) as local activities; tickets started before that
	// change keep regular ones (see localActivitiesVersion).
	local bool
	// serial records one batch at a time, each saying where the history
	// ends and fenced by the workflow task (see serialRecordVersion);
	// flushing holds while a batch is being recorded.
	serial, flushing bool
	// seq is the number of history entries of the ticket, over all its
	// runs (a run holds the last of them in st.History); replied holds
	// once an agent has replied to the customer.
	seq     int
	replied bool
	// continues lets the ticket continue as new when its run's history
	// grows long (see continueVersion); runs counts the runs before this
	// one, and firstSeq is the seq this run started at.
	continues bool
	runs      int
	firstSeq  int
	// perf takes the performance events and records entries' data (see
	// performanceVersion); versioned holds once the run knows its
	// versions. A new ticket's first workflow task runs the validator of
	// an event sent with the start before run asks GetVersion.
	perf, versioned bool
}

// localActivitiesVersion gates running the in-process activities as local
// activities: each regular activity costs the server three history events
// and two task dispatches, a local one a marker.
const localActivitiesVersion = "local-activities"

// serialRecordVersion gates recording the history one batch at a time,
// each batch saying how many entries the history has and fenced by the
// workflow task that records it: a local activity writes to the event
// store before its workflow task completes, so a task lost to a crash can
// leave entries that the history never holds; the next recording replaces
// them, and removes those beyond the history's end.
const serialRecordVersion = "serial-record"

func (r *run) run(ctx workflow.Context) (Result, error) {
	r.local = workflow.GetVersion(ctx, localActivitiesVersion, workflow.DefaultVersion, 1) == 1
	r.serial = workflow.GetVersion(ctx, serialRecordVersion, workflow.DefaultVersion, 1) == 1
	r.continues = workflow.GetVersion(ctx, continueVersion, workflow.DefaultVersion, 1) == 1
	r.perf = workflow.GetVersion(ctx, performanceVersion, workflow.DefaultVersion, 1) == 1
	r.versioned = true
	r.noteData(ctx, event.Opened, "", fmt.Sprintf("%s via %s", r.st.Ticket.Subject, r.st.Ticket.Channel), r.openedData())
	if err := r.route(ctx, false); err != nil {
		return Result{}, err
	}
	if err := r.selectTerms(ctx); err != nil {
		return Result{}, err
	}
	for _, c := range r.clocks {
		if c.spec.Metric == sla.FirstReply || c.spec.Metric == sla.Resolution {
			if err := c.start(ctx, r, r.st.OpenedAt); err != nil {
				return Result{}, err
			}
		}
	}
	return r.loop(ctx)
}

// loop applies events and handles deadlines until the ticket ends, or
// continues it as new when its run's history has grown long.
func (r *run) loop(ctx workflow.Context) (Result, error) {
	for {
		if err := r.flush(ctx); err != nil {
			return Result{}, err
		}
		if r.finished(ctx) {
			break
		}
		if r.mayContinue(ctx) {
			return Result{}, r.continueAsNew(ctx)
		}
		if err := r.wait(ctx); err != nil {
			return Result{}, err
		}
		now := workflow.Now(ctx)
		if err := r.fire(ctx, now); err != nil {
			return Result{}, err
		}
		r.receiveMerged(ctx)
		for r.applied < len(r.queue) {
			if err := r.apply(ctx, r.queue[r.applied]); err != nil {
				var appErr *temporal.ApplicationError
				if !errors.As(err, &appErr) {
					return Result{}, err
				}
				if r.errs == nil {
					r.errs = map[int]error{}
				}
				r.errs[r.applied] = err
			}
			r.applied++
		}
	}
	res := Result{Status: r.st.Status, CSAT: r.st.CSAT, Clocks: r.state().Clocks}
	for _, c := range r.clocks {
		if c.cs.Breached {
			res.Breached = append(res.Breached, c.spec.Metric)
		}
	}
	return res, nil
}

// finished holds once a closed ticket's reopen window has passed with
// nothing left to apply.
func (r *run) finished(ctx workflow.Context) bool {
	return r.st.Status == StatusClosed && r.applied == len(r.queue) && !workflow.Now(ctx).Before(r.reopenUntil)
}

// wait blocks until an event or a signal arrives or the next deadline (an
// SLA threshold, the end of the survey, the end of the reopen window)
// passes. An escalation that raises the priority selects the SLA terms
// again and re-arms the clocks while the loop waits; a deadline earlier
// than the one waited for ends the wait too.
func (r *run) wait(ctx workflow.Context) error {
	merged := workflow.GetSignalChannel(ctx, SignalMerged)
	next := r.nextDeadline()
	pending := func() bool {
		if r.applied < len(r.queue) || merged.Len() > 0 || r.mayContinue(ctx) {
			return true
		}
		n := r.nextDeadline()
		return !n.IsZero() && (next.IsZero() || n.Before(next))
	}
	if pending() {
		return nil
	}
	if next.IsZero() {
		return workflow.Await(ctx, pending)
	}
	d := next.Sub(workflow.Now(ctx))
	if d <= 0 {
		return nil
	}
	_, err := workflow.AwaitWithTimeout(ctx, d, pending)
	return err
}

func (r *run) nextDeadline() time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, c := range r.clocks {
		if len(c.points) > 0 {
			earliest(c.points[0].at)
		}
	}
	for _, a := range r.st.Approvals {
		earliest(approvalDeadline(a))
	}
	switch r.st.Status {
	case StatusSolved:
		earliest(r.csatDue)
	case StatusClosed:
		earliest(r.reopenUntil)
	}
	return next
}

// fire handles every deadline that has passed by now.
func (r *run) fire(ctx workflow.Context, now time.Time) error {
	for _, c := range r.clocks {
		for len(c.points) > 0 && !c.points[0].at.After(now) {
			p := c.points[0]
			c.points = c.points[1:]
			if p.due {
				c.cs.Breached = true
				c.cs.Due = p.at
				r.noteData(ctx, event.SLABreached, "", fmt.Sprintf("%s breached its %s target", c.spec.Metric, c.spec.Target),
					tkt.EntryData{Metric: c.spec.Metric, TargetSeconds: c.spec.Target.Seconds()})
				r.notify(ctx, "sla_breach", nil, fmt.Sprintf("ticket %s: %s breached (target %s)", r.st.Ticket.ID, c.spec.Metric, c.spec.Target))
				r.escalate(ctx, c)
				continue
			}
			c.cs.Warnings++
			r.note(ctx, event.SLAWarning, "", fmt.Sprintf("%s: warning %d of %d, due %s", c.spec.Metric, c.cs.Warnings, len(c.spec.Warnings), c.cs.Due.Format(time.RFC3339)))
			r.notify(ctx, "sla_warning", []string{r.st.Agent}, fmt.Sprintf("ticket %s: %s due %s", r.st.Ticket.ID, c.spec.Metric, c.cs.Due.Format(time.RFC3339)))
		}
	}
	r.chaseApprovals(ctx, now)
	if r.st.Status == StatusSolved && !r.csatDue.IsZero() && !now.Before(r.csatDue) {
		r.note(ctx, event.CSATExpired, "", "no rating within "+r.in.CSATWait.String())
		r.close(ctx, now)
	}
	return nil
}

// route asks the routing policy for the ticket's priority, queue and agent.
func (r *run) route(ctx workflow.Context, escalated bool) error {
	var res RouteResult
	t := r.st.Ticket
	t.Priority = r.st.Priority
	err := r.call(ctx, defaultRetry(), acts.Route, RouteRequest{Config: r.in.Config, Ticket: t, Escalated: escalated, Previous: r.st.Agent, At: workflow.Now(ctx).UTC()}, &res)
	if err != nil {
		return fmt.Errorf("route ticket %s: %w", r.st.Ticket.ID, err)
	}
	r.st.Priority, r.st.Queue, r.st.Agent, r.st.Reasons = res.Priority, res.Queue, res.Agent, res.Reasons
	if r.perf {
		r.st.Team, r.st.ChannelKind = res.Team, res.ChannelKind
	}
	detail := fmt.Sprintf("priority %s, queue %s, agent %s", res.Priority, res.Queue, cmp.Or(res.Agent, "(waiting)"))
	data := tkt.EntryData{Team: res.Team, ChannelKind: res.ChannelKind, Agent: &res.Agent}
	if escalated {
		r.noteData(ctx, event.Rerouted, "", detail, data)
	} else {
		r.noteData(ctx, event.Routed, "", detail, data)
	}
	return nil
}

// selectTerms selects the SLA terms and prepares their clocks.
func (r *run) selectTerms(ctx workflow.Context) error {
	if err := r.call(ctx, defaultRetry(), acts.Plan, TermsRequest{Config: r.in.Config, Subject: r.subject(r.st.Priority)}, &r.terms); err != nil {
		return fmt.Errorf("plan the SLA of ticket %s: %w", r.st.Ticket.ID, err)
	}
	if !r.terms.Found {
		r.note(ctx, event.SLANone, "", "no SLA policy matches the ticket")
		return nil
	}
	r.st.SLAPolicy = r.terms.SLA.Policy
	for _, spec := range r.terms.SLA.Clocks {
		r.clocks = append(r.clocks, &clockRun{spec: spec, cs: ClockState{
			Metric: spec.Metric, Calendar: spec.Calendar, Target: spec.Target, State: ClockIdle,
		}})
	}
	r.note(ctx, event.SLAApplied, "", "SLA policy "+r.terms.SLA.Policy)
	return nil
}

// clock is the ticket's clock of metric; nil when its terms have none.
func (r *run) clock(metric string) *clockRun {
	for _, c := range r.clocks {
		if c.spec.Metric == metric && !c.retired {
			return c
		}
	}
	return nil
}

// onEvent is the update handler: it queues ev for the main loop and
// returns the state once the loop has applied it.
func (r *run) onEvent(ctx workflow.Context, ev Event) (State, error) {
	n := len(r.queue)
	r.queue = append(r.queue, ev)
	if err := workflow.Await(ctx, func() bool { return r.applied > n }); err != nil {
		return State{}, err
	}
	if err := r.errs[n]; err != nil {
		return State{}, err
	}
	// Answer once what the event did is in the event store, with the
	// last entries of the history only: the answer is kept in the
	// workflow's history, and a whole history in each answer would grow
	// it with the square of the events (the state query has them all).
	st := r.state()
	st.History = st.History[max(len(st.History)-answerEntries, 0):]
	seq := r.seq
	if err := workflow.Await(ctx, func() bool { return r.recorded >= seq }); err != nil {
		return State{}, err
	}
	return st, nil
}

// apply carries out an accepted event.
func (r *run) apply(ctx workflow.Context, ev Event) error {
	r.acting = &ev
	defer func() { r.acting = nil }()
	now := workflow.Now(ctx).UTC()
	switch ev.Kind {
	case EventReply:
		return r.reply(ctx, now, ev)
	case EventStatus:
		r.note(ctx, event.Status, ev.Actor, r.st.Status+" → "+ev.Status)
		return r.setStatus(ctx, now, ev.Status)
	case EventReassign:
		if ev.Agent != "" {
			return r.reassign(ctx, now, ev.Agent, ev.Actor, "to "+ev.Agent)
		}
		return r.route(ctx, false)
	case EventPriority:
		return r.setPriority(ctx, now, ev.Priority, ev.Actor, "")
	case EventMerge:
		return r.merge(ctx, now, ev)
	case EventMigrate:
		return r.migrate(ctx, now, ev)
	case EventAnswer, EventAbandon, EventHandle, EventQA, EventComplaint, EventDifficult, EventCommendation:
		return r.perform(ctx, now, ev)
	case EventCSAT:
		r.st.CSAT = &CSAT{Rating: ev.Rating, Comment: ev.Comment}
		r.noteData(ctx, event.CSAT, ev.Actor, fmt.Sprintf("rating %d", ev.Rating), tkt.EntryData{Rating: ev.Rating})
		r.close(ctx, now)
	case EventClose:
		r.close(ctx, now)
	case EventApprovalRequest:
		return r.requestApproval(ctx, now, ev)
	case EventApprovalDecision:
		return r.decideOnApproval(ctx, now, ev)
	case EventReopen:
		if r.st.Status == StatusClosed && !now.Before(r.reopenUntil) {
			return temporal.NewNonRetryableApplicationError("reopen: the reopen window has passed", event.ErrReopenWindowPassed, nil)
		}
		r.note(ctx, event.Reopened, ev.Actor, "")
		return r.reopen(ctx, now)
	}
	return nil
}

func (r *run) reply(ctx workflow.Context, now time.Time, ev Event) error {
	var data *tkt.EntryData
	if r.perf {
		d := replyData(ev)
		data = &d
		tkt.ApplyPerformance(&r.st, ev, now)
	}
	if ev.From == FromAgent && !ev.Public {
		r.add(ctx, Entry{Type: event.Note, Actor: ev.Actor, Detail: "internal note", Ref: ev.BodyRef, Data: data})
		return nil
	}
	r.add(ctx, Entry{Type: event.Reply, Actor: ev.Actor, Detail: ev.From, Ref: ev.BodyRef, Data: data})
	if ev.From == FromAgent {
		for _, m := range []string{sla.FirstReply, sla.NextReply} {
			if c := r.clock(m); c != nil && c.counting() {
				if err := c.met(ctx, r, now); err != nil {
					return err
				}
			}
		}
		if c := r.clock(sla.PeriodicUpdate); c != nil {
			return c.start(ctx, r, now)
		}
		return nil
	}
	// A customer's reply reopens a solved ticket, ends a wait for the
	// customer, and starts the next-reply clock once the first reply is in.
	switch r.st.Status {
	case StatusSolved:
		r.note(ctx, event.Reopened, ev.Actor, "by the customer's reply")
		if err := r.reopen(ctx, now); err != nil {
			return err
		}
	case StatusPendingCustomer:
		if err := r.setStatus(ctx, now, StatusOpen); err != nil {
			return err
		}
	}
	if first := r.clock(sla.FirstReply); first != nil && first.cs.State != ClockMet {
		return nil
	}
	if c := r.clock(sla.NextReply); c != nil && (!c.counting() || slices.Contains(c.spec.ResetOn, "customer_reply")) {
		return c.start(ctx, r, now)
	}
	return nil
}

// setStatus moves the ticket to status, pausing and resuming clocks.
func (r *run) setStatus(ctx workflow.Context, now time.Time, status string) error {
	r.st.Status = status
	if status == StatusSolved {
		r.st.SolvedAt = now
		r.csatDue = now.Add(r.in.CSATWait)
		for _, c := range r.clocks {
			var err error
			if c.spec.Metric == sla.Resolution && !c.retired {
				err = c.met(ctx, r, now)
			} else {
				c.stop()
			}
			if err != nil {
				return err
			}
		}
		r.note(ctx, event.Solved, "", "")
		r.notify(ctx, "csat_survey", nil, fmt.Sprintf("ticket %s solved: how did we do?", r.st.Ticket.ID))
		return nil
	}
	for _, c := range r.clocks {
		pauses := slices.Contains(c.spec.PauseStatuses, status)
		switch {
		case pauses && c.cs.State == ClockRunning:
			if err := c.pause(ctx, r, now); err != nil {
				return err
			}
		case !pauses && c.cs.State == ClockPaused:
			if err := c.resume(ctx, r, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// reopen opens a solved or closed ticket again: its resolution clock runs
// on from the time counted, whether it was met (solved) or stopped by a
// merge.
func (r *run) reopen(ctx workflow.Context, now time.Time) error {
	merged := r.st.MergedInto != ""
	r.st.Status = StatusOpen
	r.st.SolvedAt, r.st.ClosedAt, r.csatDue, r.reopenUntil = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	r.st.CSAT, r.st.MergedInto = nil, ""
	if c := r.clock(sla.Resolution); c != nil && (c.cs.State == ClockMet || merged && c.cs.State == ClockStopped) {
		return c.resume(ctx, r, now)
	}
	return nil
}

func (r *run) close(ctx workflow.Context, now time.Time) {
	r.st.Status = StatusClosed
	r.st.ClosedAt = now
	r.reopenUntil = now.Add(r.in.ReopenWindow)
	r.note(ctx, event.Closed, "", "")
	r.withdrawApprovals(ctx, now, "the ticket was closed")
}

// localNotifyVersion gates sending notifications as local activities. A
// regular activity costs a breach two round trips through the server (the
// breach's notification, then the escalation level's), each a task
// dispatch, three history events and another workflow task, and those
// round trips queue behind every other timer when many breaches come due
// together; a local activity is one marker in the workflow task the timer
// started. Delivery stays at least once: a task lost to a crash runs its
// local activities again.
const localNotifyVersion = "local-notify"

// notify sends a notification; a failure is logged, not fatal.
func (r *run) notify(ctx workflow.Context, kind string, targets []string, msg string) {
	targets = slices.DeleteFunc(slices.Clone(targets), func(s string) bool { return s == "" })
	n := Notification{Ticket: r.st.Ticket.ID, Kind: kind, Targets: targets, Message: msg}
	local := workflow.GetVersion(ctx, localNotifyVersion, workflow.DefaultVersion, 1) == 1
	f := execute(ctx, local, &temporal.RetryPolicy{MaximumAttempts: 5, MaximumInterval: time.Minute}, acts.Notify, n)
	if err := f.Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("notification not delivered", "ticket", r.st.Ticket.ID, "kind", kind, "error", err)
	}
}

// state is the query's view of the ticket.
func (r *run) state() State {
	s := r.st
	s.History = slices.Clone(r.st.History)
	s.HistoryTotal = r.seq
	s.Approvals = slices.Clone(r.st.Approvals)
	s.Clocks = make([]ClockState, len(r.clocks))
	for i, c := range r.clocks {
		s.Clocks[i] = c.cs
	}
	return s
}

// defaultRetry is the retry policy of the decision activities.
func defaultRetry() *temporal.RetryPolicy {
	return &temporal.RetryPolicy{MaximumInterval: time.Minute, MaximumAttempts: 10}
}

// call runs an in-process activity: a local activity on tickets started
// since localActivitiesVersion, a regular one on those before.
func (r *run) call(ctx workflow.Context, retry *temporal.RetryPolicy, fn, arg, out any) error {
	return execute(ctx, r.local, retry, fn, arg).Get(ctx, out)
}

// execute starts activity fn on arg, a local activity when local holds,
// with 30 seconds to complete each attempt.
func execute(ctx workflow.Context, local bool, retry *temporal.RetryPolicy, fn, arg any) workflow.Future {
	if local {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
			StartToCloseTimeout: 30 * time.Second, RetryPolicy: retry,
		}), fn, arg)
	}
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second, RetryPolicy: retry,
	}), fn, arg)
}
