package drill

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
)

// Problem is a problem of the steps of an emergency plan as configured,
// found by Check. Configuration loading reports it as a positioned
// diagnostic (Path, Summary, Detail); Compile reports Err.
type Problem struct {
	// Path locates the problem below the plan, as field names and list
	// indices: "steps", 1, "after", 0.
	Path []any
	// Summary says what is wrong, at Path; Detail, when set, what would
	// be right.
	Summary, Detail string
	// Err says what is wrong without a position, naming the step.
	Err error
}

// problem builds a Problem whose Err says the same as its summary.
func problem(path []any, summary, detail string) Problem {
	return Problem{Path: path, Summary: summary, Detail: detail, Err: errors.New(summary)}
}

// Check checks the steps of p against each other: every step has an id
// of its own, and every dependency names another step of the plan, none
// of them in a cycle. It reports every problem it finds, in the order of
// the steps, the cycle last.
func Check(p model.EmergencyPlan) []Problem {
	var out []Problem
	index := StepIndex(p.Steps)
	var known []string // the ids in the plan's order, each once
	for i, s := range p.Steps {
		switch j := index[s.ID]; {
		case s.ID == "":
			out = append(out, Problem{Path: []any{"steps", i, "id"}, Summary: "step has no id", Err: fmt.Errorf("steps[%d]: no id", i)})
		case j != i:
			out = append(out, Problem{Path: []any{"steps", i, "id"}, Summary: fmt.Sprintf("duplicate step id %q (also steps[%d])", s.ID, j),
				Err: fmt.Errorf("step %q: duplicate id", s.ID)})
		default:
			known = append(known, s.ID)
		}
	}
	for i, s := range p.Steps {
		for j, dep := range s.After {
			at := []any{"steps", i, "after", j}
			if dep == s.ID {
				out = append(out, Problem{Path: at, Summary: fmt.Sprintf("step %q depends on itself", s.ID),
					Err: fmt.Errorf("step %q: after: depends on itself", s.ID)})
				continue
			}
			if _, ok := index[dep]; !ok {
				out = append(out, Problem{Path: at, Summary: fmt.Sprintf("unknown step %q", dep), Detail: diag.Known("steps", dep, model.SortedKeys(index)),
					Err: fmt.Errorf("step %q: after: unknown step %q (steps: %s)", s.ID, dep, strings.Join(known, ", "))})
			}
		}
	}
	if cycle := Cycle(p.Steps); cycle != nil {
		out = append(out, problem([]any{"steps", index[cycle[0]], "after"}, "steps form a cycle: "+strings.Join(cycle, " -> "), ""))
	}
	return out
}

// StepIndex maps the id of each step to its index in steps; of steps
// sharing an id, the first. Steps without an id are left out.
func StepIndex(steps []model.PlanStep) map[string]int {
	index := make(map[string]int, len(steps))
	for i, s := range steps {
		if _, dup := index[s.ID]; !dup && s.ID != "" {
			index[s.ID] = i
		}
	}
	return index
}

// Cycle returns the ids of a dependency cycle among the steps, its first
// id repeated at the end, or nil when there is none. It searches depth
// first from each step in the plan's order, following each step's
// dependencies in the order listed; a dependency on the step itself or on
// an unknown step is no part of a cycle (Check reports those).
func Cycle(steps []model.PlanStep) []string {
	const (
		unvisited = iota
		onStack
		done
	)
	index := StepIndex(steps)
	state := make([]int, len(steps))
	var stack []string
	var visit func(i int) []string
	visit = func(i int) []string {
		state[i] = onStack
		stack = append(stack, steps[i].ID)
		for _, dep := range steps[i].After {
			j, ok := index[dep]
			if !ok || dep == steps[i].ID {
				continue
			}
			switch state[j] {
			case onStack:
				start := slices.Index(stack, dep)
				return append(slices.Clone(stack[start:]), dep)
			case unvisited:
				if c := visit(j); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
		return nil
	}
	for i := range steps {
		if state[i] == unvisited {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}
