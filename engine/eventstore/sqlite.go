package eventstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// busyTimeoutMS is how long a connection waits for another connection's
// lock (another process's, in practice) before it fails with SQLITE_BUSY.
const busyTimeoutMS = 10_000

// sqliteDialect returns the schema of the SQLite store. An event's time is
// kept in Unix nanoseconds, so that ordering and range queries are exact.
// The ticket_id columns of events and logs hold the stream (Event.Stream),
// a ticket's or a drill's id; they keep the name they had before drills.
func sqliteDialect() dialect {
	return dialect{
		migrations: [][]string{
			// Version 1.
			{
				`CREATE TABLE events (
					id        TEXT    NOT NULL PRIMARY KEY,
					ticket_id TEXT    NOT NULL,
					type      TEXT    NOT NULL,
					at_ns     INTEGER NOT NULL, -- Unix nanoseconds
					actor     TEXT    NOT NULL DEFAULT '',
					drill     INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1)),
					data      TEXT    CHECK (data IS NULL OR json_type(data) = 'object')
				) STRICT`,
				`CREATE INDEX events_ticket_at ON events (ticket_id, at_ns)`,
				`CREATE INDEX events_type_at ON events (type, at_ns)`,
				`CREATE INDEX events_at ON events (at_ns)`,
			},
			// Version 2: an event's position in its ticket's log, and the
			// fence of each log (see Log).
			{
				`ALTER TABLE events ADD COLUMN seq INTEGER CHECK (seq IS NULL OR seq > 0)`,
				`CREATE INDEX events_ticket_seq ON events (ticket_id, seq)`,
				`CREATE TABLE logs (
					ticket_id TEXT    NOT NULL PRIMARY KEY,
					fence     INTEGER NOT NULL
				) STRICT`,
			},
			// Version 3: the texts events refer to (see PutContent), kept
			// out of the events and out of the workflows' histories.
			{
				`CREATE TABLE contents (
					ticket_id     TEXT    NOT NULL,
					ref           TEXT    NOT NULL,
					size          INTEGER NOT NULL CHECK (size >= 0),
					data          BLOB    NOT NULL,
					created_at_ns INTEGER NOT NULL, -- Unix nanoseconds
					PRIMARY KEY (ticket_id, ref)
				) STRICT`,
			},
		},
		param: func(int) string { return "?" },
	}
}

// SQLite is the event store in a SQLite database file. It is safe for
// concurrent use: appends are serialized within the process (SQLite has
// one writer at a time), lists run concurrently with them (WAL), and other
// processes sharing the file wait for its lock for up to ten seconds.
type SQLite struct {
	store *sqlStore
	// write holds a token while an Append runs; a channel rather than a
	// mutex so that waiting for it honours the context.
	write chan struct{}
}

var _ Store = (*SQLite)(nil)

// OpenSQLite opens (creating if needed) the SQLite event store at path.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	dsn, err := sqliteDSN(path)
	if err != nil {
		return nil, fmt.Errorf("open event store %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open event store %s: %w", path, err)
	}
	s := &SQLite{store: newSQLStore(db, sqliteDialect()), write: make(chan struct{}, 1)}
	if err = s.store.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open event store %s: %w", path, err)
	}
	return s, nil
}

// sqliteDSN returns the data source name of the database file at path,
// with the settings every connection needs: WAL journal, a busy timeout,
// foreign keys on, and transactions that take the write lock when they
// begin (so that two writers never deadlock upgrading a read lock).
func sqliteDSN(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolve path: %w", err)
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // a Windows drive letter: file:/C:/...
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q["_pragma"] = []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
		"journal_mode(WAL)",
		"foreign_keys(1)",
	}
	return "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode(), nil
}

// Append records events, idempotently: an event whose ID is already stored
// is skipped; if its content differs, Append returns an error wrapping
// ErrConflict and stores nothing of the batch. A malformed event (see
// ErrInvalidEvent) also rejects the whole batch. Times are stored to the
// nanosecond and Data compacted. It returns how many events were new.
func (s *SQLite) Append(ctx context.Context, events ...Event) (int, error) {
	norm, err := normalize(events)
	if err != nil {
		return 0, fmt.Errorf("append events: %w", err)
	}
	if len(norm) == 0 {
		return 0, nil
	}
	select {
	case s.write <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("append events: %w", ctx.Err())
	}
	defer func() { <-s.write }()
	n, err := s.store.append(ctx, norm)
	if err != nil {
		return 0, fmt.Errorf("append events: %w", err)
	}
	return n, nil
}

// Sync records a log's events as their owner has them now: an event
// stored under the same ID with other content is replaced, the stream's
// events after log.Through are removed, and a batch with a lower fence
// than one applied is refused (ErrStale). A malformed event rejects the
// batch (ErrInvalidEvent). It returns how many events were new, replaced
// or removed.
func (s *SQLite) Sync(ctx context.Context, log Log) (int, error) {
	log, err := prepareLog(log)
	if err != nil {
		return 0, err
	}
	select {
	case s.write <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("record the log of %q: %w", log.Stream, ctx.Err())
	}
	defer func() { <-s.write }()
	n, err := s.store.sync(ctx, log)
	if err != nil {
		return 0, fmt.Errorf("record the log of %q: %w", log.Stream, err)
	}
	return n, nil
}

// List returns the events that match f, ordered by At, then ID, with At
// in UTC.
func (s *SQLite) List(ctx context.Context, f Filter) ([]Event, error) {
	events, err := s.store.list(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return events, nil
}

// Close closes the database.
func (s *SQLite) Close() error {
	if err := s.store.db.Close(); err != nil {
		return fmt.Errorf("close event store: %w", err)
	}
	return nil
}
