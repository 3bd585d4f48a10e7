package pgstate

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/supportops/supportops/engine/pgtx"
)

// migrationLockKey is the key of the advisory lock the migrations run
// under ("supstate" folded to 64 bits): not the event store's, whose
// migrations share the database.
const migrationLockKey int64 = 0x73_75_70_73_74_61_74_65

// maxOpenConns bounds the connections one DB holds: Route and Assign
// wait for one lock anyway, and replicas share the server's connections
// with the event store and Temporal.
const maxOpenConns = 4

// migrations are the schema, version by version: migrations[i] takes the
// schema from version i to i+1. A released version is never changed.
var migrations = [][]string{
	// Version 1: the agent load board (see Board).
	{
		`CREATE TABLE agent_holds (
			ticket  TEXT   NOT NULL PRIMARY KEY CHECK (ticket <> ''),
			agent   TEXT   NOT NULL CHECK (agent <> ''),
			channel TEXT   NOT NULL,
			held_ns BIGINT NOT NULL -- Unix nanoseconds
		)`,
		`CREATE INDEX agent_holds_agent ON agent_holds (agent, channel)`,
		`CREATE TABLE agent_last_assigned (
			agent TEXT   NOT NULL PRIMARY KEY,
			at_ns BIGINT NOT NULL -- Unix nanoseconds
		)`,
	},
	// Version 2: configuration versions, their files by content (see
	// Versions).
	{
		`CREATE TABLE config_blobs (
			sha256 TEXT  NOT NULL PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
			data   BYTEA NOT NULL
		)`,
		`CREATE TABLE config_versions (
			version  TEXT        NOT NULL PRIMARY KEY CHECK (version <> ''),
			files    JSONB       NOT NULL CHECK (jsonb_typeof(files) = 'object'), -- relative path → sha256
			saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
		)`,
	},
	// Version 3: API tokens, by the hash of each (see Tokens).
	{
		`CREATE TABLE api_tokens (
			id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			hash         TEXT        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'), -- SHA-256 of the whole token
			principal_id TEXT        NOT NULL CHECK (principal_id <> ''),
			principal    JSONB       NOT NULL CHECK (jsonb_typeof(principal) = 'object'),
			created_at   TIMESTAMPTZ NOT NULL
		)`,
		`CREATE INDEX api_tokens_principal ON api_tokens (principal_id)`,
	},
	// Version 4: each agent's load on each channel, the count of their
	// holds, kept by a trigger on agent_holds (see Board). The lock keeps
	// every writer of agent_holds (a replica of an older version, still
	// routing during a rolling restart, included) waiting from before the
	// trigger exists to the commit, so the backfill counts every hold and
	// the trigger every later change.
	{
		`LOCK TABLE agent_holds IN SHARE ROW EXCLUSIVE MODE`,
		`CREATE TABLE agent_loads (
			agent   TEXT    NOT NULL,
			channel TEXT    NOT NULL,
			n       INTEGER NOT NULL CHECK (n >= 0), -- rows of agent_holds with this agent and channel
			PRIMARY KEY (agent, channel)
		)`,
		`CREATE FUNCTION agent_holds_count() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP = 'UPDATE' AND OLD.agent = NEW.agent AND OLD.channel = NEW.channel THEN
				RETURN NULL;
			END IF;
			IF TG_OP IN ('UPDATE', 'DELETE') THEN
				UPDATE agent_loads SET n = n - 1 WHERE agent = OLD.agent AND channel = OLD.channel;
			END IF;
			IF TG_OP IN ('INSERT', 'UPDATE') THEN
				INSERT INTO agent_loads AS l (agent, channel, n) VALUES (NEW.agent, NEW.channel, 1)
					ON CONFLICT (agent, channel) DO UPDATE SET n = l.n + 1;
			END IF;
			RETURN NULL;
		END
		$$`,
		`CREATE TRIGGER agent_holds_count AFTER INSERT OR DELETE OR UPDATE OF agent, channel ON agent_holds
			FOR EACH ROW EXECUTE FUNCTION agent_holds_count()`,
		`INSERT INTO agent_loads (agent, channel, n) SELECT agent, channel, count(*) FROM agent_holds GROUP BY agent, channel`,
	},
}

// DB is the shared state in one PostgreSQL database. It is safe for
// concurrent use, also by several processes on the same database.
type DB struct {
	db   *sql.DB
	name string // the DSN without its password
}

// Open opens the shared state in the PostgreSQL database at dsn
// (postgres://user:password@host:port/db?sslmode=...), creating or
// migrating its schema.
func Open(ctx context.Context, dsn string) (*DB, error) {
	name := pgtx.RedactDSN(dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open shared state %s: %w", name, err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	d := &DB{db: db, name: name}
	if err = pgtx.Retry(ctx, func() error { return d.migrate(ctx, len(migrations)) }); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open shared state %s: %w", name, err)
	}
	return d, nil
}

// Close closes the database's connections.
func (d *DB) Close() error {
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("close shared state %s: %w", d.name, err)
	}
	return nil
}

// migrate brings the schema to version target (Open: the newest; a test:
// an older one) in one transaction, under the migration lock.
func (d *DB) migrate(ctx context.Context, target int) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLockKey); err != nil {
			return fmt.Errorf("lock the schema: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS pgstate_schema_version (version INTEGER NOT NULL PRIMARY KEY)"); err != nil {
			return fmt.Errorf("create pgstate_schema_version: %w", err)
		}
		var current int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM pgstate_schema_version").Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if current > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this program knows (%d)", current, len(migrations))
		}
		for v := current; v < target; v++ {
			for _, stmt := range migrations[v] {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
				}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO pgstate_schema_version (version) VALUES ($1)", v+1); err != nil {
				return fmt.Errorf("record schema version %d: %w", v+1, err)
			}
		}
		return nil
	})
}

// inTx runs fn in a transaction, committed when fn returns nil and rolled
// back otherwise.
func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := d.db.BeginTx(ctx, nil)
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
