package scorecard

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
)

// storePrefix starts the stream of a closed period in the event store.
const storePrefix = "scorecard:"

// EventStore keeps each closed period's scorecard in the event store, as
// one event event.ScorecardStored in the stream "scorecard:<period>"
// whose id is the stream's first entry: appending a second scorecard of a
// period conflicts, and the first stays.
type EventStore struct {
	Events eventstore.Store
}

var _ Store = EventStore{}

// streamOf is the stream of period's scorecard, and eventID its event.
func streamOf(period string) string { return storePrefix + period }
func eventID(period string) string  { return streamOf(period) + "/1" }

// Stored implements Store.
func (s EventStore) Stored(ctx context.Context, period string) (*Stored, error) {
	evs, err := s.Events.List(ctx, eventstore.Filter{Stream: streamOf(period), Types: []string{event.ScorecardStored}, Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("read the scorecard of %s: %w", period, err)
	}
	if len(evs) == 0 {
		return nil, nil
	}
	st, err := decodeStored(evs[0])
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// Put implements Store.
func (s EventStore) Put(ctx context.Context, st Stored) (Stored, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return Stored{}, fmt.Errorf("encode the scorecard of %s: %w", st.Scorecard.Period, err)
	}
	period := st.Scorecard.Period
	_, err = s.Events.Append(ctx, eventstore.Event{
		ID: eventID(period), Stream: streamOf(period), Seq: 1, Type: event.ScorecardStored,
		At: st.ComputedAt, Actor: st.ClosedBy, Data: data,
	})
	switch {
	case errors.Is(err, eventstore.ErrConflict):
		// Another close stored its scorecard first: that one stays.
	case err != nil:
		return Stored{}, fmt.Errorf("store the scorecard of %s: %w", period, err)
	}
	got, err := s.Stored(ctx, period)
	if err != nil {
		return Stored{}, err
	}
	if got == nil {
		return Stored{}, fmt.Errorf("store the scorecard of %s: not found after storing it", period)
	}
	return *got, nil
}

// List returns every stored scorecard, the last closed first.
func (s EventStore) List(ctx context.Context) ([]Stored, error) {
	evs, err := s.Events.List(ctx, eventstore.Filter{Types: []string{event.ScorecardStored}})
	if err != nil {
		return nil, fmt.Errorf("list the scorecards: %w", err)
	}
	out := make([]Stored, 0, len(evs))
	for _, e := range evs {
		if !strings.HasPrefix(e.Stream, storePrefix) {
			continue
		}
		st, derr := decodeStored(e)
		if derr != nil {
			return nil, derr
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b Stored) int {
		return cmp.Or(b.ComputedAt.Compare(a.ComputedAt), strings.Compare(b.Scorecard.Period, a.Scorecard.Period))
	})
	return out, nil
}

// decodeStored decodes the scorecard an event holds.
func decodeStored(e eventstore.Event) (Stored, error) {
	var st Stored
	if err := json.Unmarshal(e.Data, &st); err != nil {
		return Stored{}, fmt.Errorf("decode the scorecard of %s: %w", strings.TrimPrefix(e.Stream, storePrefix), err)
	}
	return st, nil
}
