package policy

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The API actions the authz policy decides on.
const (
	ActionTicketsOpen      = "tickets.open"
	ActionTicketsRead      = "tickets.read"
	ActionTicketsList      = "tickets.list"
	ActionTicketsEvent     = "tickets.event"
	ActionApprovalsRequest = "approvals.request"
	ActionApprovalsDecide  = "approvals.decide"
	ActionDrillsStart      = "drills.start"
	ActionDrillsAct        = "drills.act"
	ActionReportsRead      = "reports.read"
	ActionConfigReload     = "config.reload"
	ActionTokensManage     = "tokens.manage"
)

// Resource is the ticket an API call acts on.
type Resource struct {
	// Assignee is the agent the ticket is assigned to, if any.
	Assignee string `json:"assignee,omitempty"`
	// Team is the team of the ticket's queue.
	Team string `json:"team,omitempty"`
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
		obj.Insert(ast.InternedTerm("resource"), ast.ObjectTerm(
			ast.Item(ast.InternedTerm("assignee"), ast.StringTerm(r.Assignee)),
			ast.Item(ast.InternedTerm("team"), ast.StringTerm(r.Team)),
		))
	}
	return obj
}
