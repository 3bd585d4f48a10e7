package pgtest

import (
	"sync"
	"testing"
)

// Shared is the cluster the tests of one test binary share: started by
// the first test that asks it for a database, stopped by the package's
// TestMain (a test binary has no other hook at its end): one initdb for
// the binary rather than one per test. The zero value is ready to use.
type Shared struct {
	once    sync.Once
	cluster *Cluster
	err     error
}

// NewDatabase returns the DSN of a new, empty database of the shared
// cluster, dropped when t ends; a machine without PostgreSQL fails t with
// NotFound.
func (s *Shared) NewDatabase(t testing.TB) string {
	t.Helper()
	s.once.Do(func() { s.cluster, s.err = New() })
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.cluster.NewDatabase(t)
}

// Stop stops the cluster if a test started it; TestMain calls it after
// m.Run.
func (s *Shared) Stop() error {
	if s.cluster == nil {
		return nil
	}
	return s.cluster.Stop()
}
