package eventstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Event is one thing that happened to a ticket or in a drill.
type Event struct {
	ID string `json:"id"` // unique; the idempotency key (the workflow derives it, e.g. "T-1/00007")
	// Stream is the ticket or drill whose log the event belongs to (its
	// id). Its column and JSON name, "ticket_id", predate drills and stay
	// as stored.
	Stream string          `json:"ticket_id"`
	Seq    int             `json:"seq,omitempty"` // the event's position in its stream's log, from 1; 0 when it has none
	Type   string          `json:"type"`          // one of engine/event's types, e.g. "opened", "routed", "reply", "sla_warning", "sla_breached", "escalated", "closed", "drill_started"
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor,omitempty"`
	Drill  bool            `json:"drill,omitempty"` // events of drills and drill tickets; excluded from KPIs by default
	Data   json.RawMessage `json:"data,omitempty"`  // type-specific details, a JSON object or absent
}

// Filter selects events; zero fields select everything. Drill events are
// left out unless IncludeDrill.
type Filter struct {
	Stream       string // one ticket's or drill's events
	Types        []string
	Since, Until time.Time // [Since, Until)
	IncludeDrill bool
	Limit        int // 0 = no limit
}

// Store is an event store.
type Store interface {
	// Append records events, idempotently: an event whose ID is already stored is skipped
	// (if its content differs, Append returns an error wrapping ErrConflict and stores nothing of the batch).
	// A batch is atomic. It returns how many events were new.
	Append(ctx context.Context, events ...Event) (int, error)
	// List returns the events that match f, ordered by At, then ID.
	List(ctx context.Context, f Filter) ([]Event, error)
	// Sync records a log's events as their owner has them now (see Log).
	// It returns how many events were new or replaced.
	Sync(ctx context.Context, log Log) (int, error)
	// Close releases the store; it is not to be used afterwards.
	Close() error
}

// Log is a batch of the events of one stream, a ticket's or a drill's
// log, as its owner, the ticket's or drill's workflow, has them now. The owner is the truth: a
// workflow task can record events and then be lost (the process dies
// before the task completes), and the task that replaces it records its
// own events under the same sequence numbers, with other times or other
// content. Sync therefore replaces what a lost attempt left rather than
// refusing it, and removes the entries beyond the owner's count.
type Log struct {
	// Stream is the ticket (or drill) whose log this is; every event
	// of the batch has it, and a Seq from 1.
	Stream string
	// Through is how many entries the owner's log has: stored events of
	// the stream with a higher Seq were left by a lost attempt and are
	// removed. 0 removes nothing.
	Through int
	// Fence orders the owner's attempts (the workflow's history length
	// when its task started): a batch whose fence is lower than one the
	// store has applied for the stream comes from an attempt that has
	// been superseded, and is refused with ErrStale. 0 is not fenced.
	Fence int64
	// Events are the entries to record, each with its Seq.
	Events []Event
}

// ErrStale is wrapped by the error Sync returns for a batch whose Fence is
// lower than one already applied to its stream's log: it comes from a
// superseded attempt, and recording it again cannot succeed.
var ErrStale = errors.New("stale log batch")

// ErrConflict is wrapped by the error Append returns when an event's ID is
// already stored with other content.
var ErrConflict = errors.New("event id already stored with other content")

// ErrInvalidEvent is wrapped by the error Append returns when an event of
// the batch is malformed (an empty ID, stream or type, a zero or
// unstorable time, data that is not a JSON object). Appending the batch
// again cannot succeed.
var ErrInvalidEvent = errors.New("invalid event")

// The instants a store can hold: those whose Unix time in nanoseconds fits
// an int64, the last excluded so that a clamped Until still excludes it.
var (
	minAt = time.Unix(0, math.MinInt64).UTC()
	maxAt = time.Unix(0, math.MaxInt64).UTC()
)

// normalize checks the events of a batch and returns copies ready to store:
// At in UTC, Data compacted, and "null" data as absent.
func normalize(events []Event) ([]Event, error) {
	out := make([]Event, len(events))
	for i, e := range events {
		var problems []string
		if e.ID == "" {
			problems = append(problems, "empty id")
		}
		if e.Stream == "" {
			problems = append(problems, "empty ticket id")
		}
		if e.Type == "" {
			problems = append(problems, "empty type")
		}
		switch {
		case e.At.IsZero():
			problems = append(problems, "zero time")
		case e.At.Before(minAt) || !e.At.Before(maxAt):
			problems = append(problems, fmt.Sprintf("time %s is outside %s to %s", e.At.Format(time.RFC3339Nano), minAt.Format(time.DateOnly), maxAt.Format(time.DateOnly)))
		}
		if e.Seq < 0 {
			problems = append(problems, fmt.Sprintf("negative seq %d", e.Seq))
		}
		data, err := compactObject(e.Data)
		if err != nil {
			problems = append(problems, err.Error())
		}
		if len(problems) > 0 {
			name := fmt.Sprintf("%q", e.ID)
			if e.ID == "" {
				name = fmt.Sprintf("#%d of the batch", i+1)
			}
			return nil, fmt.Errorf("%w %s: %s", ErrInvalidEvent, name, strings.Join(problems, "; "))
		}
		e.At = e.At.UTC()
		e.Data = data
		out[i] = e
	}
	return out, nil
}

// prepareLog returns log with its events normalized, or why it cannot be
// recorded (wrapping ErrInvalidEvent).
func prepareLog(log Log) (Log, error) {
	norm, err := normalize(log.Events)
	if err == nil {
		log.Events = norm
		err = checkLog(log)
	}
	if err != nil {
		return log, fmt.Errorf("record the log of %q: %w", log.Stream, err)
	}
	return log, nil
}

// checkLog checks that every event of a log batch belongs to its stream
// and has a position in it.
func checkLog(log Log) error {
	if log.Stream == "" {
		return fmt.Errorf("%w: a log batch without a ticket id", ErrInvalidEvent)
	}
	if log.Through < 0 {
		return fmt.Errorf("%w: log of %q through %d", ErrInvalidEvent, log.Stream, log.Through)
	}
	for _, e := range log.Events {
		if e.Stream != log.Stream {
			return fmt.Errorf("%w %q: ticket id %q in the log of %q", ErrInvalidEvent, e.ID, e.Stream, log.Stream)
		}
		if e.Seq < 1 || log.Through > 0 && e.Seq > log.Through {
			return fmt.Errorf("%w %q: seq %d outside the log of %q (1 to %d)", ErrInvalidEvent, e.ID, e.Seq, log.Stream, log.Through)
		}
	}
	return nil
}

// compactObject returns data compacted, or nil if it is absent or null, or
// an error unless it is a JSON object.
func compactObject(data json.RawMessage) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return nil, nil
	}
	if trimmed[0] != '{' {
		return nil, errors.New("data is not a JSON object")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, trimmed); err != nil {
		return nil, fmt.Errorf("data is not valid JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// unixNano returns t in Unix nanoseconds, clamped to the storable range.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(minAt):
		return math.MinInt64
	case !t.Before(maxAt):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// differences names the fields in which two events with one ID differ;
// both are normalized.
func differences(stored, e Event) []string {
	var diff []string
	if stored.Stream != e.Stream {
		diff = append(diff, "ticket_id")
	}
	if stored.Type != e.Type {
		diff = append(diff, "type")
	}
	if !stored.At.Equal(e.At) {
		diff = append(diff, "at")
	}
	if stored.Actor != e.Actor {
		diff = append(diff, "actor")
	}
	if stored.Drill != e.Drill {
		diff = append(diff, "drill")
	}
	if stored.Seq != 0 && e.Seq != 0 && stored.Seq != e.Seq { // 0: stored before events had one
		diff = append(diff, "seq")
	}
	if !bytes.Equal(stored.Data, e.Data) {
		diff = append(diff, "data")
	}
	return diff
}
