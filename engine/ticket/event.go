package ticket

import "github.com/supportops/supportops/engine/access"

// Event kinds.
const (
	// EventReply is a reply by the agent (public or internal note) or
	// the customer.
	EventReply = "reply"
	// EventStatus changes the status (open, pending_customer,
	// pending_internal, solved).
	EventStatus = "status"
	// EventReassign gives the ticket to Agent, moving the load from the
	// agent it had (an agent the configuration does not have is refused),
	// or routes it again when Agent is empty.
	EventReassign = "reassign"
	// EventPriority sets the priority and selects the SLA terms again; the
	// clocks keep the time they counted against the new targets.
	EventPriority = "priority"
	// EventCSAT is the customer's rating, 1 to 5, with a comment.
	EventCSAT = "csat"
	// EventClose closes a solved ticket without waiting for the survey.
	EventClose = "close"
	// EventReopen reopens a solved or closed ticket within the window.
	EventReopen = "reopen"
	// EventApprovalRequest asks for approval of Action (refund,
	// compensation, sla_exception, ...) of Amount; the approval policy
	// says who must approve.
	EventApprovalRequest = "approval_request"
	// EventApprovalDecision approves or rejects (Decision) the next open
	// level of the approval Approval.
	EventApprovalDecision = "approval_decision"
	// EventMerge closes the ticket as a duplicate of the ticket Into,
	// which the ticket workflow tells of the merge.
	EventMerge = "merge"
	// EventMigrate moves the ticket to the configuration version Config:
	// its SLA terms are selected again there and the clocks re-armed; the
	// assignment and approvals stay.
	EventMigrate = "migrate"
	// EventAnswer is a live contact (a phone or chat ticket) picked up.
	EventAnswer = "answer"
	// EventAbandon is the customer leaving a live contact before it was
	// answered.
	EventAbandon = "abandon"
	// EventHandle reports Seconds of an agent's handle time on the
	// ticket (a reply may carry its own, HandleSeconds).
	EventHandle = "handle"
	// EventQA is a quality review of the ticket's handling: Score 0-100
	// and notes (Comment) by the Actor, who is never the ticket's agent.
	EventQA = "qa"
	// EventComplaint marks that the customer complained about the
	// ticket.
	EventComplaint = "complaint"
	// EventDifficult marks the ticket a difficult contact.
	EventDifficult = "difficult"
	// EventCommendation marks that the customer commended the agent.
	EventCommendation = "commendation"
)

// Sides of a reply.
const (
	FromAgent    = "agent"
	FromCustomer = "customer"
)

// Decisions on an approval, an approval_decision event's Decision.
const (
	DecisionApprove = "approve"
	DecisionReject  = "reject"
)

// Event is something an agent or customer does to a ticket.
type Event struct {
	// Kind is one of the Event* constants.
	Kind string `json:"kind"`
	// Actor is who did it. Through the API it is always the
	// authenticated principal (the token's), whatever the request says; a
	// caller who names someone else in actor (or on_behalf_of) acts for
	// them, which the authz policy must grant (tickets.act_for), and then
	// Actor is the caller and OnBehalfOf the person named.
	Actor string `json:"actor,omitempty"`
	// OnBehalfOf is the person the Actor acted for, when not themselves.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// From is FromAgent or FromCustomer, for replies.
	From string `json:"from,omitempty"`
	// Public is false for an agent's internal note.
	Public bool `json:"public,omitempty"`
	// BodyRef is the reference ("sha256:<hex>") of a reply's text in the
	// event store's contents, and BodySize its length in bytes: the text
	// itself never enters the workflow's history, which Temporal bounds.
	BodyRef  string `json:"body_ref,omitempty"`
	BodySize int    `json:"body_size,omitempty"`
	// Status is the new status, for status events.
	Status string `json:"status,omitempty"`
	// Agent is the new assignee, for reassign events.
	Agent string `json:"agent,omitempty"`
	// Priority is the new priority, for priority events.
	Priority string `json:"priority,omitempty"`
	// Rating (1-5) and Comment, for CSAT events; Comment also for
	// approvals, and a quality review's notes.
	Rating  int    `json:"rating,omitempty"`
	Comment string `json:"comment,omitempty"`
	// HandleSeconds is an agent reply's handle time, and Seconds a
	// handle event's: 1 to MaxHandleSeconds.
	HandleSeconds int `json:"handle_seconds,omitempty"`
	Seconds       int `json:"seconds,omitempty"`
	// Score is a quality review's score, 0 to 100, for qa events.
	Score *int `json:"score,omitempty"`
	// Action and Amount, for approval requests.
	Action string   `json:"action,omitempty"`
	Amount *float64 `json:"amount,omitempty"`
	// Approval is the approval's id and Decision DecisionApprove or
	// DecisionReject, for approval decisions.
	Approval string `json:"approval,omitempty"`
	Decision string `json:"decision,omitempty"`
	// Into is the id of the ticket this one is merged into, for merge
	// events.
	Into string `json:"into,omitempty"`
	// Config is the configuration version a migrate event moves the
	// ticket to.
	Config string `json:"config,omitempty"`
	// By is who requests or decides an approval, as authenticated by the
	// API; the approval policy checks their roles and separation of duties.
	By *access.Principal `json:"by,omitempty"`
}
