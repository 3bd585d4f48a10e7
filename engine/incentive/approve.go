package incentive

import (
	"context"
	"fmt"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
)

// StatusRequested is the status of a payout approval before the approval
// policy decided it; the decided statuses are the policy's outcomes
// (policy.Allowed, policy.NeedsApproval, policy.Denied).
const StatusRequested = "requested"

// RequesterID names the period close, the system principal that requests
// incentive payouts.
const RequesterID = "period-close"

// requesterRole is the built-in role of machine principals.
const requesterRole = "integration"

// Approval is how the approval policy decided an incentive_payout
// request.
type Approval struct {
	// Status is StatusRequested or the decision's outcome.
	Status string `json:"status"`
	// Levels are the roles that must approve, one level each, in order.
	Levels []string `json:"levels,omitempty"`
	// Reasons say how the decision came about.
	Reasons []string `json:"reasons,omitempty"`
}

// Approver decides approval requests; *policy.Engine is one.
type Approver interface {
	Approve(ctx context.Context, req policy.ApprovalRequest) (policy.ApprovalDecision, error)
}

// Requester is the principal that requests incentive payouts: the period
// close, never a recipient, so that nobody approves their own payout.
func Requester() policy.Principal {
	return policy.Principal{ID: RequesterID, Roles: []string{requesterRole}}
}

// Approve asks a for a decision on each award of out whose payout awaits
// one (Approval with StatusRequested, as Evaluate leaves it): an
// incentive_payout of the award's bonus requested by the period close,
// with no approvals recorded yet. It fills in each such award's Approval
// from the decision; an approval already decided is left alone, so
// approving an outcome twice asks once.
func Approve(ctx context.Context, a Approver, out *Outcome) error {
	for i := range out.Awards {
		aw := &out.Awards[i]
		if aw.Approval == nil || aw.Approval.Status != StatusRequested {
			continue
		}
		amount := aw.Reward.Bonus
		d, err := a.Approve(ctx, policy.ApprovalRequest{Action: model.IncentivePayout, Amount: &amount, Requester: Requester()})
		if err != nil {
			return fmt.Errorf("approve %s payout to %s: %w", aw.Incentive, aw.Recipient, err)
		}
		aw.Approval = &Approval{Status: d.Outcome, Levels: d.Required, Reasons: d.Reasons}
	}
	return nil
}
