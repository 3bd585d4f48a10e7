package pgtest_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/supportops/supportops/internal/testutil/pgtest"
)

// TestStart: the DSN reaches a PostgreSQL 15 or newer on loopback, with
// fsync off, and each database of a cluster is its own.
func TestStart(t *testing.T) {
	c := pgtest.StartCluster(t)
	a, b := c.NewDatabase(t), c.NewDatabase(t)
	if a == b || !strings.HasPrefix(a, "postgres://postgres@127.0.0.1:") {
		t.Fatalf("DSNs %s and %s, want two loopback databases", a, b)
	}
	db, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var num int
	var fsync string
	if err = db.QueryRowContext(t.Context(), "SELECT current_setting('server_version_num')::int, current_setting('fsync')").Scan(&num, &fsync); err != nil {
		t.Fatal(err)
	}
	if num < 150000 || fsync != "off" {
		t.Errorf("server_version_num %d, fsync %s; want >= 150000, off", num, fsync)
	}
	if _, err = db.ExecContext(t.Context(), "CREATE TABLE t (x int)"); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("pgx", b)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var n int
	if err = other.QueryRowContext(t.Context(), "SELECT count(*) FROM pg_tables WHERE tablename = 't'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the second database sees %d tables of the first", n)
	}
}
