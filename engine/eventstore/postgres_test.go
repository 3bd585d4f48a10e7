package eventstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/eventstore"
)

// sqlDB opens a plain connection pool on dsn, closed when t ends.
func sqlDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// schemaVersions returns the rows of schema_version, in order.
func schemaVersions(t testing.TB, db *sql.DB) []int {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "SELECT version FROM schema_version ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var versions []int
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
	return versions
}

// logEntry is the seq-th entry of stream's log, of type typ.
func logEntry(stream string, seq int, typ string) eventstore.Event {
	return eventstore.Event{
		ID: fmt.Sprintf("%s/%05d", stream, seq), Stream: stream, Seq: seq, Type: typ,
		At: t0.Add(time.Duration(seq) * time.Second),
	}
}

// TestPostgresMigrationRace: replicas starting together on a new
// database all open it; the schema is migrated once, to the current
// version, and every store works.
func TestPostgresMigrationRace(t *testing.T) {
	dsn := newPostgresDSN(t)
	const replicas = 6
	stores := make([]*eventstore.Postgres, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range replicas {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = eventstore.OpenPostgres(t.Context(), dsn)
		})
	}
	close(start)
	wg.Wait()
	for _, s := range stores {
		if s != nil {
			t.Cleanup(func() { s.Close() })
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("opening %d stores at once: %v", replicas, err)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, schemaVersions(t, sqlDB(t, dsn))); diff != "" {
		t.Errorf("schema versions -want +got:\n%s", diff)
	}
	for i, s := range stores {
		if _, err := s.Append(t.Context(), ev(fmt.Sprintf("T-1/%d", i), "opened", i)); err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
	if got := all(t, stores[0]); len(got) != replicas {
		t.Errorf("%d events stored, want %d", len(got), replicas)
	}
}

// TestPostgresNewerSchema: a database migrated by a newer program is not
// opened.
func TestPostgresNewerSchema(t *testing.T) {
	dsn := newPostgresDSN(t)
	db := sqlDB(t, dsn)
	for _, stmt := range []string{
		"CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)",
		"INSERT INTO schema_version (version) VALUES (1), (2), (3), (4)",
	} {
		if _, err := db.ExecContext(t.Context(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	s, err := eventstore.OpenPostgres(t.Context(), dsn)
	if err == nil {
		s.Close()
		t.Fatal("OpenPostgres() of a newer schema succeeded")
	}
	want := fmt.Sprintf("open event store %s: schema version 4 is newer than this program knows (3)", dsn)
	if err.Error() != want {
		t.Errorf("OpenPostgres() error = %v, want %s", err, want)
	}
}

// TestPostgresConcurrentReplicas: two stores on one database (two
// replicas) append overlapping batches of one stream from 8 goroutines;
// every entry is stored once, and the stream reads back in seq order.
func TestPostgresConcurrentReplicas(t *testing.T) {
	dsn := newPostgresDSN(t)
	replicas := []eventstore.Store{openPostgres(t, dsn), openPostgres(t, dsn)}
	const goroutines, entries = 8, 200
	want := make([]eventstore.Event, entries)
	for i := range want {
		want[i] = logEntry("T-1", i+1, "replied")
	}
	var wg sync.WaitGroup
	added := make([]int, goroutines)
	errs := make([]error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			s := replicas[g%len(replicas)]
			// Batches of g+1 entries from a different start, in reverse
			// order for odd g, so that the batches overlap every way.
			size, start := g+1, g*entries/goroutines
			for i := 0; i < entries; i += size {
				var batch []eventstore.Event
				for j := i; j < min(i+size, entries); j++ {
					batch = append(batch, want[(start+j)%entries])
				}
				if g%2 == 1 {
					for l, r := 0, len(batch)-1; l < r; l, r = l+1, r-1 {
						batch[l], batch[r] = batch[r], batch[l]
					}
				}
				n, err := s.Append(t.Context(), batch...)
				if err != nil {
					errs[g] = err
					return
				}
				added[g] += n
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
	if total != entries {
		t.Errorf("the goroutines added %d events in all (%v), want %d", total, added, entries)
	}
	got, err := replicas[1].List(t.Context(), eventstore.Filter{Stream: "T-1"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List() -want +got:\n%s", diff)
	}
}

// TestPostgresConcurrentFences: ten workflow-task attempts of one log,
// fences 1 to 10, recorded at once through two replicas. Whatever order
// they run in, the store ends with the log of fence 10 (its entries,
// nothing beyond them) and a fence of 10: a lower fence never overwrites
// a higher one.
func TestPostgresConcurrentFences(t *testing.T) {
	dsn := newPostgresDSN(t)
	replicas := []eventstore.Store{openPostgres(t, dsn), openPostgres(t, dsn)}
	const attempts = 10
	var wg sync.WaitGroup
	errs := make([]error, attempts)
	for a := range attempts {
		wg.Go(func() {
			// Attempt a has a+1 entries, of type "attempt-a"; attempt 0
			// has the most so that a trim is needed after it.
			n := attempts - a
			log := eventstore.Log{Stream: "T-1", Through: n, Fence: int64(a + 1)}
			for seq := 1; seq <= n; seq++ {
				log.Events = append(log.Events, logEntry("T-1", seq, fmt.Sprintf("attempt-%d", a)))
			}
			if _, err := replicas[a%2].Sync(t.Context(), log); err != nil && !errors.Is(err, eventstore.ErrStale) {
				errs[a] = err
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	want := []eventstore.Event{logEntry("T-1", 1, fmt.Sprintf("attempt-%d", attempts-1))}
	if diff := cmp.Diff(want, all(t, replicas[0])); diff != "" {
		t.Errorf("stored events -want +got:\n%s", diff)
	}
	var fence int64
	if err := sqlDB(t, dsn).QueryRowContext(t.Context(), "SELECT fence FROM logs WHERE ticket_id = 'T-1'").Scan(&fence); err != nil {
		t.Fatal(err)
	}
	if fence != attempts {
		t.Errorf("fence %d, want %d", fence, attempts)
	}
}

// TestPostgresConnectionLost: the connection of a batch's transaction is
// terminated half-way through the batch. Nothing of the batch is stored,
// and the batch appended again is stored whole.
func TestPostgresConnectionLost(t *testing.T) {
	dsn := newPostgresDSN(t)
	s := openPostgres(t, dsn)
	const size = 2000
	batch := make([]eventstore.Event, size)
	for i := range batch {
		batch[i] = logEntry("T-1", i+1, "replied")
	}
	// Another transaction holds the id in the middle of the batch: the
	// store, inserting in id order, waits for it with half the batch
	// inserted.
	monitor := sqlDB(t, dsn)
	blocker, err := monitor.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback()
	middle := batch[size/2]
	if _, err = blocker.ExecContext(t.Context(), "INSERT INTO events (id, ticket_id, type, at_ns) VALUES ($1, $2, 'blocker', 0)", middle.ID, middle.Stream); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		_, aerr := s.Append(t.Context(), batch...)
		done <- aerr
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var pid int
	for {
		err = monitor.QueryRowContext(ctx, `SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO events%'`).Scan(&pid)
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("find the appender's backend: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	var terminated bool
	if err = monitor.QueryRowContext(ctx, "SELECT pg_terminate_backend($1)", pid).Scan(&terminated); err != nil || !terminated {
		t.Fatalf("terminate backend %d: %v, %v", pid, terminated, err)
	}
	if err = <-done; err == nil {
		t.Fatal("Append() on a terminated connection succeeded")
	}
	t.Logf("Append() with its connection terminated: %v", err)
	if err = blocker.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := all(t, s); len(got) != 0 {
		t.Fatalf("%d events of the interrupted batch stored, want none", len(got))
	}
	n, err := s.Append(t.Context(), batch...)
	if err != nil || n != size {
		t.Fatalf("Append() again = %d, %v; want %d new", n, err, size)
	}
	if diff := cmp.Diff(batch, all(t, s)); diff != "" {
		t.Errorf("stored events -want +got:\n%s", diff)
	}
}
