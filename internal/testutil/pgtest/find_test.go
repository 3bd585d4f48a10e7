package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFindBin: the programs are found on PATH or in the newest complete
// installed version; none is an error that says how to install them.
func TestFindBin(t *testing.T) {
	root := t.TempDir()
	install := func(dir string, programs ...string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range programs {
			if err := os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	all := []string{"initdb", "pg_ctl", "postgres"}
	v9 := install(filepath.Join(root, "lib", "9", "bin"), all...)
	v15 := install(filepath.Join(root, "lib", "15", "bin"), all...)
	install(filepath.Join(root, "lib", "16", "bin"), "initdb", "pg_ctl") // no postgres
	onPath := install(filepath.Join(root, "path"), all...)
	noPath := func(string) (string, error) { return "", errors.New("not found") }
	pattern := filepath.Join(root, "lib", "*", "bin")

	tests := map[string]struct {
		lookPath func(string) (string, error)
		pattern  string
		want     string
		wantErr  string
	}{
		"on PATH first":              {func(p string) (string, error) { return filepath.Join(onPath, p), nil }, pattern, onPath, ""},
		"newest complete installed":  {noPath, pattern, v15, ""},
		"only an old one":            {noPath, filepath.Join(root, "lib", "9", "bin"), v9, ""},
		"incomplete on PATH skipped": {func(string) (string, error) { return filepath.Join(root, "lib", "16", "bin", "initdb"), nil }, pattern, v15, ""},
		"none":                       {noPath, filepath.Join(root, "nothing", "*"), "", NotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := findBinIn(tc.lookPath, tc.pattern)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff([2]string{tc.want, tc.wantErr}, [2]string{got, gotErr}); diff != "" {
				t.Errorf("findBinIn() (-want +got):\n%s", diff)
			}
		})
	}
}
