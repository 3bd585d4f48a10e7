package drill

import (
	"fmt"
	"strings"

	"github.com/supportops/supportops/engine/model"
)

// Plans are the emergency plans of a configuration compiled for running
// (PlanOf), by id.
type Plans map[string]*Plan

// Get returns plan id, or an *UnknownPlanError naming the plans there are.
// The plan is shared: a caller must not modify it.
func (ps Plans) Get(id string) (*Plan, error) {
	if p, ok := ps[id]; ok {
		return p, nil
	}
	return nil, &UnknownPlanError{ID: id, Plans: model.SortedKeys(ps)}
}

// UnknownPlanError is the error of a plan id the configuration does not
// have; an empty id is no plan given.
type UnknownPlanError struct {
	// ID is the plan asked for.
	ID string
	// Plans are the ids of the plans there are, sorted.
	Plans []string
}

func (e *UnknownPlanError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("no plan given (plans: %s)", strings.Join(e.Plans, ", "))
	}
	return fmt.Sprintf("unknown plan %q (plans: %s)", e.ID, strings.Join(e.Plans, ", "))
}

// PlanOf prepares the emergency plan id of cfg for a run: compiled
// (Compile) and its escalation resolved to people (ResolveEscalation). A
// plan cfg does not have is an *UnknownPlanError.
func PlanOf(cfg *model.Config, id string) (*Plan, error) {
	ep, ok := cfg.EmergencyPlans[id]
	if !ok {
		return nil, &UnknownPlanError{ID: id, Plans: model.SortedKeys(cfg.EmergencyPlans)}
	}
	p, err := Compile(id, ep)
	if err != nil {
		return nil, err
	}
	if err := p.ResolveEscalation(cfg); err != nil {
		return nil, err
	}
	return p, nil
}
