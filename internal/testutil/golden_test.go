package testutil_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/internal/testutil"
)

// recorder is a testing.TB that keeps what a helper reports; Fatalf stops
// the helper as the testing package does, by ending its goroutine.
type recorder struct {
	testing.TB
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic(r)
}

// run calls f with a recorder and returns what it reported.
func run(t *testing.T, f func(testing.TB)) *recorder {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		f(r)
	}()
	return r
}

func TestGolden(t *testing.T) {
	same := testutil.TempFile(t, "same.golden", "a\nb\n")
	dir := filepath.Dir(same)
	tests := map[string]struct {
		reason    string
		path, got string
		wantError string // a prefix
		wantFatal string // a prefix
	}{
		"equal": {
			reason: "a file equal to the output passes",
			path:   same, got: "a\nb\n",
		},
		"different": {
			reason: "a difference is an error naming the file, with the diff",
			path:   same, got: "a\nc\n",
			wantError: same + " (-want +got):",
		},
		"missing": {
			reason: "a missing golden stops the test and says how to write it",
			path:   filepath.Join(dir, "missing.golden"), got: "x",
			wantFatal: "read golden file (SUPPORTOPS_UPDATE=1 writes it): ",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv(testutil.UpdateEnv, "")
			r := run(t, func(tb testing.TB) { testutil.Golden(tb, tc.path, tc.got) })
			if got := strings.Join(r.errors, "\n"); !strings.HasPrefix(got, tc.wantError) || (tc.wantError == "") != (got == "") {
				t.Errorf("%s\nerrors = %q, want prefix %q", tc.reason, got, tc.wantError)
			}
			if !strings.HasPrefix(r.fatal, tc.wantFatal) || (tc.wantFatal == "") != (r.fatal == "") {
				t.Errorf("%s\nfatal = %q, want prefix %q", tc.reason, r.fatal, tc.wantFatal)
			}
		})
	}
}

func TestGoldenUpdate(t *testing.T) {
	t.Setenv(testutil.UpdateEnv, "1")
	path := filepath.Join(t.TempDir(), "new", "value.json")
	r := run(t, func(tb testing.TB) { testutil.GoldenJSON(tb, path, map[string]int{"a": 1}) })
	if r.fatal != "" || len(r.errors) > 0 {
		t.Fatalf("GoldenJSON while updating reported %q %q", r.fatal, r.errors)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("{\n  \"a\": 1\n}\n", string(got)); diff != "" {
		t.Errorf("written golden (-want +got):\n%s", diff)
	}
}
