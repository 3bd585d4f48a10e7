package ticket

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// performanceVersion gates what the performance measures need: the
// performance events (answer, abandon, handle, qa, complaint, difficult,
// commendation) and a reply's handle time, the channel kind and team kept
// in the state, and the facts of each history entry recorded as values
// (Entry.Data) beside its detail. Tickets started before it refuse those
// events and record details only.
const performanceVersion = "performance-events"

// Event kinds of the performance events, declared in engine/ticket.
const (
	EventAnswer       = tkt.EventAnswer
	EventAbandon      = tkt.EventAbandon
	EventHandle       = tkt.EventHandle
	EventQA           = tkt.EventQA
	EventComplaint    = tkt.EventComplaint
	EventDifficult    = tkt.EventDifficult
	EventCommendation = tkt.EventCommendation
)

// noteData adds an entry to the history, with data on tickets started
// since performanceVersion.
func (r *run) noteData(ctx workflow.Context, typ, actor, detail string, data tkt.EntryData) {
	e := Entry{Type: typ, Actor: actor, Detail: detail}
	if r.perf {
		e.Data = &data
	}
	r.add(ctx, e)
}

// openedData are the opening facts of the ticket.
func (r *run) openedData() tkt.EntryData {
	t := r.st.Ticket
	return tkt.EntryData{Channel: t.Channel, Category: t.Category, Customer: t.Customer.ID, Tier: t.Customer.Tier, Language: t.Language}
}

// validatePerformance rejects a performance event, or a reply's handle
// time, that does not fit the ticket as it will be once the events queued
// before it are applied (status is its status then). A review by the
// ticket's own agent is an event.ErrOwnTicketReview failure.
//
// Before the run knows its versions (an event sent with the start, in the
// ticket's first workflow task) it is of the current code: validators do
// not run on replay, and GetVersion answers the newest version outside it.
// Before the ticket is routed its channel kind is not known: an answer or
// abandon is then checked when it applies (see perform).
func (r *run) validatePerformance(ev Event, status string) error {
	if r.versioned && !r.perf {
		return fmt.Errorf("%s: ticket %s was opened before performance events were recorded; they apply to tickets opened since", ev.Kind, r.st.Ticket.ID)
	}
	st := r.st
	st.Status = status
	// A queued event has no time yet: the last the ticket knows stands
	// for it.
	at := st.OpenedAt
	if n := len(st.History); n > 0 {
		at = st.History[n-1].At
	}
	for _, q := range r.queue[r.applied:] {
		if tkt.Performance(q.Kind) {
			tkt.ApplyPerformance(&st, q, at)
		}
	}
	if st.ChannelKind == "" && (ev.Kind == EventAnswer || ev.Kind == EventAbandon) {
		return nil
	}
	return performanceError(tkt.CheckPerformance(st, ev))
}

// performanceError is err as the caller sees it: a review by the
// ticket's own agent is a non-retryable event.ErrOwnTicketReview failure.
func performanceError(err error) error {
	if errors.Is(err, tkt.ErrOwnReview) {
		return temporal.NewNonRetryableApplicationError(err.Error(), event.ErrOwnTicketReview, err)
	}
	return err
}

// perform applies a performance event: it is kept in the state and
// noted. A review is checked again, since the agent may have changed
// since it was accepted, and an answer or abandon on a live channel,
// since it may have been accepted before the ticket was routed: a
// non-retryable event.ErrEventDoesNotFit failure when it is not.
func (r *run) perform(ctx workflow.Context, now time.Time, ev Event) error {
	switch ev.Kind {
	case EventQA:
		if err := tkt.CheckPerformance(r.st, ev); errors.Is(err, tkt.ErrOwnReview) {
			return performanceError(err)
		}
	case EventAnswer, EventAbandon:
		if !tkt.Live(r.st.ChannelKind) {
			err := tkt.CheckPerformance(r.st, ev)
			return temporal.NewNonRetryableApplicationError(err.Error(), event.ErrEventDoesNotFit, nil)
		}
	}
	tkt.ApplyPerformance(&r.st, ev, now)
	wait := now.Sub(r.st.OpenedAt).Round(time.Second)
	switch ev.Kind {
	case EventAnswer:
		r.noteData(ctx, event.Answered, ev.Actor, "after "+wait.String(), tkt.EntryData{})
	case EventAbandon:
		r.noteData(ctx, event.Abandoned, ev.Actor, "after "+wait.String(), tkt.EntryData{})
	case EventHandle:
		r.noteData(ctx, event.Handled, ev.Actor, fmt.Sprintf("%ds", ev.Seconds), tkt.EntryData{Seconds: ev.Seconds})
	case EventQA:
		score := *ev.Score
		r.noteData(ctx, event.QAReviewed, ev.Actor, fmt.Sprintf("score %d", score), tkt.EntryData{Score: &score, Notes: ev.Comment})
	case EventComplaint:
		r.noteData(ctx, event.Complained, ev.Actor, "", tkt.EntryData{})
	case EventDifficult:
		r.noteData(ctx, event.MarkedDifficult, ev.Actor, "", tkt.EntryData{})
	case EventCommendation:
		r.noteData(ctx, event.Commended, ev.Actor, "", tkt.EntryData{})
	}
	return nil
}

// replyData are the facts of a reply or internal note.
func replyData(ev Event) tkt.EntryData {
	public := ev.Public || ev.From == FromCustomer
	return tkt.EntryData{From: ev.From, Public: &public, HandleSeconds: ev.HandleSeconds}
}
