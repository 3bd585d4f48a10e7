package eventstore_test

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/eventstore"
)

// stores opens each implementation of eventstore.Store, so that one test
// holds them all to the same contract.
func stores(t *testing.T) map[string]eventstore.Store {
	t.Helper()
	sqlite, _ := open(t)
	pg := openPostgres(t, newPostgresDSN(t))
	return map[string]eventstore.Store{"sqlite": sqlite, "postgres": pg, "memory": &eventstore.Memory{}}
}

// entry is the seq-th entry of ticket T-1's log, of type typ, at t0 plus
// minutes.
func entry(seq int, typ string, minutes int) eventstore.Event {
	return eventstore.Event{
		ID: "T-1/" + string(rune('0'+seq/10)) + string(rune('0'+seq%10)), Stream: "T-1", Seq: seq, Type: typ,
		At: t0.Add(time.Duration(minutes) * time.Minute),
	}
}

// summary is what the tests compare of a stored event.
type summary struct {
	ID, Type string
	Seq      int
	Minutes  int
}

func summarize(events []eventstore.Event) []summary {
	out := make([]summary, len(events))
	for i, e := range events {
		out[i] = summary{ID: e.ID, Type: e.Type, Seq: e.Seq, Minutes: int(e.At.Sub(t0) / time.Minute)}
	}
	return out
}

// TestSyncAfterLostTask is the crash of issue 11: a workflow task records
// entries 3 and 4 and is lost before it completes; the task that replaces
// it records entry 3 with another time and type, and its log ends there.
// The store must hold the workflow's log, not the lost task's, and must
// not refuse it (a refusal ended the ticket's workflow).
func TestSyncAfterLostTask(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			steps := []struct {
				log  eventstore.Log
				want int
			}{
				{eventstore.Log{Stream: "T-1", Through: 2, Fence: 3, Events: []eventstore.Event{entry(1, "opened", 0), entry(2, "routed", 0)}}, 2},
				// The lost task: the daemon dies before it completes.
				{eventstore.Log{Stream: "T-1", Through: 4, Fence: 8, Events: []eventstore.Event{entry(3, "reply", 5), entry(4, "solved", 5)}}, 2},
				// The task that replaces it: a timer fired first.
				{eventstore.Log{Stream: "T-1", Through: 3, Fence: 11, Events: []eventstore.Event{entry(3, "sla_warning", 9)}}, 2},
				// Recording the same again changes nothing.
				{eventstore.Log{Stream: "T-1", Through: 3, Fence: 11, Events: []eventstore.Event{entry(3, "sla_warning", 9)}}, 0},
			}
			for i, st := range steps {
				n, err := s.Sync(ctx, st.log)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if n != st.want {
					t.Errorf("step %d: %d events changed, want %d", i, n, st.want)
				}
			}
			want := []summary{{"T-1/01", "opened", 1, 0}, {"T-1/02", "routed", 2, 0}, {"T-1/03", "sla_warning", 3, 9}}
			if diff := cmp.Diff(want, summarize(all(t, s))); diff != "" {
				t.Errorf("stored events (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSyncStale: a batch of a superseded workflow task (a lower fence)
// is refused and changes nothing; another ticket's log has its own fence.
func TestSyncStale(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			if _, err := s.Sync(ctx, eventstore.Log{Stream: "T-1", Through: 1, Fence: 20, Events: []eventstore.Event{entry(1, "opened", 0)}}); err != nil {
				t.Fatal(err)
			}
			_, err := s.Sync(ctx, eventstore.Log{Stream: "T-1", Through: 1, Fence: 7, Events: []eventstore.Event{entry(1, "phantom", 1)}})
			if !errors.Is(err, eventstore.ErrStale) {
				t.Fatalf("got %v, want ErrStale", err)
			}
			other := eventstore.Event{ID: "T-2/01", Stream: "T-2", Seq: 1, Type: "opened", At: t0}
			if _, err := s.Sync(ctx, eventstore.Log{Stream: "T-2", Through: 1, Fence: 7, Events: []eventstore.Event{other}}); err != nil {
				t.Fatalf("another ticket's log: %v", err)
			}
			want := []summary{{"T-1/01", "opened", 1, 0}, {"T-2/01", "opened", 1, 0}}
			if diff := cmp.Diff(want, summarize(all(t, s))); diff != "" {
				t.Errorf("stored events (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSyncInvalid: a batch whose events are not of its log, or lie
// beyond its end, is refused whole.
func TestSyncInvalid(t *testing.T) {
	other := entry(1, "opened", 0)
	other.Stream = "T-2"
	tests := map[string]eventstore.Log{
		"no ticket":             {Events: []eventstore.Event{entry(1, "opened", 0)}},
		"another ticket":        {Stream: "T-1", Events: []eventstore.Event{other}},
		"no seq":                {Stream: "T-1", Events: []eventstore.Event{{ID: "T-1/x", Stream: "T-1", Type: "opened", At: t0}}},
		"beyond its through":    {Stream: "T-1", Through: 1, Events: []eventstore.Event{entry(1, "opened", 0), entry(2, "routed", 0)}},
		"negative through":      {Stream: "T-1", Through: -1},
		"malformed event":       {Stream: "T-1", Events: []eventstore.Event{entry(1, "", 0)}},
		"zero time of an entry": {Stream: "T-1", Events: []eventstore.Event{{ID: "T-1/01", Stream: "T-1", Seq: 1, Type: "x"}}},
	}
	for name, s := range stores(t) {
		for tc, log := range tests {
			t.Run(name+"/"+tc, func(t *testing.T) {
				if _, err := s.Sync(t.Context(), log); !errors.Is(err, eventstore.ErrInvalidEvent) {
					t.Fatalf("got %v, want ErrInvalidEvent", err)
				}
				if got := all(t, s); len(got) != 0 {
					t.Errorf("stored %d events of a refused batch", len(got))
				}
			})
		}
	}
}

// TestAppendKeepsConflicts: Append, unlike Sync, still refuses an event
// stored with other content, on every store.
func TestAppendKeepsConflicts(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Append(t.Context(), entry(1, "opened", 0)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Append(t.Context(), entry(1, "opened", 1)); !errors.Is(err, eventstore.ErrConflict) {
				t.Fatalf("got %v, want ErrConflict", err)
			}
		})
	}
}

// TestMigrateVersion1: a store written before events had a position
// opens, keeps its events (with no Seq), and a Sync of the same entries
// gives them one without counting them as changed content.
func TestMigrateVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)",
		"INSERT INTO schema_version (version) VALUES (1)",
		`CREATE TABLE events (id TEXT NOT NULL PRIMARY KEY, ticket_id TEXT NOT NULL, type TEXT NOT NULL, at_ns INTEGER NOT NULL,
			actor TEXT NOT NULL DEFAULT '', drill INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1)),
			data TEXT CHECK (data IS NULL OR json_type(data) = 'object')) STRICT`,
		fmt.Sprintf("INSERT INTO events (id, ticket_id, type, at_ns) VALUES ('T-1/01', 'T-1', 'opened', %d)", t0.UnixNano()),
	} {
		if _, err = db.ExecContext(t.Context(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err = db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if diff := cmp.Diff([]summary{{"T-1/01", "opened", 0, 0}}, summarize(all(t, s))); diff != "" {
		t.Errorf("events after the migration (-want +got):\n%s", diff)
	}
	n, err := s.Sync(t.Context(), eventstore.Log{Stream: "T-1", Through: 2, Events: []eventstore.Event{entry(1, "opened", 0), entry(2, "routed", 1)}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("Sync changed %d events, want 1 (the new one)", n)
	}
	want := []summary{{"T-1/01", "opened", 1, 0}, {"T-1/02", "routed", 2, 1}}
	if diff := cmp.Diff(want, summarize(all(t, s))); diff != "" {
		t.Errorf("events after Sync (-want +got):\n%s", diff)
	}
}
