package eventstore

import (
	"context"
	"fmt"
)

// Ping says whether the SQLite database answers a query, for a daemon's
// readiness probe.
func (s *SQLite) Ping(ctx context.Context) error { return s.store.ping(ctx) }

// Ping says whether the PostgreSQL database answers a query, for a
// daemon's readiness probe: a replica whose database is gone is not ready.
func (s *Postgres) Ping(ctx context.Context) error { return s.store.ping(ctx) }

// Ping answers at once: the memory store is always there.
func (m *Memory) Ping(context.Context) error { return nil }

// ping runs the cheapest query that needs the database itself (a pool's
// Ping may be answered by an idle connection without a round trip).
func (s *sqlStore) ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping event store: %w", err)
	}
	return nil
}
