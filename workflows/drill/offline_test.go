package drill

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	edrill "github.com/supportops/supportops/engine/drill"
)

// Offline rehearses a plan in-process: with simulated participants who
// answer, outage-major completes on time, the same way twice; when nobody
// answers, it runs out its 4h limit with every step missed.
func TestOffline(t *testing.T) {
	in := Input{ID: "sim-outage-major", Plan: loadPlan(t, "outage-major"), Mode: edrill.ModeDrill, Owner: "ci", Assignments: people(),
		Simulation: &edrill.Simulation{Seed: 7}}
	res, err := Offline(context.Background(), in, start)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != edrill.Completed || len(res.MissedSteps) != 0 || res.Score.Total <= 90 {
		t.Errorf("rehearsal: %s, score %.1f, missed %v; want completed above 90 with nothing missed", res.Outcome, res.Score.Total, res.MissedSteps)
	}
	again, err := Offline(context.Background(), in, start)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res, again); diff != "" {
		t.Errorf("a second rehearsal with the same seed differs (-first +second):\n%s", diff)
	}

	in.Simulation = &edrill.Simulation{Seed: 7, Default: edrill.Participant{Failure: 1}}
	silent, err := Offline(context.Background(), in, start)
	if err != nil {
		t.Fatal(err)
	}
	if silent.Outcome != edrill.TimedOut || len(silent.MissedSteps) != len(in.Plan.Steps) || silent.Elapsed != 4*time.Hour {
		t.Errorf("nobody answers: %s after %s, missed %v; want timed out at 4h with every step missed", silent.Outcome, silent.Elapsed, silent.MissedSteps)
	}
}
