package pgstate

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// choose is a pick that gives the ticket to agent.
func choose(agent string) func(map[string]tkt.AgentState) (string, error) {
	return func(map[string]tkt.AgentState) (string, error) { return agent, nil }
}

// TestBoardHeldBefore: HeldBefore gives the tickets held since before a
// time, sorted: a hold that moves to another agent is made anew, one held
// again by its agent (on another channel or not) keeps its time, and a
// released one is gone.
func TestBoardHeldBefore(t *testing.T) {
	ctx := t.Context()
	board := openDB(t, newPostgresDSN(t)).Board()
	at := func(min int) time.Time { return time.Date(2026, 11, 18, 9, min, 0, 0, time.UTC) }
	steps := []func() error{
		func() error { _, err := board.Route(ctx, "T-2", "chat", at(1), choose("anna")); return err },
		func() error { _, err := board.Route(ctx, "T-3", "chat", at(1), choose("anna")); return err },
		func() error { return board.Assign(ctx, "T-1", "ben", "email", at(2)) },
		func() error { _, err := board.Route(ctx, "T-4", "phone", at(3), choose("dora")); return err },
		func() error { return board.Assign(ctx, "T-3", "carla", "chat", at(4)) },                       // moved: held anew
		func() error { return board.Assign(ctx, "T-1", "ben", "phone", at(5)) },                        // same agent: kept
		func() error { _, err := board.Route(ctx, "T-4", "phone", at(5), choose("dora")); return err }, // kept
		func() error { return board.Release(ctx, "T-2") },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	tests := map[string]struct {
		reason string
		before time.Time
		want   []string
	}{
		"first hold's time": {
			reason: "a hold made at before is not before it",
			before: at(1),
		},
		"after T-1's hold": {
			reason: "T-3, held by anna at 9:01, moved to carla at 9:04; T-2 is released",
			before: at(2).Add(time.Nanosecond),
			want:   []string{"T-1"},
		},
		"at the later holds": {
			reason: "T-1 held again by ben at 9:05 keeps 9:02, T-4 by dora keeps 9:03",
			before: at(5),
			want:   []string{"T-1", "T-3", "T-4"},
		},
		"a day later": {
			reason: "every hold, sorted",
			before: at(0).Add(24 * time.Hour),
			want:   []string{"T-1", "T-3", "T-4"},
		},
		"zero time": {
			reason: "nothing is held before the zero time",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := board.HeldBefore(ctx, tt.before)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("HeldBefore(%s): %s (-want +got):\n%s", tt.before.Format(time.TimeOnly), tt.reason, diff)
			}
		})
	}
}
