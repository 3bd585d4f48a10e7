package access

import "github.com/supportops/supportops/engine/model"

// Principal is a person or system acting on supportops.
type Principal struct {
	// ID names the principal; for people it is their agent id.
	ID string `json:"id"`
	// Roles are role ids of the configuration, or the built-in
	// "ops_admin" and "integration".
	Roles []string `json:"roles"`
	// Team is the principal's team, if any.
	Team string `json:"team,omitempty"`
}

// Approval is one decision recorded on an approval request.
type Approval struct {
	// Level is the index of the required role the approval is for.
	Level int `json:"level"`
	// Approver is who decided.
	Approver Principal `json:"approver"`
	// Decision is "approve" or "reject".
	Decision string `json:"decision"`
	// Comment is the approver's note.
	Comment string `json:"comment,omitempty"`
}

// ApprovalRequest asks who must approve an action and whether the
// approvals recorded so far suffice.
type ApprovalRequest struct {
	// Action is the kind of action, e.g. refund.
	Action model.ApprovalAction `json:"action"`
	// Amount is the money involved, in the policy's currency; nil for
	// actions without an amount.
	Amount *float64 `json:"amount,omitempty"`
	// Requester is who asks for the action.
	Requester Principal `json:"requester"`
	// Approvals are the decisions recorded so far.
	Approvals []Approval `json:"approvals,omitempty"`
}
