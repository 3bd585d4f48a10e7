package drill_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
)

func TestSimulationSameSeedSameDraws(t *testing.T) {
	p := examplePlan(t, "outage-major")
	sim := drill.Simulation{Seed: 42, Roles: map[string]drill.Participant{
		"supervisor": {Ack: drill.Delay{Min: time.Minute, Max: 5 * time.Minute}, Failure: 0.5},
	}}
	first, err := sim.Responses(p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := sim.Responses(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("same seed, other draws (-first +again):\n%s", diff)
	}
	sim.Seed = 43
	other, err := sim.Responses(p)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(first, other) {
		t.Errorf("seeds 42 and 43 drew the same responses: %+v", first)
	}
	for _, r := range first {
		s, _ := p.Step(r.Step)
		lo, hi := s.Allotted/20, s.Allotted/5
		if r.Role == "supervisor" {
			lo, hi = time.Minute, 5*time.Minute
		}
		if r.AckAfter < lo.Round(time.Second) || r.AckAfter > hi || r.DoneAfter < r.AckAfter || r.AckAfter%time.Second != 0 {
			t.Errorf("%s: ack after %s, done after %s; want ack within %s to %s in whole seconds, done after it", r.Step, r.AckAfter, r.DoneAfter, lo, hi)
		}
	}
}

// Pinned draws: a change to the generator or the order of the draws
// changes every seeded drill, so it must show up here.
func TestSimulationPinnedDraws(t *testing.T) {
	p, err := drill.Compile("small", small())
	if err != nil {
		t.Fatal(err)
	}
	got, err := drill.Simulation{Seed: 7, Roles: map[string]drill.Participant{"comms": {Failure: 1}}}.Responses(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Silent != (r.Role == "comms") {
			t.Errorf("%s: silent %v; want only the comms role, failure 1, silent", r.Step, r.Silent)
		}
	}
	// The delays are pinned by the golden file.
	var b strings.Builder
	for _, r := range got {
		fmt.Fprintf(&b, "%s: ack after %s, done after %s, silent %v\n", r.Step, r.AckAfter, r.DoneAfter, r.Silent)
	}
	golden(t, "simulation-seed-7.golden", b.String())
}

func TestSimulationValidate(t *testing.T) {
	sim := drill.Simulation{
		Default: drill.Participant{Failure: math.NaN()},
		Roles: map[string]drill.Participant{
			"it":    {Ack: drill.Delay{Min: 5 * time.Minute, Max: time.Minute}},
			"comms": {Failure: 1.5, Done: drill.Delay{Min: -time.Second}},
		},
	}
	p, err := drill.Compile("small", small())
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.Responses(p)
	if err == nil {
		t.Fatal("invalid settings accepted")
	}
	want := []string{
		"simulate plan small: default: failure NaN is not within 0 to 1",
		"role comms: failure 1.5 is not within 0 to 1",
		"role comms: done delay -1s to 0s is not a range of durations",
		"role it: ack delay 5m0s to 1m0s is not a range of durations",
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
