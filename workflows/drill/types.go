package drill

import (
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

// Names the workflow is known by to workers, clients and the Temporal UI.
const (
	// TaskQueue is the task queue of drill workflows and their activities.
	TaskQueue = "supportops-drills"
	// WorkflowName is the registered name of Workflow.
	WorkflowName = "Drill"
	// QueryState returns the drill's State.
	QueryState = "state"
	// UpdateAck acknowledges a step (a StepUpdate) and returns the State.
	UpdateAck = "ack"
	// UpdateDone completes a step (a StepUpdate) and returns the State.
	UpdateDone = "done"
	// UpdateAbort stops the drill (a Control with a reason) and returns
	// the State.
	UpdateAbort = "abort"
	// UpdatePause stops the drill clock (a Control) and returns the
	// State; see Workflow for what a pause stops.
	UpdatePause = "pause"
	// UpdateResume restarts the drill clock (a Control) and returns the
	// State.
	UpdateResume = "resume"
)

// WorkflowID is the workflow id of the drill drillID.
func WorkflowID(drillID string) string { return "drill/" + drillID }

// Input starts a drill, or a live activation, of one emergency plan.
type Input struct {
	// ID identifies the run: its events are "<ID>/<seq>" and its synthetic
	// tickets derive from it.
	ID string `json:"id"`
	// Plan is the compiled plan, a snapshot of the configuration the run
	// started under.
	Plan edrill.Plan `json:"plan"`
	Mode edrill.Mode `json:"mode"`
	// Owner is the person who started the run; they may answer any step,
	// pause, resume and abort.
	Owner string `json:"owner"`
	// Assignments maps each role of the plan to the person who fills it,
	// resolved by the caller (from the on-duty rotas, overridable at
	// start). A role nobody fills is open to anyone, and notifications for
	// it go to "role:ROLE".
	Assignments map[string]string `json:"assignments,omitempty"`
	// Simulation, when set, fills the roles with simulated participants:
	// roles without an assignment get "sim-ROLE".
	Simulation *edrill.Simulation `json:"simulation,omitempty"`
	// Speed runs the drill clock faster than the wall clock: 60 runs a
	// minute of the drill in a second. 0 or 1 is real time. Every wait
	// (deadlines, reminders, the time limit, simulated participants'
	// delays) takes 1/Speed of its time, and every time the state and the
	// result report is on the drill clock, as if the drill had run in
	// real time; see Workflow.
	Speed float64 `json:"speed,omitempty"`
}

// StepUpdate is the payload of UpdateAck and UpdateDone.
type StepUpdate struct {
	Step string `json:"step"`
	// By is the person answering: the one holding the step's role, the
	// drill owner or the person holding the commander role.
	By   string `json:"by"`
	Note string `json:"note,omitempty"`
	// Checked are checklist items ticked, by text or by number from 1.
	Checked []string `json:"checked,omitempty"`
}

// Control is the payload of UpdateAbort, UpdatePause and UpdateResume.
type Control struct {
	// By is the drill owner or the person holding the commander role.
	By string `json:"by"`
	// Reason is required to abort.
	Reason string `json:"reason,omitempty"`
}

// Run statuses: running and paused while the drill runs, then its
// engine/drill Outcome; declared in engine/drill.
const (
	StatusRunning = edrill.StatusRunning
	StatusPaused  = edrill.StatusPaused
)

// The shapes of a drill's live state, declared in engine/drill (light to
// import, for the API contract).
type (
	// State is the live view of a drill the state query returns.
	State = edrill.RunState
	// StepState is the live state of a step.
	StepState = edrill.StepState
	// Entry is one line of a drill's history.
	Entry = edrill.Entry
)

// Notification kinds.
const (
	// NotifyStep tells a step's owner the step is theirs now.
	NotifyStep = "drill_step"
	// NotifyReminder reminds the owner of an open step before its
	// deadline.
	NotifyReminder = "drill_reminder"
	// NotifyEscalation tells the commander that a step missed its
	// deadline, naming the plan's escalation path.
	NotifyEscalation = "drill_escalation"
	// NotifySkipped tells the commander a step was given up.
	NotifySkipped = "drill_skipped"
)

// Notification is a message to the people of a drill.
type Notification struct {
	Drill string      `json:"drill"`
	Plan  string      `json:"plan"`
	Mode  edrill.Mode `json:"mode"`
	Kind  string      `json:"kind"`
	Step  string      `json:"step,omitempty"`
	// Role is the role addressed; Targets the people holding it, or
	// "role:ROLE" when nobody was assigned.
	Role    string   `json:"role,omitempty"`
	Targets []string `json:"targets"`
	// EscalationPath is the plan's escalation path, on escalations, for
	// the notifier to run further.
	EscalationPath string `json:"escalation_path,omitempty"`
	Message        string `json:"message"`
}

// RecordRequest asks for history entries to be recorded as events.
type RecordRequest struct {
	Drill   string      `json:"drill"`
	Mode    edrill.Mode `json:"mode"`
	Entries []Entry     `json:"entries"`
}

// TicketsRequest asks for a drill's synthetic tickets.
type TicketsRequest struct {
	Drill    string         `json:"drill"`
	Plan     string         `json:"plan"`
	Scenario model.Scenario `json:"scenario"`
	// Speed is the drill's Input.Speed (0 or 1 for real time): the
	// tickets are spread over the scenario's period divided by it.
	Speed float64 `json:"speed,omitempty"`
}

// TicketsResult are the ids of the synthetic tickets opened.
type TicketsResult struct {
	Tickets []string `json:"tickets"`
}

// SimulateRequest asks for the simulated participants' responses.
type SimulateRequest struct {
	Plan       edrill.Plan       `json:"plan"`
	Simulation edrill.Simulation `json:"simulation"`
}
