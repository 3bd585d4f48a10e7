package pgstate

import (
	"database/sql"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// openDB opens the shared state at dsn, closed when t ends.
func openDB(t testing.TB, dsn string) *DB {
	t.Helper()
	d, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	return d
}

// TestOpenMigratesOnce: replicas opening one database together migrate
// it one after the other, each version recorded once in
// pgstate_schema_version (not the event store's schema_version); a
// schema newer than the program is refused.
func TestOpenMigratesOnce(t *testing.T) {
	dsn := newPostgresDSN(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { openDB(t, dsn) })
	}
	wg.Wait()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var versions []int
	rows, err := raw.QueryContext(t.Context(), "SELECT version FROM pgstate_schema_version ORDER BY version")
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
	var want []int
	for v := range migrations {
		want = append(want, v+1)
	}
	if diff := cmp.Diff(want, versions); diff != "" {
		t.Errorf("schema versions (-want +got):\n%s", diff)
	}
	var eventsTable bool
	if err := raw.QueryRowContext(t.Context(), "SELECT to_regclass('schema_version') IS NOT NULL").Scan(&eventsTable); err != nil {
		t.Fatal(err)
	}
	if eventsTable {
		t.Error("pgstate created the event store's schema_version")
	}
	if _, err := raw.ExecContext(t.Context(), "INSERT INTO pgstate_schema_version (version) VALUES ($1)", len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(t.Context(), dsn); err == nil || !strings.Contains(err.Error(), "newer than this program knows") {
		t.Errorf("open a newer schema: %v, want it refused as newer", err)
	}
}
