package ticket

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/workflow"
)

// Tickets started before a change (GetVersion answers DefaultVersion) keep
// the behaviour they started with.
func TestVersionGatesKeepOldBehaviour(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday; first reply due Tue 09:00
	breach := 24 * time.Hour
	type outcome struct {
		Policy, Priority string
		Reassigned       []string
		Rerouted         int
		// Data holds when entries have their facts as values.
		Data bool
	}
	tests := []struct {
		name   string
		reason string
		change string
		events map[time.Duration]Event
		reject bool // the events are refused
		check  time.Duration
		want   outcome
	}{{
		name:   reassignActivityVersion,
		reason: "an explicit reassign only sets the agent, unchecked",
		change: reassignActivityVersion,
		events: map[time.Duration]Event{time.Minute: {Kind: EventReassign, Agent: "max-mustermann"}},
		check:  2 * time.Minute,
		want:   outcome{Policy: "email-standard", Priority: "P4", Reassigned: []string{"to max-mustermann"}, Data: true},
	}, {
		name:   replanVersion,
		reason: "a priority change keeps the SLA terms",
		change: replanVersion,
		events: map[time.Duration]Event{time.Minute: {Kind: EventPriority, Priority: "P1"}},
		check:  2 * time.Minute,
		want:   outcome{Policy: "email-standard", Priority: "P1", Data: true},
	}, {
		name:   roundRobinVersion,
		reason: "a round-robin level's reassign routes the ticket again, four times",
		change: roundRobinVersion,
		check:  breach + 80*time.Minute,
		want:   outcome{Policy: "email-standard", Priority: "P4", Rerouted: 4, Data: true},
	}, {
		name:   performanceVersion,
		reason: "performance events are refused, and entries record their detail only",
		change: performanceVersion,
		events: map[time.Duration]Event{time.Minute: {Kind: EventComplaint, Actor: "C-1"}},
		reject: true,
		check:  2 * time.Minute,
		want:   outcome{Policy: "email-standard", Priority: "P4"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, start)
			h.env.OnGetVersion(tc.change, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
			for d, ev := range tc.events {
				h.at(d, ev, tc.reject)
			}
			h.query(tc.check, func(s State) {
				got := outcome{Policy: s.SLAPolicy, Priority: s.Priority}
				for _, e := range s.History {
					got.Data = got.Data || e.Data != nil
					switch e.Type {
					case "reassigned":
						got.Reassigned = append(got.Reassigned, e.Detail)
					case "rerouted":
						got.Rerouted++
					}
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
				}
			})
			h.at(tc.check+time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
			h.at(tc.check+2*time.Minute, Event{Kind: EventClose}, false)
			h.run(emailTicket(start))
		})
	}
}
