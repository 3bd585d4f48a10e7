package record

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
)

// Store records a workflow's log; engine/eventstore's Store is one.
type Store interface {
	// Sync records a log's events as the workflow has them now,
	// replacing what a lost workflow task left (see eventstore.Log).
	Sync(ctx context.Context, log eventstore.Log) (int, error)
}

// EventID is the event store id of the seq-th history entry of a stream
// (a ticket's or a drill's id): recording an entry again stores it once.
func EventID(stream string, seq int) string { return fmt.Sprintf("%s/%05d", stream, seq) }

// Entry is one history entry to record as an event.
type Entry struct {
	Seq   int
	Type  string
	At    time.Time
	Actor string
	// Data is the event's type-specific details, encoded as a JSON object.
	Data any
}

// Log is a batch of one workflow's history entries.
type Log struct {
	// Kind names what the stream is, "ticket" or "drill", in errors.
	Kind string
	// Stream is the ticket's or the drill's id.
	Stream string
	// Drill marks the events as a drill's, which KPIs leave out.
	Drill bool
	// Through and Fence are eventstore.Log's: how many entries the
	// workflow's log has (0 removes nothing), and the order of the
	// workflow task that records (0 is not fenced).
	Through int
	Fence   int64
	Entries []Entry
}

// Sync records log's entries in store and returns how many events were
// new, replaced or removed. An entry that cannot be encoded, and a batch
// the store refuses (malformed, or from a superseded workflow task), is a
// non-retryable event.ErrBadEvent failure: recording it again cannot
// succeed. Any other failure is retried by the activity's policy.
func Sync(ctx context.Context, store Store, log Log) (int, error) {
	events := make([]eventstore.Event, len(log.Entries))
	for i, e := range log.Entries {
		data, err := json.Marshal(e.Data)
		if err != nil {
			return 0, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("encode event %d of %s %s: %v", e.Seq, log.Kind, log.Stream, err), event.ErrBadEvent, err)
		}
		events[i] = eventstore.Event{
			ID: EventID(log.Stream, e.Seq), Stream: log.Stream, Seq: e.Seq, Type: e.Type,
			At: e.At, Actor: e.Actor, Drill: log.Drill, Data: data,
		}
	}
	changed, err := store.Sync(ctx, eventstore.Log{Stream: log.Stream, Through: log.Through, Fence: log.Fence, Events: events})
	switch {
	case errors.Is(err, eventstore.ErrInvalidEvent) || errors.Is(err, eventstore.ErrStale):
		return 0, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("record events of %s %s: %v", log.Kind, log.Stream, err), event.ErrBadEvent, err)
	case err != nil:
		return 0, fmt.Errorf("record %d events of %s %s: %w", len(events), log.Kind, log.Stream, err)
	}
	return changed, nil
}
