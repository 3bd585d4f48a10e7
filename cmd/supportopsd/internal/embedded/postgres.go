package embedded

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/persistence"
	"go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql"
	dbschemas "go.temporal.io/server/schema"
	pgschema "go.temporal.io/server/schema/postgresql/v12"
)

// PostgresOptions persist the server on PostgreSQL instead of SQLite:
// one database for the default store (executions, histories, task
// queues, namespaces) and another for visibility (the list of workflows
// and their search attributes), as a Temporal cluster keeps them.
//
// Start creates each database's schema, from the server's own embedded
// PostgreSQL schemas, when the database has none, and leaves a database
// that has one alone: the server checks its version when it starts and
// refuses one older than it needs (update it with temporal-sql-tool
// update-schema). The databases must exist.
type PostgresOptions struct {
	// DSN is the default store's database as a URL,
	// postgres://user:password@host:port/database?sslmode=..., the query
	// parameters being pgx's. Required.
	DSN string
	// VisibilityDSN is the visibility store's database, in the same form.
	// Required, and another database than DSN's: both schemas keep their
	// version in a table of the same name.
	VisibilityDSN string
	// MaxConns bounds each connection pool the server opens on either
	// database (one per service and store: up to eight pools). 0 means
	// defaultPostgresMaxConns.
	MaxConns int
	// HistoryShards is the number of history shards, fixed when the
	// default store's database is first used: a later start with another
	// number fails. 0 means defaultPostgresHistoryShards.
	HistoryShards int
}

const (
	// postgresStore and postgresVisibilityStore name the two data stores.
	postgresStore           = "postgres-default"
	postgresVisibilityStore = "postgres-visibility"
	// defaultPostgresMaxConns keeps the server's eight pools within the
	// 100 connections a stock PostgreSQL allows, with room for others.
	defaultPostgresMaxConns = 8
	// defaultPostgresHistoryShards lets the history service work on
	// several shards at once, as Temporal's PostgreSQL development
	// configuration does; SQLite has one writer and one shard.
	defaultPostgresHistoryShards = 4
	// schemaLockKey is the advisory lock under which Start sets up a
	// database's schema and namespace, so that servers starting together
	// on one database do it one after the other.
	schemaLockKey = 0x54656d706f72616c // "Temporal"
	// schemaSetupTimeout bounds the setup of both databases.
	schemaSetupTimeout = time.Minute
)

// The schema version tables, as the server's PostgreSQL plugin and
// temporal-sql-tool create them, so that either can read and update the
// version Start records.
const (
	createSchemaVersionTable = `CREATE TABLE IF NOT EXISTS schema_version(version_partition INT not null, ` +
		`db_name VARCHAR(255) not null, creation_time TIMESTAMP, curr_version VARCHAR(64), ` +
		`min_compatible_version VARCHAR(64), PRIMARY KEY (version_partition, db_name));`
	createSchemaUpdateHistoryTable = `CREATE TABLE IF NOT EXISTS schema_update_history(version_partition INT not null, ` +
		`year int not null, month int not null, update_time TIMESTAMP not null, description VARCHAR(255), ` +
		`manifest_md5 VARCHAR(64), new_version VARCHAR(64), old_version VARCHAR(64), ` +
		`PRIMARY KEY (version_partition, year, month, update_time));`
	readSchemaVersion  = `SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = current_database()`
	writeSchemaVersion = `INSERT INTO schema_version(version_partition, db_name, creation_time, curr_version, min_compatible_version) ` +
		`VALUES (0, current_database(), $1, $2, $2)`
	writeSchemaUpdate = `INSERT INTO schema_update_history(version_partition, year, month, update_time, old_version, new_version, manifest_md5, description) ` +
		`VALUES (0, $1, $2, $3, '0', $4, '', 'initial version')`
)

// postgresSchema is one of the two schemas: where the server keeps it
// among its embedded schemas, and the version it is at.
type postgresSchema struct {
	file, version string
}

var (
	defaultSchema    = postgresSchema{file: "postgresql/v12/temporal/schema.sql", version: pgschema.Version}
	visibilitySchema = postgresSchema{file: "postgresql/v12/visibility/schema.sql", version: pgschema.VisibilityVersion}
)

// postgresStores checks opts and returns the server's configuration of
// the two stores.
func postgresStores(opts *PostgresOptions) (def, vis *config.SQL, err error) {
	if opts.DSN == "" || opts.VisibilityDSN == "" {
		return nil, nil, errors.New("postgres: the DSN and the visibility DSN are both required")
	}
	maxConns := opts.MaxConns
	if maxConns <= 0 {
		maxConns = defaultPostgresMaxConns
	}
	if def, err = postgresConfig(opts.DSN, maxConns); err != nil {
		return nil, nil, fmt.Errorf("postgres DSN: %w", err)
	}
	if vis, err = postgresConfig(opts.VisibilityDSN, maxConns); err != nil {
		return nil, nil, fmt.Errorf("postgres visibility DSN: %w", err)
	}
	if def.ConnectAddr == vis.ConnectAddr && def.DatabaseName == vis.DatabaseName {
		return nil, nil, fmt.Errorf("postgres: the default and the visibility store are both database %s on %s, want two databases", def.DatabaseName, def.ConnectAddr)
	}
	return def, vis, nil
}

// postgresConfig is the store of the database at dsn, a postgres:// URL,
// on the server's pgx plugin: its query parameters become the plugin's
// connection attributes, which it puts back into the URL it connects
// with.
func postgresConfig(dsn string, maxConns int) (*config.SQL, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// Not the parse error: it would show the password.
		return nil, errors.New("want a URL postgres://user:password@host:port/database")
	}
	database := strings.TrimPrefix(u.Path, "/")
	if u.Hostname() == "" || database == "" || strings.Contains(database, "/") {
		return nil, errors.New("want a URL postgres://user:password@host:port/database, with a host and a database")
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	cfg := &config.SQL{
		PluginName:        postgresql.PluginNamePGX,
		ConnectAddr:       net.JoinHostPort(u.Hostname(), port),
		ConnectProtocol:   "tcp",
		DatabaseName:      database,
		User:              u.User.Username(),
		ConnectAttributes: map[string]string{},
		MaxConns:          maxConns,
		MaxIdleConns:      maxConns,
		MaxConnLifetime:   time.Hour,
	}
	cfg.Password, _ = u.User.Password()
	for k, v := range u.Query() {
		if len(v) != 1 {
			return nil, fmt.Errorf("parameter %s given %d times, want once", k, len(v))
		}
		cfg.ConnectAttributes[k] = v[0]
	}
	return cfg, nil
}

// postgresPersistence sets up the databases of opts (setUpPostgres) and
// returns their two stores.
func postgresPersistence(ctx context.Context, opts *PostgresOptions, namespace string, register func(*config.SQL) error) (config.Persistence, error) {
	def, vis, err := postgresStores(opts)
	if err != nil {
		return config.Persistence{}, err
	}
	if err = setUpPostgres(ctx, opts, def, namespace, register); err != nil {
		return config.Persistence{}, err
	}
	shards := opts.HistoryShards
	if shards <= 0 {
		shards = defaultPostgresHistoryShards
	}
	return config.Persistence{
		DefaultStore:     postgresStore,
		VisibilityStore:  postgresVisibilityStore,
		NumHistoryShards: int32(shards),
		DataStores: map[string]config.DataStore{
			postgresStore:           {SQL: def},
			postgresVisibilityStore: {SQL: vis},
		},
	}, nil
}

// setUpPostgres creates the schema of either database that has none and
// registers the namespace, under an advisory lock of the default store's
// database.
func setUpPostgres(ctx context.Context, opts *PostgresOptions, defCfg *config.SQL, namespace string, register func(*config.SQL) error) error {
	ctx, cancel := context.WithTimeout(ctx, schemaSetupTimeout)
	defer cancel()
	if err := withSchemaLock(ctx, opts.VisibilityDSN, func(conn *sql.Conn) error {
		return setUpSchema(ctx, conn, visibilitySchema)
	}); err != nil {
		return fmt.Errorf("set up the visibility database: %w", err)
	}
	return withSchemaLock(ctx, opts.DSN, func(conn *sql.Conn) error {
		if err := setUpSchema(ctx, conn, defaultSchema); err != nil {
			return fmt.Errorf("set up the default store's database: %w", err)
		}
		// The namespace's own check-then-insert runs on a connection of
		// its own, still under this one's lock.
		if err := register(defCfg); err != nil {
			return fmt.Errorf("register namespace %s: %w", namespace, err)
		}
		return nil
	})
}

// withSchemaLock runs f on a connection to the database at dsn that holds
// the session's advisory lock schemaLockKey.
func withSchemaLock(ctx context.Context, dsn string, f func(*sql.Conn) error) (err error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	if _, err = conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(schemaLockKey)); err != nil {
		return fmt.Errorf("take the schema lock: %w", err)
	}
	defer func() {
		// A failed unlock ends with the session, which Close ends.
		_, uerr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(schemaLockKey))
		err = errors.Join(err, uerr)
	}()
	return f(conn)
}

// setUpSchema creates s in the database of conn, in one transaction, with
// its version recorded as temporal-sql-tool records it, unless the
// database has a version already.
func setUpSchema(ctx context.Context, conn *sql.Conn, s postgresSchema) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // after Commit, a no-op
	for _, stmt := range []string{createSchemaVersionTable, createSchemaUpdateHistoryTable} {
		if _, err = tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create the schema version tables: %w", err)
		}
	}
	var have string
	switch err = tx.QueryRowContext(ctx, readSchemaVersion).Scan(&have); {
	case err == nil:
		return nil // the server checks it is recent enough
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("read the schema version: %w", err)
	}
	text, err := fs.ReadFile(dbschemas.Assets(), s.file)
	if err != nil {
		return fmt.Errorf("read the server's schema: %w", err)
	}
	stmts, err := persistence.LoadAndSplitQueryFromReaders([]io.Reader{bytes.NewReader(text)})
	if err != nil {
		return fmt.Errorf("split %s: %w", s.file, err)
	}
	for _, stmt := range stmts {
		if _, err = tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create schema %s (is the database empty?): %w", s.file, err)
		}
	}
	now := time.Now().UTC()
	if _, err = tx.ExecContext(ctx, writeSchemaVersion, now, s.version); err != nil {
		return fmt.Errorf("record schema version %s: %w", s.version, err)
	}
	if _, err = tx.ExecContext(ctx, writeSchemaUpdate, now.Year(), int(now.Month()), now, s.version); err != nil {
		return fmt.Errorf("record schema version %s: %w", s.version, err)
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit schema %s: %w", s.file, err)
	}
	return nil
}
