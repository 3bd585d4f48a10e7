package eventstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// dialect is what differs between the SQL databases a sqlStore runs on:
// the schema and the way statements take parameters. Everything else is
// plain SQL shared by all of them (INSERT ... ON CONFLICT DO NOTHING, a
// schema_version table).
type dialect struct {
	// migrations[v] lists the statements that take the schema from
	// version v to v+1, run in one transaction with the version bump.
	migrations [][]string
	// param returns the placeholder of the n-th parameter (from 1).
	param func(n int) string
	// migrateLock, when set, is the first statement of the migration
	// transaction: a lock that makes concurrent openers (several
	// processes on one database) migrate one after the other.
	migrateLock string
	// lockLog, when set, is run first in a Sync's transaction with the
	// stream as its parameter: it locks the stream's log, so that
	// concurrent batches of one stream apply one after the other. A
	// database that serialises its writers itself (SQLite) needs none.
	lockLog string
}

// version is the schema version the dialect's migrations lead to.
func (d dialect) version() int { return len(d.migrations) }

// sqlStore keeps events in a database/sql database through a dialect.
// Serializing writers, where the database needs it, is up to the caller.
type sqlStore struct {
	db *sql.DB
	d  dialect

	insertSQL, selectSQL, replaceSQL, trimSQL, fenceSQL, setFenceSQL string
}

func newSQLStore(db *sql.DB, d dialect) *sqlStore {
	return &sqlStore{
		db: db,
		d:  d,
		insertSQL: fmt.Sprintf("INSERT INTO events (id, ticket_id, type, at_ns, actor, drill, data, seq) VALUES (%s) ON CONFLICT (id) DO NOTHING",
			d.params(1, 8)),
		selectSQL: "SELECT ticket_id, type, at_ns, actor, drill, data, seq FROM events WHERE id = " + d.param(1),
		replaceSQL: fmt.Sprintf("UPDATE events SET ticket_id = %s, type = %s, at_ns = %s, actor = %s, drill = %s, data = %s, seq = %s WHERE id = %s",
			d.param(1), d.param(2), d.param(3), d.param(4), d.param(5), d.param(6), d.param(7), d.param(8)),
		trimSQL:     fmt.Sprintf("DELETE FROM events WHERE ticket_id = %s AND seq > %s", d.param(1), d.param(2)),
		fenceSQL:    "SELECT fence FROM logs WHERE ticket_id = " + d.param(1),
		setFenceSQL: fmt.Sprintf("INSERT INTO logs (ticket_id, fence) VALUES (%s) ON CONFLICT (ticket_id) DO UPDATE SET fence = excluded.fence", d.params(1, 2)),
	}
}

// params returns the placeholders of the parameters from to to
// (inclusive), comma separated.
func (d dialect) params(from, to int) string {
	p := make([]string, 0, to-from+1)
	for n := from; n <= to; n++ {
		p = append(p, d.param(n))
	}
	return strings.Join(p, ", ")
}

// migrate brings the schema to the dialect's version, in one transaction.
func (s *sqlStore) migrate(ctx context.Context) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s.d.migrateLock != "" {
		if _, err = tx.ExecContext(ctx, s.d.migrateLock); err != nil {
			return fmt.Errorf("lock the schema: %w", err)
		}
	}
	if _, err = tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)"); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var current int
	if err = tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > s.d.version() {
		return fmt.Errorf("schema version %d is newer than this program knows (%d)", current, s.d.version())
	}
	for v := current; v < s.d.version(); v++ {
		for _, stmt := range s.d.migrations[v] {
			if _, err = tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
			}
		}
		if _, err = tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES ("+s.d.param(1)+")", v+1); err != nil {
			return fmt.Errorf("record schema version %d: %w", v+1, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// append stores the normalized events in one transaction.
func (s *sqlStore) append(ctx context.Context, events []Event) (n int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		n, err = s.put(ctx, tx, events, false)
		return err
	})
	return n, err
}

// sync records a normalized log batch in one transaction: the fence is
// checked and raised, the events inserted or replaced, and the entries
// beyond the log's end removed.
func (s *sqlStore) sync(ctx context.Context, log Log) (n int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if s.d.lockLog != "" {
			if _, lerr := tx.ExecContext(ctx, s.d.lockLog, log.Stream); lerr != nil {
				return fmt.Errorf("lock the log of %q: %w", log.Stream, lerr)
			}
		}
		if log.Fence != 0 {
			var fence int64
			switch ferr := tx.QueryRowContext(ctx, s.fenceSQL, log.Stream).Scan(&fence); {
			case errors.Is(ferr, sql.ErrNoRows):
			case ferr != nil:
				return fmt.Errorf("read the fence of %q: %w", log.Stream, ferr)
			case log.Fence < fence:
				return fmt.Errorf("log of %q: %w (fence %d, %d applied)", log.Stream, ErrStale, log.Fence, fence)
			}
			if _, ferr := tx.ExecContext(ctx, s.setFenceSQL, log.Stream, log.Fence); ferr != nil {
				return fmt.Errorf("set the fence of %q: %w", log.Stream, ferr)
			}
		}
		var perr error
		if n, perr = s.put(ctx, tx, log.Events, true); perr != nil {
			return perr
		}
		if log.Through > 0 {
			res, terr := tx.ExecContext(ctx, s.trimSQL, log.Stream, log.Through)
			if terr != nil {
				return fmt.Errorf("remove the entries of %q after %d: %w", log.Stream, log.Through, terr)
			}
			if removed, _ := res.RowsAffected(); removed > 0 {
				n += int(removed)
			}
		}
		return nil
	})
	return n, err
}

// inTx runs fn in a transaction, committed if fn returns nil.
func (s *sqlStore) inTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// put inserts events; one already stored with other content is an
// ErrConflict, or is replaced when replace holds. It returns how many were
// new or replaced.
func (s *sqlStore) put(ctx context.Context, tx *sql.Tx, events []Event, replace bool) (int, error) {
	n := 0
	for _, e := range events {
		var data any // NULL when absent
		if e.Data != nil {
			data = string(e.Data)
		}
		var seq any // NULL when the event has no position
		if e.Seq > 0 {
			seq = e.Seq
		}
		res, err := tx.ExecContext(ctx, s.insertSQL, e.ID, e.Stream, e.Type, e.At.UnixNano(), e.Actor, e.Drill, data, seq)
		if err != nil {
			return 0, fmt.Errorf("insert event %q: %w", e.ID, err)
		}
		added, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("insert event %q: %w", e.ID, err)
		}
		if added == 1 {
			n++
			continue
		}
		stored, err := s.stored(ctx, tx, e.ID)
		if err != nil {
			return 0, err
		}
		diff := differences(stored, e)
		if len(diff) == 0 && (stored.Seq == e.Seq || !replace) {
			continue
		}
		if !replace {
			return 0, fmt.Errorf("event %q: %w (it differs in %s)", e.ID, ErrConflict, strings.Join(diff, ", "))
		}
		if _, err = tx.ExecContext(ctx, s.replaceSQL, e.Stream, e.Type, e.At.UnixNano(), e.Actor, e.Drill, data, seq, e.ID); err != nil {
			return 0, fmt.Errorf("replace event %q: %w", e.ID, err)
		}
		if len(diff) > 0 {
			n++
		}
	}
	return n, nil
}

// stored reads the event stored under id.
func (s *sqlStore) stored(ctx context.Context, tx *sql.Tx, id string) (Event, error) {
	stored := Event{ID: id}
	var atNS int64
	var data []byte
	var seq sql.NullInt64
	err := tx.QueryRowContext(ctx, s.selectSQL, id).Scan(&stored.Stream, &stored.Type, &atNS, &stored.Actor, &stored.Drill, &data, &seq)
	if err != nil {
		return Event{}, fmt.Errorf("read stored event %q: %w", id, err)
	}
	stored.At, stored.Data, stored.Seq = time.Unix(0, atNS).UTC(), data, int(seq.Int64)
	return stored, nil
}

// list returns the events matching f, ordered by At, then ID.
func (s *sqlStore) list(ctx context.Context, f Filter) ([]Event, error) {
	if f.Limit < 0 {
		return nil, fmt.Errorf("negative limit %d", f.Limit)
	}
	var where []string
	var args []any
	cond := func(format string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(format, s.d.param(len(args))))
	}
	if !f.IncludeDrill {
		cond("drill = %s", false)
	}
	if f.Stream != "" {
		cond("ticket_id = %s", f.Stream)
	}
	if len(f.Types) > 0 {
		from := len(args) + 1
		for _, t := range f.Types {
			args = append(args, t)
		}
		where = append(where, "type IN ("+s.d.params(from, len(args))+")")
	}
	if !f.Since.IsZero() {
		cond("at_ns >= %s", unixNano(f.Since))
	}
	if !f.Until.IsZero() {
		cond("at_ns < %s", unixNano(f.Until))
	}
	var q strings.Builder
	q.WriteString("SELECT id, ticket_id, type, at_ns, actor, drill, data, seq FROM events")
	if len(where) > 0 {
		q.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	q.WriteString(" ORDER BY at_ns, id")
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q.WriteString(" LIMIT " + s.d.param(len(args)))
	}

	rows, err := s.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		var e Event
		var atNS int64
		var data []byte
		var seq sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Stream, &e.Type, &atNS, &e.Actor, &e.Drill, &data, &seq); err != nil {
			return nil, fmt.Errorf("read event: %w", err)
		}
		e.At, e.Data, e.Seq = time.Unix(0, atNS).UTC(), data, int(seq.Int64)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return events, nil
}

// putContent stores data as the text ref of ticketID, once: the same
// text stored again is the same row.
func (s *sqlStore) putContent(ctx context.Context, ticketID, ref string, data []byte) error {
	if data == nil {
		data = []byte{} // NOT NULL: an empty text is a text
	}
	_, err := s.db.ExecContext(ctx,
		fmt.Sprintf("INSERT INTO contents (ticket_id, ref, size, data, created_at_ns) VALUES (%s) ON CONFLICT (ticket_id, ref) DO NOTHING", s.d.params(1, 5)),
		ticketID, ref, len(data), data, time.Now().UnixNano())
	if err != nil {
		return fmt.Errorf("store content %s of %q: %w", ref, ticketID, err)
	}
	return nil
}

// content returns the text ref of ticketID; one the ticket does not have
// is ErrContentNotFound.
func (s *sqlStore) content(ctx context.Context, ticketID, ref string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT data FROM contents WHERE ticket_id = %s AND ref = %s", s.d.param(1), s.d.param(2)), ticketID, ref).Scan(&data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("read content %s of %q: %w", ref, ticketID, ErrContentNotFound)
	case err != nil:
		return nil, fmt.Errorf("read content %s of %q: %w", ref, ticketID, err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}
