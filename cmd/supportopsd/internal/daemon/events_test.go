package daemon

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/pgtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestDaemonPostgresEvents runs supportopsd on the embedded Temporal
// server with --events-dsn on a PostgreSQL cluster: a ticket opened and
// replied to through the API has its events and its reply's text in
// PostgreSQL, read back there with SQL, and nothing in the data
// directory's SQLite file.
func TestDaemonPostgresEvents(t *testing.T) {
	dsn := pgtest.Start(t)
	dir := t.TempDir()
	// With --events-dsn the daemon takes its tokens from the database.
	admin, err := openTestState(t, dsn).Tokens().Add(t.Context(), policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var buf lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon errors:\n%s", buf.String())
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Config: example, DataDir: dir, HTTPAddr: "127.0.0.1:0", EventsDSN: dsn},
		slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop(context.Background())
	if _, ok := d.events.(*eventstore.Postgres); !ok {
		t.Fatalf("event store %T, want *eventstore.Postgres", d.events)
	}
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: admin}

	id := openTicket(t, ops, "abusive-customer")
	body := "We are sorry: the refund is on its way."
	reply := apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}, Body: &body}
	if _, err = ops.api().PostEvent(ctx, id, reply); err != nil {
		t.Fatalf("reply: %v", err)
	}

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The log is recorded by the workflow's activity: wait for the reply
	// and the first-reply SLA it meets.
	var types []string
	for {
		types = eventTypesSQL(t, db, id)
		if slices.Contains(types, "reply") && slices.Contains(types, "sla_met") {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the reply is not in PostgreSQL; events there: %v", types)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if diff := cmp.Diff([]string{"opened", "routed", "sla_applied", "reply", "sla_met"}, types); diff != "" {
		t.Errorf("event types in PostgreSQL, by seq (-want +got):\n%s", diff)
	}
	var stored []byte
	if err = db.QueryRowContext(ctx, "SELECT data FROM contents WHERE ticket_id = $1 AND ref = $2", id, eventstore.ContentRef([]byte(body))).Scan(&stored); err != nil {
		t.Fatalf("the reply's text in PostgreSQL: %v", err)
	}
	if string(stored) != body {
		t.Errorf("stored text %q, want %q", stored, body)
	}
	if _, err = os.Stat(filepath.Join(dir, eventsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s in the data directory: %v; want none with --events-dsn", eventsFile, err)
	}
}

// eventTypesSQL returns the types of ticket id's events in the database,
// in the order of their seq.
func eventTypesSQL(t *testing.T, db *sql.DB, id string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "SELECT type FROM events WHERE ticket_id = $1 ORDER BY seq", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var types []string
	for rows.Next() {
		var typ string
		if err = rows.Scan(&typ); err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
	}
	if err = rows.Err(); err != nil {
		t.Fatal(err)
	}
	return types
}

// TestCheckEventsDSN: only a PostgreSQL URL is an events DSN.
func TestCheckEventsDSN(t *testing.T) {
	tests := map[string]bool{
		"": true, "postgres://u:p@db:5432/events": true, "postgresql://db/events?sslmode=require": true,
		"host=db dbname=events": false, "sqlite:///data/events.db": false,
	}
	got := map[string]bool{}
	for dsn := range tests {
		got[dsn] = checkEventsDSN(dsn) == nil
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("checkEventsDSN accepts (-want +got):\n%s", diff)
	}
}
