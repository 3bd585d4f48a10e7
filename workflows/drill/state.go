package drill

import (
	"slices"
	"time"

	edrill "github.com/supportops/supportops/engine/drill"
)

// status is the run's status.
func (r *run) status() string {
	switch {
	case r.outcome != "":
		return string(r.outcome)
	case r.paused:
		return StatusPaused
	}
	return StatusRunning
}

// state is the query's view of the drill at now.
func (r *run) state(now time.Time) State {
	elapsed := r.clock(now)
	paused := r.pausedFor
	if r.paused {
		paused += now.Sub(r.pausedAt)
	}
	st := State{
		Drill: r.in.ID, Plan: r.plan.ID, PlanName: r.plan.Name, Mode: r.in.Mode, Owner: r.in.Owner, Simulated: r.in.Simulation != nil,
		Assignments: r.assignments(), Status: r.status(), StartedAt: r.start, Speed: r.speed, Elapsed: elapsed, Paused: paused,
		TimeLimit: r.plan.TimeLimit, AbortedBy: r.abortBy, AbortReason: r.abortReason, History: slices.Clone(r.history),
		AbortConditions: slices.Clone(r.plan.AbortConditions),
	}
	for i, s := range r.plan.Steps {
		ss := StepState{StepOutcome: r.steps[i], Title: s.Title, Deadline: s.Deadline}
		if !r.paused && !r.ended && !ss.State.Settled() {
			ss.Due = now.UTC().Add(s.Deadline - elapsed)
		}
		st.Steps = append(st.Steps, ss)
	}
	return st
}

// assignments is a copy of who fills which role.
func (r *run) assignments() map[string]string {
	out := make(map[string]string, len(r.people))
	for _, role := range r.roles() {
		if p, ok := r.people[role]; ok {
			out[role] = p
		}
	}
	return out
}

// result is the run's result, ended at now.
func (r *run) result(now time.Time) edrill.Result {
	res := edrill.Result{
		Drill: r.in.ID, Plan: r.plan.ID, PlanName: r.plan.Name, Mode: r.in.Mode, Simulated: r.in.Simulation != nil,
		Owner: r.in.Owner, Assignments: r.assignments(), StartedAt: r.start, EndedAt: now, Elapsed: r.clock(now),
		Paused: r.pausedFor, Outcome: r.outcome, AbortedBy: r.abortBy, AbortReason: r.abortReason, Steps: slices.Clone(r.steps),
	}
	return edrill.Evaluate(r.plan, res)
}
