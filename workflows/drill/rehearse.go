package drill

import (
	"context"
	"time"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

// What a rehearsal's drill is recorded as: its id is the prefix and the
// plan's id, its owner CI.
const (
	rehearsalIDPrefix = "sim-"
	rehearsalOwner    = "ci"
)

// RehearsalOptions are the simulated participants of Rehearse and the
// score that passes.
type RehearsalOptions struct {
	// Seed seeds the participants' draws.
	Seed uint64
	// FailureRate is the probability, 0 to 1, that a participant never
	// answers a step.
	FailureRate float64
	// PassMark is the lowest score that passes.
	PassMark float64
}

// Rehearse runs plan as a drill with simulated participants, in this
// process (Offline), its roles filled from cfg as supportopsd fills them
// (edrill.Assign), and judges the run (edrill.Judge). The drill starts at
// 9:00 UTC on 1 January 2026 on its clock, so that a rehearsal is the same
// on every run.
func Rehearse(ctx context.Context, cfg *model.Config, plan *edrill.Plan, o RehearsalOptions) (edrill.Rehearsal, error) {
	assigned, err := edrill.Assign(cfg, plan, nil)
	if err != nil {
		return edrill.Rehearsal{}, err
	}
	in := Input{ID: rehearsalIDPrefix + plan.ID, Plan: *plan, Mode: edrill.ModeDrill, Owner: rehearsalOwner, Assignments: assigned.People,
		Simulation: &edrill.Simulation{Seed: o.Seed, Default: edrill.Participant{Failure: o.FailureRate}}}
	res, err := Offline(ctx, in, time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		return edrill.Rehearsal{}, err
	}
	return edrill.Judge(plan.ID, res, o.FailureRate, o.PassMark), nil
}
