package eventstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/eventstore"
)

// t0 is the time of the test events, with nanoseconds to show that they
// are kept.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)

// cet is a zone other than UTC, to show that times are stored as instants.
var cet = time.FixedZone("CET", 60*60)

func open(t testing.TB) (*eventstore.SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.db")
	s, err := eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, path
}

// dialects returns, for each database the SQL store runs on, a function
// that opens an empty store closed when its test ends. PostgreSQL's
// stores are new databases of the binary's cluster (see newPostgresDSN).
func dialects(*testing.T) map[string]func(testing.TB) eventstore.Store {
	return map[string]func(testing.TB) eventstore.Store{
		"sqlite": func(t testing.TB) eventstore.Store {
			s, _ := open(t)
			return s
		},
		"postgres": func(t testing.TB) eventstore.Store { return openPostgres(t, newPostgresDSN(t)) },
	}
}

// openPostgres opens the PostgreSQL store at dsn, closed when t ends.
func openPostgres(t testing.TB, dsn string) *eventstore.Postgres {
	t.Helper()
	s, err := eventstore.OpenPostgres(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// ev returns an event of ticket T-1 at t0 plus minutes.
func ev(id, typ string, minutes int) eventstore.Event {
	return eventstore.Event{ID: id, Stream: "T-1", Type: typ, At: t0.Add(time.Duration(minutes) * time.Minute)}
}

// all lists every event, drills included.
func all(t *testing.T, s eventstore.Store) []eventstore.Event {
	t.Helper()
	got, err := s.List(t.Context(), eventstore.Filter{IncludeDrill: true})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ids(events []eventstore.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}

func TestAppendList(t *testing.T) {
	tests := map[string]struct {
		reason string
		in     []eventstore.Event
		wantN  int
		want   []eventstore.Event
	}{
		"every field": {
			reason: "an event comes back as it went in",
			in: []eventstore.Event{{
				ID: "T-1/00001", Stream: "T-1", Type: "opened", At: t0, Actor: "alice", Drill: true,
				Data: json.RawMessage(`{"queue":"billing","priority":"p2"}`),
			}},
			wantN: 1,
			want: []eventstore.Event{{
				ID: "T-1/00001", Stream: "T-1", Type: "opened", At: t0, Actor: "alice", Drill: true,
				Data: json.RawMessage(`{"queue":"billing","priority":"p2"}`),
			}},
		},
		"time in another zone": {
			reason: "the instant is kept, to the nanosecond, and read back in UTC",
			in:     []eventstore.Event{{ID: "a", Stream: "T-1", Type: "opened", At: t0.In(cet)}},
			wantN:  1,
			want:   []eventstore.Event{{ID: "a", Stream: "T-1", Type: "opened", At: t0}},
		},
		"data compacted": {
			reason: "data is stored compacted; null data is absent",
			in: []eventstore.Event{
				{ID: "a", Stream: "T-1", Type: "opened", At: t0, Data: json.RawMessage(" {\"a\": [1, 2],\n \"b\": {} } ")},
				{ID: "b", Stream: "T-1", Type: "closed", At: t0.Add(time.Hour), Data: json.RawMessage("null")},
			},
			wantN: 2,
			want: []eventstore.Event{
				{ID: "a", Stream: "T-1", Type: "opened", At: t0, Data: json.RawMessage(`{"a":[1,2],"b":{}}`)},
				{ID: "b", Stream: "T-1", Type: "closed", At: t0.Add(time.Hour)},
			},
		},
		"ordered by time then id": {
			reason: "List orders by At, then ID, whatever the order of appending",
			in:     []eventstore.Event{ev("c", "closed", 2), ev("b", "routed", 1), ev("a", "opened", 1), ev("z", "opened", 0)},
			wantN:  4,
			want:   []eventstore.Event{ev("z", "opened", 0), ev("a", "opened", 1), ev("b", "routed", 1), ev("c", "closed", 2)},
		},
		"empty batch": {
			reason: "appending nothing is not an error",
			wantN:  0,
		},
	}
	for kind, open := range dialects(t) {
		for name, tc := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				s := open(t)
				n, err := s.Append(t.Context(), tc.in...)
				if err != nil {
					t.Fatal(err)
				}
				if n != tc.wantN {
					t.Errorf("%s\nAppend() = %d new, want %d", tc.reason, n, tc.wantN)
				}
				got := all(t, s)
				if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s\nList() -want +got:\n%s", tc.reason, diff)
				}
				for _, e := range got {
					if e.At.Location() != time.UTC {
						t.Errorf("event %s: At in %v, want UTC", e.ID, e.At.Location())
					}
				}
			})
		}
	}
}

func TestAppendAgain(t *testing.T) {
	first := []eventstore.Event{
		ev("T-1/00001", "opened", 0),
		{ID: "T-1/00002", Stream: "T-1", Type: "routed", At: t0.Add(time.Minute), Actor: "router", Data: json.RawMessage(`{"queue":"billing"}`)},
	}
	tests := map[string]struct {
		reason  string
		again   []eventstore.Event
		wantN   int
		wantErr error
		want    []string
	}{
		"same batch": {
			reason: "appending a batch again (a retried activity) adds nothing",
			again:  first,
			wantN:  0,
			want:   []string{"T-1/00001", "T-1/00002"},
		},
		"overlapping batch": {
			reason: "only the events not yet stored count as new",
			again:  []eventstore.Event{first[1], ev("T-1/00003", "closed", 2)},
			wantN:  1,
			want:   []string{"T-1/00001", "T-1/00002", "T-1/00003"},
		},
		"same content differently written": {
			reason: "the same instant in another zone and the same data with other spacing are the same event",
			again: []eventstore.Event{
				{ID: "T-1/00001", Stream: "T-1", Type: "opened", At: t0.In(cet)},
				{ID: "T-1/00002", Stream: "T-1", Type: "routed", At: t0.Add(time.Minute), Actor: "router", Data: json.RawMessage(`{ "queue": "billing" }`)},
			},
			wantN: 0,
			want:  []string{"T-1/00001", "T-1/00002"},
		},
		"duplicate within a batch": {
			reason: "an event twice in one batch is stored once",
			again:  []eventstore.Event{ev("T-1/00003", "closed", 2), ev("T-1/00003", "closed", 2)},
			wantN:  1,
			want:   []string{"T-1/00001", "T-1/00002", "T-1/00003"},
		},
		"conflicting type": {
			reason:  "an id stored with another type is a conflict, and nothing of the batch is stored",
			again:   []eventstore.Event{ev("T-1/00003", "closed", 2), ev("T-1/00001", "closed", 0)},
			wantErr: eventstore.ErrConflict,
			want:    []string{"T-1/00001", "T-1/00002"},
		},
		"conflicting data": {
			reason:  "an id stored with other data is a conflict",
			again:   []eventstore.Event{{ID: "T-1/00002", Stream: "T-1", Type: "routed", At: t0.Add(time.Minute), Actor: "router", Data: json.RawMessage(`{"queue":"sales"}`)}},
			wantErr: eventstore.ErrConflict,
			want:    []string{"T-1/00001", "T-1/00002"},
		},
		"conflicting time": {
			reason:  "an id stored at another time, by a nanosecond, is a conflict",
			again:   []eventstore.Event{{ID: "T-1/00001", Stream: "T-1", Type: "opened", At: t0.Add(time.Nanosecond)}},
			wantErr: eventstore.ErrConflict,
			want:    []string{"T-1/00001", "T-1/00002"},
		},
		"conflicting within a batch": {
			reason:  "two different events with one id in a new batch are a conflict too",
			again:   []eventstore.Event{ev("T-1/00003", "closed", 2), ev("T-1/00003", "replied", 2)},
			wantErr: eventstore.ErrConflict,
			want:    []string{"T-1/00001", "T-1/00002"},
		},
	}
	for kind, open := range dialects(t) {
		for name, tc := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				s := open(t)
				if _, err := s.Append(t.Context(), first...); err != nil {
					t.Fatal(err)
				}
				n, err := s.Append(t.Context(), tc.again...)
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("%s\nAppend() error = %v, want %v", tc.reason, err, tc.wantErr)
				}
				if err == nil && n != tc.wantN {
					t.Errorf("%s\nAppend() = %d new, want %d", tc.reason, n, tc.wantN)
				}
				if diff := cmp.Diff(tc.want, ids(all(t, s))); diff != "" {
					t.Errorf("%s\nstored ids -want +got:\n%s", tc.reason, diff)
				}
			})
		}
	}
}

func TestAppendConflictMessage(t *testing.T) {
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s := open(t)
			if _, err := s.Append(t.Context(), ev("T-1/00001", "opened", 0)); err != nil {
				t.Fatal(err)
			}
			_, err := s.Append(t.Context(), eventstore.Event{ID: "T-1/00001", Stream: "T-2", Type: "opened", At: t0, Actor: "bob"})
			want := `append events: event "T-1/00001": event id already stored with other content (it differs in ticket_id, actor)`
			if err == nil || err.Error() != want {
				t.Errorf("Append() error = %v, want %s", err, want)
			}
		})
	}
}

func TestAppendInvalid(t *testing.T) {
	valid := ev("T-1/00001", "opened", 0)
	tests := map[string]struct {
		reason  string
		event   eventstore.Event
		wantErr string
	}{
		"no id": {
			reason:  "an event without an id is named by its place in the batch",
			event:   eventstore.Event{Stream: "T-1", Type: "opened", At: t0},
			wantErr: `append events: invalid event #2 of the batch: empty id`,
		},
		"no ticket": {
			reason:  "an event belongs to a ticket",
			event:   eventstore.Event{ID: "x", Type: "opened", At: t0},
			wantErr: `append events: invalid event "x": empty ticket id`,
		},
		"no type": {
			reason:  "an event has a type",
			event:   eventstore.Event{ID: "x", Stream: "T-1", At: t0},
			wantErr: `append events: invalid event "x": empty type`,
		},
		"no time": {
			reason:  "an event has a time",
			event:   eventstore.Event{ID: "x", Stream: "T-1", Type: "opened"},
			wantErr: `append events: invalid event "x": zero time`,
		},
		"time out of range": {
			reason:  "a time must fit in Unix nanoseconds",
			event:   eventstore.Event{ID: "x", Stream: "T-1", Type: "opened", At: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
			wantErr: `append events: invalid event "x": time 2300-01-01T00:00:00Z is outside 1677-09-21 to 2262-04-11`,
		},
		"data array": {
			reason:  "data is a JSON object",
			event:   eventstore.Event{ID: "x", Stream: "T-1", Type: "opened", At: t0, Data: json.RawMessage(`[1]`)},
			wantErr: `append events: invalid event "x": data is not a JSON object`,
		},
		"data string": {
			reason:  "data is a JSON object",
			event:   eventstore.Event{ID: "x", Stream: "T-1", Type: "opened", At: t0, Data: json.RawMessage(`"detail"`)},
			wantErr: `append events: invalid event "x": data is not a JSON object`,
		},
		"data not JSON": {
			reason:  "data is valid JSON",
			event:   eventstore.Event{ID: "x", Stream: "T-1", Type: "opened", At: t0, Data: json.RawMessage(`{"a":}`)},
			wantErr: `append events: invalid event "x": data is not valid JSON: invalid character '}' looking for beginning of value`,
		},
		"several problems": {
			reason:  "every problem of the event is reported",
			event:   eventstore.Event{ID: "x", Data: json.RawMessage(`1`)},
			wantErr: `append events: invalid event "x": empty ticket id; empty type; zero time; data is not a JSON object`,
		},
	}
	for kind, open := range dialects(t) {
		for name, tc := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				s := open(t)
				_, err := s.Append(t.Context(), valid, tc.event)
				if !errors.Is(err, eventstore.ErrInvalidEvent) {
					t.Errorf("%s\nAppend() error = %v, want one wrapping ErrInvalidEvent", tc.reason, err)
				}
				if err != nil {
					if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
						t.Errorf("%s\nAppend() error -want +got:\n%s", tc.reason, diff)
					}
				}
				if got := all(t, s); len(got) != 0 {
					t.Errorf("%s\nthe batch is atomic, but %v were stored", tc.reason, ids(got))
				}
			})
		}
	}
}

func TestListFilter(t *testing.T) {
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s := open(t)
			at := func(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }
			fixture := []eventstore.Event{
				{ID: "T-1/1", Stream: "T-1", Type: "opened", At: at(0)},
				{ID: "T-1/2", Stream: "T-1", Type: "routed", At: at(1)},
				{ID: "T-2/1", Stream: "T-2", Type: "opened", At: at(1)},
				{ID: "T-1/3", Stream: "T-1", Type: "replied", At: at(5)},
				{ID: "D-1/1", Stream: "D-1", Type: "opened", At: at(6), Drill: true},
				{ID: "T-2/2", Stream: "T-2", Type: "sla_breached", At: at(10)},
				{ID: "D-1/2", Stream: "D-1", Type: "closed", At: at(11), Drill: true},
				{ID: "T-1/4", Stream: "T-1", Type: "closed", At: at(20)},
			}
			if _, err := s.Append(t.Context(), fixture...); err != nil {
				t.Fatal(err)
			}
			tests := map[string]struct {
				reason string
				filter eventstore.Filter
				want   []string
			}{
				"zero": {
					reason: "the zero filter selects every event but the drills",
					want:   []string{"T-1/1", "T-1/2", "T-2/1", "T-1/3", "T-2/2", "T-1/4"},
				},
				"include drill": {
					reason: "IncludeDrill adds the drill events",
					filter: eventstore.Filter{IncludeDrill: true},
					want:   []string{"T-1/1", "T-1/2", "T-2/1", "T-1/3", "D-1/1", "T-2/2", "D-1/2", "T-1/4"},
				},
				"drill ticket": {
					reason: "a drill ticket's events are left out even when asked for by ticket, unless IncludeDrill",
					filter: eventstore.Filter{Stream: "D-1"},
				},
				"drill ticket included": {
					reason: "a drill ticket's events, with IncludeDrill",
					filter: eventstore.Filter{Stream: "D-1", IncludeDrill: true},
					want:   []string{"D-1/1", "D-1/2"},
				},
				"ticket": {
					reason: "Stream selects one ticket's events",
					filter: eventstore.Filter{Stream: "T-2"},
					want:   []string{"T-2/1", "T-2/2"},
				},
				"unknown ticket": {
					reason: "no events is not an error",
					filter: eventstore.Filter{Stream: "T-9"},
				},
				"one type": {
					reason: "Types selects events of the types listed",
					filter: eventstore.Filter{Types: []string{"opened"}},
					want:   []string{"T-1/1", "T-2/1"},
				},
				"several types": {
					reason: "Types selects events of any of the types listed",
					filter: eventstore.Filter{Types: []string{"closed", "opened"}, IncludeDrill: true},
					want:   []string{"T-1/1", "T-2/1", "D-1/1", "D-1/2", "T-1/4"},
				},
				"since": {
					reason: "Since is inclusive",
					filter: eventstore.Filter{Since: at(5)},
					want:   []string{"T-1/3", "T-2/2", "T-1/4"},
				},
				"until": {
					reason: "Until is exclusive",
					filter: eventstore.Filter{Until: at(5)},
					want:   []string{"T-1/1", "T-1/2", "T-2/1"},
				},
				"since and until": {
					reason: "[Since, Until), to the nanosecond, whatever the zone",
					filter: eventstore.Filter{Since: at(1).In(cet), Until: at(10).Add(time.Nanosecond)},
					want:   []string{"T-1/2", "T-2/1", "T-1/3", "T-2/2"},
				},
				"one nanosecond late": {
					reason: "Since one nanosecond after an event leaves it out",
					filter: eventstore.Filter{Since: at(20).Add(time.Nanosecond)},
				},
				"empty range": {
					reason: "Until before Since selects nothing",
					filter: eventstore.Filter{Since: at(10), Until: at(1)},
				},
				"far range": {
					reason: "bounds outside the storable range are clamped",
					filter: eventstore.Filter{Since: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
					want:   []string{"T-1/1", "T-1/2", "T-2/1", "T-1/3", "T-2/2", "T-1/4"},
				},
				"limit": {
					reason: "Limit keeps the first events",
					filter: eventstore.Filter{Limit: 2},
					want:   []string{"T-1/1", "T-1/2"},
				},
				"every field": {
					reason: "the fields combine",
					filter: eventstore.Filter{Stream: "T-1", Types: []string{"routed", "replied", "closed"}, Since: at(1), Until: at(30), Limit: 2},
					want:   []string{"T-1/2", "T-1/3"},
				},
			}
			for name, tc := range tests {
				t.Run(name, func(t *testing.T) {
					got, err := s.List(t.Context(), tc.filter)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(tc.want, ids(got), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s\nList(%+v) -want +got:\n%s", tc.reason, tc.filter, diff)
					}
				})
			}
		})
	}
}

func TestListNegativeLimit(t *testing.T) {
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s := open(t)
			_, err := s.List(t.Context(), eventstore.Filter{Limit: -1})
			want := "list events: negative limit -1"
			if err == nil || err.Error() != want {
				t.Errorf("List() error = %v, want %s", err, want)
			}
		})
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	in := []eventstore.Event{
		{ID: "T-1/1", Stream: "T-1", Type: "opened", At: t0, Actor: "alice", Data: json.RawMessage(`{"queue":"billing"}`)},
		{ID: "T-1/2", Stream: "T-1", Type: "closed", At: t0.Add(time.Hour), Drill: true},
	}
	s, err := eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = s.Append(t.Context(), in...); err != nil {
		t.Fatal(err)
	}
	if err = s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if diff := cmp.Diff(in, all(t, s)); diff != "" {
		t.Errorf("List() after reopening -want +got:\n%s", diff)
	}
	n, err := s.Append(t.Context(), in...)
	if err != nil || n != 0 {
		t.Errorf("Append() after reopening = %d, %v; want 0 new", n, err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var versions []int
	rows, err := db.QueryContext(t.Context(), "SELECT version FROM schema_version ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, versions); diff != "" {
		t.Errorf("schema versions -want +got:\n%s", diff)
	}
	var mode string
	if err := db.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)",
		"INSERT INTO schema_version (version) VALUES (1), (2), (3), (4)",
	} {
		if _, err = db.ExecContext(t.Context(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err = db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := eventstore.OpenSQLite(t.Context(), path)
	if err == nil {
		s.Close()
		t.Fatal("OpenSQLite() of a newer schema succeeded")
	}
	want := fmt.Sprintf("open event store %s: schema version 4 is newer than this program knows (3)", path)
	if err.Error() != want {
		t.Errorf("OpenSQLite() error = %v, want %s", err, want)
	}
}

func TestOpenPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?#%", "events 1.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Append(t.Context(), ev("a", "opened", 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at %s: %v", path, err)
	}
}

func TestAppendCanceled(t *testing.T) {
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s := open(t)
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			_, err := s.Append(ctx, ev("a", "opened", 0))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Append() with a canceled context: error = %v, want context.Canceled", err)
			}
			if got := all(t, s); len(got) != 0 {
				t.Errorf("stored %v after a canceled Append", ids(got))
			}
		})
	}
}

// TestConcurrentAppend appends overlapping batches from 8 goroutines while
// others list; run it with -race.
func TestConcurrentAppend(t *testing.T) {
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s := open(t)
			const goroutines, events = 8, 100
			want := make([]eventstore.Event, events)
			for i := range want {
				want[i] = eventstore.Event{
					ID: fmt.Sprintf("T-%d/%05d", i%7, i), Stream: fmt.Sprintf("T-%d", i%7), Type: "replied",
					At: t0.Add(time.Duration(i) * time.Second), Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i)),
				}
			}

			var wg sync.WaitGroup
			added := make([]int, goroutines)
			errs := make([]error, goroutines)
			for g := range goroutines {
				wg.Go(func() {
					// Goroutine g appends every event, in batches of g+1, starting
					// at a different place, so that the batches overlap.
					size, start := g+1, g*events/goroutines
					for i := 0; i < events; i += size {
						var batch []eventstore.Event
						for j := i; j < min(i+size, events); j++ {
							batch = append(batch, want[(start+j)%events])
						}
						n, err := s.Append(t.Context(), batch...)
						if err != nil {
							errs[g] = err
							return
						}
						added[g] += n
					}
				})
				wg.Go(func() {
					if _, err := s.List(t.Context(), eventstore.Filter{Stream: "T-1"}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, n := range added {
				total += n
			}
			if total != events {
				t.Errorf("the goroutines added %d events in all (%v), want %d", total, added, events)
			}
			if diff := cmp.Diff(want, all(t, s)); diff != "" {
				t.Errorf("List() -want +got:\n%s", diff)
			}
		})
	}
}
