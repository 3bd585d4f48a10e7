package drill

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/supportops/supportops/engine/model"
)

// OnMiss is what happens when a step misses its deadline; the values are
// those of #PlanStep.on_miss in the schema.
type OnMiss string

// The on_miss values.
const (
	// Escalate runs the plan's escalation (the commander and the plan's
	// escalation path are told), marks the step late and keeps waiting
	// for it. It is the default.
	Escalate OnMiss = "escalate"
	// MarkLate marks the step late and keeps waiting for it, without an
	// escalation.
	MarkLate OnMiss = "late"
	// Skip gives the step up: it is marked skipped and the steps after it
	// go ahead without it.
	Skip OnMiss = "skip"
)

// Step is one step of a compiled plan.
type Step struct {
	// ID is unique in the plan.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Owner is the role that carries the step out.
	Owner string `json:"owner"`
	// Deadline counts from activation, on the drill clock (which stops
	// while a drill is paused).
	Deadline time.Duration `json:"deadline"`
	// Allotted is the time the plan gives the step itself: its deadline
	// less the latest deadline of the steps it waits for (its deadline
	// when it waits for none). The acknowledgement score measures
	// against it.
	Allotted  time.Duration `json:"allotted"`
	After     []string      `json:"after,omitempty"`
	Checklist []string      `json:"checklist,omitempty"`
	Template  string        `json:"template,omitempty"`
	OnMiss    OnMiss        `json:"on_miss"`
	// Weight in the on-time score; 1 when the plan leaves it out.
	Weight float64 `json:"weight"`
}

// ChecklistItem returns the item of the step's checklist that s names, by
// its text or by its number (from 1).
func (s Step) ChecklistItem(name string) (string, bool) {
	if slices.Contains(s.Checklist, name) {
		return name, true
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(s.Checklist) {
		return s.Checklist[n-1], true
	}
	return "", false
}

// Plan is an emergency plan compiled for running: durations parsed,
// defaults applied and steps in dependency order. It is plain data, so
// it can travel as a workflow's input.
type Plan struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Kind      string        `json:"kind"`
	Severity  string        `json:"severity"`
	TimeLimit time.Duration `json:"time_limit"`
	// Roles taking part, as the plan lists them.
	Roles []string `json:"roles"`
	// Commander is the role that leads the response.
	Commander       string   `json:"commander"`
	EscalationPath  string   `json:"escalation_path,omitempty"`
	AbortConditions []string `json:"abort_conditions,omitempty"`
	// Steps in topological order: every step after the steps it waits
	// for, and otherwise in the order the plan lists them.
	Steps []Step `json:"steps"`
	// Mitigation is the id of the step whose completion mitigates the
	// emergency (see MitigationStep).
	Mitigation string `json:"mitigation"`
	// Scoring are the weights of the drill score, as the plan gives them;
	// nil for the defaults (see Score).
	Scoring *model.DrillScoring `json:"scoring,omitempty"`
	// Scenario is what a drill of the plan injects.
	Scenario *model.Scenario `json:"scenario,omitempty"`
	// Escalation are the levels of the plan's escalation path with their
	// targets resolved to people (see ResolveEscalation); a missed step
	// whose on_miss is escalate runs them. Empty, a miss only tells the
	// commander.
	Escalation []EscalationLevel `json:"escalation,omitempty"`
}

// EscalationLevel is one level of a plan's escalation path, ready to run:
// After and RepeatEvery count on the drill clock from the miss.
type EscalationLevel struct {
	After       time.Duration `json:"after"`
	Targets     []string      `json:"targets"`
	People      []string      `json:"people,omitempty"`
	Actions     []string      `json:"actions"`
	Repeat      int           `json:"repeat,omitempty"`
	RepeatEvery time.Duration `json:"repeat_every,omitempty"`
	// RoundRobin reaches one person per repetition, down People.
	RoundRobin bool `json:"round_robin,omitempty"`
}

// Reach is whom repetition k (from 0) of the level reaches: everyone in
// People, the next person of the rota on a round-robin level, or the raw
// targets when they name nobody.
func (l EscalationLevel) Reach(k int) []string {
	switch {
	case len(l.People) == 0:
		return l.Targets
	case l.RoundRobin:
		return []string{l.People[k%len(l.People)]}
	}
	return l.People
}

// ResolveEscalation fills p.Escalation from cfg: the levels of the plan's
// escalation path, their targets resolved to people (cfg.People). A plan
// without a path keeps none. Working-hours and priority conditions of a
// level do not apply to emergencies and are ignored.
func (p *Plan) ResolveEscalation(cfg *model.Config) error {
	p.Escalation = nil
	if p.EscalationPath == "" {
		return nil
	}
	path, ok := cfg.EscalationPaths[p.EscalationPath]
	if !ok {
		return fmt.Errorf("plan %s: escalation path %q is not configured", p.ID, p.EscalationPath)
	}
	for i, l := range path.Levels {
		after, err := parseDuration(l.After)
		if err != nil {
			return fmt.Errorf("plan %s: escalation path %s level %d: after: %w", p.ID, p.EscalationPath, i+1, err)
		}
		var every time.Duration
		if l.RepeatEvery != "" {
			every, err = parseDuration(l.RepeatEvery)
		}
		if err != nil {
			return fmt.Errorf("plan %s: escalation path %s level %d: repeat_every: %w", p.ID, p.EscalationPath, i+1, err)
		}
		p.Escalation = append(p.Escalation, EscalationLevel{After: after, Targets: slices.Clone(l.Targets), People: cfg.People(l.Targets),
			Actions: slices.Clone(l.Actions), Repeat: l.Repeat, RepeatEvery: every, RoundRobin: l.RoundRobin})
	}
	return nil
}

// Step returns the step with the given id, and whether the plan has it.
func (p *Plan) Step(id string) (Step, bool) {
	i := p.index(id)
	if i < 0 {
		return Step{}, false
	}
	return p.Steps[i], true
}

func (p *Plan) index(id string) int {
	return slices.IndexFunc(p.Steps, func(s Step) bool { return s.ID == id })
}

// Compile turns the emergency plan id into a Plan. Configuration loading
// (engine/config) reports the problems of a configured plan with
// positions, running Check and compiling each plan it loads; Compile
// checks too, so that a plan built in code cannot run half-formed, and
// reports every problem it finds, each naming its step.
func Compile(id string, p model.EmergencyPlan) (*Plan, error) {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	out := &Plan{
		ID: id, Name: p.Name, Kind: p.Kind, Severity: p.Severity, Roles: slices.Clone(p.Roles), Commander: p.Commander,
		EscalationPath: p.EscalationPath, AbortConditions: slices.Clone(p.AbortConditions),
		Scenario: p.Scenario,
	}
	if p.Drill != nil {
		out.Scoring = p.Drill.Scoring
	}
	limit, err := parseDuration(p.TimeLimit)
	if err != nil {
		fail("time_limit %q: %w", p.TimeLimit, err)
	}
	out.TimeLimit = limit
	if p.Commander == "" {
		fail("no commander role")
	}
	if len(p.Steps) == 0 {
		fail("no steps")
	}
	for _, pr := range Check(p) {
		errs = append(errs, pr.Err)
	}
	first := StepIndex(p.Steps)
	index := map[string]int{}
	steps := make([]Step, 0, len(p.Steps))
	for i, s := range p.Steps {
		if j, ok := first[s.ID]; !ok || j != i {
			continue // no id, or a duplicate: Check reports it
		}
		name := fmt.Sprintf("step %q", s.ID)
		index[s.ID] = len(steps)
		st := Step{ID: s.ID, Title: s.Title, Owner: s.Owner, After: slices.Clone(s.After), Checklist: slices.Clone(s.Checklist),
			Template: s.Template, OnMiss: OnMiss(s.OnMiss), Weight: s.Weight}
		if st.Owner == "" {
			fail("%s: no owner role", name)
		}
		d, derr := parseDuration(s.Deadline)
		if derr != nil {
			fail("%s: deadline %q: %w", name, s.Deadline, derr)
		}
		st.Deadline = d
		switch st.OnMiss {
		case "":
			st.OnMiss = Escalate
		case Escalate, MarkLate, Skip:
		default:
			fail("%s: on_miss %q is not escalate, late or skip", name, s.OnMiss)
		}
		switch {
		case st.Weight == 0:
			st.Weight = 1
		case st.Weight < 0 || math.IsNaN(st.Weight):
			fail("%s: weight %v is not positive", name, s.Weight)
		}
		steps = append(steps, st)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("compile plan %s: %w", id, errors.Join(errs...))
	}
	order := topological(steps)
	for _, i := range order {
		s := steps[i]
		var latest time.Duration
		for _, dep := range s.After {
			latest = max(latest, steps[index[dep]].Deadline)
		}
		s.Allotted = max(s.Deadline-latest, 0)
		out.Steps = append(out.Steps, s)
	}
	out.Mitigation = out.mitigationStep()
	return out, nil
}

// parseDuration parses a #Duration; negative durations are refused.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, errors.New("negative duration")
	}
	return d, nil
}

// topological orders the steps (Kahn's algorithm, taking the earliest
// listed ready step first). Every dependency must name another step of
// steps, none of them in a cycle: Compile runs Check first.
func topological(steps []Step) []int {
	waiting := make([]int, len(steps))
	for i, s := range steps {
		waiting[i] = len(s.After)
	}
	placed := make([]bool, len(steps))
	order := make([]int, 0, len(steps))
	for len(order) < len(steps) {
		next := -1
		for i := range steps {
			if !placed[i] && waiting[i] == 0 {
				next = i
				break
			}
		}
		if next < 0 {
			break
		}
		placed[next] = true
		order = append(order, next)
		for i, s := range steps {
			for _, dep := range s.After {
				if dep == steps[next].ID {
					waiting[i]--
				}
			}
		}
	}
	return order
}

// CriticalPath is the chain of steps the end of the plan depends on: it
// ends at the step with the latest deadline (the last listed of equals)
// and goes back, at each step, through the dependency with the latest
// deadline (the first listed of equals). It is listed from the first step
// on.
func (p *Plan) CriticalPath() []string {
	if len(p.Steps) == 0 {
		return nil
	}
	last := 0
	for i, s := range p.Steps {
		if s.Deadline >= p.Steps[last].Deadline {
			last = i
		}
	}
	var path []string
	for cur := last; cur >= 0; {
		s := p.Steps[cur]
		path = append(path, s.ID)
		next := -1
		for _, dep := range s.After {
			j := p.index(dep)
			if j >= 0 && (next < 0 || p.Steps[j].Deadline > p.Steps[next].Deadline) && !slices.Contains(path, dep) {
				next = j
			}
		}
		cur = next
	}
	slices.Reverse(path)
	return path
}

// mitigationStep picks the step whose completion mitigates the emergency,
// the "time to mitigate" of the score:
//
//  1. the first step, in plan order, whose id or title has a word starting
//     with "mitigat", "recover", "remed", "restor" or "fix" (the outage's
//     "recovery", the complaint's "remedy");
//  2. otherwise the last but one step of the critical path (its last step
//     closes the plan down; mitigation comes before), or its only step.
func (p *Plan) mitigationStep() string {
	for _, s := range p.Steps {
		for _, w := range strings.FieldsFunc(strings.ToLower(s.ID+" "+s.Title), func(r rune) bool { return !unicode.IsLetter(r) }) {
			for _, m := range []string{"mitigat", "recover", "remed", "restor", "fix"} {
				if strings.HasPrefix(w, m) {
					return s.ID
				}
			}
		}
	}
	path := p.CriticalPath()
	if len(path) >= 2 {
		return path[len(path)-2]
	}
	if len(path) == 1 {
		return path[0]
	}
	return ""
}

// Validate checks what a runner relies on in a plan that arrives as data
// (a workflow's input) rather than from Compile: a time limit, steps with
// unique ids, every step after the steps it waits for, deadlines that are
// not negative, positive weights, known on_miss values and a mitigation
// step of the plan.
func (p *Plan) Validate() error {
	var errs []error
	if p.TimeLimit <= 0 {
		errs = append(errs, fmt.Errorf("time limit %s is not positive", p.TimeLimit))
	}
	if len(p.Steps) == 0 {
		errs = append(errs, errors.New("no steps"))
	}
	seen := map[string]bool{}
	for i, s := range p.Steps {
		name := fmt.Sprintf("step %q", s.ID)
		if s.ID == "" {
			name = fmt.Sprintf("steps[%d]", i)
			errs = append(errs, fmt.Errorf("%s: no id", name))
		}
		if seen[s.ID] {
			errs = append(errs, fmt.Errorf("%s: duplicate id", name))
		}
		for _, dep := range s.After {
			if !seen[dep] {
				errs = append(errs, fmt.Errorf("%s: after: step %q is not listed before it", name, dep))
			}
		}
		seen[s.ID] = true
		if s.Deadline < 0 {
			errs = append(errs, fmt.Errorf("%s: deadline %s is negative", name, s.Deadline))
		}
		if !(s.Weight > 0) {
			errs = append(errs, fmt.Errorf("%s: weight %v is not positive", name, s.Weight))
		}
		if s.OnMiss != Escalate && s.OnMiss != MarkLate && s.OnMiss != Skip {
			errs = append(errs, fmt.Errorf("%s: on_miss %q is not escalate, late or skip", name, s.OnMiss))
		}
		if s.Owner == "" {
			errs = append(errs, fmt.Errorf("%s: no owner role", name))
		}
	}
	if p.Mitigation != "" && !seen[p.Mitigation] {
		errs = append(errs, fmt.Errorf("mitigation step %q is not a step of the plan", p.Mitigation))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("plan %s: %w", p.ID, err)
	}
	return nil
}
