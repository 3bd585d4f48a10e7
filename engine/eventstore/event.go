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

// Event is one thing that happened to a ticket.
type Event struct {
	ID       string          `json:"id"` // unique; the idempotency key (the workflow derives it, e.g. "T-1/0007")
	TicketID string          `json:"ticket_id"`
	Type     string          `json:"type"` // e.g. "opened", "routed", "replied", "sla_warning", "sla_breached", "escalated", "closed"
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor,omitempty"`
	Drill    bool            `json:"drill,omitempty"` // events of drill tickets; excluded from KPIs by default
	Data     json.RawMessage `json:"data,omitempty"`  // type-specific details, a JSON object or absent
}

// Filter selects events; zero fields select everything. Drill events are
// left out unless IncludeDrill.
type Filter struct {
	TicketID     string
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
	// Close releases the store; it is not to be used afterwards.
	Close() error
}

// ErrConflict is wrapped by the error Append returns when an event's ID is
// already stored with other content.
var ErrConflict = errors.New("event id already stored with other content")

// ErrInvalidEvent is wrapped by the error Append returns when an event of
// the batch is malformed (an empty ID, ticket ID or type, a zero or
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
		if e.TicketID == "" {
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
	if stored.TicketID != e.TicketID {
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
	if !bytes.Equal(stored.Data, e.Data) {
		diff = append(diff, "data")
	}
	return diff
}
