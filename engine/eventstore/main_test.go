package eventstore_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/supportops/supportops/internal/testutil/pgtest"
)

// postgres is the PostgreSQL cluster the tests of this binary share.
var postgres pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
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
