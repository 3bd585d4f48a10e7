package daemon

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/eventstore"
)

// getReady asks GET /readyz of base and decodes the answer.
func getReady(t *testing.T, base string) (int, apiv1.Ready) {
	t.Helper()
	r, err := rawRequest(t.Context(), http.DefaultClient, http.MethodGet, base+apiv1.PathReady, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got apiv1.Ready
	if err = json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
	return r.code, got
}

// TestReadyz follows GET /readyz of a worker-role daemon on a real
// Temporal server: 503 while its ticket worker does not poll, 200 once
// the task queue lists the worker, 503 again when the event store is gone,
// while the daemon stops and when the Temporal server is gone although the
// worker was seen polling; an api-role daemon is ready when the frontend
// answers.
func TestReadyz(t *testing.T) {
	server, c := embeddedClient(t.Context(), t, embedded.Options{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	events, err := eventstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), eventsFile))
	if err != nil {
		t.Fatal(err)
	}
	d := &Daemon{log: slog.New(slog.DiscardHandler), client: c, events: events, role: RoleWorker, identity: workerIdentity(),
		versions: newSnapshots(exampleCopy(t), t.TempDir())}
	d.board = newRosterBoard(d.versions)
	d.notifier = newNotifier(d.log, "")
	srv := httptest.NewServer(d.role.handler(http.NotFoundHandler(), http.HandlerFunc(d.serveReady)))
	t.Cleanup(srv.Close)

	code, got := getReady(t, srv.URL)
	if code != http.StatusServiceUnavailable || got.Ready || len(got.Reasons) != 1 || !strings.Contains(got.Reasons[0], "does not poll task queue") {
		t.Fatalf("before the worker starts: %d %+v, want 503 saying the worker does not poll", code, got)
	}
	if err = d.startWorker(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.worker.Stop)
	deadline := time.Now().Add(20 * time.Second)
	for code != http.StatusOK && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		code, got = getReady(t, srv.URL)
	}
	if diff := cmp.Diff(apiv1.Ready{Ready: true}, got); code != http.StatusOK || diff != "" {
		t.Fatalf("after the worker starts: %d (-want +got):\n%s", code, diff)
	}

	// An api role has no worker: the frontend's health is what it needs.
	api := &Daemon{client: c, events: new(eventstore.Memory), role: RoleAPI}
	if reasons := api.notReady(t.Context()); len(reasons) != 0 {
		t.Errorf("api role on a running frontend: not ready: %v", reasons)
	}

	if err = events.Close(); err != nil {
		t.Fatal(err)
	}
	code, got = getReady(t, srv.URL)
	if code != http.StatusServiceUnavailable || len(got.Reasons) != 1 || !strings.Contains(got.Reasons[0], "ping event store") {
		t.Errorf("event store closed: %d %+v, want 503 saying the event store does not answer", code, got)
	}
	d.ready.draining.Store(true)
	code, got = getReady(t, srv.URL)
	if diff := cmp.Diff(apiv1.Ready{Reasons: []string{"shutting down"}}, got); code != http.StatusServiceUnavailable || diff != "" {
		t.Errorf("stopping: %d (-want +got):\n%s", code, diff)
	}

	// The worker was seen polling, but a server that is gone is not
	// ready: the sighting stands only while the frontend answers.
	d.ready.draining.Store(false)
	d.events = new(eventstore.Memory)
	if err = server.Stop(); err != nil {
		t.Fatal(err)
	}
	code, got = getReady(t, srv.URL)
	if code != http.StatusServiceUnavailable || len(got.Reasons) != 1 || !strings.Contains(got.Reasons[0], "temporal frontend") {
		t.Errorf("temporal server stopped: %d %+v, want 503 saying the frontend does not answer", code, got)
	}
}
