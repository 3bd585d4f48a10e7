package impact

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
)

// ApprovalOutcome is an approval policy's answer to a request as first
// made (no approvals recorded yet): its outcome and the roles that must
// approve, one level each, in order.
type ApprovalOutcome struct {
	// Outcome is allowed, needs_approval or denied.
	Outcome string `json:"outcome"`
	// Required are the approver roles, in order; empty when none.
	Required []string `json:"required"`
}

// String is "needs_approval (supervisor, then manager)", or the outcome
// alone when no role must approve.
func (o ApprovalOutcome) String() string {
	if len(o.Required) == 0 {
		return o.Outcome
	}
	return o.Outcome + " (" + strings.Join(o.Required, ", then ") + ")"
}

// equal reports whether o and p have the same outcome and levels.
func (o ApprovalOutcome) equal(p ApprovalOutcome) bool {
	return o.Outcome == p.Outcome && slices.Equal(o.Required, p.Required)
}

// ApprovalChange counts the recorded approval requests of one action
// that the base decides one way and the head another.
type ApprovalChange struct {
	// Action is the requests' action (refund, ...).
	Action string `json:"action"`
	// Before and After are the base's and the head's decisions.
	Before ApprovalOutcome `json:"before"`
	After  ApprovalOutcome `json:"after"`
	// Requests counts the requests.
	Requests int `json:"requests"`
}

// approvalKey is a row of Result.Approvals.
type approvalKey struct {
	action, before, after string
}

// principal is the requester id as this configuration knows them: the
// agent's roles and team; an id that is no agent of the configuration
// (an integration, someone since removed) has no roles and no team.
func (s *side) principal(id string) policy.Principal {
	ag, ok := s.cfg.Agents[id]
	if !ok {
		return policy.Principal{ID: id, Roles: []string{}}
	}
	return policy.Principal{ID: id, Roles: slices.Clone(ag.Roles), Team: ag.Team}
}

// approve decides a recorded approval request under this configuration
// as the ticket workflow first asks it: action, amount and requester, no
// approvals yet.
func (s *side) approve(ctx context.Context, a *history.RecordApproval) (ApprovalOutcome, error) {
	d, err := s.eng.Approve(ctx, policy.ApprovalRequest{
		Action: model.ApprovalAction(a.Action), Amount: a.Amount, Requester: s.principal(a.Requester),
	})
	if err != nil {
		return ApprovalOutcome{}, fmt.Errorf("decide approval %s: %w", a.ID, err)
	}
	req := d.Required
	if req == nil {
		req = []string{}
	}
	return ApprovalOutcome{Outcome: d.Outcome, Required: req}, nil
}

// compareApprovals decides each of r's approval requests under the base
// and the head and adds those decided differently (another outcome or
// other required levels) to c.approvals; it reports whether any was.
func (c *Comparer) compareApprovals(ctx context.Context, r *history.Record) (bool, error) {
	differs := false
	for i := range r.Approvals {
		a := &r.Approvals[i]
		before, err := c.base.approve(ctx, a)
		if err != nil {
			return false, fmt.Errorf("ticket %s under the base: %w", r.ID, err)
		}
		after, err := c.head.approve(ctx, a)
		if err != nil {
			return false, fmt.Errorf("ticket %s under the head: %w", r.ID, err)
		}
		if before.equal(after) {
			continue
		}
		differs = true
		k := approvalKey{a.Action, before.String(), after.String()}
		ch := c.approvals[k]
		if ch == nil {
			ch = &ApprovalChange{Action: a.Action, Before: before, After: after}
			c.approvals[k] = ch
		}
		ch.Requests++
	}
	return differs, nil
}

// approvalChanges are the rows of c.approvals sorted by action, then
// before, then after; nil when there are none.
func (c *Comparer) approvalChanges() []ApprovalChange {
	var out []ApprovalChange
	for _, ch := range c.approvals {
		out = append(out, *ch)
	}
	slices.SortFunc(out, func(a, b ApprovalChange) int {
		return cmp.Or(strings.Compare(a.Action, b.Action), strings.Compare(a.Before.String(), b.Before.String()),
			strings.Compare(a.After.String(), b.After.String()))
	})
	return out
}

// writeApprovalsText prints the approval requests decided differently,
// if any, as a table for a terminal.
func (r Result) writeApprovalsText(p *printer) {
	if len(r.Approvals) == 0 {
		return
	}
	p.printf("\nApprovals (recorded requests decided differently):\n")
	p.table("ACTION\tBEFORE\tAFTER\tREQUESTS", len(r.Approvals), func(i int) []string {
		a := r.Approvals[i]
		return []string{a.Action, a.Before.String(), a.After.String(), formatCount(a.Requests)}
	})
}

// writeApprovalsMarkdown prints the approval requests decided
// differently, if any, as a table of the pull-request comment.
func (r Result) writeApprovalsMarkdown(p *printer) {
	if len(r.Approvals) == 0 {
		return
	}
	p.printf("\n#### Approvals: recorded requests decided differently\n\n| action | before | after | requests |\n|---|---|---|--:|\n")
	markdownRows(p, len(r.Approvals), 4, func(i int) []string {
		a := r.Approvals[i]
		return []string{a.Action, a.Before.String(), a.After.String(), formatCount(a.Requests)}
	})
}
