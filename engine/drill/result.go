package drill

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Mode says whether a plan runs as a rehearsal or for real.
type Mode string

// The modes.
const (
	// ModeDrill rehearses the plan; its events and tickets are marked as
	// a drill's and left out of KPIs.
	ModeDrill Mode = "drill"
	// ModeLive runs the plan in a real emergency.
	ModeLive Mode = "live"
)

// State is where a step is.
type State string

// The step states. A step goes from pending to notified, acknowledged and
// done; late replaces notified or acknowledged when the deadline passes
// first, and skipped ends a step given up at its deadline.
const (
	// Pending: waiting for the steps before it.
	Pending State = "pending"
	// Notified: its owner was told and has not answered yet.
	Notified State = "notified"
	// Acknowledged: its owner has taken it on.
	Acknowledged State = "acknowledged"
	// Done: completed; StepOutcome.Late says whether after the deadline.
	Done State = "done"
	// Late: past its deadline and not done; still expected.
	Late State = "late"
	// Skipped: given up at its deadline (on_miss: skip).
	Skipped State = "skipped"
)

// Settled reports whether a step in state s no longer holds up the steps
// after it: it is done or skipped.
func (s State) Settled() bool { return s == Done || s == Skipped }

// Outcome is how a run ended.
type Outcome string

// The outcomes.
const (
	// Completed: every step is done or skipped.
	Completed Outcome = "completed"
	// Aborted: the drill owner or the commander stopped it.
	Aborted Outcome = "aborted"
	// TimedOut: the plan's time limit passed with steps not done.
	TimedOut Outcome = "timed_out"
)

// Words is the outcome as people read it: "timed out".
func (o Outcome) Words() string { return strings.ReplaceAll(string(o), "_", " ") }

// Mark is when something happened to a step, and who did it.
type Mark struct {
	At time.Time `json:"at"`
	// Elapsed is the drill clock at the time: the time since activation
	// less the time the run was paused. Deadlines count on it.
	Elapsed time.Duration `json:"elapsed"`
	By      string        `json:"by,omitempty"`
}

// IsZero reports whether the mark is unset.
func (m Mark) IsZero() bool { return m.At.IsZero() }

// Note is a remark left on a step.
type Note struct {
	At   time.Time `json:"at"`
	By   string    `json:"by,omitempty"`
	Text string    `json:"text"`
}

// Escalation is the escalation of a missed step.
type Escalation struct {
	At time.Time `json:"at"`
	// Targets are the people (or "role:ROLE" when nobody holds the role)
	// told.
	Targets []string `json:"targets"`
	// Path is the plan's escalation path, handed on to run.
	Path string `json:"path,omitempty"`
	// Level (from 1) and Repetition (from 0) of the path, when the miss
	// ran the path's levels.
	Level      int `json:"level,omitempty"`
	Repetition int `json:"repetition,omitempty"`
}

// StepOutcome is what happened to one step.
type StepOutcome struct {
	Step string `json:"step"`
	// Owner is the step's role and Assignee the person holding it.
	Owner    string `json:"owner"`
	Assignee string `json:"assignee,omitempty"`
	State    State  `json:"state"`
	// Late is set when the deadline passed before the step was done.
	Late         bool `json:"late,omitempty"`
	Notified     Mark `json:"notified,omitzero"`
	Acknowledged Mark `json:"acknowledged,omitzero"`
	Done         Mark `json:"done,omitzero"`
	// Missed is when the deadline passed, for a late or skipped step.
	Missed      Mark         `json:"missed,omitzero"`
	Notes       []Note       `json:"notes,omitempty"`
	Checked     []string     `json:"checked,omitempty"`
	Reminders   int          `json:"reminders,omitempty"`
	Escalations []Escalation `json:"escalations,omitempty"`
}

// OnTime reports whether the step was done by its deadline.
func (o StepOutcome) OnTime(s Step) bool {
	return o.State == Done && o.Done.Elapsed <= s.Deadline
}

// Result is the record of one run of a plan: what happened to each step,
// the score and what to improve.
type Result struct {
	// Drill is the run's id.
	Drill    string `json:"drill"`
	Plan     string `json:"plan"`
	PlanName string `json:"plan_name"`
	Mode     Mode   `json:"mode"`
	// Simulated is set when simulated participants filled the roles.
	Simulated bool `json:"simulated,omitempty"`
	// Owner is who started the run.
	Owner string `json:"owner,omitempty"`
	// Assignments maps each role to the person who held it.
	Assignments map[string]string `json:"assignments,omitempty"`
	StartedAt   time.Time         `json:"started_at"`
	EndedAt     time.Time         `json:"ended_at"`
	// Elapsed is the drill clock at the end; Paused the time the run was
	// paused.
	Elapsed     time.Duration `json:"elapsed"`
	Paused      time.Duration `json:"paused,omitempty"`
	Outcome     Outcome       `json:"outcome"`
	AbortedBy   string        `json:"aborted_by,omitempty"`
	AbortReason string        `json:"abort_reason,omitempty"`
	// Steps in plan order.
	Steps []StepOutcome `json:"steps"`
	Score Scorecard     `json:"score"`
	// TimeToAcknowledge is the mean time from notification to
	// acknowledgement of the steps acknowledged, on the drill clock.
	TimeToAcknowledge time.Duration `json:"time_to_acknowledge"`
	// TimeToMitigate is the drill clock when the mitigation step was
	// done; Mitigated says whether it was.
	TimeToMitigate time.Duration `json:"time_to_mitigate,omitempty"`
	Mitigated      bool          `json:"mitigated"`
	// MissedSteps are the steps not done by their deadline (late,
	// skipped or never done), in plan order.
	MissedSteps []string     `json:"missed_steps,omitempty"`
	ActionItems []ActionItem `json:"action_items,omitempty"`
}

// Step returns the outcome of step id, and whether there is one.
func (r Result) Step(id string) (StepOutcome, bool) {
	i := slices.IndexFunc(r.Steps, func(o StepOutcome) bool { return o.Step == id })
	if i < 0 {
		return StepOutcome{}, false
	}
	return r.Steps[i], true
}

// Evaluate fills in the score, the response times, the missed steps and
// the action items of a result from its steps.
func Evaluate(p *Plan, r Result) Result {
	r.Score = Score(p, r.Steps, p.Scoring)
	r.TimeToAcknowledge = TimeToAcknowledge(r.Steps)
	r.TimeToMitigate, r.Mitigated = TimeToMitigate(p, r.Steps)
	r.MissedSteps = MissedSteps(p, r.Steps)
	r.ActionItems = ActionItems(p, r.Steps)
	return r
}

// outcomes indexes outcomes by step; a step without one is pending.
func outcomes(p *Plan, out []StepOutcome) []StepOutcome {
	res := make([]StepOutcome, len(p.Steps))
	for i, s := range p.Steps {
		res[i] = StepOutcome{Step: s.ID, Owner: s.Owner, State: Pending}
		if j := slices.IndexFunc(out, func(o StepOutcome) bool { return o.Step == s.ID }); j >= 0 {
			res[i] = out[j]
		}
	}
	return res
}

// TimeToAcknowledge is the mean time from notification to acknowledgement
// of the acknowledged steps, on the drill clock; a step done without an
// acknowledgement counts as acknowledged when done. It is 0 when no step
// was acknowledged.
func TimeToAcknowledge(out []StepOutcome) time.Duration {
	var sum time.Duration
	n := 0
	for _, o := range out {
		ack := o.Acknowledged
		if ack.IsZero() {
			ack = o.Done // done without an acknowledgement
		}
		if !o.Notified.IsZero() && !ack.IsZero() {
			sum += max(ack.Elapsed-o.Notified.Elapsed, 0)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / time.Duration(n)
}

// TimeToMitigate is the drill clock when the plan's mitigation step was
// done, and whether it was.
func TimeToMitigate(p *Plan, out []StepOutcome) (time.Duration, bool) {
	for _, o := range outcomes(p, out) {
		if o.Step == p.Mitigation && o.State == Done {
			return o.Done.Elapsed, true
		}
	}
	return 0, false
}

// MissedSteps are the steps not done by their deadline, in plan order.
func MissedSteps(p *Plan, out []StepOutcome) []string {
	var missed []string
	for i, o := range outcomes(p, out) {
		if !o.OnTime(p.Steps[i]) {
			missed = append(missed, o.Step)
		}
	}
	return missed
}

// Kinds of action item.
const (
	// ItemLate: a step done after its deadline.
	ItemLate = "late"
	// ItemSkipped: a step given up at its deadline.
	ItemSkipped = "skipped"
	// ItemUnfinished: a step notified but not done when the run ended.
	ItemUnfinished = "unfinished"
	// ItemNotStarted: a step still waiting for others when the run ended.
	ItemNotStarted = "not_started"
	// ItemNoResponse: an owner who neither acknowledged nor completed a
	// step they were notified of.
	ItemNoResponse = "no_response"
)

// ActionItem is something to follow up after a run.
type ActionItem struct {
	Kind string `json:"kind"`
	// Steps concerned: one for a step's item, all of an owner's for
	// no_response.
	Steps  []string `json:"steps"`
	Role   string   `json:"role"`
	Person string   `json:"person,omitempty"`
	Text   string   `json:"text"`
}

// ActionItems lists what to follow up: every step missed (late, skipped,
// unfinished or never started), in plan order, then every owner who did
// not respond to a step they were told of, by role and person, with the
// steps.
func ActionItems(p *Plan, out []StepOutcome) []ActionItem {
	all := outcomes(p, out)
	var items []ActionItem
	who := func(o StepOutcome) string {
		if o.Assignee == "" {
			return o.Owner
		}
		return o.Owner + " " + o.Assignee
	}
	for i, o := range all {
		s := p.Steps[i]
		if o.OnTime(s) {
			continue
		}
		it := ActionItem{Steps: []string{s.ID}, Role: s.Owner, Person: o.Assignee}
		switch {
		case o.State == Done:
			it.Kind = ItemLate
			it.Text = fmt.Sprintf("%s: done at %s, %s after its %s deadline (%s)", s.ID,
				FormatDuration(o.Done.Elapsed), FormatDuration(o.Done.Elapsed-s.Deadline), FormatDuration(s.Deadline), who(o))
		case o.State == Skipped:
			it.Kind = ItemSkipped
			it.Text = fmt.Sprintf("%s: skipped at its %s deadline (%s)", s.ID, FormatDuration(s.Deadline), who(o))
		case o.Notified.IsZero():
			it.Kind = ItemNotStarted
			var waiting []string
			for _, dep := range s.After {
				if j := p.index(dep); j >= 0 && !all[j].State.Settled() {
					waiting = append(waiting, dep)
				}
			}
			it.Text = fmt.Sprintf("%s: never started, still waiting for %s (%s)", s.ID, strings.Join(waiting, ", "), who(o))
			if len(waiting) == 0 {
				it.Text = fmt.Sprintf("%s: never started (%s)", s.ID, who(o))
			}
		default:
			it.Kind = ItemUnfinished
			it.Text = fmt.Sprintf("%s: not done by the end, deadline %s (%s)", s.ID, FormatDuration(s.Deadline), who(o))
		}
		items = append(items, it)
	}
	type owner struct{ role, person string }
	silent := map[owner][]string{}
	var owners []owner
	for _, o := range all {
		if o.Notified.IsZero() || !o.Acknowledged.IsZero() || !o.Done.IsZero() {
			continue
		}
		k := owner{o.Owner, o.Assignee}
		if _, seen := silent[k]; !seen {
			owners = append(owners, k)
		}
		silent[k] = append(silent[k], o.Step)
	}
	slices.SortFunc(owners, func(a, b owner) int { return cmp.Or(cmp.Compare(a.role, b.role), cmp.Compare(a.person, b.person)) })
	for _, k := range owners {
		name := k.person + " (" + k.role + ")"
		if k.person == "" {
			name = "nobody holding " + k.role
		}
		items = append(items, ActionItem{Kind: ItemNoResponse, Steps: silent[k], Role: k.role, Person: k.person,
			Text: fmt.Sprintf("%s did not respond to %s", name, strings.Join(silent[k], ", "))})
	}
	return items
}

// FormatDuration writes d the way plans do: "5m", "1h30m", "2m30s", "0s".
func FormatDuration(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
