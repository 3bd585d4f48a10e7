package apiv1

import (
	edrill "github.com/supportops/supportops/engine/drill"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// Domain types that are already the wire shape of a request or an answer,
// under the API's names: an alias changes nothing on the wire.
type (
	// Ticket is the body of POST /v1/tickets.
	Ticket = tkt.Ticket
	// TicketState is a ticket as GET /v1/tickets/{id} and every ticket
	// action answer it.
	TicketState = tkt.State
	// TicketEvent is an event sent to a ticket (see EventRequest).
	TicketEvent = tkt.Event
	// TicketPage is one page of GET /v1/tickets.
	TicketPage = tkt.Page
	// TicketSummary is a ticket in a TicketPage.
	TicketSummary = tkt.Summary
	// ApprovalState is an approval of a ticket, in TicketState.Approvals.
	ApprovalState = tkt.ApprovalState
	// DrillState is a drill's live state.
	DrillState = edrill.RunState
	// DrillSummary is a drill in a DrillList.
	DrillSummary = edrill.RunSummary
	// DrillResult is the record of a drill that has ended.
	DrillResult = edrill.Result
	// DrillMode is drill or live.
	DrillMode = edrill.Mode
	// Cadence is when a plan's drills recur.
	Cadence = edrill.Cadence
)

// HealthOK is the status of a daemon that serves.
const HealthOK = "ok"

// Health is the answer of GET /healthz.
type Health struct {
	Status string `json:"status"`
}

// Ready is the answer of GET /readyz: 200 with Ready once the daemon's
// workers poll and its event store and Temporal answer, else 503 with the
// reasons it is not.
type Ready struct {
	Ready   bool     `json:"ready"`
	Reasons []string `json:"reasons,omitempty"`
}

// OpenedTicket is the answer of POST /v1/tickets: the ticket's id, and
// whether this request created it (201) or found it under its key (200).
type OpenedTicket struct {
	// The fields are in the order the API has always written them.
	Created bool   `json:"created"`
	ID      string `json:"id"`
}

// EventRequest is the body of POST /v1/tickets/{id}/events: an event, and
// for a reply its text. The text is kept in the event store; the event the
// workflow gets holds its reference and size (BodyRef, BodySize), which a
// request may not set itself.
type EventRequest struct {
	tkt.Event
	// Body is a reply's (or internal note's) text, at most 64 KiB.
	Body *string `json:"body,omitempty"`
}

// ContentResponse is the answer of GET /v1/tickets/{id}/contents/{ref}.
type ContentResponse struct {
	Ref  string `json:"ref"`
	Size int    `json:"size"`
	Body string `json:"body"`
}

// MigrateRequest is the body of POST /v1/tickets/{id}/migrate; an empty
// Config (or no body) means the configuration the daemon runs now.
type MigrateRequest struct {
	Config string `json:"config,omitempty"`
}

// ApprovalRequest is the body of POST /v1/tickets/{id}/approvals.
type ApprovalRequest struct {
	Action  string   `json:"action"`
	Amount  *float64 `json:"amount,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

// Decisions on an approval (engine/ticket's).
const (
	DecisionApprove = tkt.DecisionApprove
	DecisionReject  = tkt.DecisionReject
)

// ApprovalDecision is the body of POST /v1/approvals/{approval}/decisions.
type ApprovalDecision struct {
	// Decision is DecisionApprove or DecisionReject.
	Decision string `json:"decision"`
	Comment  string `json:"comment,omitempty"`
}

// Reloaded is the answer of POST /v1/config/reload: the configuration
// version the daemon runs now.
type Reloaded struct {
	Config string `json:"config"`
}
