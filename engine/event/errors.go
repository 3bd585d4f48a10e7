package event

// Types of the non-retryable application errors the workflows and their
// activities return: a caller (the API, a test) tells failures apart by
// them.
const (
	// ErrBadEvent: the event store refuses a workflow's history entries
	// (malformed, or from a workflow task that has been superseded).
	ErrBadEvent = "BadEvent"
	// ErrBadRequest: an activity's request is incomplete (no time).
	ErrBadRequest = "BadRequest"
	// ErrBadConfig: the configuration version cannot serve the request
	// (an unknown calendar or escalation path, a malformed duration).
	ErrBadConfig = "BadConfig"
	// ErrUnknownConfig: the configuration version is not loaded.
	ErrUnknownConfig = "UnknownConfig"
	// ErrUnknownAgent: a reassignment names an agent the configuration
	// version does not have.
	ErrUnknownAgent = "UnknownAgent"
	// ErrReopenWindowPassed: a ticket's reopen window has passed.
	ErrReopenWindowPassed = "ReopenWindowPassed"
	// ErrDecisionDoesNotCount: the approval policy does not count an
	// approver's decision (not theirs to make, or not at this level).
	ErrDecisionDoesNotCount = "DecisionDoesNotCount"
	// ErrBadInput: a drill's input cannot run (a malformed plan, an
	// unknown mode, invalid simulation settings).
	ErrBadInput = "BadInput"
	// ErrNoTicketOpener: a drill's scenario needs synthetic tickets and no
	// ticket opener is configured.
	ErrNoTicketOpener = "NoTicketOpener"
	// ErrOwnTicketReview: a quality review of a ticket by its own agent,
	// which is never allowed.
	ErrOwnTicketReview = "OwnTicketReview"
	// ErrEventDoesNotFit: an event accepted before the ticket was routed
	// turns out not to fit it once it is (an answer on an email ticket).
	ErrEventDoesNotFit = "EventDoesNotFit"
)
