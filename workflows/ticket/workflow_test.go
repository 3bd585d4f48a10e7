package ticket

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// harness is a time-skipping test environment with the ticket workflow
// and real activities over the example configuration.
type harness struct {
	t      *testing.T
	env    *testsuite.TestWorkflowEnvironment
	snaps  *exampleSnapshots
	events *memEvents
	notes  *notes
	agents *recordingAgents
	// refused are the events refused, as "KIND at D: ERROR".
	refused []string
}

func newHarness(t *testing.T, start time.Time) *harness {
	h := &harness{t: t, snaps: loadExample(t), events: &memEvents{}, notes: &notes{},
		agents: &recordingAgents{fixedAgents: loadAgents(t, "day")}}
	h.env = workflowtest.NewEnv(start, WorkflowName, Workflow,
		&Activities{Snapshots: h.snaps, Agents: h.agents, Events: h.events, Notifier: h.notes})
	return h
}

// at schedules ev at d after the start. With wantReject the event must be
// refused, by the validator or when applied; otherwise it must apply.
func (h *harness) at(d time.Duration, ev Event, wantReject bool) {
	workflowtest.UpdateAt(h.env, d, UpdateEvent, ev, func(err error) {
		switch {
		case err != nil:
			h.refused = append(h.refused, fmt.Sprintf("%s at %s: %v", ev.Kind, d, err))
			if !wantReject {
				h.t.Errorf("event %+v at %s refused: %v", ev, d, err)
			}
		case wantReject:
			h.t.Errorf("event %+v at %s applied, want it refused", ev, d)
		}
	})
}

// query schedules a state query at d after the start.
func (h *harness) query(d time.Duration, check func(State)) {
	workflowtest.QueryAt(h.t, h.env, d, d, QueryState, check)
}

func (h *harness) run(t tkt.Ticket) Result {
	return workflowtest.Run[Result](h.t, h.env, WorkflowName, Input{Ticket: t, Config: h.snaps.snap.Hash})
}

func emailTicket(at time.Time) tkt.Ticket {
	return tkt.Ticket{
		ID: "T-100", ExternalID: "mail-100", Channel: "email", Category: "returns", Impact: "low", Urgency: "medium",
		Language: "de", Subject: "Where is my refund?", Customer: tkt.Customer{ID: "C-1", Tier: "standard"}, CreatedAt: at,
	}
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// An email nobody answers: three warnings on the first-reply clock on
// business time, a breach the next morning, the standard escalation
// path until an agent replies, then solved, rated and closed.
func TestBreachWarnsAndEscalates(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	h := newHarness(t, start)
	// first_reply: 9h30m of office hours (Mon-Fri 08:00-12:30, 13:00-18:00)
	// from Monday 09:00 is due Tuesday 09:00.
	due := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin)
	h.query(time.Minute, func(s State) {
		c := s.Clocks[0]
		if c.Metric != "first_reply" || c.State != ClockRunning || !c.Due.Equal(due) {
			t.Errorf("first_reply after a minute = %+v, want running, due %s", c, due)
		}
	})
	h.query(due.Sub(start)+15*time.Minute, func(s State) {
		c := s.Clocks[0]
		if !c.Breached || c.Warnings != 3 || s.Escalation < 1 {
			t.Errorf("after the breach: clock %+v, escalation %d; want breached, 3 warnings, escalated", c, s.Escalation)
		}
	})
	reply := due.Sub(start) + 50*time.Minute
	h.at(reply, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	h.at(reply+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	h.at(reply+2*time.Hour, Event{Kind: EventCSAT, Rating: 5, Comment: "Danke", Actor: "C-1"}, false)

	res := h.run(emailTicket(start))

	if diff := cmp.Diff(Result{Status: StatusClosed, Breached: []string{"first_reply"}, CSAT: &CSAT{Rating: 5, Comment: "Danke"}}, res,
		cmpIgnoreClocks); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	types := h.events.types()
	for typ, want := range map[string]int{"sla_warning": 3, "sla_breached": 1, "sla_met": 2, "csat": 1, "closed": 1} {
		if got := count(types, typ); got != want {
			t.Errorf("%d %s events, want %d; events %q", got, typ, want, types)
		}
	}
	// Standard path: level 1 at the breach, level 3 at +30m and +45m
	// (level 2 is for P1 only); the reply at +50m stops it.
	if got := count(types, "escalated"); got != 3 {
		t.Errorf("%d escalations, want 3: %q", got, types)
	}
	if got := count(h.notes.kinds(), "sla_warning"); got != 3 {
		t.Errorf("%d warning notifications, want 3: %q", got, h.notes.kinds())
	}
}

var cmpIgnoreClocks = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Clocks" }, cmp.Ignore())

// Pending the customer over a weekend stops the business-hours clock:
// the hour counted on Friday stays counted, and the remaining 8h30m run
// from the customer's reply on Monday.
func TestPauseAcrossWeekend(t *testing.T) {
	start := time.Date(2026, 11, 20, 16, 0, 0, 0, berlin) // Friday
	h := newHarness(t, start)
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusPendingCustomer, Actor: "ali-hassan"}, false)
	h.query(2*time.Hour, func(s State) {
		c := s.Clocks[0]
		if c.State != ClockPaused || c.Elapsed != time.Hour || !c.Due.IsZero() {
			t.Errorf("first_reply while pending = %+v, want paused with 1h counted", c)
		}
	})
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	h.at(monday.Sub(start), Event{Kind: EventReply, From: FromCustomer, Actor: "C-1"}, false)
	h.query(monday.Sub(start)+time.Minute, func(s State) {
		c := s.Clocks[0]
		want := time.Date(2026, 11, 24, 9, 0, 0, 0, berlin) // Mon 10:00 + 8h30m office hours
		if s.Status != StatusOpen || c.State != ClockRunning || !c.Due.Equal(want) {
			t.Errorf("after the customer's reply: status %s, first_reply %+v; want open, running, due %s", s.Status, c, want)
		}
	})
	h.at(monday.Sub(start)+time.Hour, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	h.at(monday.Sub(start)+2*time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	h.at(monday.Sub(start)+3*time.Hour, Event{Kind: EventClose, Actor: "ali-hassan"}, false)

	res := h.run(emailTicket(start))
	if len(res.Breached) != 0 || res.Status != StatusClosed {
		t.Errorf("result %+v, want closed without a breach", res)
	}
	i := slices.IndexFunc(res.Clocks, func(c ClockState) bool { return c.Metric == "first_reply" })
	if c := res.Clocks[i]; c.State != ClockMet || c.Elapsed != 2*time.Hour {
		t.Errorf("first_reply at the end = %+v, want met after 2h of office time", c)
	}
}

// A chat answered in ten seconds meets its wall-clock first-reply target;
// without a rating the survey ends after 72 hours and the ticket closes,
// and it ends for good when the reopen window passes.
func TestChatAnsweredSurveyExpires(t *testing.T) {
	start := time.Date(2026, 11, 18, 22, 0, 0, 0, berlin) // after office hours: chat counts wall time
	h := newHarness(t, start)
	tk := emailTicket(start)
	tk.Channel = "chat"
	h.at(10*time.Second, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	h.at(time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	h.query(2*time.Minute, func(s State) {
		if s.Status != StatusSolved || s.SLAPolicy != "chat" {
			t.Errorf("status %s, policy %s; want solved under chat", s.Status, s.SLAPolicy)
		}
	})

	res := h.run(tk)
	if res.Status != StatusClosed || res.CSAT != nil || len(res.Breached) != 0 {
		t.Errorf("result %+v, want closed, no rating, no breach", res)
	}
	if got := count(h.events.types(), "csat_expired"); got != 1 {
		t.Errorf("csat_expired recorded %d times, want once: %q", got, h.events.types())
	}
	if got := h.env.Now().Sub(start); got < 72*time.Hour+7*24*time.Hour {
		t.Errorf("workflow ended %s after the start, want after the survey and the reopen window", got)
	}
}

// Malformed events are rejected before they reach the history.
func TestRejectsMalformedEvents(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(time.Minute, Event{Kind: "delete"}, true)
	h.at(2*time.Minute, Event{Kind: EventStatus, Status: "archived"}, true)
	h.at(3*time.Minute, Event{Kind: EventReply, From: "robot"}, true)
	h.at(4*time.Minute, Event{Kind: EventCSAT, Rating: 5}, true) // not solved yet
	h.at(5*time.Minute, Event{Kind: EventClose}, true)           // not solved yet
	h.at(6*time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(7*time.Minute, Event{Kind: EventCSAT, Rating: 7}, true)
	h.at(8*time.Minute, Event{Kind: EventCSAT, Rating: 4}, false)
	h.query(9*time.Minute, func(s State) {
		if s.Status != StatusClosed {
			t.Errorf("status %s, want closed after the rating", s.Status)
		}
	})
	res := h.run(emailTicket(start))
	if res.CSAT == nil || res.CSAT.Rating != 4 {
		t.Errorf("CSAT %+v, want 4", res.CSAT)
	}
}

// refundPeople are the people of the refund tests: julia asks (an agent
// who is a supervisor too); petra (supervisor and manager) and markus
// (manager) decide.
func refundPeople() (julia, petra, markus *policy.Principal) {
	return &policy.Principal{ID: "julia-wagner", Roles: []string{"agent", "supervisor"}},
		&policy.Principal{ID: "petra-hoffmann", Roles: []string{"supervisor", "manager"}},
		&policy.Principal{ID: "markus-weber", Roles: []string{"manager"}}
}

// A refund of 800 needs a supervisor, then a manager. The requester cannot
// approve it herself, nor can the supervisor fill the manager's level too;
// an open approval is chased every four hours.
func TestTwoLevelRefund(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	amount := 800.0
	julia, petra, markus := refundPeople()
	id := "T-100.A1"
	h.at(time.Minute, Event{Kind: EventApprovalRequest, Action: "refund", Amount: &amount, Comment: "parcel lost twice", By: julia}, false)
	h.query(2*time.Minute, func(s State) {
		if len(s.Approvals) != 1 || s.Approvals[0].Outcome != policy.NeedsApproval ||
			!cmp.Equal(s.Approvals[0].Pending, []string{"supervisor", "manager"}) {
			t.Errorf("after the request: %+v, want %s needing supervisor then manager", s.Approvals, id)
		}
	})
	h.at(3*time.Minute, Event{Kind: EventApprovalDecision, Approval: id, Decision: "approve", By: julia}, true)
	h.at(4*time.Minute, Event{Kind: EventApprovalDecision, Approval: id, Decision: "approve", By: petra}, false)
	h.at(5*time.Minute, Event{Kind: EventApprovalDecision, Approval: id, Decision: "approve", By: petra}, true)
	h.at(5*time.Hour, Event{Kind: EventApprovalDecision, Approval: id, Decision: "approve", By: markus}, false)
	h.at(6*time.Hour, Event{Kind: EventApprovalDecision, Approval: id, Decision: "approve", By: markus}, true) // already allowed
	h.query(7*time.Hour, func(s State) {
		a := s.Approvals[0]
		if a.Outcome != policy.Allowed || len(a.Decisions) != 2 || a.Reminders != 1 {
			t.Errorf("approval at the end: %+v, want allowed after 2 decisions and 1 reminder", a)
		}
	})
	h.at(8*time.Hour, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(9*time.Hour, Event{Kind: EventClose}, false)
	h.run(emailTicket(start))
	types := h.events.types()
	for typ, want := range map[string]int{"approval_requested": 1, "approval_decided": 2, "approval_reminder": 1} {
		if got := count(types, typ); got != want {
			t.Errorf("%d %s events, want %d: %q", got, typ, want, types)
		}
	}
	if got := count(h.notes.kinds(), "approval_allowed"); got != 1 {
		t.Errorf("the requester was told %d times that the refund is allowed, want once: %q", got, h.notes.kinds())
	}
}

// Pending the customer across a public holiday: the clock resumes when the
// customer replies on Whit Monday, but the office calendar counts nothing
// on the holiday, so the remaining time runs from Tuesday morning.
func TestPauseAcrossHoliday(t *testing.T) {
	start := time.Date(2026, 5, 22, 16, 0, 0, 0, berlin) // Friday before Pfingstmontag (2026-05-25)
	h := newHarness(t, start)
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusPendingCustomer, Actor: "aylin-demir"}, false)
	holiday := time.Date(2026, 5, 25, 10, 0, 0, 0, berlin)
	h.at(holiday.Sub(start), Event{Kind: EventReply, From: FromCustomer, Actor: "C-1"}, false)
	// first_reply is 9h30m of office hours. Fri 16:00-17:00 counted 1h
	// before the pause, leaving 8h30m from the resume on Mon 10:00. Monday
	// is a holiday (and Saturday's hours passed while paused), so they run
	// Tue 08:00-12:30 (4h30m) and 13:00-17:00 (4h): due Tue 17:00.
	// Without the holiday it would have been Mon 18:00 + 30m = Tue 08:30.
	due := time.Date(2026, 5, 26, 17, 0, 0, 0, berlin)
	h.query(holiday.Sub(start)+6*time.Hour, func(s State) { // Mon 16:00, still the holiday
		want := ClockState{Metric: "first_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute,
			State: ClockRunning, Due: due.UTC(), Elapsed: time.Hour}
		if diff := cmp.Diff(want, s.Clocks[0]); s.Status != StatusOpen || diff != "" {
			t.Errorf("on the holiday: status %s (want open), first_reply (-want +got):\n%s", s.Status, diff)
		}
	})
	reply := time.Date(2026, 5, 26, 9, 0, 0, 0, berlin)
	h.at(reply.Sub(start), Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"}, false)
	h.at(reply.Sub(start)+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
	h.at(reply.Sub(start)+2*time.Hour, Event{Kind: EventClose, Actor: "aylin-demir"}, false)

	res := h.run(emailTicket(start))
	// Met after 1h on Friday and 1h on Tuesday (08:00-09:00): the 23 hours
	// from the resume on the holiday to the reply count one.
	want := ClockState{Metric: "first_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute,
		State: ClockMet, Elapsed: 2 * time.Hour, MetAt: reply.UTC()}
	if diff := cmp.Diff(want, res.Clocks[0]); diff != "" {
		t.Errorf("first_reply at the end (-want +got):\n%s", diff)
	}
	if len(res.Breached) != 0 {
		t.Errorf("breached %q, want none", res.Breached)
	}
}

// An approval nobody decides is chased: a reminder to the approving role
// every four hours, and once it has been open for 24 hours an escalation
// to the role and the supervisor on duty.
func TestApprovalTimesOut(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	amount := 800.0
	julia, petra, markus := refundPeople()
	h.at(5*time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"}, false)
	requested := 10 * time.Minute
	h.at(requested, Event{Kind: EventApprovalRequest, Action: "refund", Amount: &amount, By: julia}, false)
	h.query(requested+24*time.Hour+time.Minute, func(s State) {
		if a := s.Approvals[0]; a.Outcome != policy.NeedsApproval || a.Reminders != 6 {
			t.Errorf("after 24h: %+v, want still needing approval after 6 chases", a)
		}
		types := make([]string, len(s.History))
		for i, e := range s.History {
			types[i] = e.Type
		}
		if r, o := count(types, "approval_reminder"), count(types, "approval_overdue"); r != 5 || o != 1 {
			t.Errorf("after 24h: %d reminders and %d escalations, want 5 (at 4h ... 20h) and 1 (at 24h)", r, o)
		}
	})
	// Decided an hour later, the chasing stops.
	h.at(requested+25*time.Hour, Event{Kind: EventApprovalDecision, Approval: "T-100.A1", Decision: "approve", By: petra}, false)
	h.at(requested+25*time.Hour+time.Minute, Event{Kind: EventApprovalDecision, Approval: "T-100.A1", Decision: "approve", By: markus}, false)
	h.at(requested+26*time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
	h.at(requested+27*time.Hour, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
	h.run(emailTicket(start))

	supervisor := []string{"supervisor"}
	for kind, want := range map[string][][]string{
		"approval_reminder": {supervisor, supervisor, supervisor, supervisor, supervisor},
		"approval_overdue":  {{"supervisor", "on_duty:supervisor"}},
		"approval_needed":   {supervisor, {"manager"}},
		"approval_allowed":  {{"julia-wagner"}},
	} {
		if diff := cmp.Diff(want, h.notes.targets(kind)); diff != "" {
			t.Errorf("%s notifications (-want +got):\n%s", kind, diff)
		}
	}
}

// A closed ticket reopened within the window is open again and its
// resolution clock runs on from the time it had counted. A reopen applied
// once the window has passed is refused, and the workflow ends.
func TestReopen(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin) // Wednesday
	resolution := 47*time.Hour + 30*time.Minute
	t.Run("within the window", func(t *testing.T) {
		h := newHarness(t, start)
		h.at(10*time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"}, false)
		h.at(time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
		h.at(2*time.Hour, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
		reopen := time.Date(2026, 11, 19, 10, 0, 0, 0, berlin)
		h.at(reopen.Sub(start), Event{Kind: EventReopen, Actor: "C-1"}, false)
		// Resolution met after 1h; 46h30m remain from Thu 10:00: Thu 7h30m,
		// Fri 9h30m, Sat 5h (09:00-14:00), Mon 9h30m, Tue 9h30m leave 5h30m
		// for Wed 08:00-12:30 and 13:00-14:00.
		due := time.Date(2026, 11, 25, 14, 0, 0, 0, berlin)
		h.query(reopen.Sub(start)+time.Minute, func(s State) {
			want := ClockState{Metric: "resolution", Calendar: "office-berlin", Target: resolution,
				State: ClockRunning, Due: due.UTC(), Elapsed: time.Hour}
			if diff := cmp.Diff(want, s.Clocks[2]); s.Status != StatusOpen || !s.ClosedAt.IsZero() || diff != "" {
				t.Errorf("reopened: status %s, closed at %s (want open, zero); resolution (-want +got):\n%s", s.Status, s.ClosedAt, diff)
			}
		})
		h.at(reopen.Sub(start)+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
		h.at(reopen.Sub(start)+time.Hour+time.Minute, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
		res := h.run(emailTicket(start))

		want := ClockState{Metric: "resolution", Calendar: "office-berlin", Target: resolution, State: ClockMet,
			Elapsed: 2 * time.Hour, MetAt: reopen.Add(time.Hour).UTC()}
		if diff := cmp.Diff(want, res.Clocks[2]); res.Status != StatusClosed || diff != "" {
			t.Errorf("result status %s (want closed), resolution (-want +got):\n%s", res.Status, diff)
		}
		// The agent's load follows: released when solved, taken again on
		// the reopen.
		wantLoad := []string{"assigned aylin-demir email", "released aylin-demir email", "assigned aylin-demir email", "released aylin-demir email"}
		if diff := cmp.Diff(wantLoad, h.agents.recorded()); diff != "" {
			t.Errorf("agent load (-want +got):\n%s", diff)
		}
	})
	t.Run("merged, then reopened", func(t *testing.T) {
		h := newHarness(t, start)
		h.env.OnSignalExternalWorkflow(mock.Anything, WorkflowID("T-200"), "", SignalMerged, MergedSignal{From: "T-100"}).Return(nil)
		h.at(time.Hour, Event{Kind: EventMerge, Into: "T-200", Actor: "aylin-demir"}, false)
		h.at(2*time.Hour, Event{Kind: EventReopen, Actor: "C-1"}, false)
		h.query(2*time.Hour+time.Minute, func(s State) {
			// The hour counted before the merge stays; 46h30m remain from
			// Wed 12:00: Wed 5h30m, Thu and Fri 9h30m, Sat 5h, Mon 9h30m
			// leave 7h30m for Tue 08:00-12:30 and 13:00-16:00.
			want := ClockState{Metric: "resolution", Calendar: "office-berlin", Target: resolution,
				State: ClockRunning, Due: time.Date(2026, 11, 24, 16, 0, 0, 0, berlin).UTC(), Elapsed: time.Hour}
			if diff := cmp.Diff(want, s.Clocks[2]); s.Status != StatusOpen || s.MergedInto != "" || diff != "" {
				t.Errorf("reopened: status %s, merged into %q (want open, none); resolution (-want +got):\n%s", s.Status, s.MergedInto, diff)
			}
		})
		h.at(3*time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
		h.at(3*time.Hour+time.Minute, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
		h.run(emailTicket(start))
		wantLoad := []string{"assigned aylin-demir email", "released aylin-demir email", "assigned aylin-demir email", "released aylin-demir email"}
		if diff := cmp.Diff(wantLoad, h.agents.recorded()); diff != "" {
			t.Errorf("agent load (-want +got):\n%s", diff)
		}
	})
	t.Run("after the window", func(t *testing.T) {
		// A reopen accepted in the window's last moment but applied after
		// it: here it waits behind a merge whose signal takes 8 days.
		h := newHarness(t, start)
		h.env.OnSignalExternalWorkflow(mock.Anything, WorkflowID("T-200"), "", SignalMerged, MergedSignal{From: "T-100"}).
			After(8 * 24 * time.Hour).Return(nil)
		h.at(time.Hour, Event{Kind: EventMerge, Into: "T-200", Actor: "aylin-demir"}, false)
		h.at(2*time.Hour, Event{Kind: EventReopen, Actor: "C-1"}, true)
		res := h.run(emailTicket(start))

		if res.Status != StatusClosed {
			t.Errorf("result status %s, want closed", res.Status)
		}
		want := []string{"reopen at 2h0m0s: reopen: the reopen window has passed (type: ReopenWindowPassed, retryable: false)"}
		if diff := cmp.Diff(want, h.refused); diff != "" {
			t.Errorf("refusals (-want +got):\n%s", diff)
		}
		if got, want := h.env.Now(), start.Add(time.Hour+8*24*time.Hour); !got.Equal(want) {
			t.Errorf("workflow ended at %s, want %s, once the merge was signalled and the window had passed", got, want)
		}
	})
}

// An approval still open when its ticket closes is withdrawn: nobody is
// chased for it any more, and a late decision is refused.
func TestCloseWithdrawsApprovals(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	amount := 800.0
	julia := &policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}}
	petra := &policy.Principal{ID: "petra-hoffmann", Roles: []string{"supervisor", "manager"}}
	h.at(5*time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"}, false)
	h.at(10*time.Minute, Event{Kind: EventApprovalRequest, Action: "refund", Amount: &amount, By: julia}, false)
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
	h.at(2*time.Hour, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
	h.at(3*time.Hour, Event{Kind: EventApprovalDecision, Approval: "T-100.A1", Decision: "approve", By: petra}, true)
	h.query(3*24*time.Hour, func(s State) {
		a := s.Approvals[0]
		if a.Outcome != OutcomeWithdrawn || a.Reminders != 0 || len(a.Pending) != 0 || !a.DecidedAt.Equal(start.Add(2*time.Hour).UTC()) {
			t.Errorf("approval after close: %+v, want withdrawn at the close, never chased", a)
		}
		types := make([]string, len(s.History))
		for i, e := range s.History {
			types[i] = e.Type
		}
		if n := count(types, "approval_withdrawn"); n != 1 || count(types, "approval_reminder") != 0 {
			t.Errorf("history %v: want one approval_withdrawn and no reminder", types)
		}
	})
	h.run(emailTicket(start))
	if got := h.notes.targets("approval_reminder"); len(got) != 0 {
		t.Errorf("reminders after close: %v", got)
	}
}

// A migration to the version the ticket runs on, or to one that is not
// loaded, is refused and changes nothing.
func TestMigrateRefused(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(time.Minute, Event{Kind: EventMigrate}, true)
	h.at(2*time.Minute, Event{Kind: EventMigrate, Config: h.snaps.snap.Hash}, true)
	h.at(3*time.Minute, Event{Kind: EventMigrate, Config: "0123456789abcdef0123456789abcdef"}, true)
	h.query(4*time.Minute, func(s State) {
		if s.Config != h.snaps.snap.Hash {
			t.Errorf("config after refused migrations: %s, want %s", s.Config, h.snaps.snap.Hash)
		}
		for _, e := range s.History {
			if e.Type == "config_migrated" {
				t.Errorf("history has %+v", e)
			}
		}
	})
	h.at(5*time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(6*time.Minute, Event{Kind: EventClose}, false)
	h.run(emailTicket(start))
}
