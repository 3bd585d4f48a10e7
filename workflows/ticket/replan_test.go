package ticket

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
)

// A change of priority selects the SLA policy again; the clocks keep the
// time they counted and run against the new targets.
func TestPriorityReplansSLA(t *testing.T) {
	mon := func(h, m int) time.Time { return time.Date(2026, 11, 16, h, m, 0, 0, berlin) }
	tue := func(h, m int) time.Time { return time.Date(2026, 11, 17, h, m, 0, 0, berlin) }
	const (
		standardToUrgent = "SLA policy email-standard → email-urgent: first_reply 9h30m0s → 1h0m0s, " +
			"next_reply 9h30m0s → 2h0m0s, periodic_update 4h0m0s added, resolution 47h30m0s → 9h30m0s"
		urgentToStandard = "SLA policy email-urgent → email-standard: first_reply 1h0m0s → 9h30m0s, " +
			"next_reply 2h0m0s → 9h30m0s, resolution 9h30m0s → 47h30m0s, periodic_update stopped"
	)
	office := "office-berlin"
	idle := func(metric string, target time.Duration) ClockState {
		return ClockState{Metric: metric, Calendar: office, Target: target, State: ClockIdle}
	}
	start := mon(9, 0)
	tests := []struct {
		name   string
		reason string
		// priority is the ticket's at open ("" = the matrix's P4).
		priority string
		// events are applied at their times after the start.
		events map[time.Duration]Event
		// At check, the state has policy and clocks; replanned are the
		// details of the sla_replanned entries so far, breaches the times
		// of its sla_breached entries.
		check      time.Duration
		policy     string
		clocks     []ClockState
		replanned  []string
		breaches   []time.Time
		finalClock ClockState
	}{{
		name:   "P4 to P1 shortens the first reply",
		reason: "30m counted of the new 1h first reply: due 09:30 + 30m; its 30m warning is passed, not given late",
		events: map[time.Duration]Event{
			30 * time.Minute: {Kind: EventPriority, Priority: "P1", Actor: "aylin-demir"},
			40 * time.Minute: {Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"},
		},
		check:  31 * time.Minute,
		policy: "email-urgent",
		clocks: []ClockState{
			{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockRunning, Due: mon(10, 0).UTC(), Elapsed: 30 * time.Minute, Warnings: 1},
			idle("next_reply", 2*time.Hour),
			idle("periodic_update", 4*time.Hour),
			// 9h30m from 09:00: Mon 09:00-12:30, 13:00-18:00 (8h30m), Tue 08:00-09:00.
			{Metric: "resolution", Calendar: office, Target: 9*time.Hour + 30*time.Minute, State: ClockRunning, Due: tue(9, 0).UTC(), Elapsed: 30 * time.Minute},
		},
		replanned:  []string{standardToUrgent},
		finalClock: ClockState{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockMet, Elapsed: 40 * time.Minute, MetAt: mon(9, 40).UTC(), Warnings: 1},
	}, {
		name:   "P4 to P1 past the new target breaches at once",
		reason: "2h counted is past the new 1h target: breached at the change, without late warnings",
		events: map[time.Duration]Event{
			2 * time.Hour:                {Kind: EventPriority, Priority: "P1", Actor: "aylin-demir"},
			2*time.Hour + 10*time.Minute: {Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"},
		},
		check:  2*time.Hour + time.Minute,
		policy: "email-urgent",
		clocks: []ClockState{
			{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockRunning, Due: mon(11, 0).UTC(), Elapsed: 2 * time.Hour, Warnings: 3, Breached: true},
			idle("next_reply", 2*time.Hour),
			idle("periodic_update", 4*time.Hour),
			{Metric: "resolution", Calendar: office, Target: 9*time.Hour + 30*time.Minute, State: ClockRunning, Due: tue(9, 0).UTC(), Elapsed: 2 * time.Hour},
		},
		replanned:  []string{standardToUrgent},
		breaches:   []time.Time{mon(11, 0).UTC()},
		finalClock: ClockState{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockMet, Elapsed: 2*time.Hour + 10*time.Minute, MetAt: mon(11, 10).UTC(), Warnings: 3, Breached: true},
	}, {
		name:     "P1 to P4 stops the periodic update",
		reason:   "email-standard has no periodic update: the running clock stops and later replies leave it stopped",
		priority: "P1",
		events: map[time.Duration]Event{
			10 * time.Minute: {Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"},
			time.Hour:        {Kind: EventPriority, Priority: "P4", Actor: "aylin-demir"},
			2 * time.Hour:    {Kind: EventReply, From: FromAgent, Public: true, Actor: "aylin-demir"},
		},
		check:  time.Hour + time.Minute,
		policy: "email-standard",
		clocks: []ClockState{
			{Metric: "first_reply", Calendar: office, Target: 9*time.Hour + 30*time.Minute, State: ClockMet, Elapsed: 10 * time.Minute, MetAt: mon(9, 10).UTC()},
			idle("next_reply", 9*time.Hour+30*time.Minute),
			// 46h30m from Mon 10:00: Mon 7h30m, Tue-Fri 9h30m each leave
			// 1h for Saturday 09:00-10:00.
			{Metric: "resolution", Calendar: office, Target: 47*time.Hour + 30*time.Minute, State: ClockRunning, Due: time.Date(2026, 11, 21, 10, 0, 0, 0, berlin).UTC(), Elapsed: time.Hour},
			{Metric: "periodic_update", Calendar: office, Target: 4 * time.Hour, State: ClockStopped, Elapsed: 50 * time.Minute},
		},
		replanned:  []string{urgentToStandard},
		finalClock: ClockState{Metric: "periodic_update", Calendar: office, Target: 4 * time.Hour, State: ClockStopped, Elapsed: 50 * time.Minute},
	}, {
		name:     "an escalation raising P3 to P2",
		reason:   "level 4 of the standard path raises the priority 2h after Tuesday's breach; 11h30m counted breach the new 9h30m resolution at once",
		priority: "P3",
		check:    tue(11, 1).Sub(start),
		policy:   "email-urgent",
		clocks: []ClockState{
			{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockRunning, Elapsed: 11*time.Hour + 30*time.Minute, Warnings: 3, Breached: true},
			idle("next_reply", 2*time.Hour),
			idle("periodic_update", 4*time.Hour),
			{Metric: "resolution", Calendar: office, Target: 9*time.Hour + 30*time.Minute, State: ClockRunning, Due: tue(11, 0).UTC(), Elapsed: 11*time.Hour + 30*time.Minute, Warnings: 2, Breached: true},
		},
		replanned:  []string{standardToUrgent},
		breaches:   []time.Time{tue(9, 0).UTC(), tue(11, 0).UTC()},
		finalClock: ClockState{Metric: "first_reply", Calendar: office, Target: time.Hour, State: ClockStopped, Elapsed: 11*time.Hour + 30*time.Minute, Warnings: 3, Breached: true},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, start)
			for d, ev := range tc.events {
				h.at(d, ev, false)
			}
			h.query(tc.check, func(s State) {
				got := struct {
					Policy    string
					Clocks    []ClockState
					Replanned []string
					Breaches  []time.Time
				}{Policy: s.SLAPolicy, Clocks: s.Clocks}
				for _, e := range s.History {
					switch e.Type {
					case "sla_replanned":
						got.Replanned = append(got.Replanned, e.Detail)
					case "sla_breached":
						got.Breaches = append(got.Breaches, e.At)
					}
				}
				want := got
				want.Policy, want.Clocks, want.Replanned, want.Breaches = tc.policy, tc.clocks, tc.replanned, tc.breaches
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
				}
			})
			h.at(tc.check+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
			h.at(tc.check+time.Hour+time.Minute, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
			tk := emailTicket(start)
			tk.Priority = tc.priority
			res := h.run(tk)
			var final ClockState
			for _, c := range res.Clocks {
				if c.Metric == tc.finalClock.Metric {
					final = c
				}
			}
			if diff := cmp.Diff(tc.finalClock, final); diff != "" {
				t.Errorf("%s at the end (-want +got):\n%s", tc.finalClock.Metric, diff)
			}
		})
	}
}

// An escalation raising the priority into a plan without the escalating
// clock stops that clock and ends its escalation; what it did is recorded.
// The example has no such plan, so the test adds one: P3 emails with only a
// resolution target.
func TestRaisePriorityRetiresEscalatingClock(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // first reply due Tue 09:00
	h := newHarness(t, start)
	cfg := h.snaps.snap.Config
	cfg.SLAPolicies = append([]model.SLAPolicy{{
		Name:           "email-p3-resolution",
		Match:          &model.SLAMatch{Priorities: []string{"P3"}, Channels: []string{"email"}},
		EscalationPath: "standard",
		Metrics:        model.SLAMetrics{Resolution: &model.SLAMetric{Target: "47h30m"}},
	}}, cfg.SLAPolicies...)
	raised := time.Date(2026, 11, 17, 11, 0, 0, 0, berlin) // level 4, 2h after the breach
	h.query(raised.Sub(start)+time.Minute, func(s State) {
		want := []ClockState{
			// Unchanged at 47h30m from Mon 09:00: Mon 8h30m, Tue-Fri 9h30m
			// each, Sat 09:00-10:00.
			{Metric: "resolution", Calendar: "office-berlin", Target: 47*time.Hour + 30*time.Minute, State: ClockRunning,
				Due: time.Date(2026, 11, 21, 10, 0, 0, 0, berlin).UTC(), Elapsed: 11*time.Hour + 30*time.Minute},
			{Metric: "first_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute, State: ClockStopped,
				Elapsed: 11*time.Hour + 30*time.Minute, Warnings: 3, Breached: true},
			{Metric: "next_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute, State: ClockStopped},
		}
		if diff := cmp.Diff(want, s.Clocks); s.SLAPolicy != "email-p3-resolution" || diff != "" {
			t.Errorf("after the raise: policy %s (want email-p3-resolution), clocks (-want +got):\n%s", s.SLAPolicy, diff)
		}
	})
	h.at(raised.Sub(start)+4*time.Hour, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(raised.Sub(start)+4*time.Hour+time.Minute, Event{Kind: EventClose}, false)
	h.run(emailTicket(start))

	want := []string{"SLA policy email-standard → email-p3-resolution: first_reply stopped, next_reply stopped"}
	if diff := cmp.Diff(want, h.events.details("sla_replanned")); diff != "" {
		t.Errorf("sla_replanned events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"P4 → P3 (escalation)"}, h.events.details("priority")); diff != "" {
		t.Errorf("priority events (-want +got):\n%s", diff)
	}
	// Levels 1, 3 (four times) and 4; level 5 never comes.
	if got := len(h.events.details("escalated")); got != 6 {
		t.Errorf("%d escalations, want 6: %q", got, h.events.details("escalated"))
	}
}
