package policy

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/access"
)

// Actions returns every API action the authz policy decides on (engine/access).
func Actions() []string { return access.Actions() }

// Resource is the ticket an API call acts on.
type Resource struct {
	// Assignee is the agent the ticket is assigned to, if any.
	Assignee string `json:"assignee,omitempty"`
	// Team is the team of the ticket's queue.
	Team string `json:"team,omitempty"`
	// TargetAgent is the agent a reassignment gives the ticket to, and
	// TargetTeam their team ("" for an agent the configuration does not
	// have), for tickets.reassign.
	TargetAgent string `json:"target_agent,omitempty"`
	TargetTeam  string `json:"target_team,omitempty"`
	// OnBehalfOf is the person a caller acts for, for tickets.act_for.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// APIRequest asks whether a principal may take an API action.
type APIRequest struct {
	// Principal is who calls.
	Principal Principal `json:"principal"`
	// Action is one of the Action constants.
	Action string `json:"action"`
	// Resource is the ticket acted on, for actions on one ticket.
	Resource *Resource `json:"resource,omitempty"`
}

// AuthzDecision says whether an API call may proceed.
type AuthzDecision struct {
	// Allow is true when the call may proceed.
	Allow bool `json:"allow"`
	// Reasons say which rule allowed or denied it.
	Reasons []string `json:"reasons"`
}

// Authorize decides an API request. The policy denies by default.
func (e *Engine) Authorize(ctx context.Context, req APIRequest) (AuthzDecision, error) {
	m, err := eval(ctx, e.authz, authzInput(req), "authz")
	if err != nil {
		return AuthzDecision{}, err
	}
	var d AuthzDecision
	var ok bool
	if d.Allow, ok = m["allow"].(bool); !ok {
		return AuthzDecision{}, fmt.Errorf("authz decision: allow is %T, want a boolean", m["allow"])
	}
	if d.Reasons, err = stringList(m["reasons"]); err != nil {
		return AuthzDecision{}, fmt.Errorf("authz decision: reasons: %w", err)
	}
	return d, nil
}

func authzInput(req APIRequest) ast.Value {
	obj := ast.NewObject(
		ast.Item(ast.InternedTerm("principal"), principalTerm(req.Principal)),
		ast.Item(ast.InternedTerm("action"), ast.StringTerm(req.Action)),
	)
	if r := req.Resource; r != nil {
		res := ast.NewObject(
			ast.Item(ast.InternedTerm("assignee"), ast.StringTerm(r.Assignee)),
			ast.Item(ast.InternedTerm("team"), ast.StringTerm(r.Team)),
		)
		for _, f := range []struct{ key, value string }{
			{"target_agent", r.TargetAgent}, {"target_team", r.TargetTeam}, {"on_behalf_of", r.OnBehalfOf},
		} {
			if f.value != "" {
				res.Insert(ast.InternedTerm(f.key), ast.StringTerm(f.value))
			}
		}
		obj.Insert(ast.InternedTerm("resource"), ast.NewTerm(res))
	}
	return obj
}
