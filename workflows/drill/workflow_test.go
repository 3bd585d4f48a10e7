package drill

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

var start = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)

// people fill the roles of the example's plans.
func people() map[string]string {
	return map[string]string{
		"incident-commander": "petra-lange", "it-liaison": "jan-vogel", "supervisor": "sabine-mueller",
		"team-lead": "katrin-schwarz", "comms-lead": "nina-zimmermann", "manager": "petra-lange",
	}
}

// harness is a time-skipping test environment with the drill workflow
// and its activities over fakes.
type harness struct {
	t       *testing.T
	env     *testsuite.TestWorkflowEnvironment
	events  *memEvents
	notes   *notes
	tickets *tickets
	// refused are the updates refused, as "NAME at D: ERROR".
	refused []string
	// speed is the drill's Input.Speed: callbacks at D on the drill
	// clock run at D/speed of the test's wall time.
	speed float64
}

// wall is the wall time of d on the drill clock of a drill run at h.speed.
func (h *harness) wall(d time.Duration) time.Duration {
	if h.speed == 0 {
		return d
	}
	return time.Duration(float64(d) / h.speed)
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, events: &memEvents{}, notes: &notes{}, tickets: &tickets{}}
	h.env = workflowtest.NewEnv(start, WorkflowName, Workflow, &Activities{Notifier: h.notes, Events: h.events, Tickets: h.tickets})
	return h
}

// send schedules the update name with arg at d after the start. With
// wantReject it must be refused; otherwise it must be applied.
func (h *harness) send(d time.Duration, name string, arg any, wantReject bool) {
	workflowtest.UpdateAt(h.env, h.wall(d), name, arg, func(err error) {
		switch {
		case err != nil:
			h.refused = append(h.refused, fmt.Sprintf("%s at %s: %v", name, edrill.FormatDuration(d), err))
			if !wantReject {
				h.t.Errorf("%s %+v at %s refused: %v", name, arg, d, err)
			}
		case wantReject:
			h.t.Errorf("%s %+v at %s applied, want it refused", name, arg, d)
		}
	})
}

func (h *harness) ack(d time.Duration, step, by string) {
	h.send(d, UpdateAck, StepUpdate{Step: step, By: by}, false)
}

func (h *harness) done(d time.Duration, step, by string) {
	h.send(d, UpdateDone, StepUpdate{Step: step, By: by}, false)
}

// query schedules a state query at d after the start.
func (h *harness) query(d time.Duration, check func(State)) {
	workflowtest.QueryAt(h.t, h.env, h.wall(d), d, QueryState, check)
}

func (h *harness) run(in Input) edrill.Result {
	h.t.Helper()
	return workflowtest.Run[edrill.Result](h.t, h.env, WorkflowName, in)
}

// checkSteps compares the outcomes of a drill's steps, a line each (see
// steps), with want.
func checkSteps(t *testing.T, got []edrill.StepOutcome, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, steps(got)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

// steps summarises step outcomes, one line each: state, lateness and the
// drill clock of each mark with who made it.
func steps(out []edrill.StepOutcome) []string {
	mark := func(m edrill.Mark) string {
		if m.IsZero() {
			return "-"
		}
		s := edrill.FormatDuration(m.Elapsed)
		if m.By != "" {
			s += " " + m.By
		}
		return s
	}
	lines := make([]string, len(out))
	for i, o := range out {
		state := string(o.State)
		if o.Late && o.State == edrill.Done {
			state += " late"
		}
		lines[i] = fmt.Sprintf("%s: %s; notified %s; ack %s; done %s; reminders %d; escalations %d",
			o.Step, state, mark(o.Notified), mark(o.Acknowledged), mark(o.Done), o.Reminders, len(o.Escalations))
	}
	return lines
}

func outageInput(t *testing.T) Input {
	return Input{ID: "drill-1", Plan: loadPlan(t, "outage-major"), Mode: edrill.ModeDrill, Owner: "petra-lange", Assignments: people()}
}

var approx = cmpopts.EquateApprox(0, 1e-9)

// Every step of outage-major is done after 40% of the time the plan
// allots it: all on time, and each acknowledgement (done without an ack
// counts as acknowledged when done) earns 1 − 0.4 = 0.6. With the plan's
// weights 0.5, 0.3 and 0.2: 100 · (0.5·1 + 0.3·0.6 + 0.2·1) = 88.
func TestAllOnTime(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	p := people()
	h.done(2*m, "declare", p["incident-commander"])   // 40% of 5m
	h.done(6*m, "confirm-scope", p["it-liaison"])     // notified at 2m, 40% of 10m
	h.done(6*m, "deflect", p["supervisor"])           // likewise
	h.done(12*m, "status-page", p["comms-lead"])      // notified at 6m, 40% of 15m
	h.done(12*m, "known-issue-macro", p["team-lead"]) // likewise
	h.done(18*m, "staffing", p["supervisor"])         // notified at 6m, 40% of 30m
	h.done(72*m, "recovery", p["comms-lead"])         // notified at 12m, 40% of 2h30m
	h.done(96*m, "close", "petra-lange")              // notified at 1h12m, 40% of 1h
	h.query(3*m, func(s State) {
		if s.Status != StatusRunning || s.Elapsed != 3*m {
			t.Errorf("at 3m: status %s, elapsed %s; want running, 3m", s.Status, s.Elapsed)
		}
		if st := s.Steps[1]; st.State != edrill.Notified || !st.Due.Equal(start.Add(15*m)) {
			t.Errorf("confirm-scope at 3m: %s, due %s; want notified, due 09:15", st.State, st.Due)
		}
	})

	res := h.run(outageInput(t))

	checkSteps(t, res.Steps,
		"declare: done; notified 0s; ack 2m petra-lange; done 2m petra-lange; reminders 0; escalations 0",
		"confirm-scope: done; notified 2m; ack 6m jan-vogel; done 6m jan-vogel; reminders 0; escalations 0",
		"deflect: done; notified 2m; ack 6m sabine-mueller; done 6m sabine-mueller; reminders 0; escalations 0",
		"status-page: done; notified 6m; ack 12m nina-zimmermann; done 12m nina-zimmermann; reminders 0; escalations 0",
		"known-issue-macro: done; notified 6m; ack 12m katrin-schwarz; done 12m katrin-schwarz; reminders 0; escalations 0",
		"staffing: done; notified 6m; ack 18m sabine-mueller; done 18m sabine-mueller; reminders 0; escalations 0",
		"recovery: done; notified 12m; ack 1h12m nina-zimmermann; done 1h12m nina-zimmermann; reminders 0; escalations 0",
		"close: done; notified 1h12m; ack 1h36m petra-lange; done 1h36m petra-lange; reminders 0; escalations 0",
	)
	wantScore := edrill.Scorecard{Total: 88, OnTime: 1, Acknowledge: 0.6, Mitigate: 1, Weights: model.DrillScoring{OnTime: 0.5, Acknowledge: 0.3, Mitigate: 0.2}}
	if diff := cmp.Diff(wantScore, res.Score, approx); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}
	// Acknowledged after 2, 4, 4, 6, 6, 12, 60 and 24 minutes: 118m / 8.
	if res.Outcome != edrill.Completed || res.Elapsed != 96*m || res.TimeToAcknowledge != 14*m+45*time.Second ||
		!res.Mitigated || res.TimeToMitigate != 72*m || len(res.MissedSteps) != 0 || len(res.ActionItems) != 0 {
		t.Errorf("result: %s after %s, ack %s, mitigated %v at %s, missed %q, items %+v",
			res.Outcome, res.Elapsed, res.TimeToAcknowledge, res.Mitigated, res.TimeToMitigate, res.MissedSteps, res.ActionItems)
	}
	if diff := cmp.Diff([]string{"drill-1: technical-issue on chat over 20m"}, h.tickets.calls()); diff != "" {
		t.Errorf("synthetic tickets (-want +got):\n%s", diff)
	}
	// Every entry is recorded once, numbered from 1, marked as a drill's;
	// the last carries the result.
	events := h.events.all()
	for i, e := range events {
		if want := fmt.Sprintf("drill-1/%05d", i+1); e.ID != want || e.Stream != "drill-1" || !e.Drill {
			t.Errorf("event %d: id %s, stream %s, drill %v; want %s, drill-1, true", i, e.ID, e.Stream, e.Drill, want)
		}
	}
	last := events[len(events)-1]
	if last.Type != event.DrillEnded || !strings.Contains(string(last.Data), `"outcome":"completed"`) {
		t.Errorf("last event %s %s, want drill_ended with the result", last.Type, last.Data)
	}
	if diff := cmp.Diff([]string{event.DrillStepNotified, event.DrillStepDone}, h.events.types("staffing")); diff != "" {
		t.Errorf("staffing's events (-want +got):\n%s", diff)
	}
	if n := len(h.notes.of(NotifyStep)); n != 8 {
		t.Errorf("%d step notifications, want one per step", n)
	}
}

// smallPlan is a hand-built plan; edit adjusts its steps.
func smallPlan(t *testing.T, steps ...model.PlanStep) edrill.Plan {
	t.Helper()
	p, err := edrill.Compile("small", model.EmergencyPlan{
		Name: "Small", Kind: "other", Severity: "sev3", TimeLimit: "1h", Roles: []string{"ic", "it", "comms"}, Commander: "ic",
		EscalationPath: "incident", Steps: steps,
	})
	if err != nil {
		t.Fatal(err)
	}
	return *p
}

func smallInput(p edrill.Plan) Input {
	return Input{ID: "drill-2", Plan: p, Mode: edrill.ModeDrill, Owner: "olga", Assignments: map[string]string{"ic": "ann", "it": "ian", "comms": "cem"}}
}

// A page nobody takes by its deadline is escalated to the commander with
// the plan's escalation path, marked late, and still awaited: done late,
// the step after it starts then.
func TestLateStepEscalated(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	p := smallPlan(t,
		model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"},
		model.PlanStep{ID: "wrap", Title: "Wrap up", Owner: "ic", Deadline: "30m", After: []string{"page"}},
	)
	h.query(11*m, func(s State) {
		if st := s.Steps[0]; st.State != edrill.Late || len(st.Escalations) != 1 || st.Reminders != 2 {
			t.Errorf("page at 11m: %s, %d escalations, %d reminders; want late, escalated once, reminded at 5m and 8m", st.State, len(st.Escalations), st.Reminders)
		}
	})
	h.ack(12*m, "page", "ian")
	h.send(14*m, UpdateDone, StepUpdate{Step: "page", By: "ian", Note: "on the bridge"}, false)
	h.done(20*m, "wrap", "ann")

	res := h.run(smallInput(p))

	checkSteps(t, res.Steps,
		"page: done late; notified 0s; ack 12m ian; done 14m ian; reminders 2; escalations 1",
		"wrap: done; notified 14m; ack 20m ann; done 20m ann; reminders 0; escalations 0",
	)
	esc := h.notes.of(NotifyEscalation)
	wantEsc := []Notification{{Drill: "drill-2", Plan: "small", Mode: edrill.ModeDrill, Kind: NotifyEscalation, Step: "page", Role: "ic",
		Targets: []string{"ann"}, EscalationPath: "incident", Message: "Small: Page engineering (page), owned by ian (it), missed its 10m deadline"}}
	if diff := cmp.Diff(wantEsc, esc); diff != "" {
		t.Errorf("escalation (-want +got):\n%s", diff)
	}
	wantEscalation := []edrill.Escalation{{At: start.Add(10 * m), Targets: []string{"ann"}, Path: "incident"}}
	if diff := cmp.Diff(wantEscalation, res.Steps[0].Escalations); diff != "" {
		t.Errorf("recorded escalation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{event.DrillStepNotified, event.DrillStepReminded, event.DrillStepReminded, event.DrillStepLate, event.DrillStepEscalated, event.DrillStepAcknowledged, event.DrillStepDone}, h.events.types("page")); diff != "" {
		t.Errorf("page's events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"page"}, res.MissedSteps); diff != "" {
		t.Errorf("missed steps (-want +got):\n%s", diff)
	}
	wantItems := []edrill.ActionItem{{Kind: edrill.ItemLate, Steps: []string{"page"}, Role: "it", Person: "ian", Text: "page: done at 14m, 4m after its 10m deadline (it ian)"}}
	if diff := cmp.Diff(wantItems, res.ActionItems); diff != "" {
		t.Errorf("action items (-want +got):\n%s", diff)
	}
	if n := res.Steps[0].Notes; len(n) != 1 || n[0].Text != "on the bridge" {
		t.Errorf("page's notes %+v, want the note given when done", n)
	}
}

// A step with on_miss: skip is given up at its deadline; the step after
// it starts then, and runs to the end. No escalation, but the commander
// hears of the skip.
func TestSkippedStepLetsDependentsRun(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	p := smallPlan(t,
		model.PlanStep{ID: "banner", Title: "Post a banner", Owner: "comms", Deadline: "10m", OnMiss: "skip"},
		model.PlanStep{ID: "wrap", Title: "Wrap up", Owner: "ic", Deadline: "30m", After: []string{"banner"}},
	)
	h.query(10*m+time.Second, func(s State) {
		got := []edrill.State{s.Steps[0].State, s.Steps[1].State}
		if diff := cmp.Diff([]edrill.State{edrill.Skipped, edrill.Notified}, got); diff != "" {
			t.Errorf("just after 10m (-want +got):\n%s", diff)
		}
	})
	h.send(11*m, UpdateDone, StepUpdate{Step: "banner", By: "cem"}, true) // too late: skipped
	h.done(19*m, "wrap", "ann")

	res := h.run(smallInput(p))

	checkSteps(t, res.Steps,
		"banner: skipped; notified 0s; ack -; done -; reminders 2; escalations 0",
		"wrap: done; notified 10m; ack 19m ann; done 19m ann; reminders 0; escalations 0",
	)
	if res.Outcome != edrill.Completed {
		t.Errorf("outcome %s, want completed", res.Outcome)
	}
	if n := h.notes.of(NotifyEscalation); len(n) != 0 {
		t.Errorf("escalations %+v, want none for a skipped step", n)
	}
	if n := h.notes.of(NotifySkipped); len(n) != 1 || n[0].Targets[0] != "ann" {
		t.Errorf("skip notices %+v, want one to the commander", n)
	}
	wantItems := []edrill.ActionItem{
		{Kind: edrill.ItemSkipped, Steps: []string{"banner"}, Role: "comms", Person: "cem", Text: "banner: skipped at its 10m deadline (comms cem)"},
		{Kind: edrill.ItemNoResponse, Steps: []string{"banner"}, Role: "comms", Person: "cem", Text: "cem (comms) did not respond to banner"},
	}
	if diff := cmp.Diff(wantItems, res.ActionItems); diff != "" {
		t.Errorf("action items (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"done at 11m: done: step banner was skipped at its deadline"}, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
}

// Only the drill owner or the commander aborts, with a reason; the abort
// ends the drill at once with what was done so far.
func TestAbort(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	in := outageInput(t)
	in.Owner = "markus-braun"
	h.send(time.Minute, UpdateAbort, Control{By: "jan-vogel", Reason: "bored"}, true)
	h.send(2*m, UpdateAbort, Control{By: "markus-braun"}, true)
	h.ack(3*m, "declare", "petra-lange")
	h.send(3*m+30*time.Second, UpdateAbort, Control{By: "markus-braun", Reason: "Engineering confirms a false alarm"}, false)

	res := h.run(in)

	if res.Outcome != edrill.Aborted || res.AbortedBy != "markus-braun" || res.AbortReason != "Engineering confirms a false alarm" || res.Elapsed != 3*m+30*time.Second {
		t.Errorf("result: %s by %q (%q) after %s; want aborted by markus-braun after 3m30s", res.Outcome, res.AbortedBy, res.AbortReason, res.Elapsed)
	}
	wantSteps := []string{
		"declare: acknowledged; notified 0s; ack 3m petra-lange; done -; reminders 1; escalations 0",
		"confirm-scope: pending; notified -; ack -; done -; reminders 0; escalations 0",
	}
	if diff := cmp.Diff(wantSteps, steps(res.Steps[:2])); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	want := []string{
		`abort at 1m: abort: only the drill owner (markus-braun) or the commander (petra-lange (incident-commander)) may abort drill drill-1, not "jan-vogel"`,
		"abort at 2m: abort: give a reason",
	}
	if diff := cmp.Diff(want, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	if got := h.events.types(""); got[len(got)-2] != event.DrillAborted || got[len(got)-1] != event.DrillEnded {
		t.Errorf("the drill's own events end %q, want aborted, ended", got)
	}
}

// confirm-scope and deflect both wait for declare alone: both owners are
// notified the moment it is done.
func TestParallelBranches(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	h.done(3*m, "declare", "petra-lange")
	h.query(3*m+time.Second, func(s State) {
		got := map[string]string{}
		for _, st := range s.Steps {
			if st.State != edrill.Pending {
				got[st.Step] = fmt.Sprintf("%s at %s", st.State, st.Notified.At.Sub(start))
			}
		}
		want := map[string]string{"declare": "done at 0s", "confirm-scope": "notified at 3m0s", "deflect": "notified at 3m0s"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("just after declare (-want +got):\n%s", diff)
		}
	})
	h.send(5*m, UpdateAbort, Control{By: "petra-lange", Reason: "enough"}, false)
	h.run(outageInput(t))

	var notified []string
	for _, n := range h.notes.of(NotifyStep) {
		notified = append(notified, n.Step+" to "+strings.Join(n.Targets, ","))
	}
	// The test environment runs activities concurrently: any order.
	want := []string{"declare to petra-lange", "confirm-scope to jan-vogel", "deflect to sabine-mueller"}
	if diff := cmp.Diff(want, notified, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("notifications (-want +got):\n%s", diff)
	}
}

// With simulated participants every supervisor stays silent (failure 1):
// deflect is escalated and stays late, staffing and close never start,
// and the drill times out at the plan's 4h limit. The other roles answer
// by the default delays, on time. The same seed gives the same result.
func TestSimulatedParticipantNeverAnswers(t *testing.T) {
	in := outageInput(t)
	in.Simulation = &edrill.Simulation{Seed: 7, Roles: map[string]edrill.Participant{"supervisor": {Failure: 1}}}
	h := newHarness(t)
	res := h.run(in)

	states := map[string]edrill.State{}
	late := map[string]bool{}
	for _, o := range res.Steps {
		states[o.Step] = o.State
		late[o.Step] = o.Late
	}
	wantStates := map[string]edrill.State{
		"declare": edrill.Done, "confirm-scope": edrill.Done, "deflect": edrill.Late, "status-page": edrill.Done,
		"known-issue-macro": edrill.Done, "staffing": edrill.Pending, "recovery": edrill.Done, "close": edrill.Pending,
	}
	if diff := cmp.Diff(wantStates, states); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"deflect": true}, late, cmpopts.IgnoreMapEntries(func(_ string, v bool) bool { return !v })); diff != "" {
		t.Errorf("late steps (-want +got):\n%s", diff)
	}
	if res.Outcome != edrill.TimedOut || res.Elapsed != 4*time.Hour || !res.Simulated {
		t.Errorf("outcome %s after %s (simulated %v), want timed out at 4h", res.Outcome, res.Elapsed, res.Simulated)
	}
	if diff := cmp.Diff([]string{"deflect", "staffing", "close"}, res.MissedSteps); diff != "" {
		t.Errorf("missed steps (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, it := range res.ActionItems {
		kinds = append(kinds, it.Kind+" "+strings.Join(it.Steps, ",")+" "+it.Person)
	}
	wantKinds := []string{"unfinished deflect sabine-mueller", "not_started staffing sabine-mueller", "not_started close petra-lange",
		"no_response deflect sabine-mueller"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("action items (-want +got):\n%s", diff)
	}
	esc := h.notes.of(NotifyEscalation)
	if len(esc) != 1 || esc[0].Step != "deflect" || esc[0].Targets[0] != "petra-lange" {
		t.Errorf("escalations %+v, want deflect's to petra-lange", esc)
	}
	if s, _ := res.Step("recovery"); s.Done.By != "nina-zimmermann" || len(s.Notes) != 1 || s.Notes[0].Text != "simulated" {
		t.Errorf("recovery %+v, want done by the comms lead's simulated participant", s)
	}

	again := newHarness(t).run(in)
	if diff := cmp.Diff(res, again); diff != "" {
		t.Errorf("same seed, other result (-first +again):\n%s", diff)
	}
}

// Pausing stops the drill clock: a 10m pause moves every deadline by 10m,
// answers during it count at the paused clock, and only the owner or the
// commander pauses and resumes, once each.
func TestPauseResumeShiftsDeadlines(t *testing.T) {
	for _, speed := range []float64{1, 60} {
		t.Run(fmt.Sprintf("speed %g", speed), func(t *testing.T) { testPauseResume(t, speed) })
	}
}

// testPauseResume is TestPauseResumeShiftsDeadlines at speed: every time
// of the test is on the drill clock, so the outcome is the same at any.
func testPauseResume(t *testing.T, speed float64) {
	h := newHarness(t)
	h.speed = speed
	m := time.Minute
	p := smallPlan(t,
		model.PlanStep{ID: "fix", Title: "Fix the router", Owner: "it", Deadline: "10m"},
		model.PlanStep{ID: "tell", Title: "Tell the customers", Owner: "comms", Deadline: "15m", OnMiss: "late"},
	)
	h.send(m, UpdatePause, Control{By: "ian"}, true)
	h.send(2*m, UpdatePause, Control{By: "olga", Reason: "fire alarm"}, false)
	h.send(5*m, UpdatePause, Control{By: "olga"}, true)
	h.ack(6*m, "tell", "cem") // while paused: at drill clock 2m
	h.query(11*m, func(s State) {
		if s.Status != StatusPaused || s.Elapsed != 2*m || s.Paused != 9*m || !s.Steps[0].Due.IsZero() {
			t.Errorf("at 11m: %s, elapsed %s, paused %s, fix due %s; want paused at 2m for 9m, no due time", s.Status, s.Elapsed, s.Paused, s.Steps[0].Due)
		}
	})
	h.send(12*m, UpdateResume, Control{By: "ann"}, false)
	h.send(13*m, UpdateResume, Control{By: "ann"}, true)
	h.query(13*m, func(s State) {
		if s.Status != StatusRunning || s.Elapsed != 3*m || !s.Steps[0].Due.Equal(start.Add(20*m)) {
			t.Errorf("at 13m: %s, elapsed %s, fix due %s; want running at 3m, due 09:20", s.Status, s.Elapsed, s.Steps[0].Due)
		}
	})
	h.done(17*m, "fix", "ian") // drill clock 7m: on time
	h.query(24*m, func(s State) {
		if st := s.Steps[1].State; st != edrill.Acknowledged {
			t.Errorf("tell at 24m (drill clock 14m): %s, want acknowledged", st)
		}
	})
	h.query(26*m, func(s State) {
		if st := s.Steps[1].State; st != edrill.Late {
			t.Errorf("tell at 26m (drill clock 16m): %s, want late", st)
		}
	})
	h.done(27*m, "tell", "cem")

	in := smallInput(p)
	in.Speed = speed
	res := h.run(in)

	// fix: reminders at drill 5m (wall 15m), not at 8m (done at 7m).
	// tell: at 7m30s (wall 17m30s) and 12m (wall 22m), late at 15m (wall
	// 25m), without escalation (on_miss: late).
	checkSteps(t, res.Steps,
		"fix: done; notified 0s; ack 7m ian; done 7m ian; reminders 1; escalations 0",
		"tell: done late; notified 0s; ack 2m cem; done 17m cem; reminders 2; escalations 0",
	)
	if res.Paused != 10*m || res.Elapsed != 17*m || !res.EndedAt.Equal(start.Add(27*m)) {
		t.Errorf("paused %s, elapsed %s, ended %s; want 10m, 17m, 09:27", res.Paused, res.Elapsed, res.EndedAt)
	}
	if got := res.Steps[1].Missed; !got.At.Equal(start.Add(25*m)) || got.Elapsed != 15*m {
		t.Errorf("tell missed at %s (drill clock %s), want 09:25 (15m)", got.At, got.Elapsed)
	}
	if len(h.notes.of(NotifyEscalation)) != 0 {
		t.Errorf("escalated: %+v", h.notes.of(NotifyEscalation))
	}
	wantRefused := []string{
		`pause at 1m: pause: only the drill owner (olga) or the commander (ann (ic)) may pause drill drill-2, not "ian"`,
		"pause at 5m: pause: drill drill-2 is paused already",
		"resume at 13m: resume: drill drill-2 is not paused",
	}
	if diff := cmp.Diff(wantRefused, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
}

// Answers that do not fit are refused before they enter the history.
func TestRefusesInvalidUpdates(t *testing.T) {
	h := newHarness(t)
	m := time.Minute
	p := smallPlan(t,
		model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m", Checklist: []string{"Bridge open", "ETA asked"}},
		model.PlanStep{ID: "wrap", Title: "Wrap up", Owner: "ic", Deadline: "30m", After: []string{"page"}},
	)
	refuse := func(d time.Duration, name string, u StepUpdate) { h.send(d, name, u, true) }
	refuse(m, UpdateAck, StepUpdate{Step: "pgae", By: "ian"})
	refuse(m+time.Second, UpdateAck, StepUpdate{Step: "wrap", By: "ann"})
	refuse(m+2*time.Second, UpdateAck, StepUpdate{Step: "page", By: "cem"})
	refuse(m+3*time.Second, UpdateAck, StepUpdate{Step: "page"})
	refuse(m+4*time.Second, UpdateDone, StepUpdate{Step: "page", By: "ian", Checked: []string{"Coffee"}})
	h.send(2*m, UpdateAck, StepUpdate{Step: "page", By: "ann", Checked: []string{"2"}}, false) // the commander may
	refuse(3*m, UpdateAck, StepUpdate{Step: "page", By: "ian"})
	h.send(4*m, UpdateDone, StepUpdate{Step: "page", By: "ian", Checked: []string{"Bridge open", "2"}}, false)
	refuse(5*m, UpdateDone, StepUpdate{Step: "page", By: "ian"})
	h.send(6*m, UpdateDone, StepUpdate{Step: "wrap", By: "olga"}, false) // the owner may

	res := h.run(smallInput(p))

	want := []string{
		`ack at 1m: ack: unknown step "pgae" (steps: page, wrap)`,
		"ack at 1m1s: ack: step wrap has not started; it waits for page",
		"ack at 1m2s: ack: cem does not hold the it role of step page (ian does); only they, the drill owner or the commander may answer it",
		"ack at 1m3s: ack: who answers (by) is not given",
		`done at 1m4s: done: "Coffee" is not an item of the checklist of step page (2 items)`,
		"ack at 3m: ack: step page is already acknowledged (by ann)",
		"done at 5m: done: step page is already done (by ian)",
	}
	if diff := cmp.Diff(want, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Bridge open", "ETA asked"}, res.Steps[0].Checked); diff != "" {
		t.Errorf("checklist (-want +got):\n%s", diff)
	}
	if res.Outcome != edrill.Completed {
		t.Errorf("outcome %s, want completed", res.Outcome)
	}
}

// A live run opens no synthetic tickets and its events are not a drill's.
func TestLiveRun(t *testing.T) {
	h := newHarness(t)
	in := outageInput(t)
	in.Mode = edrill.ModeLive
	h.send(time.Minute, UpdateAbort, Control{By: "petra-lange", Reason: "false alarm"}, false)
	h.run(in)
	if calls := h.tickets.calls(); len(calls) != 0 {
		t.Errorf("live run opened tickets: %q", calls)
	}
	for _, e := range h.events.all() {
		if e.Drill {
			t.Errorf("event %s of a live run is marked as a drill's", e.ID)
		}
	}
}

// Notifications that cannot be delivered are recorded; the drill goes on.
func TestNotificationFailureIsRecorded(t *testing.T) {
	h := newHarness(t)
	h.notes.fail = true
	p := smallPlan(t, model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"})
	h.done(time.Minute, "page", "ian")
	res := h.run(smallInput(p))
	if res.Outcome != edrill.Completed {
		t.Errorf("outcome %s, want completed", res.Outcome)
	}
	if diff := cmp.Diff([]string{event.DrillStepNotified, event.DrillNotificationFailed, event.DrillStepDone}, h.events.types("page")); diff != "" {
		t.Errorf("page's events (-want +got):\n%s", diff)
	}
}

func TestRejectsBadInput(t *testing.T) {
	h := newHarness(t)
	p := smallPlan(t, model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"})
	p.Steps[0].After = []string{"ghost"}
	in := smallInput(p)
	in.Mode = "rehearsal"
	in.Simulation = &edrill.Simulation{Default: edrill.Participant{Failure: 2}}
	h.env.ExecuteWorkflow(WorkflowName, in)
	err := h.env.GetWorkflowError()
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Type() != event.ErrBadInput || appErr.NonRetryable() != true {
		t.Fatalf("error %v, want a non-retryable %s", err, event.ErrBadInput)
	}
	for _, want := range []string{`mode "rehearsal" is not drill or live`, `step "page": after: step "ghost" is not listed before it`, "simulation: default: failure 2 is not within 0 to 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// Every plan of the example completes, on time, with simulated
// participants at their default delays: no plan asks more than its
// deadlines allow.
func TestExamplePlansCompleteSimulated(t *testing.T) {
	cfg, err := exampleConfig()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range model.SortedKeys(cfg.EmergencyPlans) {
		t.Run(id, func(t *testing.T) {
			in := Input{ID: "ci-" + id, Plan: loadPlan(t, id), Mode: edrill.ModeDrill, Owner: "ci", Assignments: people(),
				Simulation: &edrill.Simulation{Seed: 1}}
			res := newHarness(t).run(in)
			if res.Outcome != edrill.Completed || len(res.MissedSteps) != 0 || res.Score.OnTime != 1 || !res.Mitigated {
				t.Errorf("%s: %s, missed %q, on time %.2f, mitigated %v; want completed with every step on time",
					id, res.Outcome, res.MissedSteps, res.Score.OnTime, res.Mitigated)
			}
			if res.Assignments["qa"] != "sim-qa" && slices.Contains(in.Plan.Roles, "qa") {
				t.Errorf("the unassigned qa role is filled by %q, want sim-qa", res.Assignments["qa"])
			}
		})
	}
}

// A drill run at speed 60 or 3600 waits 1/60 or 1/3600 of the time and
// reports what the same drill run in real time does, times included:
// deadlines, reminders, escalation, the simulated participants' delays and
// the time limit all count on the drill clock.
func TestSpeedKeepsTheDrillClock(t *testing.T) {
	in := outageInput(t)
	in.Simulation = &edrill.Simulation{Seed: 7, Roles: map[string]edrill.Participant{"supervisor": {Failure: 1}}}
	type run struct {
		res    edrill.Result
		events []eventstore.Event
		// took is the wall time the run took.
		took time.Duration
	}
	runAt := func(speed float64) run {
		h := newHarness(t)
		h.speed = speed
		h.query(3*time.Minute, func(s State) {
			if s.Elapsed != 3*time.Minute || s.Speed != max(speed, 1) || s.Steps[0].State != edrill.Done {
				t.Errorf("speed %g at 3m on the drill clock: elapsed %s, speed %g, declare %s; want 3m, %g, done",
					speed, s.Elapsed, s.Speed, s.Steps[0].State, max(speed, 1))
			}
		})
		in.Speed = speed
		res := h.run(in)
		return run{res: res, events: h.events.all(), took: h.env.Now().Sub(start)}
	}
	real := runAt(0)
	if real.res.Outcome != edrill.TimedOut || real.took != 4*time.Hour {
		t.Fatalf("in real time: %s after %s; want timed out after 4h", real.res.Outcome, real.took)
	}
	for _, speed := range []float64{60, 3600} {
		got := runAt(speed)
		if diff := cmp.Diff(real.res, got.res); diff != "" {
			t.Errorf("speed %g: result (-real time +sped up):\n%s", speed, diff)
		}
		if diff := cmp.Diff(real.events, got.events); diff != "" {
			t.Errorf("speed %g: events (-real time +sped up):\n%s", speed, diff)
		}
		if want := time.Duration(float64(4*time.Hour) / speed); got.took < want || got.took > want+time.Second {
			t.Errorf("speed %g: took %s of wall time, want %s", speed, got.took, want)
		}
	}
}

// A speed that is not a positive number (or 0) is refused; JSON cannot
// carry NaN or infinity, so those are checked on checkInput itself.
func TestRejectsBadSpeed(t *testing.T) {
	h := newHarness(t)
	in := outageInput(t)
	in.Speed = -1
	h.env.ExecuteWorkflow(WorkflowName, in)
	var appErr *temporal.ApplicationError
	if err := h.env.GetWorkflowError(); !errors.As(err, &appErr) || appErr.Type() != event.ErrBadInput || !strings.Contains(err.Error(), "speed -1 is not a positive number") {
		t.Errorf("speed -1: error %v, want a %s about the speed", err, event.ErrBadInput)
	}
	for _, speed := range []float64{math.NaN(), math.Inf(1)} {
		in.Speed = speed
		if err := checkInput(in); err == nil || !strings.Contains(err.Error(), "is not a positive number") {
			t.Errorf("speed %v: %v, want it refused", speed, err)
		}
	}
}

// A scheduled run has no id in its input (the schedule's input is the same
// every time): it takes the id of its workflow, which the schedule makes
// unique per run.
func TestScheduledRunTakesWorkflowID(t *testing.T) {
	h := newHarness(t)
	in := smallInput(smallPlan(t, model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"}))
	in.ID = ""
	in.Simulation = &edrill.Simulation{Seed: 1}
	h.env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: WorkflowID("scheduled-tiny-2027-01-15T09:00:00Z")})
	res := h.run(in)
	if res.Drill != "scheduled-tiny-2027-01-15T09:00:00Z" {
		t.Errorf("result of drill %q, want the id of its workflow", res.Drill)
	}
}

// A step that misses its deadline runs the plan's escalation path while it
// is not done: outage-major's "incident" path tells the commanders on duty
// at once, the managers 10 minutes later, and pages down the commanders'
// rota from 15 minutes, one every 10 minutes (round robin, two repeats).
// The supervisor never answers, so deflect (due 15m) runs the whole path.
func TestMissedStepRunsEscalationPath(t *testing.T) {
	cfg, err := exampleConfig()
	if err != nil {
		t.Fatal(err)
	}
	in := outageInput(t)
	if err = in.Plan.ResolveEscalation(cfg); err != nil {
		t.Fatal(err)
	}
	in.Simulation = &edrill.Simulation{Seed: 7, Roles: map[string]edrill.Participant{"supervisor": {Failure: 1}}}
	h := newHarness(t)
	res := h.run(in)
	o, _ := res.Step("deflect")
	type esc struct {
		At         time.Duration
		Level, Rep int
		Targets    []string
	}
	var got []esc
	for _, e := range o.Escalations {
		got = append(got, esc{e.At.Sub(start), e.Level, e.Repetition, e.Targets})
	}
	commanders := []string{"petra-lange", "sabine-mueller", "katrin-schwarz"}
	want := []esc{
		{15 * time.Minute, 1, 0, commanders},
		{25 * time.Minute, 2, 0, []string{"petra-lange"}},
		{30 * time.Minute, 3, 0, commanders[:1]},
		{40 * time.Minute, 3, 1, commanders[1:2]},
		{50 * time.Minute, 3, 2, commanders[2:]},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("escalations of deflect (-want +got):\n%s", diff)
	}
	if n := len(h.notes.of(NotifyEscalation)); n < len(want) {
		t.Errorf("%d escalation notifications, want at least %d", n, len(want))
	}
}

// An answer sent as the drill starts, while the first step's owner is
// being notified, is taken once the step has started.
func TestAnswerWhileStarting(t *testing.T) {
	h := newHarness(t)
	in := smallInput(smallPlan(t, model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"}))
	by := in.Assignments["it"]
	h.ack(0, "page", by)
	h.done(0, "page", by)
	res := h.run(in)
	o, _ := res.Step("page")
	if o.State != edrill.Done || o.Acknowledged.IsZero() || res.Outcome != edrill.Completed {
		t.Errorf("page: %s (acknowledged %v), drill %s; want done and completed", o.State, o.Acknowledged, res.Outcome)
	}
	if len(h.refused) > 0 {
		t.Errorf("refused: %v", h.refused)
	}
}
