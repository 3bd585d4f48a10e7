package ticket

import (
	"fmt"
	"time"

	"github.com/supportops/supportops/engine/event"
	"go.temporal.io/sdk/workflow"
)

// merge closes the ticket as merged into ev.Into: its clocks stop (the
// resolution clock is not met: the work goes on in the other ticket), the
// agent's load on it is released, no survey is sent, and the reopen window
// starts. The other ticket's workflow is told by SignalMerged; when that
// fails (no such ticket, or it has ended) the merge stands and the history
// says so.
func (r *run) merge(ctx workflow.Context, now time.Time, ev Event) error {
	if r.st.Status != StatusSolved && r.st.Agent != "" {
		req := ReleaseRequest{Ticket: r.st.Ticket.ID, Agent: r.st.Agent, Channel: r.st.Ticket.Channel}
		if err := r.call(ctx, defaultRetry(), acts.Release, req, nil); err != nil {
			return fmt.Errorf("merge ticket %s into %s: %w", r.st.Ticket.ID, ev.Into, err)
		}
	}
	for _, c := range r.clocks {
		if err := c.halt(ctx, r, now); err != nil {
			return fmt.Errorf("merge ticket %s into %s: %w", r.st.Ticket.ID, ev.Into, err)
		}
	}
	r.st.MergedInto = ev.Into
	r.st.Status, r.st.ClosedAt, r.csatDue = StatusClosed, now, time.Time{}
	r.reopenUntil = now.Add(r.in.ReopenWindow)
	r.note(ctx, event.Merged, ev.Actor, "into "+ev.Into)
	r.withdrawApprovals(ctx, now, "the ticket was merged into "+ev.Into)
	err := workflow.SignalExternalWorkflow(ctx, WorkflowID(ev.Into), "", SignalMerged, MergedSignal{From: r.st.Ticket.ID}).Get(ctx, nil)
	if err != nil {
		workflow.GetLogger(ctx).Warn("merged ticket not told", "ticket", r.st.Ticket.ID, "into", ev.Into, "error", err)
		r.note(ctx, event.MergeSignalFailed, "", fmt.Sprintf("ticket %s was not told of the merge: %v", ev.Into, err))
	}
	return nil
}

// receiveMerged takes the SignalMerged signals that have arrived: each
// ticket merged into this one is noted in its history.
func (r *run) receiveMerged(ctx workflow.Context) {
	ch := workflow.GetSignalChannel(ctx, SignalMerged)
	for {
		var m MergedSignal
		if !ch.ReceiveAsync(&m) {
			return
		}
		if m.From == "" {
			workflow.GetLogger(ctx).Warn("merge signal without a ticket", "ticket", r.st.Ticket.ID)
			continue
		}
		r.note(ctx, event.MergedFrom, "", m.From)
	}
}
