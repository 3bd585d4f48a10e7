package daemon

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/policy"
)

// writePolicy writes a policy file into the configuration dir's policies.
func writePolicy(t *testing.T, dir, path, src string) {
	t.Helper()
	p := filepath.Join(dir, "policies", path)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestReloadRefusesRunTimeConflict: a policy that compiles but fails at
// run time on a generated input (eval_conflict_error) is refused by a
// reload, which names the decision and the input; the running version
// stays (defect 9).
func TestReloadRefusesRunTimeConflict(t *testing.T) {
	ctx := context.Background()
	cfgDir := exampleCopy(t)
	s := newSnapshots(cfgDir, t.TempDir())
	running, err := s.load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	writePolicy(t, cfgDir, "authz/reload_freeze.rego", `package supportops.authz

import rego.v1

freeze := "incident" if input.action == "config.reload"

freeze := "change window" if {
	input.action == "config.reload"
	"ops_admin" in input.principal.roles
}

decision := {"allow": false, "reasons": ["frozen"]} if freeze == "never"
`)
	_, err = s.load(ctx)
	for _, want := range []string{"data.supportops.authz.decision fails at run time", "eval_conflict_error", `"action":"config.reload"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("reload of the conflicting policy: %v; want an error with %q", err, want)
		}
	}
	if current, _, _ := s.Current(); current != running {
		t.Errorf("after the refused reload: running %s, want %s", current, running)
	}
}

// TestReloadReachableWhenAuthzFails: should the configuration's authz
// policy fail on a request the checks did not foresee, config.reload is
// decided by the default policy (so an ops admin can load a fix) and any
// other action fails (and the API denies it).
func TestReloadReachableWhenAuthzFails(t *testing.T) {
	ctx := context.Background()
	cfgDir := exampleCopy(t)
	// Fails only for the principal "root", whom no generated input names.
	writePolicy(t, cfgDir, "authz/root.rego", `package supportops.authz

import rego.v1

root := 1 if input.principal.id == "root"

root := 2 if input.principal.id == "root"

decision := {"allow": false, "reasons": ["never"]} if root == 3
`)
	s := newSnapshots(cfgDir, t.TempDir())
	if _, err := s.load(ctx); err != nil {
		t.Fatal(err)
	}
	root := policy.Principal{ID: "root", Roles: []string{"ops_admin"}}
	d, err := s.Authorize(ctx, policy.APIRequest{Principal: root, Action: access.ActionConfigReload})
	if err != nil {
		t.Fatalf("authorize config.reload: %v", err)
	}
	if !d.Allow || len(d.Reasons) != 2 || !strings.HasPrefix(d.Reasons[0], "decided by the default authz policy: the configuration's failed: ") {
		t.Errorf("config.reload: %+v, want allowed by the default policy, saying so", d)
	}
	if diff := cmp.Diff("role ops_admin grants root config.reload", d.Reasons[len(d.Reasons)-1]); diff != "" {
		t.Errorf("last reason (-want +got):\n%s", diff)
	}
	if _, err := s.Authorize(ctx, policy.APIRequest{Principal: root, Action: access.ActionTicketsList}); err == nil || !strings.Contains(err.Error(), "eval_conflict_error") {
		t.Errorf("tickets.list: %v, want the policy's eval_conflict_error", err)
	}
}
