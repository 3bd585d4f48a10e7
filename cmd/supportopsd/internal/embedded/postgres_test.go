package embedded

import (
	"context"
	"database/sql"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/internal/testutil/pgtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestPostgresRestartKeepsState starts the server on two new databases of
// a PostgreSQL cluster (a machine without PostgreSQL fails the test),
// which creates both schemas and the namespace with the ticket search
// attributes; runs a workflow that carries one and finds it by it; stops
// the server and starts it again on the same databases, which leaves
// their schemas alone, and finds the first workflow there, by its search
// attribute too, and runs another.
func TestPostgresRestartKeepsState(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	cluster := pgtest.StartCluster(t)
	pg := &PostgresOptions{DSN: cluster.NewDatabase(t), VisibilityDSN: cluster.NewDatabase(t)}
	opts := Options{Postgres: pg, SearchAttributes: ticketwf.SearchAttributes(), Logger: testLogger(t)}

	srv := startServer(ctx, t, opts)
	c := dial(ctx, t, srv)
	checkSearchAttributes(ctx, t, c, srv.Namespace())
	got := runGreetingWith(ctx, t, c, "greet-pg-1", "ops", "open")
	if diff := cmp.Diff(greetOutput{Greeting: "hello, ops"}, got); diff != "" {
		t.Errorf("first workflow result (-want +got):\n%s", diff)
	}
	ns, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: srv.Namespace()})
	if err != nil {
		t.Fatalf("describe namespace: %v", err)
	}
	if got, want := ns.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(), namespaceRetention; got != want {
		t.Errorf("namespace retention = %v, want %v", got, want)
	}
	waitListed(ctx, t, c, ticketwf.SearchTicketStatus+" = 'open'", "greet-pg-1")
	c.Close()
	stopServer(t, srv)

	_, port, err := net.SplitHostPort(srv.FrontendAddress())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Port, err = strconv.Atoi(port); err != nil {
		t.Fatal(err)
	}
	restarted := startServer(ctx, t, opts)
	c = dial(ctx, t, restarted)
	defer c.Close()
	desc, err := c.DescribeWorkflowExecution(ctx, "greet-pg-1", "")
	if err != nil {
		t.Fatalf("describe first workflow after restart: %v", err)
	}
	if got, want := desc.GetWorkflowExecutionInfo().GetStatus(), enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED; got != want {
		t.Errorf("first workflow status after restart = %v, want %v", got, want)
	}
	checkSearchAttributes(ctx, t, c, restarted.Namespace())
	got = runGreetingWith(ctx, t, c, "greet-pg-2", "again", "solved")
	if diff := cmp.Diff(greetOutput{Greeting: "hello, again"}, got); diff != "" {
		t.Errorf("workflow after restart (-want +got):\n%s", diff)
	}
	waitListed(ctx, t, c, ticketwf.SearchTicketStatus+" = 'open'", "greet-pg-1")
	waitListed(ctx, t, c, ticketwf.SearchTicketStatus+" = 'solved'", "greet-pg-2")

	// Each database holds its schema's version once, as set up the first
	// time.
	for dsn, want := range map[string]string{pg.DSN: defaultSchema.version, pg.VisibilityDSN: visibilitySchema.version} {
		if got := schemaVersions(ctx, t, dsn); !cmp.Equal(got, []string{want}) {
			t.Errorf("schema versions of %s: %v, want [%s]", dsn, got, want)
		}
	}
}

// TestPostgresConcurrentStarts starts two servers on the same new
// databases at once: one sets the schemas and the namespace up, the other
// waits for it under the advisory lock and finds them there.
func TestPostgresConcurrentStarts(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	cluster := pgtest.StartCluster(t)
	pg := &PostgresOptions{DSN: cluster.NewDatabase(t), VisibilityDSN: cluster.NewDatabase(t)}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			srv, err := Start(ctx, Options{Postgres: pg, SearchAttributes: ticketwf.SearchAttributes(), Logger: testLogger(t)})
			if err == nil {
				err = srv.Stop()
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestStartRejectsPostgresOptions(t *testing.T) {
	const dsn = "postgres://u:secret@127.0.0.1:1/a"
	tests := map[string]struct {
		reason string
		pg     PostgresOptions
		want   string
	}{
		"no visibility": {
			reason: "visibility needs a database of its own",
			pg:     PostgresOptions{DSN: dsn},
			want:   "the DSN and the visibility DSN are both required",
		},
		"one database": {
			reason: "both schemas record their version in schema_version",
			pg:     PostgresOptions{DSN: dsn, VisibilityDSN: "postgres://other@127.0.0.1:1/a?sslmode=disable"},
			want:   "the default and the visibility store are both database a on 127.0.0.1:1, want two databases",
		},
		"not a url": {
			reason: "only the URL form is read",
			pg:     PostgresOptions{DSN: "host=127.0.0.1 password=secret dbname=a", VisibilityDSN: dsn},
			want:   "postgres DSN: want a URL postgres://user:password@host:port/database",
		},
		"no database": {
			reason: "the plugin would fall back to the postgres database",
			pg:     PostgresOptions{DSN: dsn, VisibilityDSN: "postgres://u:secret@127.0.0.1:1"},
			want:   "postgres visibility DSN: want a URL postgres://user:password@host:port/database, with a host and a database",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, err := Start(t.Context(), Options{Postgres: &tc.pg})
			if err == nil {
				_ = srv.Stop()
				t.Fatalf("Start succeeded, want an error: %s", tc.reason)
			}
			if !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("error %q, want it to end with %q: %s", err, tc.want, tc.reason)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// checkSearchAttributes checks that the namespace has every ticket search
// attribute with its type.
func checkSearchAttributes(ctx context.Context, t *testing.T, c client.Client, namespace string) {
	t.Helper()
	sa, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		t.Fatalf("list search attributes: %v", err)
	}
	for name, typ := range ticketwf.SearchAttributes() {
		if got := sa.GetCustomAttributes()[name]; got != typ {
			t.Errorf("search attribute %s: %v, want %v", name, got, typ)
		}
	}
}

// runGreetingWith runs greetWorkflow as runGreeting does, with the ticket
// status search attribute set to status.
func runGreetingWith(ctx context.Context, t *testing.T, c client.Client, id, name, status string) greetOutput {
	t.Helper()
	return runGreetingOpts(ctx, t, c, client.StartWorkflowOptions{ID: id,
		TypedSearchAttributes: temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword(ticketwf.SearchTicketStatus).ValueSet(status)),
	}, name)
}

// waitListed waits until the workflows query lists are exactly id
// (visibility is written after the workflow's task, so not at once).
func waitListed(ctx context.Context, t *testing.T, c client.Client, query, id string) {
	t.Helper()
	var got []string
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		if err != nil {
			t.Fatalf("list %q: %v", query, err)
		}
		got = got[:0]
		for _, e := range resp.GetExecutions() {
			got = append(got, e.GetExecution().GetWorkflowId())
		}
		if cmp.Equal(got, []string{id}) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("list %q: %v, want [%s]", query, got, id)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// schemaVersions reads the versions recorded in the database at dsn.
func schemaVersions(ctx context.Context, t *testing.T, dsn string) []string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT curr_version FROM schema_version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
