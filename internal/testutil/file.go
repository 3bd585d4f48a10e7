package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// TempFile writes content to a file called name in a new temporary
// directory of the test and returns its path.
func TempFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	return path
}
