package daemon

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

// TestRunTokenAdd adds a token with `token add` from flags and the
// environment, and finds its principal in the token store; without a
// required setting it exits 2 naming them.
func TestRunTokenAdd(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SUPPORTOPS_TEAM", "after-sales")
	var out, errs bytes.Buffer
	args := []string{"token", "add", "--data-dir", dir, "--principal", "julia-wagner", "--roles", "agent, supervisor,"}
	if code := Run(t.Context(), args, &out, &errs); code != exitOK {
		t.Fatalf("token add: exit %d: %s", code, errs.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "token for julia-wagner (agent, supervisor), shown once:" {
		t.Fatalf("token add printed:\n%s", out.String())
	}
	store, err := auth.Open(filepath.Join(dir, auth.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Authenticate(lines[1])
	if err != nil {
		t.Fatalf("authenticate the new token: %v", err)
	}
	want := policy.Principal{ID: "julia-wagner", Roles: []string{"agent", "supervisor"}, Team: "after-sales"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("principal of the new token (-want +got):\n%s", diff)
	}

	errs.Reset()
	if code := Run(t.Context(), []string{"token", "add", "--principal", "ops"}, &out, &errs); code != exitError {
		t.Errorf("token add without --data-dir: exit %d, want %d", code, exitError)
	}
	if diff := cmp.Diff("supportopsd: token add: --data-dir, --principal and --roles are required\n", errs.String()); diff != "" {
		t.Errorf("token add without --data-dir (-want +got):\n%s", diff)
	}
}
