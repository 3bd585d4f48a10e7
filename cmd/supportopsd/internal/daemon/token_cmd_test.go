package daemon

import (
	"bytes"
	"errors"
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
	if diff := cmp.Diff("supportopsd: token add: --data-dir (or --events-dsn), --principal and --roles are required\n", errs.String()); diff != "" {
		t.Errorf("token add without --data-dir (-want +got):\n%s", diff)
	}
}

// TestRunTokenCommandsOnDatabase: with --events-dsn (or
// SUPPORTOPS_EVENTS_DSN) `token add` keeps the token in the database
// replicas share, where another store and a daemon's authenticator find
// it, and not in the data directory; `token list` shows it, `token
// revoke` removes it and it stops working at once.
func TestRunTokenCommandsOnDatabase(t *testing.T) {
	dsn := newPostgresDSN(t)
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if code := Run(t.Context(), args, &out, &errs); code != exitOK {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errs.String())
		}
		return out.String()
	}
	out := run("token", "add", "--events-dsn", dsn, "--data-dir", dir, "--principal", "julia-wagner", "--roles", "agent", "--team", "after-sales")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("token add printed:\n%s", out)
	}
	tok := lines[1]
	t.Setenv("SUPPORTOPS_EVENTS_DSN", dsn)
	run("token", "add", "--principal", "ops", "--roles", "ops_admin")

	// Another replica's authenticator, with a token-hashes list besides.
	_, entry, err := auth.NewHashEntry(policy.Principal{ID: "crm-sync", Roles: []string{"integration"}})
	if err != nil {
		t.Fatal(err)
	}
	replica, err := openTokens(openTestState(t, dsn), filepath.Join(dir, auth.TokensFile), entry.String())
	if err != nil {
		t.Fatal(err)
	}
	got, err := replica.Authenticate(tok)
	if err != nil {
		t.Fatalf("authenticate the token added to the database: %v", err)
	}
	want := policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("principal (-want +got):\n%s", diff)
	}
	file, err := auth.Open(filepath.Join(dir, auth.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	if entries, lerr := file.List(); lerr != nil || len(entries) != 0 {
		t.Errorf("the data directory's token file holds %v (%v), want nothing", entries, lerr)
	}

	list := run("token", "list")
	for _, want := range []string{"PRINCIPAL", "julia-wagner  agent", "after-sales", "ops", "ops_admin"} {
		if !strings.Contains(list, want) {
			t.Errorf("token list lacks %q:\n%s", want, list)
		}
	}
	if diff := cmp.Diff("revoked 1 tokens of julia-wagner\n", run("token", "revoke", "--principal", "julia-wagner")); diff != "" {
		t.Errorf("token revoke (-want +got):\n%s", diff)
	}
	if _, err := replica.Authenticate(tok); !errors.Is(err, auth.ErrUnknownToken) {
		t.Errorf("authenticate the revoked token: %v, want %v", err, auth.ErrUnknownToken)
	}
	if list = run("token", "list"); strings.Contains(list, "julia-wagner") {
		t.Errorf("token list after the revoke:\n%s", list)
	}
}
