package daemon

import (
	"context"
	"log/slog"

	"github.com/supportops/supportops/engine/pgstate"
)

// openState opens the state replicas share (the agent board, the
// configuration versions, the API tokens) in the PostgreSQL database of
// opts.EventsDSN; without one it returns nil, and each of them stays in
// this process or its data directory.
func openState(ctx context.Context, opts Options, log *slog.Logger) (*pgstate.DB, error) {
	if opts.EventsDSN == "" {
		return nil, nil
	}
	if err := checkEventsDSN(opts.EventsDSN); err != nil {
		return nil, err
	}
	db, err := pgstate.Open(ctx, opts.EventsDSN)
	if err != nil {
		return nil, err
	}
	log.Info("shared state opened", "database", "postgres")
	return db, nil
}
