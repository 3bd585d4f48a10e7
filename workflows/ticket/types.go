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

// Ticket statuses, declared in engine/ticket.
const (
	StatusOpen            = tkt.StatusOpen
	StatusPendingCustomer = tkt.StatusPendingCustomer
	StatusPendingInternal = tkt.StatusPendingInternal
	StatusSolved          = tkt.StatusSolved
	StatusClosed          = tkt.StatusClosed
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

// Event kinds, declared in engine/ticket with Event.
const (
	EventReply            = tkt.EventReply
	EventStatus           = tkt.EventStatus
	EventReassign         = tkt.EventReassign
	EventPriority         = tkt.EventPriority
	EventCSAT             = tkt.EventCSAT
	EventClose            = tkt.EventClose
	EventReopen           = tkt.EventReopen
	EventApprovalRequest  = tkt.EventApprovalRequest
	EventApprovalDecision = tkt.EventApprovalDecision
	EventMerge            = tkt.EventMerge
	EventMigrate          = tkt.EventMigrate
)

// Sides of a reply.
const (
	FromAgent    = tkt.FromAgent
	FromCustomer = tkt.FromCustomer
)

// Clock states.
const (
	ClockIdle    = tkt.ClockIdle
	ClockRunning = tkt.ClockRunning
	ClockPaused  = tkt.ClockPaused
	ClockMet     = tkt.ClockMet
	ClockStopped = tkt.ClockStopped
)

// The shapes of a ticket's events and state, declared in engine/ticket
// (light to import, for the API contract).
type (
	// Event is something an agent or customer does to a ticket; the
	// ticket a merge event names is told by SignalMerged.
	Event = tkt.Event
	// ApprovalState is an approval asked for on a ticket; its Outcome is
	// OutcomeWithdrawn when the ticket closed while it was open.
	ApprovalState = tkt.ApprovalState
	// State is everything about a running ticket, as QueryState returns
	// it.
	State = tkt.State
	// ClockState is one SLA clock of a ticket.
	ClockState = tkt.ClockState
	// CSAT is the customer's rating.
	CSAT = tkt.CSAT
	// Entry is one line of a ticket's history.
	Entry = tkt.Entry
)

// ApproveRequest asks the approval policy of a configuration version.
type ApproveRequest struct {
	Config  string                 `json:"config"`
	Request policy.ApprovalRequest `json:"request"`
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
	// Team is the queue's team, and ChannelKind the kind of the ticket's
	// channel (phone, chat, email, ...), in the configuration.
	Team        string `json:"team,omitempty"`
	ChannelKind string `json:"channel_kind,omitempty"`
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
