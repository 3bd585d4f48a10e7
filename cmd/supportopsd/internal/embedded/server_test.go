package embedded

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// testTimeout bounds each server-backed test; a start takes well under a
// second on the project's machines.
const testTimeout = 2 * time.Minute

const greetTaskQueue = "embedded-test"

type greetInput struct{ Name string }

type greetOutput struct{ Greeting string }

// greetWorkflow runs one activity and returns its result.
func greetWorkflow(ctx workflow.Context, in greetInput) (greetOutput, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var out greetOutput
	err := workflow.ExecuteActivity(ctx, greet, in).Get(ctx, &out)
	return out, err
}

func greet(_ context.Context, in greetInput) (greetOutput, error) {
	return greetOutput{Greeting: "hello, " + in.Name}, nil
}

// TestRestartKeepsState runs a workflow, restarts the server on the same
// data directory (on the same frontend port, as a daemon configured with a
// port would), and checks that the first execution and the namespace are
// still there and that new workflows run.
func TestRestartKeepsState(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	dir := t.TempDir()
	opts := Options{DataDir: dir, Logger: testLogger(t)}

	srv := startServer(ctx, t, opts)
	c := dial(ctx, t, srv)
	got := runGreeting(ctx, t, c, "greet-1", "ops")
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
	c.Close()
	stopServer(t, srv)

	_, port, err := net.SplitHostPort(srv.FrontendAddress())
	if err != nil {
		t.Fatal(err)
	}
	opts.Port, err = strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	restarted := startServer(ctx, t, opts)
	if got, want := restarted.FrontendAddress(), srv.FrontendAddress(); got != want {
		t.Errorf("frontend address after restart on port %d = %s, want %s", opts.Port, got, want)
	}
	c = dial(ctx, t, restarted)
	defer c.Close()
	desc, err := c.DescribeWorkflowExecution(ctx, "greet-1", "")
	if err != nil {
		t.Fatalf("describe first workflow after restart: %v", err)
	}
	if got, want := desc.GetWorkflowExecutionInfo().GetStatus(), enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED; got != want {
		t.Errorf("first workflow status after restart = %v, want %v", got, want)
	}
	got = runGreeting(ctx, t, c, "greet-2", "again")
	if diff := cmp.Diff(greetOutput{Greeting: "hello, again"}, got); diff != "" {
		t.Errorf("workflow after restart (-want +got):\n%s", diff)
	}
}

func TestStopTwice(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	srv := startServer(ctx, t, Options{DataDir: t.TempDir(), Logger: testLogger(t)})
	stopServer(t, srv)
	if err := srv.Stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
}

func TestStartRejectsOptions(t *testing.T) {
	tests := map[string]struct {
		reason string
		opts   Options
		want   string
	}{
		"no data directory": {
			reason: "the database has nowhere to live",
			opts:   Options{},
			want:   "start embedded temporal server: data directory is required",
		},
		"host name": {
			reason: "the frontend binds an IP address; names are not resolved",
			opts:   Options{DataDir: t.TempDir(), Host: "localhost"},
			want:   `start embedded temporal server: host "localhost" is not an IP address`,
		},
		"port out of range": {
			reason: "ports are 16-bit",
			opts:   Options{DataDir: t.TempDir(), Port: 70000},
			want:   "start embedded temporal server: port 70000 is out of range",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, err := Start(t.Context(), tc.opts)
			if err == nil {
				_ = srv.Stop()
				t.Fatalf("Start succeeded, want an error: %s", tc.reason)
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s\n%s", diff, tc.reason)
			}
		})
	}
}

// startServer starts a server and stops it when the test ends (Stop is safe
// to call again).
func startServer(ctx context.Context, t *testing.T, opts Options) *Server {
	t.Helper()
	begin := time.Now()
	srv, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("started at %s in %v", srv.FrontendAddress(), time.Since(begin).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Error(err)
		}
	})
	return srv
}

func stopServer(t *testing.T, srv *Server) {
	t.Helper()
	begin := time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", time.Since(begin).Round(time.Millisecond))
}

func dial(ctx context.Context, t *testing.T, srv *Server) client.Client {
	t.Helper()
	c, err := client.DialContext(ctx, client.Options{
		HostPort:  srv.FrontendAddress(),
		Namespace: srv.Namespace(),
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		t.Fatalf("dial %s: %v", srv.FrontendAddress(), err)
	}
	return c
}

// runGreeting runs greetWorkflow with a worker that lives for the one run.
func runGreeting(ctx context.Context, t *testing.T, c client.Client, id, name string) greetOutput {
	t.Helper()
	return runGreetingOpts(ctx, t, c, client.StartWorkflowOptions{ID: id}, name)
}

// runGreetingOpts is runGreeting with the workflow's start options; their
// task queue is the worker's.
func runGreetingOpts(ctx context.Context, t *testing.T, c client.Client, opts client.StartWorkflowOptions, name string) greetOutput {
	t.Helper()
	id := opts.ID
	opts.TaskQueue = greetTaskQueue
	w := worker.New(c, greetTaskQueue, worker.Options{})
	w.RegisterWorkflow(greetWorkflow)
	w.RegisterActivity(greet)
	if err := w.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	defer w.Stop()

	begin := time.Now()
	run, err := c.ExecuteWorkflow(ctx, opts, greetWorkflow, greetInput{Name: name})
	if err != nil {
		t.Fatalf("start workflow %s: %v", id, err)
	}
	var out greetOutput
	if err := run.Get(ctx, &out); err != nil {
		t.Fatalf("workflow %s: %v", id, err)
	}
	t.Logf("workflow %s took %v", id, time.Since(begin).Round(time.Millisecond))
	return out
}

// testLogger shows the server's warnings and errors in the test's output,
// and drops records logged after the test ends (the server's goroutines can
// outlive Stop by a moment).
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.close) // registered first, so it runs after the servers stop
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	mu     sync.Mutex
	t      *testing.T
	closed bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.t.Logf("server: %s", bytes.TrimSuffix(p, []byte("\n")))
	}
	return len(p), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
}
