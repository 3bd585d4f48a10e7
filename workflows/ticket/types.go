package ticket

import (
	"time"

	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/sla"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// Names the workflow is known by to workers, clients and the Temporal UI.
const (
	// TaskQueue is the task queue of ticket workflows and their activities.
	TaskQueue = "supportops-tickets"
	// WorkflowName is the registered name of Workflow.
	WorkflowName = "Ticket"
	// QueryState returns the ticket's State.
	QueryState = "state"
	// UpdateEvent applies an Event and returns the State after it.
	UpdateEvent = "event"
	// SignalMerged tells a ticket that another one was merged into it;
	// it carries a MergedSignal.
	SignalMerged = "merged"
)

// WorkflowID is the id of the workflow of the ticket ticketID.
func WorkflowID(ticketID string) string { return "ticket/" + ticketID }

// Ticket statuses.
const (
	StatusOpen            = "open"
	StatusPendingCustomer = "pending_customer"
	StatusPendingInternal = "pending_internal"
	StatusSolved          = "solved"
	StatusClosed          = "closed"
)

// statuses are the statuses an agent may set with a status event.
var statuses = map[string]bool{StatusOpen: true, StatusPendingCustomer: true, StatusPendingInternal: true, StatusSolved: true}

// Input starts a ticket workflow.
type Input struct {
	// Ticket is the ticket as opened.
	Ticket tkt.Ticket `json:"ticket"`
	// Config is the version (content hash) of the configuration the
	// ticket runs under.
	Config string `json:"config"`
	// CSATWait is how long the survey waits for a rating after the
	// ticket is solved; 0 means 72 hours.
	CSATWait time.Duration `json:"csat_wait,omitempty"`
	// ReopenWindow is how long a closed ticket may be reopened; 0 means
	// 7 days.
	ReopenWindow time.Duration `json:"reopen_window,omitempty"`
	// SearchAttributes says the namespace has the ticket search
	// attributes registered (see SearchAttributes): the workflow keeps
	// them current. Tickets started without it never upsert them.
	SearchAttributes bool `json:"search_attributes,omitempty"`
	// Carry is set when the ticket continues from a previous run of its
	// workflow (continue-as-new): the run takes its state over.
	Carry *Carry `json:"carry,omitempty"`
}

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
	// which is told by SignalMerged.
	EventMerge = "merge"
	// EventMigrate moves the ticket to the configuration version Config:
	// its SLA terms are selected again there and the clocks re-armed; the
	// assignment and approvals stay.
	EventMigrate = "migrate"
)

// Sides of a reply.
const (
	FromAgent    = "agent"
	FromCustomer = "customer"
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
	// approvals.
	Rating  int    `json:"rating,omitempty"`
	Comment string `json:"comment,omitempty"`
	// Action and Amount, for approval requests.
	Action string   `json:"action,omitempty"`
	Amount *float64 `json:"amount,omitempty"`
	// Approval is the approval's id and Decision "approve" or "reject",
	// for approval decisions.
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
	By *policy.Principal `json:"by,omitempty"`
}

// ApprovalState is an approval asked for on a ticket.
type ApprovalState struct {
	ID        string            `json:"id"`
	Action    string            `json:"action"`
	Amount    *float64          `json:"amount,omitempty"`
	Comment   string            `json:"comment,omitempty"`
	Requester policy.Principal  `json:"requester"`
	Decisions []policy.Approval `json:"decisions,omitempty"`
	// Outcome is allowed, needs_approval or denied, as the approval
	// policy last decided, or withdrawn (OutcomeWithdrawn) when the ticket
	// closed while it was open; Required and Pending are the roles of all
	// and of the open levels.
	Outcome     string    `json:"outcome"`
	Required    []string  `json:"required,omitempty"`
	Pending     []string  `json:"pending,omitempty"`
	Reasons     []string  `json:"reasons,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
	Reminders   int       `json:"reminders,omitempty"`
}

// ApproveRequest asks the approval policy of a configuration version.
type ApproveRequest struct {
	Config  string                 `json:"config"`
	Request policy.ApprovalRequest `json:"request"`
}

// State is everything about a running ticket, as the state query returns it.
type State struct {
	Ticket     tkt.Ticket      `json:"ticket"`
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
}

// Result is how a ticket ended.
type Result struct {
	Status   string       `json:"status"`
	Breached []string     `json:"breached,omitempty"`
	CSAT     *CSAT        `json:"csat,omitempty"`
	Clocks   []ClockState `json:"clocks"`
}

// RouteRequest asks the routing policy where a ticket goes.
type RouteRequest struct {
	Config    string     `json:"config"`
	Ticket    tkt.Ticket `json:"ticket"`
	Escalated bool       `json:"escalated,omitempty"`
	// Previous is the agent the ticket had, released if routing picks
	// another.
	Previous string `json:"previous,omitempty"`
	// At is the workflow's time of the decision: wellbeing cool-downs
	// end relative to it, and the agent's last assignment is set to it.
	At time.Time `json:"at"`
}

// RouteResult is the routing decision.
type RouteResult struct {
	Priority string   `json:"priority"`
	Queue    string   `json:"queue"`
	Agent    string   `json:"agent,omitempty"`
	Reasons  []string `json:"reasons"`
}

// TermsRequest asks for the SLA terms and escalation paths of a ticket.
type TermsRequest struct {
	Config  string      `json:"config"`
	Subject sla.Subject `json:"subject"`
}

// TermsResult are a ticket's SLA terms, with the escalation paths its clocks
// name.
type TermsResult struct {
	// Found is false when no SLA policy matches.
	Found       bool                    `json:"found"`
	SLA         sla.Terms               `json:"sla"`
	Escalations map[string][]Escalation `json:"escalations,omitempty"`
}

// Escalation is one level of an escalation path.
type Escalation struct {
	After time.Duration `json:"after"`
	// Targets are the level's targets as configured: "on_duty:ROLE",
	// "role:ROLE", "team:TEAM", "agent:AGENT".
	Targets []string `json:"targets"`
	// People are the agents Targets name, in order and each once: an
	// on-duty rota in its order, the agents of a role or a team sorted
	// by id. Empty when the targets name nobody (an empty rota); the
	// level's notifications then go to Targets.
	People  []string `json:"people,omitempty"`
	Actions []string `json:"actions"`
	// RoundRobin gives repetition k (from 0, over the level's repeats)
	// to People[k % len(People)] alone: it is notified, and a reassign
	// action assigns the ticket to them.
	RoundRobin  bool          `json:"round_robin,omitempty"`
	Repeat      int           `json:"repeat,omitempty"`
	RepeatEvery time.Duration `json:"repeat_every,omitempty"`
	// Priorities, when set, limit the level to tickets of these
	// priorities.
	Priorities []string `json:"priorities,omitempty"`
	// WorkingHours, when set, limits the level to inside (true) or
	// outside (false) the business hours of the clock's calendar.
	WorkingHours *bool `json:"working_hours,omitempty"`
}

// ReassignRequest gives a ticket to Agent, releasing it from Previous.
type ReassignRequest struct {
	Config string `json:"config"`
	Ticket string `json:"ticket"`
	// Previous is the agent the ticket had; "" when it had none.
	Previous string `json:"previous,omitempty"`
	Agent    string `json:"agent"`
	// Channel is the ticket's channel, whose load moves.
	Channel string `json:"channel"`
	// At is the workflow's time of the assignment.
	At time.Time `json:"at"`
}

// ReassignResult is the agent a ticket was given to.
type ReassignResult struct {
	Agent string `json:"agent"`
}

// ReleaseRequest ends an agent's work on a ticket that closes without
// being solved (a merge).
type ReleaseRequest struct {
	Ticket  string `json:"ticket"`
	Agent   string `json:"agent"`
	Channel string `json:"channel"`
}

// MergedSignal is the payload of SignalMerged.
type MergedSignal struct {
	// From is the id of the ticket merged into the receiving one.
	From string `json:"from"`
}

// TimesRequest converts calendar offsets into times.
type TimesRequest struct {
	Config   string          `json:"config"`
	Calendar string          `json:"calendar"`
	From     time.Time       `json:"from"`
	Offsets  []time.Duration `json:"offsets"`
}

// ElapsedRequest asks for the business time between two instants.
type ElapsedRequest struct {
	Config   string    `json:"config"`
	Calendar string    `json:"calendar"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
}

// Notification is a message to people: an SLA warning, a breach, an
// escalation or a page.
type Notification struct {
	Ticket string `json:"ticket"`
	Kind   string `json:"kind"`
	// Targets are whom the workflow addresses: people, roles, or targets
	// such as "on_duty:supervisor"; People are the agents they reach, as
	// the notifier resolves them when it delivers.
	Targets []string `json:"targets,omitempty"`
	People  []string `json:"people,omitempty"`
	Message string   `json:"message"`
}

// RecordRequest asks for history entries to be recorded in the event store.
type RecordRequest struct {
	Ticket string `json:"ticket"`
	// Agent and Channel say whose load a solved or reopened ticket
	// changes.
	Agent   string `json:"agent,omitempty"`
	Channel string `json:"channel,omitempty"`
	// Drill marks the events of a drill ticket, which KPIs leave out.
	Drill   bool       `json:"drill,omitempty"`
	Entries []Recorded `json:"entries"`
	// Through is how many entries the ticket's history has: stored
	// entries after it were left by a workflow task that did not last,
	// and are removed. 0 (tickets started before serialRecordVersion)
	// removes nothing.
	Through int `json:"through,omitempty"`
	// Fence orders the workflow's recordings (see eventstore.Log.Fence):
	// a recording of a superseded workflow task is refused. 0 is not
	// fenced.
	Fence int64 `json:"fence,omitempty"`
}

// Recorded is a history entry with the ticket's status, queue and priority
// when it was recorded.
type Recorded struct {
	Entry
	Status   string `json:"status"`
	Queue    string `json:"queue,omitempty"`
	Priority string `json:"priority,omitempty"`
}
