package ticket

import "time"

// Ticket is a customer's request as it enters routing.
type Ticket struct {
	// ID is supportops' id of the ticket.
	ID string `json:"id"`
	// ExternalID is the id in the system the ticket came from (mail id,
	// chat session, form submission); intake is idempotent on it, within
	// its Source.
	ExternalID string `json:"external_id,omitempty"`
	// Source is the namespace of ExternalID: the id of the principal that
	// opened the ticket through the API with an external id. The daemon
	// sets it from the caller's token.
	Source string `json:"source,omitempty"`
	// Channel is a channel id of the configuration.
	Channel string `json:"channel"`
	// Category is a category id of the configuration.
	Category string `json:"category"`
	// Impact and Urgency are the priority matrix's axes; Priority, when
	// set, wins over them.
	Impact   string `json:"impact,omitempty"`
	Urgency  string `json:"urgency,omitempty"`
	Priority string `json:"priority,omitempty"`
	// Language is the customer's language code, e.g. "de".
	Language string `json:"language"`
	// Subject is the ticket's one-line summary.
	Subject string `json:"subject,omitempty"`
	// Customer is who raised the ticket.
	Customer Customer `json:"customer"`
	// CreatedAt is when the customer raised it.
	CreatedAt time.Time `json:"created_at"`
	// Tags are free labels; "drill" marks tickets of an emergency drill.
	Tags []string `json:"tags,omitempty"`
	// Escalated is set when the ticket is re-routed by an escalation.
	Escalated bool `json:"escalated,omitempty"`
}

// Customer is the person or company behind a ticket.
type Customer struct {
	// ID of the customer in the shop's systems.
	ID string `json:"id"`
	// Tier is a tier id of the configuration, e.g. "standard" or "vip".
	Tier string `json:"tier,omitempty"`
	// Flags mark customers for special handling, e.g. "abusive".
	Flags []string `json:"flags,omitempty"`
}

// Flag values with a meaning to the default policies.
const (
	// FlagAbusive marks a customer who has been abusive to agents: never
	// routed to trainees, nor to agents in a wellbeing cool-down.
	FlagAbusive = "abusive"
)

// AgentStatus is whether an agent can take work now.
type AgentStatus string

// The agent statuses.
const (
	Available AgentStatus = "available"
	Busy      AgentStatus = "busy"
	Away      AgentStatus = "away"
)

// AgentState is the live state of one agent, as routing sees it.
type AgentState struct {
	// Status says whether the agent takes work now.
	Status AgentStatus `json:"status"`
	// Load is the number of open contacts per channel id.
	Load map[string]int `json:"load,omitempty"`
	// LastAssignedAt is when the agent last received a ticket; the zero
	// time means never. Routing prefers the agent idle longest.
	LastAssignedAt time.Time `json:"last_assigned_at,omitzero"`
	// DifficultContacts is how many difficult contacts (escalated,
	// abusive-flagged or of a difficult category) the agent handled
	// within the configured wellbeing window.
	DifficultContacts int `json:"difficult_contacts,omitempty"`
	// LastDifficultAt is when the last of those ended.
	LastDifficultAt time.Time `json:"last_difficult_at,omitzero"`
}
