package ticket

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/event"
	tkt "github.com/supportops/supportops/engine/ticket"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// note adds an entry to the history, to be recorded in the event store.
func (r *run) note(ctx workflow.Context, typ, actor, detail string) {
	r.add(ctx, Entry{Type: typ, Actor: actor, Detail: detail})
}

// add adds e to the history as its next entry, now.
func (r *run) add(ctx workflow.Context, e Entry) {
	r.seq++
	e.Seq, e.At = r.seq, workflow.Now(ctx).UTC()
	if e.Type == event.Reply && e.Detail == FromAgent {
		r.replied = true
	}
	if a := r.acting; a != nil && e.Actor != "" && e.Actor == a.Actor {
		e.OnBehalfOf = a.OnBehalfOf
	}
	r.st.History = append(r.st.History, e)
	r.unrecorded = append(r.unrecorded, e)
}

// addData adds the fields of d, an entry's data, to an event's fields.
func addData(fields map[string]any, d *tkt.EntryData) error {
	if d == nil {
		return nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, &fields)
}

// flush records the history entries not yet in the event store.
func (r *run) flush(ctx workflow.Context) error {
	if err := r.upsertSearch(ctx); err != nil {
		return fmt.Errorf("update the search attributes of ticket %s: %w", r.st.Ticket.ID, err)
	}
	if r.serial {
		// A recording is never cut short: an escalation whose clock is
		// met while it records lets its batch land, and so never holds
		// the entries of the event that met the clock.
		ctx, _ = workflow.NewDisconnectedContext(ctx)
		// One batch at a time: a batch removes the entries after its
		// last, which must not be those of a batch recorded beside it.
		if err := workflow.Await(ctx, func() bool { return !r.flushing }); err != nil {
			return err
		}
		if len(r.unrecorded) > 0 {
			r.flushing = true
			defer func() { r.flushing = false }()
		}
	}
	if len(r.unrecorded) == 0 {
		return nil
	}
	last := r.unrecorded[len(r.unrecorded)-1].Seq
	req := RecordRequest{Ticket: r.st.Ticket.ID, Agent: r.st.Agent, Channel: r.st.Ticket.Channel, Drill: slices.Contains(r.st.Ticket.Tags, "drill")}
	if r.serial {
		// The entries up to last are in this batch or recorded; any
		// after it were left by a lost workflow task.
		req.Through, req.Fence = last, r.fence(ctx)
	}
	for _, e := range r.unrecorded {
		req.Entries = append(req.Entries, Recorded{Entry: e, Status: r.st.Status, Queue: r.st.Queue, Priority: r.st.Priority})
	}
	batch := r.unrecorded
	r.unrecorded = nil
	// Retried until it lands: events are not lost. A call cut short (an
	// escalation cancelled while it records) leaves its entries for the
	// next flush; recording one twice stores it once.
	if err := r.call(ctx, &temporal.RetryPolicy{MaximumInterval: time.Minute}, acts.Record, req, nil); err != nil {
		r.unrecorded = append(batch, r.unrecorded...)
		return fmt.Errorf("record events of ticket %s: %w", r.st.Ticket.ID, err)
	}
	r.recorded = max(r.recorded, last)
	return nil
}

// fence orders the workflow's recordings: the history's length when the
// current workflow task started grows with every task, and a task that
// replaces a lost one starts later than it.
func (r *run) fence(ctx workflow.Context) int64 {
	return int64(r.runs)<<32 | int64(workflow.GetInfo(ctx).GetCurrentHistoryLength())
}
