package drill

import "time"

// Run statuses: running and paused while the drill runs, then its
// Outcome.
const (
	StatusRunning = "running"
	StatusPaused  = "paused"
)

// RunState is the live view of a drill, as the drill workflow's state
// query returns it.
type RunState struct {
	Drill       string            `json:"drill"`
	Plan        string            `json:"plan"`
	PlanName    string            `json:"plan_name"`
	Mode        Mode              `json:"mode"`
	Owner       string            `json:"owner,omitempty"`
	Simulated   bool              `json:"simulated,omitempty"`
	Assignments map[string]string `json:"assignments,omitempty"`
	// Status is StatusRunning, StatusPaused or the outcome.
	Status    string    `json:"status"`
	StartedAt time.Time `json:"started_at"`
	// Speed is the drill clock's speed (the workflow's Input.Speed; 1 for real time).
	// Every time of the state counts on the drill clock.
	Speed float64 `json:"speed"`
	// Elapsed is the drill clock as of the drill's last event: the time
	// since the start less the pauses. Paused is the time paused.
	Elapsed     time.Duration `json:"elapsed"`
	Paused      time.Duration `json:"paused,omitempty"`
	TimeLimit   time.Duration `json:"time_limit"`
	AbortedBy   string        `json:"aborted_by,omitempty"`
	AbortReason string        `json:"abort_reason,omitempty"`
	// AbortConditions are when the plan says to abort, for the owner and
	// the commander to watch for.
	AbortConditions []string    `json:"abort_conditions,omitempty"`
	Steps           []StepState `json:"steps"`
	// History is everything that happened, in order: who did what.
	History []Entry `json:"history"`
}

// StepState is the live state of a step.
type StepState struct {
	StepOutcome
	Title    string        `json:"title"`
	Deadline time.Duration `json:"deadline"`
	// Due is when the deadline falls if the drill clock keeps running;
	// zero while paused and once the step is done or skipped.
	Due time.Time `json:"due,omitzero"`
}

// Entry is one line of a drill's history.
type Entry struct {
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
	// Elapsed is the drill clock at the time.
	Elapsed time.Duration `json:"elapsed"`
	// Type is the event type, one of engine/event's Drill types.
	Type   string `json:"type"`
	Step   string `json:"step,omitempty"`
	Actor  string `json:"actor,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Result is set on the event.DrillEnded entry: the result is stored with
	// the events.
	Result *Result `json:"result,omitempty"`
}

// RunSummary is a drill as its workflow's visibility record shows it.
type RunSummary struct {
	ID        string  `json:"id"`
	Plan      string  `json:"plan"`
	Mode      Mode    `json:"mode"`
	Owner     string  `json:"owner,omitempty"`
	Simulated bool    `json:"simulated,omitempty"`
	Speed     float64 `json:"speed,omitempty"`
	// Status is StatusRunning while the workflow runs, then its outcome;
	// a workflow that ended without a result (failed, terminated,
	// cancelled, timed out) shows Temporal's status in lower case.
	Status    string    `json:"status"`
	Score     *float64  `json:"score,omitempty"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at,omitzero"`
}

// Provisional is the result the drill would have if it ended now, as of
// the state: for a report of a drill still running. Its outcome is the
// state's status (running or paused) and its end the time of the state.
func (s RunState) Provisional(p *Plan) Result {
	steps := make([]StepOutcome, len(s.Steps))
	for i, st := range s.Steps {
		steps[i] = st.StepOutcome
	}
	res := Result{
		Drill: s.Drill, Plan: s.Plan, PlanName: s.PlanName, Mode: s.Mode, Simulated: s.Simulated, Owner: s.Owner,
		Assignments: s.Assignments, StartedAt: s.StartedAt, EndedAt: s.StartedAt.Add(s.Elapsed + s.Paused), Elapsed: s.Elapsed,
		Paused: s.Paused, Outcome: Outcome(s.Status), AbortedBy: s.AbortedBy, AbortReason: s.AbortReason, Steps: steps,
	}
	return Evaluate(p, res)
}
