package daemon

import (
	"bytes"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestSetup prepares a namespace the cluster does not have on a real
// Temporal server: registered with the retention asked for and given
// every ticket search attribute; a second run changes nothing and says
// so. Without a frontend it is a usage error.
func TestSetup(t *testing.T) {
	srv, c := embeddedClient(t.Context(), t, embedded.Options{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Run(t.Context(), append([]string{"setup"}, args...), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	attrs := strings.Join(slices.Sorted(maps.Keys(ticketwf.SearchAttributes())), ", ")
	args := []string{"--temporal-address", srv.FrontendAddress(), "--namespace", "support", "--retention", "168h"}

	code, out, errs := run(args...)
	want := "namespace support registered, retention 168h0m0s\nsearch attributes of namespace support: " + attrs + "\n"
	if diff := cmp.Diff(want, out); code != exitOK || diff != "" {
		t.Fatalf("first setup: exit %d, stderr %q, stdout (-want +got):\n%s", code, errs, diff)
	}
	ns, err := c.WorkflowService().DescribeNamespace(t.Context(), &workflowservice.DescribeNamespaceRequest{Namespace: "support"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ns.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(); got != 168*time.Hour {
		t.Errorf("retention %v, want 168h", got)
	}
	have, err := c.OperatorService().ListSearchAttributes(t.Context(), &operatorservice.ListSearchAttributesRequest{Namespace: "support"})
	if err != nil {
		t.Fatal(err)
	}
	for name, typ := range ticketwf.SearchAttributes() {
		if got := have.GetCustomAttributes()[name]; got != typ {
			t.Errorf("search attribute %s: %v, want %v", name, got, typ)
		}
	}

	code, out, errs = run(args...)
	want = "namespace support exists\nsearch attributes of namespace support: " + attrs + "\n"
	if diff := cmp.Diff(want, out); code != exitOK || diff != "" {
		t.Errorf("second setup: exit %d, stderr %q, stdout (-want +got):\n%s", code, errs, diff)
	}

	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no frontend": {nil, "supportopsd: setup: --temporal-address is required (the embedded server needs no setup)\n"},
		"short retention": {[]string{"--temporal-address", srv.FrontendAddress(), "--retention", "1h"},
			"supportopsd: setup: --retention 1h0m0s: Temporal keeps closed histories for at least 24h\n"},
	} {
		if code, _, errs := run(tc.args...); code != exitError || errs != tc.want {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", name, code, errs, exitError, tc.want)
		}
	}
}
