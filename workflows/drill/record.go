package drill

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// note adds an entry to the history, to be recorded by the main loop;
// once the run has ended (its last entry holds the result) nothing more
// is added.
func (r *run) note(ctx workflow.Context, typ, step, actor, detail string) {
	if r.ended {
		return
	}
	now := r.now(ctx)
	r.history = append(r.history, Entry{Seq: len(r.history) + 1, At: now, Elapsed: r.clock(now), Type: typ, Step: step, Actor: actor, Detail: detail})
}

// flush records the history entries not yet in the event store.
func (r *run) flush(ctx workflow.Context) error {
	if r.recorded >= len(r.history) {
		return nil
	}
	entries := slices.Clone(r.history[r.recorded:])
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		// Retried until it lands: events are not lost.
		RetryPolicy: &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	if err := workflow.ExecuteActivity(actx, acts.Record, RecordRequest{Drill: r.in.ID, Mode: r.in.Mode, Entries: entries}).Get(ctx, nil); err != nil {
		return fmt.Errorf("record events of drill %s: %w", r.in.ID, err)
	}
	r.recorded = max(r.recorded, entries[len(entries)-1].Seq)
	return nil
}
