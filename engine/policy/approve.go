package policy

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/access"
)

// The value types of principals and approvals, declared in engine/access
// (which the API contract imports without this engine).
type (
	// Principal is a person or system acting on supportops.
	Principal = access.Principal
	// Approval is one decision recorded on an approval request.
	Approval = access.Approval
	// ApprovalRequest asks who must approve an action and whether the
	// approvals recorded so far suffice.
	ApprovalRequest = access.ApprovalRequest
)

// The outcomes of an approval decision.
const (
	Allowed       = "allowed"
	NeedsApproval = "needs_approval"
	Denied        = "denied"
)

// ApprovalDecision says whether an action may go ahead.
type ApprovalDecision struct {
	// Outcome is Allowed, NeedsApproval or Denied.
	Outcome string `json:"outcome"`
	// Required are the approver roles of the applicable tier, one level
	// each, in order.
	Required []string `json:"required"`
	// Pending are the roles of the levels still without a counting
	// approval, in order.
	Pending []string `json:"pending"`
	// Reasons say how the outcome came about, including approvals that did
	// not count.
	Reasons []string `json:"reasons"`
}

// Approve decides an approval request.
func (e *Engine) Approve(ctx context.Context, req ApprovalRequest) (ApprovalDecision, error) {
	m, err := eval(ctx, e.approve, approvalInput(req), "approval")
	if err != nil {
		return ApprovalDecision{}, err
	}
	var d ApprovalDecision
	var ok bool
	if d.Outcome, ok = m["outcome"].(string); !ok {
		return d, fmt.Errorf("approval decision: outcome is %T, want a string", m["outcome"])
	}
	switch d.Outcome {
	case Allowed, NeedsApproval, Denied:
	default:
		return d, fmt.Errorf("approval decision: unknown outcome %q", d.Outcome)
	}
	for _, f := range []struct {
		name string
		into *[]string
	}{{"required", &d.Required}, {"pending", &d.Pending}, {"reasons", &d.Reasons}} {
		if *f.into, err = stringList(m[f.name]); err != nil {
			return d, fmt.Errorf("approval decision: %s: %w", f.name, err)
		}
	}
	return d, nil
}

func approvalInput(req ApprovalRequest) ast.Value {
	approvals := make([]*ast.Term, len(req.Approvals))
	for i, a := range req.Approvals {
		approvals[i] = ast.ObjectTerm(
			ast.Item(ast.InternedTerm("level"), ast.IntNumberTerm(a.Level)),
			ast.Item(ast.InternedTerm("approver"), principalTerm(a.Approver)),
			ast.Item(ast.InternedTerm("decision"), ast.StringTerm(a.Decision)),
			ast.Item(ast.InternedTerm("comment"), ast.StringTerm(a.Comment)),
		)
	}
	obj := ast.NewObject(
		ast.Item(ast.InternedTerm("action"), ast.StringTerm(string(req.Action))),
		ast.Item(ast.InternedTerm("requester"), principalTerm(req.Requester)),
		ast.Item(ast.InternedTerm("approvals"), ast.ArrayTerm(approvals...)),
	)
	if req.Amount != nil {
		obj.Insert(ast.InternedTerm("amount"), amountTerm(*req.Amount))
	}
	return obj
}

// amountTerm is an amount as the policy sees it: a number, or for NaN and
// ±Inf, which Rego numbers cannot hold, their name as a string, which the
// policy denies as not a number.
func amountTerm(x float64) *ast.Term {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ast.StringTerm(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return ast.FloatNumberTerm(x)
}

func principalTerm(p Principal) *ast.Term {
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("id"), ast.StringTerm(p.ID)),
		ast.Item(ast.InternedTerm("roles"), stringsTerm(p.Roles)),
		ast.Item(ast.InternedTerm("team"), ast.StringTerm(p.Team)),
	)
}
