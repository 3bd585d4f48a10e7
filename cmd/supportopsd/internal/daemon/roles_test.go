package daemon

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/policy"
)

func TestParseRole(t *testing.T) {
	for name, tc := range map[string]struct {
		role, address string
		want          Role
		wantErr       string
	}{
		"default":                  {"", "", RoleAll, ""},
		"all embedded":             {"all", "", RoleAll, ""},
		"api on a cluster":         {"api", "temporal:7233", RoleAPI, ""},
		"worker on a cluster":      {"worker", "temporal:7233", RoleWorker, ""},
		"api without a cluster":    {"api", "", "", "--role api needs --temporal-address"},
		"worker without a cluster": {"worker", "", "", "--role worker needs --temporal-address"},
		"unknown role":             {"frontend", "temporal:7233", "", `--role "frontend": want api, worker or all`},
		"roles are case sensitive": {"API", "temporal:7233", "", `--role "API": want api, worker or all`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := parseRole(tc.role, tc.address)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("parseRole(%q, %q) error = %v, want one containing %q", tc.role, tc.address, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("parseRole(%q, %q) = %q, %v, want %q", tc.role, tc.address, got, err, tc.want)
			}
		})
	}
}

// TestRunRoleWithoutCluster checks that --role api or worker on the
// embedded server is a usage error (exit 2) that says why, from a flag or
// SUPPORTOPS_ROLE, before anything starts.
func TestRunRoleWithoutCluster(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		args []string
		env  string
		want string
	}{
		"flag":        {[]string{"--config", example, "--data-dir", dir, "--role", "api"}, "", "supportopsd: --role api needs --temporal-address"},
		"environment": {[]string{"--config", example, "--data-dir", dir}, "worker", "supportopsd: --role worker needs --temporal-address"},
		"unknown":     {[]string{"--config", example, "--data-dir", dir, "--role", "both"}, "", `supportopsd: --role "both": want api, worker or all`},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("SUPPORTOPS_ROLE", tc.env)
			}
			var stdout, stderr bytes.Buffer
			if code := Run(t.Context(), tc.args, &stdout, &stderr); code != exitError {
				t.Errorf("exit code %d, want %d; stderr: %s", code, exitError, stderr.String())
			}
			if !strings.HasPrefix(stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want it to start with %q", stderr.String(), tc.want)
			}
		})
	}
}

// startRole starts a daemon of role on the Temporal frontend srv, with
// its own data directory, and returns it and the function that adds a
// token to its token store.
func startRole(t *testing.T, srv *embedded.Server, cfgDir string, role Role, webhook string) (*Daemon, func(policy.Principal) string) {
	t.Helper()
	dir := t.TempDir()
	add := tokenAdder(t, dir)
	var buf lockedBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s daemon log:\n%s", role, buf.String())
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Config: cfgDir, DataDir: dir, HTTPAddr: "127.0.0.1:0", Role: string(role),
		TemporalAddress: srv.FrontendAddress(), Namespace: srv.Namespace(), Webhook: webhook}, log)
	if err != nil {
		t.Fatalf("start %s daemon: %v", role, err)
	}
	return d, add
}

// waitReady asks GET /readyz of base until it answers 200, for at most
// 20 s, and fails with the last reasons otherwise.
func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := rawRequest(t.Context(), http.DefaultClient, http.MethodGet, base+apiv1.PathReady, "", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.code == http.StatusOK {
			if r.body != "{\"ready\":true}\n" {
				t.Errorf("ready body %q, want {\"ready\":true}", r.body)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never ready: %d %s", base, r.code, r.body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRolesOnOneCluster runs an api-role and a worker-role daemon on one
// Temporal server started by the test: a ticket opened through the api
// replica is routed by the worker replica; the worker serves only the
// probes and the metrics; and stopping the worker as SIGTERM does while a
// notification activity runs (a refund approval's, posted to a slow
// webhook) lets the activity finish before Stop returns.
func TestRolesOnOneCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	srv, err := embedded.Start(ctx, embedded.Options{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })

	// The webhook holds the first approval notification for a second, as
	// a slow receiver would, and records whether its request was cut off.
	const hold = time.Second
	arrived, finished := make(chan struct{}), make(chan bool, 1)
	var held atomic.Bool
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), `"approval_needed"`) || !held.CompareAndSwap(false, true) {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		close(arrived)
		select {
		case <-time.After(hold):
			w.WriteHeader(http.StatusNoContent)
			finished <- true
		case <-r.Context().Done():
			finished <- false
		}
	}))
	t.Cleanup(hook.Close)

	cfgDir := exampleCopy(t)
	worker, addWorkerToken := startRole(t, srv, cfgDir, RoleWorker, hook.URL)
	workerStopped := false
	t.Cleanup(func() {
		if !workerStopped {
			worker.Stop(context.Background())
		}
	})
	api, addAPIToken := startRole(t, srv, cfgDir, RoleAPI, "")
	t.Cleanup(func() { api.Stop(context.Background()) })
	waitReady(t, "http://"+worker.Addr())
	waitReady(t, "http://"+api.Addr())

	// What each replica serves.
	ops := policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}
	w := apiClient{t: t, base: "http://" + worker.Addr(), token: addWorkerToken(ops)}
	a := apiClient{t: t, base: "http://" + api.Addr(), token: addAPIToken(ops)}
	id := openTicket(t, a, "abusive-customer")
	st, err := a.api().Ticket(ctx, id)
	if err != nil || st.Queue != "after-sales" || st.Agent == "" {
		t.Fatalf("ticket opened through the api replica, routed by the worker: %+v %v", st, err)
	}
	for _, tc := range []struct {
		c    apiClient
		path string
		want int
	}{
		{w, apiv1.PathHealth, http.StatusOK},
		{w, apiv1.PathReady, http.StatusOK},
		{w, apiv1.PathMetrics, http.StatusOK},
		{w, apiv1.PathTickets, http.StatusNotFound},
		{w, "/v1/tickets/" + id, http.StatusNotFound},
		{a, apiv1.PathHealth, http.StatusOK},
		{a, apiv1.PathReady, http.StatusOK},
		{a, apiv1.PathMetrics, http.StatusOK},
		{a, apiv1.PathOpenAPI, http.StatusOK},
		{a, "/v1/tickets/" + id, http.StatusOK},
		{a, apiv1.PathTickets, http.StatusOK},
	} {
		r := tc.c.raw(http.MethodGet, tc.path, "", nil)
		if r.code != tc.want {
			t.Errorf("GET %s%s: %d %s, want %d", tc.c.base, tc.path, r.code, r.body, tc.want)
		}
		if r.code == http.StatusNotFound && !strings.Contains(r.body, "--role worker") {
			t.Errorf("GET %s%s: 404 %s, want the reason (--role worker)", tc.c.base, tc.path, r.body)
		}
	}

	// A refund approval notifies its approvers through the worker's
	// webhook; the worker stops while the post is held.
	amount := 800.0
	julia := apiClient{t: t, base: a.base, token: addAPIToken(policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"})}
	// The request's update waits for the notification: send it aside.
	requested := make(chan error, 1)
	go func() {
		_, rerr := julia.api().RequestApproval(ctx, id, apiv1.ApprovalRequest{Action: "refund", Amount: &amount, Comment: "parcel lost twice"})
		requested <- rerr
	}()
	select {
	case <-arrived:
	case rerr := <-requested:
		t.Fatalf("the refund request ended (%v) before its notification reached the webhook", rerr)
	case <-ctx.Done():
		t.Fatal("the approval's notification never reached the webhook")
	}
	start := time.Now()
	worker.Stop(context.Background())
	workerStopped = true
	took := time.Since(start)
	t.Logf("Stop took %s with a notification held for %s", took, hold)
	select {
	case ok := <-finished:
		if !ok {
			t.Error("the notification's post was cut off by Stop, want it to finish")
		}
	default:
		t.Errorf("Stop returned after %s with the notification still running", took)
	}
	if got := worker.notReady(ctx); !cmp.Equal(got, []string{"shutting down"}) {
		t.Errorf("readiness after Stop: %v, want shutting down", got)
	}

	// The refund request, whose update waited on the stopped worker, ends
	// on the next worker replica.
	next, _ := startRole(t, srv, cfgDir, RoleWorker, hook.URL)
	t.Cleanup(func() { next.Stop(context.Background()) })
	if rerr := <-requested; rerr != nil {
		t.Errorf("request a refund: %v", rerr)
	}
}

// TestRunReadyThenStop runs the command as a process does, with
// SUPPORTOPS_ROLE=all: /readyz answers 200 once it serves, and ending its
// context, as SIGTERM does, exits 0.
func TestRunReadyThenStop(t *testing.T) {
	t.Setenv("SUPPORTOPS_ROLE", string(RoleAll))
	addr := freeAddr(t)
	d := runInProcess(t, addr, "--config", example, "--data-dir", t.TempDir(), "--log-level", "warn")
	waitReady(t, "http://"+addr)
	d.stop()
	if resp, err := http.Get("http://" + addr + apiv1.PathReady); err == nil {
		_ = resp.Body.Close()
		t.Errorf("GET /readyz answered %s after the daemon stopped", resp.Status)
	}
}
