package pgtx

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Attempts bounds how often Retry runs a transaction that PostgreSQL
// aborted for a deadlock or a serialization failure.
const Attempts = 5

// Backoff is Retry's pause before the first rerun, doubled each time.
const Backoff = 5 * time.Millisecond

// SQLSTATEs of the errors Retry reruns on.
const (
	DeadlockDetected     = "40P01"
	SerializationFailure = "40001"
)

// Retry runs fn, and runs it again while it fails with an error wrapping
// a PostgreSQL deadlock (40P01) or serialization failure (40001), up to
// Attempts runs in all, pausing Backoff before the first rerun and twice
// as long before each next. PostgreSQL aborted such a transaction, so it
// changed nothing and a rerun is safe; fn must be the whole transaction,
// begun and ended inside it. Any other error, and the last attempt's, is
// returned as it is; a ctx done while pausing ends Retry with fn's error
// joined with ctx's.
func Retry(ctx context.Context, fn func() error) error {
	backoff := Backoff
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt == Attempts || !rerun(err) {
			return err
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		}
		backoff *= 2
	}
}

// rerun reports whether err wraps a PostgreSQL error that Retry reruns
// the transaction on.
func rerun(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == DeadlockDetected || pgErr.Code == SerializationFailure)
}

// RedactDSN returns dsn with its password replaced by "xxxxx", for
// messages and logs. A DSN that is not a URL (host=... password=...) may
// hold a password anywhere, so it is "(postgres)" whole.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(postgres)"
	}
	return u.Redacted()
}
