package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/supportops/supportops/engine/eventstore"
)

// eventsFile is the SQLite event store under the data directory, the
// default when no --events-dsn is given.
const eventsFile = "events.db"

// eventStore is what the daemon keeps in its event store: the events and
// the texts they refer to (replies' bodies).
type eventStore interface {
	eventstore.Store
	PutContent(ctx context.Context, ticketID string, data []byte) (string, error)
	Content(ctx context.Context, ticketID, ref string) ([]byte, error)
}

// checkEventsDSN refuses an --events-dsn that is not a PostgreSQL URL.
func checkEventsDSN(dsn string) error {
	if dsn != "" && !eventstore.IsPostgresDSN(dsn) {
		return fmt.Errorf("--events-dsn: want postgres://user:password@host:port/database, got a DSN of another form")
	}
	return nil
}

// openEvents opens the event store: PostgreSQL at opts.EventsDSN, which
// several replicas share, else SQLite in the data directory.
func openEvents(ctx context.Context, opts Options, log *slog.Logger) (eventStore, error) {
	if err := checkEventsDSN(opts.EventsDSN); err != nil {
		return nil, err
	}
	if opts.EventsDSN != "" {
		s, err := eventstore.OpenPostgres(ctx, opts.EventsDSN)
		if err != nil {
			return nil, err
		}
		log.Info("event store opened", "database", "postgres")
		return s, nil
	}
	path := filepath.Join(opts.DataDir, eventsFile)
	s, err := eventstore.OpenSQLite(ctx, path)
	if err != nil {
		return nil, err
	}
	log.Info("event store opened", "database", "sqlite", "path", path)
	return s, nil
}
