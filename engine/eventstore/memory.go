package eventstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
)

// Memory is an event store in memory, with the semantics of the SQLite
// store: for rehearsals that keep nothing (an offline drill) and for
// tests. It is safe for concurrent use.
type Memory struct {
	mu     sync.Mutex
	events map[string]Event
	fences map[string]int64
	// contents are the texts stored by PutContent.
	contents map[contentKey][]byte
}

var _ Store = (*Memory)(nil)

// Append records events as Store.Append says.
func (m *Memory) Append(_ context.Context, events ...Event) (int, error) {
	norm, err := normalize(events)
	if err != nil {
		return 0, fmt.Errorf("append events: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range norm {
		if stored, ok := m.events[e.ID]; ok {
			if diff := differences(stored, e); len(diff) > 0 {
				return 0, fmt.Errorf("append events: event %q: %w (it differs in %v)", e.ID, ErrConflict, diff)
			}
		}
	}
	return m.put(norm), nil
}

// Sync records a log's events as Store.Sync says.
func (m *Memory) Sync(_ context.Context, log Log) (int, error) {
	log, err := prepareLog(log)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if log.Fence != 0 {
		if fence := m.fences[log.Stream]; log.Fence < fence {
			return 0, fmt.Errorf("record the log of %q: %w (fence %d, %d applied)", log.Stream, ErrStale, log.Fence, fence)
		}
		if m.fences == nil {
			m.fences = map[string]int64{}
		}
		m.fences[log.Stream] = log.Fence
	}
	n := m.put(log.Events)
	if log.Through > 0 {
		for id, e := range m.events {
			if e.Stream == log.Stream && e.Seq > log.Through {
				delete(m.events, id)
				n++
			}
		}
	}
	return n, nil
}

// All returns every event stored, drills included, by time and id (so
// the entries of one stream's log in order).
func (m *Memory) All() []Event {
	events, _ := m.List(context.Background(), Filter{IncludeDrill: true}) // only a negative limit fails
	return events
}

// put stores events, replacing those stored with other content; it
// returns how many were new or replaced. m.mu is held.
func (m *Memory) put(events []Event) int {
	if m.events == nil {
		m.events = map[string]Event{}
	}
	n := 0
	for _, e := range events {
		if stored, ok := m.events[e.ID]; ok && len(differences(stored, e)) == 0 && stored.Seq == e.Seq {
			continue
		}
		m.events[e.ID] = e
		n++
	}
	return n
}

// List returns the events that match f, ordered by At, then ID.
func (m *Memory) List(_ context.Context, f Filter) ([]Event, error) {
	if f.Limit < 0 {
		return nil, fmt.Errorf("list events: negative limit %d", f.Limit)
	}
	m.mu.Lock()
	var out []Event
	for _, e := range m.events {
		if f.matches(e) {
			out = append(out, e)
		}
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// Close does nothing: a Memory store holds no resources.
func (m *Memory) Close() error { return nil }

// matches says whether f selects e.
func (f Filter) matches(e Event) bool {
	switch {
	case e.Drill && !f.IncludeDrill,
		f.Stream != "" && e.Stream != f.Stream,
		len(f.Types) > 0 && !slices.Contains(f.Types, e.Type),
		!f.Since.IsZero() && unixNano(e.At) < unixNano(f.Since),
		!f.Until.IsZero() && unixNano(e.At) >= unixNano(f.Until):
		return false
	}
	return true
}
