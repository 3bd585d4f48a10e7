package ticket

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// How pending approvals are chased: a reminder to the approving roles every
// approvalReminder, and after approvalOverdue an escalation to the ticket's
// escalation targets.
const (
	approvalReminder = 4 * time.Hour
	approvalOverdue  = 24 * time.Hour
)

// validateApproval checks an approval event before it is accepted.
func (r *run) validateApproval(ev Event) error {
	if ev.By == nil || ev.By.ID == "" {
		return fmt.Errorf("%s: no principal (the API sets it from the token)", ev.Kind)
	}
	switch ev.Kind {
	case EventApprovalRequest:
		if ev.Action == "" {
			return errors.New("approval_request: no action (refund, compensation, sla_exception, ...)")
		}
		if ev.Amount != nil && *ev.Amount < 0 {
			return fmt.Errorf("approval_request: amount %v is negative", *ev.Amount)
		}
	case EventApprovalDecision:
		if ev.Decision != tkt.DecisionApprove && ev.Decision != tkt.DecisionReject {
			return fmt.Errorf("approval_decision: decision must be approve or reject, got %q", ev.Decision)
		}
		a := r.approval(ev.Approval)
		if a == nil {
			return fmt.Errorf("approval_decision: no approval %q on this ticket", ev.Approval)
		}
		if a.Outcome != policy.NeedsApproval {
			return fmt.Errorf("approval_decision: approval %s is already %s", a.ID, a.Outcome)
		}
	}
	return nil
}

func (r *run) approval(id string) *ApprovalState {
	for i := range r.st.Approvals {
		if r.st.Approvals[i].ID == id {
			return &r.st.Approvals[i]
		}
	}
	return nil
}

// requestApproval asks the approval policy who must approve, and records
// the request with its outcome.
func (r *run) requestApproval(ctx workflow.Context, now time.Time, ev Event) error {
	a := ApprovalState{
		ID:     fmt.Sprintf("%s.A%d", r.st.Ticket.ID, len(r.st.Approvals)+1),
		Action: ev.Action, Amount: ev.Amount, Comment: ev.Comment, Requester: *ev.By, RequestedAt: now,
	}
	d, err := r.decideApproval(ctx, a)
	if err != nil {
		return err
	}
	a.Outcome, a.Required, a.Pending, a.Reasons = d.Outcome, d.Required, d.Pending, d.Reasons
	if a.Outcome != policy.NeedsApproval {
		a.DecidedAt = now
	}
	r.st.Approvals = append(r.st.Approvals, a)
	r.note(ctx, event.ApprovalRequested, ev.By.ID, fmt.Sprintf("%s %s: %s", a.ID, subject(a), a.Outcome))
	if a.Outcome == policy.NeedsApproval {
		r.notify(ctx, "approval_needed", a.Pending[:1], fmt.Sprintf("ticket %s: %s needs approval by %s (%s)", r.st.Ticket.ID, subject(a), strings.Join(a.Required, ", then "), a.ID))
	}
	return nil
}

// decideOnApproval adds a decision to the approval's next open level; the
// approval policy decides again with it. A decision the policy does not
// count (the requester approving their own request, one person at two
// levels, a role that does not fit) is refused and not kept.
func (r *run) decideOnApproval(ctx workflow.Context, now time.Time, ev Event) error {
	a := r.approval(ev.Approval)
	next := *a
	next.Decisions = append(slices.Clone(a.Decisions), policy.Approval{
		Level: len(a.Required) - len(a.Pending), Approver: *ev.By, Decision: ev.Decision, Comment: ev.Comment,
	})
	d, err := r.decideApproval(ctx, next)
	if err != nil {
		return err
	}
	counted := d.Outcome == policy.Denied && ev.Decision == tkt.DecisionReject || len(d.Pending) < len(a.Pending)
	if !counted {
		reason := "the decision does not count"
		for _, line := range d.Reasons {
			if strings.HasPrefix(line, ev.By.ID+"'s ") && strings.Contains(line, "does not count") {
				reason = line
			}
		}
		return temporal.NewNonRetryableApplicationError("approval_decision: "+reason, event.ErrDecisionDoesNotCount, nil)
	}
	next.Outcome, next.Pending, next.Reasons = d.Outcome, d.Pending, d.Reasons
	if d.Outcome != policy.NeedsApproval {
		next.DecidedAt = now
	}
	*a = next
	r.note(ctx, event.ApprovalDecided, ev.By.ID, fmt.Sprintf("%s: %s at level %d; now %s", a.ID, ev.Decision, len(a.Decisions)-1, a.Outcome))
	switch a.Outcome {
	case policy.NeedsApproval:
		r.notify(ctx, "approval_needed", a.Pending[:1], fmt.Sprintf("ticket %s: %s needs approval by %s (%s)", r.st.Ticket.ID, subject(*a), a.Pending[0], a.ID))
	default:
		r.notify(ctx, "approval_"+a.Outcome, []string{a.Requester.ID}, fmt.Sprintf("ticket %s: %s is %s", r.st.Ticket.ID, subject(*a), a.Outcome))
	}
	return nil
}

func (r *run) decideApproval(ctx workflow.Context, a ApprovalState) (policy.ApprovalDecision, error) {
	var d policy.ApprovalDecision
	req := ApproveRequest{Config: r.in.Config, Request: policy.ApprovalRequest{
		Action: model.ApprovalAction(a.Action), Amount: a.Amount, Requester: a.Requester, Approvals: a.Decisions,
	}}
	if err := r.call(ctx, defaultRetry(), acts.Approve, req, &d); err != nil {
		return d, fmt.Errorf("decide approval %s: %w", a.ID, err)
	}
	return d, nil
}

// approvalDeadline is when the approval is next chased; zero when it is
// decided.
func approvalDeadline(a ApprovalState) time.Time {
	if a.Outcome != policy.NeedsApproval {
		return time.Time{}
	}
	return a.RequestedAt.Add(time.Duration(a.Reminders+1) * approvalReminder)
}

// chaseApprovals reminds the approvers of every approval whose deadline
// has passed, and escalates those open for longer than approvalOverdue.
func (r *run) chaseApprovals(ctx workflow.Context, now time.Time) {
	for i := range r.st.Approvals {
		a := &r.st.Approvals[i]
		at := approvalDeadline(*a)
		if at.IsZero() || now.Before(at) {
			continue
		}
		a.Reminders++
		if now.Sub(a.RequestedAt) >= approvalOverdue {
			r.note(ctx, event.ApprovalOverdue, "", fmt.Sprintf("%s open for %s", a.ID, now.Sub(a.RequestedAt).Round(time.Minute)))
			r.notify(ctx, "approval_overdue", append(slices.Clone(a.Pending[:1]), "on_duty:supervisor"), fmt.Sprintf("ticket %s: %s still awaits %s (%s)", r.st.Ticket.ID, subject(*a), a.Pending[0], a.ID))
			continue
		}
		r.note(ctx, event.ApprovalReminder, "", a.ID)
		r.notify(ctx, "approval_reminder", a.Pending[:1], fmt.Sprintf("ticket %s: %s awaits your approval (%s)", r.st.Ticket.ID, subject(*a), a.ID))
	}
}

// withdrawApprovalsVersion gates withdrawing the open approvals of a
// ticket that closes; before it they were chased on after the close.
const withdrawApprovalsVersion = "withdraw-approvals-on-close"

// OutcomeWithdrawn is the outcome of an approval still open when its
// ticket closed: nobody is chased for it any more.
const OutcomeWithdrawn = "withdrawn"

// withdrawApprovals withdraws the approvals still waiting for decisions.
func (r *run) withdrawApprovals(ctx workflow.Context, now time.Time, why string) {
	open := slices.ContainsFunc(r.st.Approvals, func(a ApprovalState) bool { return a.Outcome == policy.NeedsApproval })
	// The version is asked only where it matters, so histories that never
	// closed with an open approval replay without its marker.
	if !open || workflow.GetVersion(ctx, withdrawApprovalsVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	for i := range r.st.Approvals {
		a := &r.st.Approvals[i]
		if a.Outcome != policy.NeedsApproval {
			continue
		}
		a.Outcome, a.Pending, a.DecidedAt = OutcomeWithdrawn, nil, now
		a.Reasons = append(a.Reasons, "withdrawn: "+why)
		r.note(ctx, event.ApprovalWithdrawn, "", a.ID+": "+why)
	}
}

func subject(a ApprovalState) string {
	if a.Amount != nil {
		return fmt.Sprintf("%s of %v", a.Action, *a.Amount)
	}
	return a.Action
}
