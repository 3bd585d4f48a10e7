package event

// Types of a ticket's events, one per entry of its workflow's history.
const (
	// Opened: the ticket was opened (detail: subject and channel).
	Opened = "opened"
	// Routed: the routing policy gave the ticket its priority, queue and
	// agent.
	Routed = "routed"
	// Rerouted: the ticket was routed again (an escalation's reroute).
	Rerouted = "rerouted"
	// Reassigned: the ticket was given to another agent.
	Reassigned = "reassigned"
	// Priority: the ticket's priority changed.
	Priority = "priority"
	// Status: the ticket's status changed.
	Status = "status"
	// Reply: an agent or the customer replied (detail: who, "agent" or
	// "customer"; the text is stored by reference).
	Reply = "reply"
	// Note: an agent added an internal note (stored by reference).
	Note = "note"
	// CSAT: the customer rated the ticket.
	CSAT = "csat"
	// CSATExpired: no rating came within the CSAT wait.
	CSATExpired = "csat_expired"
	// Solved: the ticket was solved.
	Solved = "solved"
	// Reopened: a solved ticket was reopened.
	Reopened = "reopened"
	// Closed: the ticket was closed.
	Closed = "closed"
	// Merged: the ticket was merged into another.
	Merged = "merged"
	// MergedFrom: another ticket was merged into this one.
	MergedFrom = "merged_from"
	// MergeSignalFailed: the ticket merged into could not be told.
	MergeSignalFailed = "merge_signal_failed"
	// ConfigMigrated: the ticket moved to another configuration version.
	ConfigMigrated = "config_migrated"
)

// Types of the events the performance measures (engine/kpi, the
// incentives) read: a live contact's pick-up or loss, handle time, quality
// reviews and the customer's marks on a ticket.
const (
	// Answered: a live contact (phone, chat) was picked up.
	Answered = "answered"
	// Abandoned: the customer left a live contact before it was answered.
	Abandoned = "abandoned"
	// Handled: an agent reported handle time on the ticket (data:
	// seconds).
	Handled = "handled"
	// QAReviewed: the ticket's handling was reviewed (data: score 0-100,
	// the reviewer is the actor).
	QAReviewed = "qa_reviewed"
	// Complained: the customer complained about the ticket.
	Complained = "complained"
	// MarkedDifficult: the contact was marked difficult.
	MarkedDifficult = "marked_difficult"
	// Commended: the customer commended the agent.
	Commended = "commended"
)

// Types of the events of a ticket's SLA: its terms and their clocks.
const (
	// SLAApplied: an SLA policy matched the ticket; its terms apply.
	SLAApplied = "sla_applied"
	// SLANone: no SLA policy matches the ticket.
	SLANone = "sla_none"
	// SLAReplanned: the ticket's SLA terms were selected again (a priority
	// change, a configuration migration) and its clocks re-armed.
	SLAReplanned = "sla_replanned"
	// SLAWarning: a clock reached one of its warnings.
	SLAWarning = "sla_warning"
	// SLABreached: a clock passed its target.
	SLABreached = "sla_breached"
	// SLAMet: a clock was met.
	SLAMet = "sla_met"
	// Escalated: a level of a clock's escalation path was reached.
	Escalated = "escalated"
)

// Types of the events of a ticket's approvals.
const (
	// ApprovalRequested: an approval was requested.
	ApprovalRequested = "approval_requested"
	// ApprovalDecided: an approver decided.
	ApprovalDecided = "approval_decided"
	// ApprovalReminder: the pending approver was reminded.
	ApprovalReminder = "approval_reminder"
	// ApprovalOverdue: an approval is overdue and was escalated.
	ApprovalOverdue = "approval_overdue"
	// ApprovalWithdrawn: an open approval was withdrawn (the ticket
	// closed).
	ApprovalWithdrawn = "approval_withdrawn"
)
