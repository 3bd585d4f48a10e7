package history

import "time"

// Record is one ticket's whole life folded into one flat object, as the
// schema's #TicketRecord has it: the json names are the schema's field
// names, and a field the schema has optional is a pointer or omitted when
// empty. Times are absent when what they mark did not happen.
type Record struct {
	ID       string `json:"id"`
	Channel  string `json:"channel"`
	Queue    string `json:"queue,omitempty"`
	Team     string `json:"team,omitempty"`
	Agent    string `json:"agent,omitempty"`
	Category string `json:"category,omitempty"`
	Priority string `json:"priority,omitempty"`
	Customer string `json:"customer,omitempty"`
	Tier     string `json:"tier,omitempty"`
	Language string `json:"language,omitempty"`

	CreatedAt    time.Time  `json:"created_at"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AbandonedAt  *time.Time `json:"abandoned_at,omitempty"`
	FirstReplyAt *time.Time `json:"first_reply_at,omitempty"`
	SolvedAt     *time.Time `json:"solved_at,omitempty"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`

	// AgentReplies counts the public agent replies.
	AgentReplies int `json:"agent_replies"`
	// Contacts counts the customer's contacts: the opening and each
	// customer reply.
	Contacts int `json:"contacts"`
	// HandleSeconds is the agents' handle time.
	HandleSeconds *float64 `json:"handle_seconds,omitempty"`
	// Reopened counts the times the ticket was reopened.
	Reopened int `json:"reopened"`
	// CSAT is the customer's rating, 1-5.
	CSAT *int `json:"csat,omitempty"`
	// QAScore is the quality review's score, 0-100.
	QAScore   *float64 `json:"qa_score,omitempty"`
	Complaint bool     `json:"complaint,omitempty"`
	Difficult bool     `json:"difficult,omitempty"`
	// Commendation marks a ticket whose customer commended the agent.
	Commendation bool `json:"commendation,omitempty"`
	// Drill marks a drill's ticket, which KPIs leave out.
	Drill bool `json:"drill,omitempty"`
	// SLA holds, per SLA metric (first_reply, next_reply,
	// periodic_update, resolution), its target and whether it was ever
	// breached.
	SLA map[string]SLAResult `json:"sla,omitempty"`
	// Approvals are the approval requests made on the ticket, in the
	// order they were made. JSON Lines only: a CSV history has no
	// column for them.
	Approvals []RecordApproval `json:"approvals,omitempty"`
}

// RecordApproval is one approval request made on a ticket, as its
// approval_requested event recorded it.
type RecordApproval struct {
	// ID is the request's id, "<ticket>.A<n>".
	ID string `json:"id"`
	// Action is the kind of action that needed approval (refund, ...).
	Action string `json:"action"`
	// Amount is the money involved, in the approval policy's currency;
	// nil for an action without an amount.
	Amount *float64 `json:"amount,omitempty"`
	// Requester is the id of who asked: the event's actor.
	Requester string `json:"requester"`
	// Outcome is the approval policy's answer when the request was made:
	// allowed, needs_approval or denied.
	Outcome string `json:"outcome"`
}

// SLAResult is how a ticket fared on one SLA metric.
type SLAResult struct {
	// TargetSeconds is the metric's target.
	TargetSeconds float64 `json:"target_seconds"`
	// Breached holds when the target was ever passed.
	Breached bool `json:"breached"`
}

// The bounds of a record's values, as #TicketRecord has them (a test
// checks that the schema agrees).
const (
	minCSAT    = 1
	maxCSAT    = 5
	minQAScore = 0
	maxQAScore = 100
)

// approvalActions returns the actions a record's approval may name, the
// schema's #ApprovalAction (model.ApprovalAction's constants).
func approvalActions() []string {
	return []string{"refund", "compensation", "sla_exception", "escalation_override", "incentive_payout"}
}

// approvalOutcomes returns the outcomes a record's approval may have, the
// schema's #RecordApproval.outcome (policy's outcome constants).
func approvalOutcomes() []string {
	return []string{"allowed", "needs_approval", "denied"}
}

// slaMetrics returns the SLA metric names a record's sla may hold, the
// schema's #SLAMetricName.
func slaMetrics() []string {
	return []string{"first_reply", "next_reply", "periodic_update", "resolution"}
}
