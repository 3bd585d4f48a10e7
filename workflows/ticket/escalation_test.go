package ticket

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The rotas of the example (teams.cue).
var (
	supervisors        = []string{"sabine-mueller", "katrin-schwarz", "jonas-weber", "jan-vogel", "markus-braun"}
	incidentCommanders = []string{"petra-lange", "sabine-mueller", "katrin-schwarz"}
)

// An unanswered P4 email breaches its first reply on the standard path.
// Level 3 (30m after the breach, three repeats every 15m, round robin over
// the supervisors on duty) gives the ticket to the next supervisor on the
// rota at each repetition, and tells only that one; level 1 tells every
// supervisor at once.
func TestRoundRobinEscalation(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	due := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin)   // 9h30m of office hours later
	h := newHarness(t, start)
	want := supervisors[:4] // repetitions 0-3 at +30m, +45m, +60m, +75m
	for k, agent := range want {
		at := due.Sub(start) + 30*time.Minute + time.Duration(k)*15*time.Minute
		h.query(at+time.Minute, func(s State) {
			if s.Agent != agent || s.Escalation != 3 {
				t.Errorf("after repetition %d: agent %s, escalation level %d; want %s at level 3", k, s.Agent, s.Escalation, agent)
			}
		})
	}
	h.at(due.Sub(start)+90*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "jan-vogel"}, false)
	h.at(due.Sub(start)+91*time.Minute, Event{Kind: EventClose, Actor: "jan-vogel"}, false)

	h.run(emailTicket(start))

	wantNotify := [][]string{supervisors}
	var wantDetails, wantLoad []string
	wantLoad = append(wantLoad, "assigned aylin-demir email") // routed at open
	prev := "aylin-demir"
	for k, agent := range want {
		wantNotify = append(wantNotify, []string{agent})
		wantDetails = append(wantDetails, fmt.Sprintf(
			"to %s by escalation: standard path of first_reply, level 3, repetition %d, round robin over on_duty:supervisor", agent, k+1))
		wantLoad = append(wantLoad, "released "+prev+" email", "assigned "+agent+" email")
		prev = agent
	}
	wantLoad = append(wantLoad, "released jan-vogel email") // solved
	if diff := cmp.Diff(wantNotify, h.notes.targets("notify")); diff != "" {
		t.Errorf("notify targets (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDetails, h.events.details("reassigned")); diff != "" {
		t.Errorf("reassignments (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantLoad, h.agents.recorded()); diff != "" {
		t.Errorf("agent load changes (-want +got):\n%s", diff)
	}
	if got := count(h.events.types(), "rerouted"); got != 0 {
		t.Errorf("%d re-routings, want none: a round-robin level assigns directly", got)
	}
}

// The conditional levels of the standard path: level 2 pages the incident
// commanders for P1 tickets only, and level 5 (2h30m after the breach)
// tells them only when the office is closed by then.
func TestEscalationBranches(t *testing.T) {
	type outcome struct {
		// Levels are the levels escalated, in order.
		Levels []int
		// Notify and Pages are the targets of the notify and
		// page_incident_commander notifications.
		Notify, Pages [][]string
	}
	tests := []struct {
		name     string
		reason   string
		start    time.Time
		priority string
		due      time.Time
		// solve is when, after the breach, the ticket is solved.
		solve time.Duration
		want  outcome
	}{{
		name:   "in hours",
		reason: "breach Tue 09:00, level 5 would be due at 11:30 with the office open",
		start:  time.Date(2026, 11, 16, 9, 0, 0, 0, berlin), due: time.Date(2026, 11, 17, 9, 0, 0, 0, berlin),
		solve: 3 * time.Hour,
		want: outcome{
			Levels: []int{1, 3, 3, 3, 3, 4},
			Notify: [][]string{supervisors, supervisors[:1], supervisors[1:2], supervisors[2:3], supervisors[3:4], {"petra-lange"}},
		},
	}, {
		name: "out of hours",
		// Mon 16:00-18:00 (2h) and Tue 08:00-12:30, 13:00-16:00 (7h30m)
		// make the 9h30m target; level 5 is due at 18:30, after closing.
		reason: "breach Tue 16:00, level 5 due at 18:30 with the office closed",
		start:  time.Date(2026, 11, 16, 16, 0, 0, 0, berlin), due: time.Date(2026, 11, 17, 16, 0, 0, 0, berlin),
		solve: 3 * time.Hour,
		want: outcome{
			Levels: []int{1, 3, 3, 3, 3, 4, 5},
			Notify: [][]string{supervisors, supervisors[:1], supervisors[1:2], supervisors[2:3], supervisors[3:4], {"petra-lange"}, incidentCommanders},
		},
	}, {
		name:     "P1",
		reason:   "email-urgent: first reply within 1h; level 2 pages at +15m",
		start:    time.Date(2026, 11, 16, 9, 0, 0, 0, berlin),
		priority: "P1", due: time.Date(2026, 11, 16, 10, 0, 0, 0, berlin),
		solve: 20 * time.Minute,
		want:  outcome{Levels: []int{1, 2}, Notify: [][]string{supervisors}, Pages: [][]string{incidentCommanders}},
	}, {
		name:     "P3",
		reason:   "email-standard; level 2 is for P1 only",
		start:    time.Date(2026, 11, 16, 9, 0, 0, 0, berlin),
		priority: "P3", due: time.Date(2026, 11, 17, 9, 0, 0, 0, berlin),
		solve: 20 * time.Minute,
		want:  outcome{Levels: []int{1}, Notify: [][]string{supervisors}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.start)
			h.query(time.Minute, func(s State) {
				if c := s.Clocks[0]; c.Metric != "first_reply" || !c.Due.Equal(tc.due) {
					t.Errorf("first_reply %+v, want due %s", c, tc.due)
				}
			})
			h.at(tc.due.Sub(tc.start)+tc.solve, Event{Kind: EventStatus, Status: StatusSolved, Actor: "sabine-mueller"}, false)
			h.at(tc.due.Sub(tc.start)+tc.solve+time.Minute, Event{Kind: EventClose, Actor: "sabine-mueller"}, false)
			tk := emailTicket(tc.start)
			tk.Priority = tc.priority
			h.run(tk)

			got := outcome{Notify: h.notes.targets("notify"), Pages: h.notes.targets("page_incident_commander")}
			for _, d := range h.events.details("escalated") {
				var level int
				if _, err := fmt.Sscanf(d, "first_reply, level %d:", &level); err != nil {
					t.Fatalf("escalation %q: %v", d, err)
				}
				got.Levels = append(got.Levels, level)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
