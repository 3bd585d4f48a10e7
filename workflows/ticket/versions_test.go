package ticket

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
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

// Notifications are the same on both sides of localNotifyVersion: local
// activities since it, regular ones on tickets started before it. The
// ticket breaches its first reply and climbs the escalation path, is
// solved, surveyed and closed.
func TestNotifyVersion(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday; first reply due Tue 09:00
	after := 24*time.Hour + 80*time.Minute
	type sent struct {
		Kinds          []string
		Regular, Local int
		ResultBreached []string
	}
	var runs []sent
	for _, tc := range []struct {
		name    string
		version workflow.Version
	}{{"since " + localNotifyVersion, 1}, {"before " + localNotifyVersion, workflow.DefaultVersion}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, start)
			h.env.OnGetVersion(localNotifyVersion, workflow.DefaultVersion, 1).Return(tc.version)
			var got sent
			h.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
				if info.ActivityType.Name == "Notify" {
					got.Regular++
				}
			})
			h.env.SetOnLocalActivityStartedListener(func(info *activity.Info, _ context.Context, _ []any) {
				if info.ActivityType.Name == "Notify" {
					got.Local++
				}
			})
			h.at(after, Event{Kind: EventStatus, Status: StatusSolved}, false)
			res := h.run(emailTicket(start))
			got.Kinds, got.ResultBreached = h.notes.kinds(), res.Breached
			if got.Regular+got.Local != len(got.Kinds) || len(got.Kinds) == 0 {
				t.Errorf("%d regular and %d local Notify activities for %d notifications", got.Regular, got.Local, len(got.Kinds))
			}
			if local := tc.version == 1; (got.Local > 0) != local || (got.Regular > 0) == local {
				t.Errorf("%d regular and %d local Notify activities, want only local ones: %v", got.Regular, got.Local, local)
			}
			runs = append(runs, got)
		})
	}
	if len(runs) == 2 {
		ignore := cmpopts.IgnoreFields(sent{}, "Regular", "Local")
		if diff := cmp.Diff(runs[0], runs[1], ignore); diff != "" {
			t.Errorf("notifications differ across %s (-since +before):\n%s", localNotifyVersion, diff)
		}
		if !slices.Contains(runs[0].Kinds, "sla_breach") || !slices.Contains(runs[0].Kinds, "csat_survey") {
			t.Errorf("notifications %q, want a breach and a survey among them", runs[0].Kinds)
		}
	}
}
