package ticket

import (
	"time"

	"github.com/supportops/supportops/engine/access"
)

// Ticket statuses.
const (
	StatusOpen            = "open"
	StatusPendingCustomer = "pending_customer"
	StatusPendingInternal = "pending_internal"
	StatusSolved          = "solved"
	StatusClosed          = "closed"
)

// ApprovalState is an approval asked for on a ticket.
type ApprovalState struct {
	ID        string            `json:"id"`
	Action    string            `json:"action"`
	Amount    *float64          `json:"amount,omitempty"`
	Comment   string            `json:"comment,omitempty"`
	Requester access.Principal  `json:"requester"`
	Decisions []access.Approval `json:"decisions,omitempty"`
	// Outcome is allowed, needs_approval or denied, as the approval
	// policy last decided, or withdrawn when the ticket closed while it
	// was open; Required and Pending are the roles of all and of the open
	// levels.
	Outcome     string    `json:"outcome"`
	Required    []string  `json:"required,omitempty"`
	Pending     []string  `json:"pending,omitempty"`
	Reasons     []string  `json:"reasons,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
	Reminders   int       `json:"reminders,omitempty"`
}

// State is everything about a running ticket, as the ticket workflow's
// state query returns it.
type State struct {
	Ticket     Ticket          `json:"ticket"`
	Config     string          `json:"config"`
	Status     string          `json:"status"`
	Priority   string          `json:"priority"`
	Queue      string          `json:"queue"`
	Agent      string          `json:"agent,omitempty"`
	Reasons    []string        `json:"reasons,omitempty"`
	SLAPolicy  string          `json:"sla_policy,omitempty"`
	Clocks     []ClockState    `json:"clocks,omitempty"`
	Escalation int             `json:"escalation_level"`
	CSAT       *CSAT           `json:"csat,omitempty"`
	Approvals  []ApprovalState `json:"approvals,omitempty"`
	OpenedAt   time.Time       `json:"opened_at"`
	SolvedAt   time.Time       `json:"solved_at,omitzero"`
	ClosedAt   time.Time       `json:"closed_at,omitzero"`
	// MergedInto is the ticket this one was merged into; set while it is
	// closed as merged.
	MergedInto string `json:"merged_into,omitempty"`
	// ChannelKind is the kind of the ticket's channel (phone, chat,
	// email, ...) as its configuration had it when it was routed; Team
	// is the team of its queue. Tickets opened before performance events
	// were recorded have neither.
	ChannelKind string `json:"channel_kind,omitempty"`
	Team        string `json:"team,omitempty"`
	// AnsweredAt and AbandonedAt are when a live contact was picked up
	// or left by the customer unanswered.
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	AbandonedAt time.Time `json:"abandoned_at,omitzero"`
	// HandleSeconds is the agents' handle time reported so far (replies'
	// and handle events').
	HandleSeconds int `json:"handle_seconds,omitempty"`
	// QA is the last quality review.
	QA *QA `json:"qa,omitempty"`
	// Complaint, Difficult and Commendation are the marks the ticket
	// received (complaint, difficult and commendation events).
	Complaint    bool `json:"complaint,omitempty"`
	Difficult    bool `json:"difficult,omitempty"`
	Commendation bool `json:"commendation,omitempty"`
	// History is the ticket's history, or its last entries once the
	// ticket has continued as new (HistoryTotal says how many there are;
	// the event store has them all).
	History      []Entry `json:"history"`
	HistoryTotal int     `json:"history_total,omitempty"`
}

// Clock states.
const (
	ClockIdle    = "idle"
	ClockRunning = "running"
	ClockPaused  = "paused"
	ClockMet     = "met"
	ClockStopped = "stopped"
)

// ClockState is one SLA clock of a ticket.
type ClockState struct {
	Metric   string        `json:"metric"`
	Calendar string        `json:"calendar,omitempty"`
	Target   time.Duration `json:"target"`
	State    string        `json:"state"`
	// Due is when the target is reached if the clock keeps running; set
	// while it runs.
	Due time.Time `json:"due,omitzero"`
	// Elapsed is the time counted (on the calendar) up to the last start,
	// pause, resume or change of target.
	Elapsed time.Duration `json:"elapsed"`
	// Warnings is how many of the target's warnings are behind the
	// clock: given, or passed over when a new target replaced the old.
	Warnings int       `json:"warnings"`
	Breached bool      `json:"breached"`
	MetAt    time.Time `json:"met_at,omitzero"`
}

// CSAT is the customer's rating.
type CSAT struct {
	Rating  int    `json:"rating"`
	Comment string `json:"comment,omitempty"`
}

// Entry is one line of a ticket's history.
type Entry struct {
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
	// Type is the event type, one of engine/event's ticket types.
	Type   string `json:"type"`
	Actor  string `json:"actor,omitempty"`
	Detail string `json:"detail,omitempty"`
	// OnBehalfOf is the person Actor acted for (Event.OnBehalfOf).
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// Ref is the reference of the content the entry is about (a reply's
	// text, see Event.BodyRef), kept in the event store.
	Ref string `json:"ref,omitempty"`
	// Data are the entry's facts as values, recorded in the event store
	// beside the detail (which says them in words); nil on tickets opened
	// before they were recorded.
	Data *EntryData `json:"data,omitempty"`
}
