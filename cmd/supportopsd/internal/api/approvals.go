package api

import (
	"fmt"
	"math"
	"net/http"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/model"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

func (s *Server) requestApproval(w http.ResponseWriter, r request) {
	body, ok := authorizedBody(s, w, r, bodyRequired, checkApproval, access.ActionApprovalsRequest)
	if !ok {
		return
	}
	p := r.principal
	s.sendEvent(w, r, r.PathValue("id"), ticketwf.Event{Kind: ticketwf.EventApprovalRequest, Actor: p.ID,
		Action: body.Action, Amount: body.Amount, Comment: body.Comment, By: &p}, http.StatusCreated)
}

// moneyAction reports whether an approval action always pays out, and so
// needs an amount. The approval policy denies these without one too (and
// any action its configuration gives a currency or capped tiers); the API
// refuses them before asking it.
func moneyAction(action string) bool {
	switch model.ApprovalAction(action) {
	case model.Refund, model.Compensation, model.IncentivePayout:
		return true
	}
	return false
}

// checkApproval says why an approval request is refused before the
// policy is asked: a bound it is over (checkApprovalRequest) or its amount
// (checkAmount); nil when neither.
func checkApproval(body apiv1.ApprovalRequest) *limitError {
	if err := checkApprovalRequest(body); err != nil {
		return err
	}
	if msg := checkAmount(body); msg != "" {
		return &limitError{status: http.StatusBadRequest, msg: msg}
	}
	return nil
}

// checkAmount says why an approval request's amount does not do, or "":
// an amount, when given, is a positive finite number, and a money action
// has one.
func checkAmount(body apiv1.ApprovalRequest) string {
	switch a := body.Amount; {
	case a == nil && moneyAction(body.Action):
		return fmt.Sprintf("amount: %s needs a positive amount", body.Action)
	case a != nil && (math.IsNaN(*a) || math.IsInf(*a, 0) || *a <= 0):
		return fmt.Sprintf("amount: %s needs a positive amount, not %g", body.Action, *a)
	}
	return ""
}

func (s *Server) decideApproval(w http.ResponseWriter, r request) {
	body, ok := checkedBody(w, r, bodyRequired, checkApprovalDecision)
	if !ok {
		return
	}
	approval := r.PathValue("approval")
	ticketID, ok := approvalTicket(approval)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no approval %q (approval ids look like T-1001.A1)", approval))
		return
	}
	p := r.principal
	s.sendEvent(w, r, ticketID, ticketwf.Event{Kind: ticketwf.EventApprovalDecision, Actor: p.ID,
		Approval: approval, Decision: body.Decision, Comment: body.Comment, By: &p}, http.StatusOK)
}
