package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/internal/testutil/pgtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// pgSize is one size's PostgreSQL backing (-postgres): Temporal persisted
// on PostgreSQL (embedded.Options.Postgres) in this process, since
// supportopsd has no setting that runs its own server on it, and the
// event store in a database of the same throwaway cluster.
type pgSize struct {
	server                       *embedded.Server
	temporal, visibility, events string // DSNs
}

// startPostgres creates the databases of size n in cluster and starts a
// Temporal server on them.
func startPostgres(ctx context.Context, cluster *pgtest.Cluster, n int) (*pgSize, error) {
	p := &pgSize{}
	for _, db := range []struct {
		name string
		dsn  *string
	}{{"temporal", &p.temporal}, {"visibility", &p.visibility}, {"events", &p.events}} {
		name := fmt.Sprintf("%s_%d", db.name, n)
		if err := cluster.Exec(ctx, "postgres", "CREATE DATABASE "+name); err != nil {
			return nil, fmt.Errorf("create database %s: %w", name, err)
		}
		*db.dsn = cluster.DSN(name)
	}
	srv, err := embedded.Start(ctx, embedded.Options{
		Postgres:         &embedded.PostgresOptions{DSN: p.temporal, VisibilityDSN: p.visibility},
		SearchAttributes: ticketwf.SearchAttributes(),
		Logger:           slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return nil, fmt.Errorf("start temporal on postgresql: %w", err)
	}
	p.server = srv
	return p, nil
}

// sizes returns the sizes of the three databases (pg_database_size).
func (p *pgSize) sizes(ctx context.Context) (temporal, visibility, events int64, err error) {
	for _, db := range []struct {
		dsn string
		out *int64
	}{{p.temporal, &temporal}, {p.visibility, &visibility}, {p.events, &events}} {
		if *db.out, err = databaseSize(ctx, db.dsn); err != nil {
			return 0, 0, 0, err
		}
	}
	return temporal, visibility, events, nil
}

// databaseSize is pg_database_size of the database dsn names.
func databaseSize(ctx context.Context, dsn string) (int64, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, fmt.Errorf("measure a database: %w", err)
	}
	defer func() { _ = db.Close() }()
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		return 0, fmt.Errorf("measure a database: %w", err)
	}
	return n, nil
}
