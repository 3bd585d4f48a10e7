package eventstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/supportops/supportops/engine/pgtx"
)

// migrationLockKey is the key of the advisory lock the PostgreSQL store's
// migrations run under ("supportops/events" folded to 64 bits; any
// constant that no other program on the database uses will do).
const migrationLockKey int64 = 0x73_75_70_70_65_76_74_73

// pgMaxOpenConns bounds the connections one store holds.
const pgMaxOpenConns = 16

// postgresDialect returns the schema of the PostgreSQL store: the SQLite
// store's, version for version, in PostgreSQL's types. An event's time is
// BIGINT Unix nanoseconds; data stays TEXT (checked to be a JSON object)
// so that it comes back byte for byte as it was stored, which JSONB,
// reordering keys, would not do.
func postgresDialect() dialect {
	return dialect{
		migrations: [][]string{
			// Version 1.
			{
				`CREATE TABLE events (
					id        TEXT    NOT NULL PRIMARY KEY,
					ticket_id TEXT    NOT NULL,
					type      TEXT    NOT NULL,
					at_ns     BIGINT  NOT NULL, -- Unix nanoseconds
					actor     TEXT    NOT NULL DEFAULT '',
					drill     BOOLEAN NOT NULL DEFAULT false,
					data      TEXT    CHECK (data IS NULL OR json_typeof(data::json) = 'object')
				)`,
				`CREATE INDEX events_ticket_at ON events (ticket_id, at_ns)`,
				`CREATE INDEX events_type_at ON events (type, at_ns)`,
				`CREATE INDEX events_at ON events (at_ns)`,
			},
			// Version 2: an event's position in its ticket's log, and the
			// fence of each log (see Log).
			{
				`ALTER TABLE events ADD COLUMN seq BIGINT CHECK (seq IS NULL OR seq > 0)`,
				`CREATE INDEX events_ticket_seq ON events (ticket_id, seq)`,
				`CREATE TABLE logs (
					ticket_id TEXT   NOT NULL PRIMARY KEY,
					fence     BIGINT NOT NULL
				)`,
			},
			// Version 3: the texts events refer to (see PutContent).
			{
				`CREATE TABLE contents (
					ticket_id     TEXT    NOT NULL,
					ref           TEXT    NOT NULL,
					size          INTEGER NOT NULL CHECK (size >= 0),
					data          BYTEA   NOT NULL,
					created_at_ns BIGINT  NOT NULL, -- Unix nanoseconds
					PRIMARY KEY (ticket_id, ref)
				)`,
			},
		},
		param:       func(n int) string { return "$" + strconv.Itoa(n) },
		migrateLock: fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", migrationLockKey),
		// An upsert that changes nothing still locks the row: the first
		// batch of a stream creates it (fence 0, which every fence passes,
		// as a missing row does), every batch of the stream holds it until
		// its transaction ends.
		lockLog: "INSERT INTO logs (ticket_id, fence) VALUES ($1, 0) ON CONFLICT (ticket_id) DO UPDATE SET fence = logs.fence",
	}
}

// Postgres is the event store in a PostgreSQL database, which several
// processes (replicas of supportopsd) share. It keeps the SQLite store's
// semantics without a lock of its own:
//
//   - Opening migrates the schema in one transaction that first takes a
//     transaction-scoped advisory lock (pg_advisory_xact_lock), so that
//     replicas starting together migrate one after the other and the
//     later ones find the schema current.
//   - A batch is one READ COMMITTED transaction, its events inserted by
//     one statement (unnest of one array per column). Appenders of the same ids
//     meet on the primary key: INSERT ... ON CONFLICT DO NOTHING waits for
//     the other inserter's transaction and then skips, so an id is stored
//     exactly once and the skipped copy is compared with the stored one.
//     A batch inserts in id order, so two overlapping batches lock their
//     ids in the same order and never deadlock each other.
//   - Sync locks the stream's row of logs first (a row lock, held to the
//     end of the transaction), so the fence is read and raised, the
//     entries replaced and trimmed, by one batch of a stream at a time;
//     other streams proceed in parallel. Row locks rather than
//     SERIALIZABLE: the conflicts are known (one stream's log) and
//     waiting for a lock costs less than an aborted, rerun transaction.
//   - A transaction PostgreSQL aborts anyway (a deadlock with some other
//     writer, a serialization failure) is rerun (pgtx.Retry, up to five
//     times); it changed nothing, so a rerun is safe.
type Postgres struct {
	store *sqlStore
}

var _ Store = (*Postgres)(nil)

// OpenPostgres opens the event store in the PostgreSQL database at dsn
// (postgres://user:password@host:port/db?sslmode=...), creating or
// migrating its schema.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	name := pgtx.RedactDSN(dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open event store %s: %w", name, err)
	}
	db.SetMaxOpenConns(pgMaxOpenConns)
	db.SetMaxIdleConns(pgMaxOpenConns)
	s := &Postgres{store: newSQLStore(db, postgresDialect())}
	if err = pgtx.Retry(ctx, func() error { return s.store.migrate(ctx) }); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open event store %s: %w", name, err)
	}
	return s, nil
}

// byID returns events ordered by ID, duplicates in their order.
func byID(events []Event) []Event {
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b Event) int { return cmp.Compare(a.ID, b.ID) })
	return sorted
}

// Append records events as SQLite.Append does.
func (s *Postgres) Append(ctx context.Context, events ...Event) (int, error) {
	norm, err := normalize(events)
	if err != nil {
		return 0, fmt.Errorf("append events: %w", err)
	}
	if len(norm) == 0 {
		return 0, nil
	}
	norm = byID(norm)
	var n int
	err = pgtx.Retry(ctx, func() error {
		if len(norm) == 1 { // one row: the plain INSERT is cheaper than arrays
			var aerr error
			n, aerr = s.store.append(ctx, norm)
			return aerr
		}
		return s.store.inTx(ctx, func(tx *sql.Tx) (perr error) {
			n, perr = s.insertBatch(ctx, tx, norm)
			return perr
		})
	})
	if err != nil {
		return 0, fmt.Errorf("append events: %w", err)
	}
	return n, nil
}

// insertBatchSQL inserts a whole batch in one statement, from one array
// per column, and returns the ids it inserted.
const insertBatchSQL = `INSERT INTO events (id, ticket_id, type, at_ns, actor, drill, data, seq)
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::boolean[], $7::text[], $8::bigint[])
	ON CONFLICT (id) DO NOTHING RETURNING id`

// insertBatch is sqlStore.put without replacing, in one round trip for
// the new events: the batch (ordered by id) is inserted in one statement;
// an event it did not insert (stored before, or earlier in the batch) is
// compared with the stored one, and one with other content is an
// ErrConflict. It returns how many events were new.
func (s *Postgres) insertBatch(ctx context.Context, tx *sql.Tx, events []Event) (int, error) {
	cols := struct {
		ids, streams, types, actors []string
		at                          []int64
		drill                       []bool
		data                        []*string
		seq                         []*int64
	}{}
	for _, e := range events {
		cols.ids, cols.streams, cols.types, cols.actors = append(cols.ids, e.ID), append(cols.streams, e.Stream), append(cols.types, e.Type), append(cols.actors, e.Actor)
		cols.at, cols.drill = append(cols.at, e.At.UnixNano()), append(cols.drill, e.Drill)
		var data *string // NULL when absent
		if e.Data != nil {
			d := string(e.Data)
			data = &d
		}
		var seq *int64 // NULL when the event has no position
		if e.Seq > 0 {
			q := int64(e.Seq)
			seq = &q
		}
		cols.data, cols.seq = append(cols.data, data), append(cols.seq, seq)
	}
	rows, err := tx.QueryContext(ctx, insertBatchSQL, cols.ids, cols.streams, cols.types, cols.at, cols.actors, cols.drill, cols.data, cols.seq)
	if err != nil {
		return 0, fmt.Errorf("insert %d events: %w", len(events), err)
	}
	n, inserted := 0, map[string]bool{}
	for rows.Next() {
		var id string
		if err = rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("insert %d events: %w", len(events), err)
		}
		inserted[id] = true
		n++
	}
	if err = rows.Err(); err != nil {
		return 0, fmt.Errorf("insert %d events: %w", len(events), err)
	}
	for _, e := range events {
		if inserted[e.ID] {
			delete(inserted, e.ID) // a copy later in the batch is compared
			continue
		}
		stored, serr := s.store.stored(ctx, tx, e.ID)
		if serr != nil {
			return 0, serr
		}
		if diff := differences(stored, e); len(diff) > 0 {
			return 0, fmt.Errorf("event %q: %w (it differs in %s)", e.ID, ErrConflict, strings.Join(diff, ", "))
		}
	}
	return n, nil
}

// Sync records a log's events as SQLite.Sync does.
func (s *Postgres) Sync(ctx context.Context, log Log) (int, error) {
	log, err := prepareLog(log)
	if err != nil {
		return 0, err
	}
	log.Events = byID(log.Events)
	var n int
	err = pgtx.Retry(ctx, func() (serr error) {
		n, serr = s.store.sync(ctx, log)
		return serr
	})
	if err != nil {
		return 0, fmt.Errorf("record the log of %q: %w", log.Stream, err)
	}
	return n, nil
}

// List returns the events that match f, ordered by At, then ID, with At
// in UTC.
func (s *Postgres) List(ctx context.Context, f Filter) ([]Event, error) {
	events, err := s.store.list(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return events, nil
}

// PutContent keeps data as a text of ticketID and returns its reference,
// idempotently: the same text stored again for the ticket is one row.
func (s *Postgres) PutContent(ctx context.Context, ticketID string, data []byte) (string, error) {
	if ticketID == "" {
		return "", errors.New("store content: empty ticket id")
	}
	ref := ContentRef(data)
	if err := s.store.putContent(ctx, ticketID, ref, data); err != nil {
		return "", err
	}
	return ref, nil
}

// Content returns the text of ticketID under ref; a text the ticket does
// not have is ErrContentNotFound.
func (s *Postgres) Content(ctx context.Context, ticketID, ref string) ([]byte, error) {
	return s.store.content(ctx, ticketID, ref)
}

// Close closes the store's connections.
func (s *Postgres) Close() error {
	if err := s.store.db.Close(); err != nil {
		return fmt.Errorf("close event store: %w", err)
	}
	return nil
}

// IsPostgresDSN reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql://).
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
