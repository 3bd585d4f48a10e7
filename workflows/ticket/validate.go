package ticket

import (
	"errors"
	"fmt"
)

// validate rejects an event that is malformed or does not fit the
// ticket's status, before it enters the history.
func (r *run) validate(ev Event) error {
	status := r.st.Status
	// Events queued but not applied yet may change the status; judge by
	// the last one that sets it.
	for _, q := range r.queue[r.applied:] {
		switch q.Kind {
		case EventStatus:
			status = q.Status
		case EventClose, EventMerge, EventCSAT:
			status = StatusClosed
		case EventReopen:
			status = StatusOpen
		}
	}
	switch ev.Kind {
	case EventReply:
		if ev.From != FromAgent && ev.From != FromCustomer {
			return fmt.Errorf("reply: from must be %q or %q, got %q", FromAgent, FromCustomer, ev.From)
		}
		if status == StatusClosed {
			return errors.New("reply: the ticket is closed; reopen it first")
		}
		if ev.HandleSeconds != 0 {
			return r.validatePerformance(ev, status)
		}
	case EventAnswer, EventAbandon, EventHandle, EventQA, EventComplaint, EventDifficult, EventCommendation:
		return r.validatePerformance(ev, status)
	case EventStatus:
		if !statuses[ev.Status] {
			return fmt.Errorf("status: %q is not one of open, pending_customer, pending_internal, solved", ev.Status)
		}
		if status == StatusClosed {
			return errors.New("status: the ticket is closed; reopen it first")
		}
	case EventReassign:
		if status == StatusClosed || status == StatusSolved {
			return fmt.Errorf("reassign: the ticket is %s", status)
		}
	case EventPriority:
		if ev.Priority == "" {
			return errors.New("priority: no priority given")
		}
		if status == StatusClosed {
			return errors.New("priority: the ticket is closed")
		}
	case EventCSAT:
		if ev.Rating < 1 || ev.Rating > 5 {
			return fmt.Errorf("csat: rating must be 1 to 5, got %d", ev.Rating)
		}
		if status != StatusSolved || r.st.CSAT != nil {
			return fmt.Errorf("csat: the survey is not open (ticket %s)", status)
		}
	case EventClose:
		if status != StatusSolved {
			return fmt.Errorf("close: only a solved ticket can be closed, this one is %s", status)
		}
	case EventReopen:
		if status != StatusSolved && status != StatusClosed {
			return fmt.Errorf("reopen: the ticket is %s, not solved or closed", status)
		}
	case EventApprovalRequest, EventApprovalDecision:
		if status == StatusClosed {
			return fmt.Errorf("%s: the ticket is closed", ev.Kind)
		}
		return r.validateApproval(ev)
	case EventMerge:
		switch {
		case ev.Into == "":
			return errors.New("merge: no ticket to merge into (into)")
		case ev.Into == r.st.Ticket.ID:
			return fmt.Errorf("merge: ticket %s cannot be merged into itself", ev.Into)
		case status == StatusClosed:
			return errors.New("merge: the ticket is closed")
		}
	case EventMigrate:
		switch {
		case ev.Config == "":
			return errors.New("migrate: no configuration version (config)")
		case ev.Config == r.in.Config:
			return fmt.Errorf("migrate: the ticket already runs on configuration %s", ev.Config)
		case status == StatusClosed:
			return errors.New("migrate: the ticket is closed")
		}
	default:
		return fmt.Errorf("unknown event kind %q (want reply, status, reassign, priority, csat, close, reopen, approval_request, approval_decision, merge, migrate, "+
			"answer, abandon, handle, qa, complaint, difficult or commendation)", ev.Kind)
	}
	return nil
}
