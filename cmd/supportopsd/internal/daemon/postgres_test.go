package daemon

import (
	"fmt"
	"os"
	"testing"

	"github.com/supportops/supportops/engine/pgstate"
	"github.com/supportops/supportops/internal/testutil/pgtest"
)

// postgres is the PostgreSQL cluster the tests of this binary share.
var postgres pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	if daemonBinary.dir != "" {
		_ = os.RemoveAll(daemonBinary.dir)
	}
	if err := postgres.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = max(code, 1)
	}
	os.Exit(code)
}

// newPostgresDSN returns the DSN of a new, empty database of the shared
// cluster; a machine without PostgreSQL fails the test.
func newPostgresDSN(t testing.TB) string {
	t.Helper()
	return postgres.NewDatabase(t)
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
