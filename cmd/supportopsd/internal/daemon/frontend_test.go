package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// parseTemporalListen takes loopback host:port only, and not beside
// --temporal-address.
func TestParseTemporalListen(t *testing.T) {
	type parsed struct {
		Host string
		Port int
		Err  string
	}
	for _, tc := range []struct {
		addr, remote string
		want         parsed
	}{
		{addr: "", want: parsed{}},
		{addr: "127.0.0.1:7233", want: parsed{Host: "127.0.0.1", Port: 7233}},
		{addr: "localhost:7233", want: parsed{Host: "127.0.0.1", Port: 7233}},
		{addr: "[::1]:7233", want: parsed{Host: "::1", Port: 7233}},
		{addr: "0.0.0.0:7233", want: parsed{Err: `--temporal-listen "0.0.0.0:7233": the embedded frontend has no authentication and listens on loopback only (127.0.0.1 or [::1]); run a Temporal cluster for more`}},
		{addr: "10.0.0.5:7233", want: parsed{Err: `--temporal-listen "10.0.0.5:7233": the embedded frontend has no authentication and listens on loopback only (127.0.0.1 or [::1]); run a Temporal cluster for more`}},
		{addr: "127.0.0.1", want: parsed{Err: `--temporal-listen "127.0.0.1": want host:port, e.g. 127.0.0.1:7233: address 127.0.0.1: missing port in address`}},
		{addr: "127.0.0.1:0", want: parsed{Err: `--temporal-listen "127.0.0.1:0": port must be 1 to 65535`}},
		{addr: "127.0.0.1:http", want: parsed{Err: `--temporal-listen "127.0.0.1:http": port must be 1 to 65535`}},
		{addr: "127.0.0.1:7233", remote: "temporal.example:7233", want: parsed{Err: `--temporal-listen "127.0.0.1:7233": the embedded server listens there, and --temporal-address "temporal.example:7233" replaces it; give one of them`}},
	} {
		host, port, err := parseTemporalListen(tc.addr, tc.remote)
		got := parsed{Host: host, Port: port}
		if err != nil {
			got.Err = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parseTemporalListen(%q, %q) (-want +got):\n%s", tc.addr, tc.remote, diff)
		}
	}
}

// TestTemporalListen starts the daemon with its embedded frontend on a
// fixed address and, with a plain SDK client dialled there as the Temporal
// CLI dials it, finds a ticket opened through the API by its search
// attributes.
func TestTemporalListen(t *testing.T) {
	addr := freeAddr(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Config: exampleCopy(t), DataDir: dir, HTTPAddr: "127.0.0.1:0", TemporalListen: addr},
		slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop(context.Background())
	if got := d.server.FrontendAddress(); got != addr {
		t.Fatalf("frontend on %s, want %s", got, addr)
	}
	ops := clientsOf(t, d, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	id := openTicket(t, ops, "vip-refund-complaint")

	c, err := client.Dial(client.Options{HostPort: addr, Namespace: "default"})
	if err != nil {
		t.Fatalf("dial the frontend at %s: %v", addr, err)
	}
	defer c.Close()
	query := fmt.Sprintf("TicketId = '%s' AND TicketStatus = 'open'", id)
	var ids []string
	for range 50 { // visibility trails the start by a moment
		resp, lerr := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		if lerr != nil {
			t.Fatalf("list %q: %v", query, lerr)
		}
		ids = ids[:0]
		for _, info := range resp.GetExecutions() {
			ids = append(ids, info.GetExecution().GetWorkflowId())
		}
		if len(ids) > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if want := []string{ticketwf.WorkflowID(id)}; !cmp.Equal(want, ids) {
		t.Errorf("workflows of %q on %s: %v, want %v", query, addr, ids, want)
	}
}
