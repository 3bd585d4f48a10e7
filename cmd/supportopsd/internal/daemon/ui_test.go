package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/screenshot"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// parseUIAddr takes loopback host:port only, and a remote frontend only
// over a plain connection.
func TestUIParseAddr(t *testing.T) {
	type parsed struct {
		Host string
		Port int
		Err  string
	}
	off := false
	for name, tc := range map[string]struct {
		opts Options
		want parsed
	}{
		"none":      {opts: Options{}, want: parsed{}},
		"loopback":  {opts: Options{UIAddr: "127.0.0.1:8233"}, want: parsed{Host: "127.0.0.1", Port: 8233}},
		"localhost": {opts: Options{UIAddr: "localhost:8233"}, want: parsed{Host: "127.0.0.1", Port: 8233}},
		"ipv6":      {opts: Options{UIAddr: "[::1]:8233"}, want: parsed{Host: "::1", Port: 8233}},
		"any":       {opts: Options{UIAddr: "0.0.0.0:8233"}, want: parsed{Err: `--ui-addr "0.0.0.0:8233": the Temporal UI has no authentication and listens on loopback only (127.0.0.1 or [::1])`}},
		"no port":   {opts: Options{UIAddr: "127.0.0.1"}, want: parsed{Err: `--ui-addr "127.0.0.1": want host:port, e.g. 127.0.0.1:8233: address 127.0.0.1: missing port in address`}},
		"port 0":    {opts: Options{UIAddr: "127.0.0.1:0"}, want: parsed{Err: `--ui-addr "127.0.0.1:0": port must be 1 to 65535`}},
		"remote plain": {opts: Options{UIAddr: "127.0.0.1:8233", TemporalAddress: "temporal.internal:7233"},
			want: parsed{Host: "127.0.0.1", Port: 8233}},
		"remote api key": {opts: Options{UIAddr: "127.0.0.1:8233", TemporalAddress: "acme.a1b2c.tmprl.cloud:7233", TemporalAPIKey: "k"},
			want: parsed{Err: `--ui-addr "127.0.0.1:8233": the UI reaches --temporal-address "acme.a1b2c.tmprl.cloud:7233" over a plain connection only, and this one needs TLS or an API key; use the cluster's own UI`}},
		"remote tls": {opts: Options{UIAddr: "127.0.0.1:8233", TemporalAddress: "temporal.internal:7233", TemporalTLSServerName: "temporal"},
			want: parsed{Err: `--ui-addr "127.0.0.1:8233": the UI reaches --temporal-address "temporal.internal:7233" over a plain connection only, and this one needs TLS or an API key; use the cluster's own UI`}},
		"remote tls off": {opts: Options{UIAddr: "127.0.0.1:8233", TemporalAddress: "temporal.internal:7233", TemporalTLS: &off},
			want: parsed{Host: "127.0.0.1", Port: 8233}},
	} {
		host, port, err := parseUIAddr(tc.opts)
		got := parsed{Host: host, Port: port}
		if err != nil {
			got.Err = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: parseUIAddr (-want +got):\n%s", name, diff)
		}
	}
}

// An --ui-addr that cannot work stops the daemon before anything starts,
// with exit code 2, from a flag or the environment alike.
func TestUIUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"not loopback": {
			args: []string{"--config", example, "--data-dir", dir, "--ui-addr", "0.0.0.0:8233"},
			want: "supportopsd: --ui-addr \"0.0.0.0:8233\": the Temporal UI has no authentication and listens on loopback only (127.0.0.1 or [::1])\n",
		},
		"remote with an api key, from the environment": {
			args: []string{"--config", example, "--data-dir", dir, "--temporal-address", "acme.a1b2c.tmprl.cloud:7233"},
			env:  map[string]string{"SUPPORTOPS_UI_ADDR": "127.0.0.1:8233", "SUPPORTOPS_TEMPORAL_API_KEY": "k"},
			want: "supportopsd: --ui-addr \"127.0.0.1:8233\": the UI reaches --temporal-address \"acme.a1b2c.tmprl.cloud:7233\" over a plain connection only, and this one needs TLS or an API key; use the cluster's own UI\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			if code := Run(t.Context(), tc.args, &stdout, &stderr); code != exitError {
				t.Errorf("exit code %d, want %d", code, exitError)
			}
			if diff := cmp.Diff(tc.want, stderr.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// startUI refuses a taken address with an error (the UI server itself
// would end the process), serves the UI's page, and Stop closes it.
func TestUIStartStop(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = taken.Close() }()
	port := taken.Addr().(*net.TCPAddr).Port
	log := slog.New(slog.DiscardHandler)
	// The frontend is dialled lazily: none need answer for the page.
	const frontend = "127.0.0.1:7233"
	if _, err = startUI("127.0.0.1", port, frontend, "default", log); err == nil || !strings.Contains(err.Error(), "listen for the temporal ui on "+taken.Addr().String()) {
		t.Fatalf("startUI on a taken port: %v, want a listen error", err)
	}
	if err = taken.Close(); err != nil {
		t.Fatal(err)
	}
	u, err := startUI("127.0.0.1", port, frontend, "default", log)
	if err != nil {
		t.Fatal(err)
	}
	var status int
	var page []byte
	for range 50 { // the server listens a moment after startUI returns
		if resp, gerr := http.Get(u.url + "/"); gerr == nil {
			status = resp.StatusCode
			page, _ = io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if status != http.StatusOK || !strings.Contains(strings.ToLower(string(page)), "<!doctype html>") {
		t.Errorf("GET %s/: %d, want 200 and the UI's page; got %.200s", u.url, status, page)
	}
	u.Stop()
	if resp, gerr := http.Get(u.url + "/"); gerr == nil {
		_ = resp.Body.Close()
		t.Errorf("GET %s/ after Stop: %d, want no answer", u.url, resp.StatusCode)
	}
}

// uiWorkflows is the part of the UI's list of workflows the test reads.
type uiWorkflows struct {
	Executions []struct {
		Execution struct {
			WorkflowID string `json:"workflowId"`
		} `json:"execution"`
		SearchAttributes struct {
			IndexedFields map[string]json.RawMessage `json:"indexedFields"`
		} `json:"searchAttributes"`
	} `json:"executions"`
}

// TestUIServesTickets starts the daemon with --ui-addr, opens tickets
// through the API and finds them through the UI's own HTTP API by their
// search attributes: one within its SLA, and a chat nobody answers,
// breached after its 30 s first-reply target; the UI's page is HTML, and
// its list of breached tickets (the README's screenshot, `make
// ui-screenshot`) is drawn in Chromium.
func TestUIServesTickets(t *testing.T) {
	addr := freeAddr(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Config: exampleCopy(t), DataDir: dir, HTTPAddr: "127.0.0.1:0", UIAddr: addr},
		slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop(context.Background())
	ops := clientsOf(t, d, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	// Nobody answers: both chats' first replies are due 30 s after they
	// open, day and night, so both breach while the test runs.
	chat := openTicket(t, ops, "after-hours-p1")
	id := openTicket(t, ops, "vip-refund-complaint")

	base := "http://" + addr
	query := fmt.Sprintf("TicketId = '%s' AND TicketBreached = false", id)
	got := uiList(ctx, t, base, query, 1, 10*time.Second) // visibility trails the start by a moment
	var ids, attrs []string
	for _, e := range got.Executions {
		ids = append(ids, e.Execution.WorkflowID)
		for k := range e.SearchAttributes.IndexedFields {
			attrs = append(attrs, k)
		}
	}
	if want := []string{ticketwf.WorkflowID(id)}; !cmp.Equal(want, ids) {
		t.Errorf("the UI lists %v for %q, want %v", ids, query, want)
	}
	for _, a := range []string{"TicketId", "TicketStatus", "TicketBreached"} {
		if !slices.Contains(attrs, a) {
			t.Errorf("the UI shows the ticket's search attributes %v, want %s among them", attrs, a)
		}
	}

	status, page := uiGet(ctx, t, base+"/")
	if status != http.StatusOK || !strings.Contains(strings.ToLower(string(page)), "<!doctype html>") {
		t.Errorf("GET /: %d, want 200 and the UI's HTML page; got %.300s", status, page)
	}

	breached := uiList(ctx, t, base, "TicketBreached = true", 2, time.Minute)
	ids = ids[:0]
	for _, e := range breached.Executions {
		ids = append(ids, e.Execution.WorkflowID)
	}
	slices.Sort(ids)
	want := []string{ticketwf.WorkflowID(chat), ticketwf.WorkflowID(id)}
	slices.Sort(want)
	if !cmp.Equal(want, ids) {
		t.Fatalf("the UI lists %v as breached, want the unanswered chat and call %v", ids, want)
	}
	shot := screenshot.TakeURL(t, "Temporal UI", base+"/namespaces/default/workflows?query="+url.QueryEscape("TicketBreached=true"), 1400, 700)
	screenshot.CheckDrawn(t, shot)
}

// uiList asks the UI's HTTP API for the workflows query matches until it
// lists n or more or wait has passed, and returns the last answer.
func uiList(ctx context.Context, t *testing.T, base, query string, n int, wait time.Duration) uiWorkflows {
	t.Helper()
	list := base + "/api/v1/namespaces/default/workflows?query=" + url.QueryEscape(query)
	deadline := time.Now().Add(wait)
	for {
		status, body := uiGet(ctx, t, list)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", list, status, body)
		}
		var got uiWorkflows
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("GET %s: %v\n%s", list, err, body)
		}
		if len(got.Executions) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// uiGet GETs u and returns the status and the body.
func uiGet(ctx context.Context, t *testing.T, u string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	return resp.StatusCode, body
}
