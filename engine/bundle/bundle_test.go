package bundle_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/diag"
)

const example = "../../examples/acme-shop"

// copyExample copies the CUE files of the example into a new directory.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, err := filepath.Glob(filepath.Join(example, "*.cue"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The version is persisted by daemons: it is pinned here as computed
// before the bundle existed, from the files' hash and the policies.
func TestOpenVersion(t *testing.T) {
	b, err := bundle.Open(t.Context(), example)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	h.Write([]byte("config\x00" + b.Snapshot.Hash + "\x00"))
	for _, m := range b.Modules {
		h.Write([]byte(m.Path + "\x00" + strconv.Itoa(len(m.Source)) + "\x00"))
		h.Write(m.Source)
	}
	if want := hex.EncodeToString(h.Sum(nil))[:32]; b.Version != want {
		t.Errorf("version %s, want %s", b.Version, want)
	}
	if b.Engine == nil || len(b.Snapshot.Plans) != len(b.Snapshot.Config.EmergencyPlans) {
		t.Errorf("engine %v, %d plans compiled of %d", b.Engine, len(b.Snapshot.Plans), len(b.Snapshot.Config.EmergencyPlans))
	}
	ds, err := b.Check(t.Context())
	if err != nil || len(ds) > 0 {
		t.Errorf("Check: %v, %v", ds, err)
	}
}

// A policy of the configuration's own changes the version, not the
// files' hash.
func TestVersionCoversPolicies(t *testing.T) {
	dir := copyExample(t)
	before, err := bundle.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, bundle.PolicyDir, "extra")
	if err = os.MkdirAll(own, 0o700); err != nil {
		t.Fatal(err)
	}
	if err = os.WriteFile(filepath.Join(own, "extra.rego"), []byte("package extra\n\nimport rego.v1\n\nok := true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	after, err := bundle.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if after.Snapshot.Hash != before.Snapshot.Hash || after.Version == before.Version {
		t.Errorf("files' hash %s -> %s, version %s -> %s; want the same hash, a new version",
			before.Snapshot.Hash, after.Snapshot.Hash, before.Version, after.Version)
	}
}

func TestOpenErrors(t *testing.T) {
	badPolicy := copyExample(t)
	if err := os.MkdirAll(filepath.Join(badPolicy, bundle.PolicyDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(badPolicy, bundle.PolicyDir, "broken.rego"), []byte("package broken\n\nnot rego\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	invalid := t.TempDir()
	if err := os.WriteFile(filepath.Join(invalid, "a.cue"), []byte("package supportops\n\nteams: x: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		dir        string
		wantStage  bundle.Stage
		wantPrefix string
		wantDiags  bool
		reason     string
	}{
		"missing": {dir: filepath.Join(t.TempDir(), "nope"), wantStage: bundle.StageLoad, wantPrefix: "load configuration ",
			reason: "supportopsd refuses to start on a configuration it cannot load, by this wording"},
		"invalid": {dir: invalid, wantStage: bundle.StageLoad, wantPrefix: "load configuration ", wantDiags: true,
			reason: "an invalid configuration is its diagnostics"},
		"bad policy": {dir: badPolicy, wantStage: bundle.StageCompilePolicies, wantPrefix: "compile policies of ", wantDiags: true,
			reason: "a policy that does not compile is its diagnostics, at the compile stage"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := bundle.Open(t.Context(), tt.dir)
			be, ok := errors.AsType[*bundle.Error](err)
			if !ok {
				t.Fatalf("error %v, want a *bundle.Error", err)
			}
			_, isDiags := errors.AsType[diag.Diagnostics](bundle.Cause(err))
			got := struct {
				Stage  bundle.Stage
				Prefix bool
				Diags  bool
			}{be.Stage, strings.HasPrefix(err.Error(), tt.wantPrefix), isDiags}
			want := struct {
				Stage  bundle.Stage
				Prefix bool
				Diags  bool
			}{tt.wantStage, true, tt.wantDiags}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: %v (-want +got):\n%s", tt.reason, err, diff)
			}
		})
	}
}
