package eventstore

import (
	"context"
	"database/sql"
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
}

// version is the schema version the dialect's migrations lead to.
func (d dialect) version() int { return len(d.migrations) }

// sqlStore keeps events in a database/sql database through a dialect.
// Serializing writers, where the database needs it, is up to the caller.
type sqlStore struct {
	db *sql.DB
	d  dialect

	insertSQL, selectSQL string
}

func newSQLStore(db *sql.DB, d dialect) *sqlStore {
	return &sqlStore{
		db: db,
		d:  d,
		insertSQL: fmt.Sprintf("INSERT INTO events (id, ticket_id, type, at_ns, actor, drill, data) VALUES (%s) ON CONFLICT (id) DO NOTHING",
			d.params(1, 7)),
		selectSQL: "SELECT ticket_id, type, at_ns, actor, drill, data FROM events WHERE id = " + d.param(1),
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for _, e := range events {
		var data any // NULL when absent
		if e.Data != nil {
			data = string(e.Data)
		}
		var res sql.Result
		res, err = tx.ExecContext(ctx, s.insertSQL, e.ID, e.TicketID, e.Type, e.At.UnixNano(), e.Actor, e.Drill, data)
		if err != nil {
			return 0, fmt.Errorf("insert event %q: %w", e.ID, err)
		}
		var added int64
		if added, err = res.RowsAffected(); err != nil {
			return 0, fmt.Errorf("insert event %q: %w", e.ID, err)
		}
		if added == 1 {
			n++
			continue
		}
		stored := Event{ID: e.ID}
		var atNS int64
		var storedData []byte
		err = tx.QueryRowContext(ctx, s.selectSQL, e.ID).Scan(&stored.TicketID, &stored.Type, &atNS, &stored.Actor, &stored.Drill, &storedData)
		if err != nil {
			return 0, fmt.Errorf("read stored event %q: %w", e.ID, err)
		}
		stored.At, stored.Data = time.Unix(0, atNS).UTC(), storedData
		if diff := differences(stored, e); len(diff) > 0 {
			err = fmt.Errorf("event %q: %w (it differs in %s)", e.ID, ErrConflict, strings.Join(diff, ", "))
			return 0, err
		}
	}
	if err = tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return n, nil
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
	if f.TicketID != "" {
		cond("ticket_id = %s", f.TicketID)
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
	q.WriteString("SELECT id, ticket_id, type, at_ns, actor, drill, data FROM events")
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
		if err := rows.Scan(&e.ID, &e.TicketID, &e.Type, &atNS, &e.Actor, &e.Drill, &data); err != nil {
			return nil, fmt.Errorf("read event: %w", err)
		}
		e.At, e.Data = time.Unix(0, atNS).UTC(), data
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return events, nil
}
