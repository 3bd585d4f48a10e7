package daemon

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/supportops/supportops/engine/pgstate"
	"github.com/supportops/supportops/internal/testutil/pgtest"
)

// postgres is the PostgreSQL cluster the tests of this binary that share
// one use, started by the first test that asks for a database and stopped
// by TestMain: one initdb for the binary rather than one per test.
var postgres struct {
	once    sync.Once
	cluster *pgtest.Cluster
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if daemonBinary.dir != "" {
		_ = os.RemoveAll(daemonBinary.dir)
	}
	if postgres.cluster != nil {
		if err := postgres.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// newPostgresDSN returns the DSN of a new, empty database of the shared
// cluster; a machine without PostgreSQL fails the test.
func newPostgresDSN(t testing.TB) string {
	t.Helper()
	postgres.once.Do(func() { postgres.cluster, postgres.err = pgtest.New() })
	if postgres.err != nil {
		t.Fatal(postgres.err)
	}
	return postgres.cluster.NewDatabase(t)
}

// openTestState opens the shared state at dsn, closed when t ends.
func openTestState(t testing.TB, dsn string) *pgstate.DB {
	t.Helper()
	db, err := pgstate.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}
