package record_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/workflows/internal/record"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// TestSync: entries become events of their stream under "<stream>/<seq>",
// their data encoded as JSON objects.
func TestSync(t *testing.T) {
	store := &eventstore.Memory{}
	log := record.Log{Kind: "drill", Stream: "D-1", Drill: true, Entries: []record.Entry{
		{Seq: 1, Type: event.DrillStarted, At: t0, Actor: "ops", Data: map[string]string{"detail": "go"}},
		{Seq: 2, Type: event.DrillEnded, At: t0.Add(time.Minute), Data: struct {
			Elapsed time.Duration `json:"elapsed"`
		}{time.Minute}},
	}}
	n, err := record.Sync(t.Context(), store, log)
	if err != nil || n != 2 {
		t.Fatalf("Sync() = %d, %v; want 2, nil", n, err)
	}
	want := []eventstore.Event{
		{ID: "D-1/00001", Stream: "D-1", Seq: 1, Type: "drill_started", At: t0, Actor: "ops", Drill: true, Data: json.RawMessage(`{"detail":"go"}`)},
		{ID: "D-1/00002", Stream: "D-1", Seq: 2, Type: "drill_ended", At: t0.Add(time.Minute), Drill: true, Data: json.RawMessage(`{"elapsed":60000000000}`)},
	}
	if diff := cmp.Diff(want, store.All()); diff != "" {
		t.Errorf("stored events (-want +got):\n%s", diff)
	}
	if n, err = record.Sync(t.Context(), store, log); err != nil || n != 0 {
		t.Errorf("Sync() again = %d, %v; want 0, nil", n, err)
	}
}

// failing is a store that cannot be reached.
type failing struct{}

func (failing) Sync(context.Context, eventstore.Log) (int, error) {
	return 0, errors.New("database is locked")
}

// TestSyncFailures: what the store refuses cannot succeed again and is a
// non-retryable event.ErrBadEvent; any other failure is retried.
func TestSyncFailures(t *testing.T) {
	stale := &eventstore.Memory{}
	if _, err := stale.Sync(t.Context(), eventstore.Log{Stream: "T-1", Fence: 10}); err != nil {
		t.Fatal(err)
	}
	entry := record.Entry{Seq: 1, Type: event.Opened, At: t0}
	tests := map[string]struct {
		reason       string
		store        record.Store
		log          record.Log
		wantType     string // "" for a retryable error
		wantNonRetry bool
		wantMessage  string
	}{
		"invalid": {
			reason:       "an entry without a type is malformed",
			store:        &eventstore.Memory{},
			log:          record.Log{Kind: "ticket", Stream: "T-1", Entries: []record.Entry{{Seq: 1, At: t0}}},
			wantType:     event.ErrBadEvent,
			wantNonRetry: true,
			wantMessage:  `record events of ticket T-1: record the log of "T-1": invalid event "T-1/00001": empty type`,
		},
		"stale": {
			reason:       "a batch of a superseded workflow task is refused",
			store:        stale,
			log:          record.Log{Kind: "ticket", Stream: "T-1", Fence: 9, Entries: []record.Entry{entry}},
			wantType:     event.ErrBadEvent,
			wantNonRetry: true,
			wantMessage:  `record events of ticket T-1: record the log of "T-1": stale log batch (fence 9, 10 applied)`,
		},
		"unencodable": {
			reason:       "data that is not JSON cannot be recorded",
			store:        &eventstore.Memory{},
			log:          record.Log{Kind: "drill", Stream: "D-1", Entries: []record.Entry{{Seq: 1, Type: event.DrillStarted, At: t0, Data: func() {}}}},
			wantType:     event.ErrBadEvent,
			wantNonRetry: true,
			wantMessage:  "encode event 1 of drill D-1: json: unsupported type: func()",
		},
		"unreachable": {
			reason:      "a store that fails is tried again",
			store:       failing{},
			log:         record.Log{Kind: "drill", Stream: "D-1", Entries: []record.Entry{entry}},
			wantMessage: "record 1 events of drill D-1: database is locked",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := record.Sync(t.Context(), tc.store, tc.log)
			if err == nil {
				t.Fatalf("%s: Sync() succeeded", tc.reason)
			}
			type got struct {
				Type         string
				NonRetryable bool
				Message      string
			}
			g := got{Message: err.Error()}
			var appErr *temporal.ApplicationError
			if errors.As(err, &appErr) {
				g = got{appErr.Type(), appErr.NonRetryable(), appErr.Message()}
			}
			if diff := cmp.Diff(got{tc.wantType, tc.wantNonRetry, tc.wantMessage}, g); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
