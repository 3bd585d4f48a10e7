package access

// The API actions the authz policy decides on.
const (
	ActionTicketsOpen  = "tickets.open"
	ActionTicketsRead  = "tickets.read"
	ActionTicketsList  = "tickets.list"
	ActionTicketsEvent = "tickets.event"
	// ActionTicketsActFor is recording a ticket event on behalf of
	// someone else (the event's actor names another person than the
	// caller): the event records both.
	ActionTicketsActFor = "tickets.act_for"
	// ActionTicketsReassign is giving a ticket to a named agent; the
	// authz request's Resource names the agent and their team.
	ActionTicketsReassign = "tickets.reassign"
	// ActionTicketsQA is reviewing the quality of a ticket's handling (a
	// qa event).
	ActionTicketsQA        = "tickets.qa"
	ActionApprovalsRequest = "approvals.request"
	ActionApprovalsDecide  = "approvals.decide"
	ActionDrillsStart      = "drills.start"
	ActionDrillsAct        = "drills.act"
	ActionReportsRead      = "reports.read"
	ActionConfigReload     = "config.reload"
	ActionTokensManage     = "tokens.manage"
)

// Actions returns every API action, in the order of the constants.
func Actions() []string {
	return []string{
		ActionTicketsOpen, ActionTicketsRead, ActionTicketsList, ActionTicketsEvent, ActionTicketsActFor,
		ActionTicketsReassign, ActionTicketsQA, ActionApprovalsRequest, ActionApprovalsDecide, ActionDrillsStart, ActionDrillsAct,
		ActionReportsRead, ActionConfigReload, ActionTokensManage,
	}
}
