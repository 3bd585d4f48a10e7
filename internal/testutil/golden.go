package testutil

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// UpdateEnv is the environment variable that refreshes goldens and
// testscript expectations instead of checking them:
// SUPPORTOPS_UPDATE=1 go test ./...
const UpdateEnv = "SUPPORTOPS_UPDATE"

// Updating reports whether this run rewrites goldens (UpdateEnv is set).
func Updating() bool { return os.Getenv(UpdateEnv) != "" }

// Golden compares got with the file at path, or, when Updating, writes it
// there (creating its directory).
func Golden(t testing.TB, path, got string) {
	t.Helper()
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("create golden directory: %v", err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("write golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (%s=1 writes it): %v", UpdateEnv, err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// GoldenJSON compares v, as indented JSON ending in a newline, with the file
// at path, as Golden does.
func GoldenJSON(t testing.TB, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal golden value: %v", err)
	}
	Golden(t, path, string(got)+"\n")
}
