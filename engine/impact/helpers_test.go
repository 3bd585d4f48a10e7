package impact

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/policy"
)

// The example the tests change, and its month of history.
const (
	exampleDir  = "../../examples/acme-shop"
	historyFile = exampleDir + "/history/2026-11.jsonl.gz"
)

// copyExample copies acme-shop to a temporary directory.
func copyExample(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(exampleDir)); err != nil {
		t.Fatalf("copy example: %v", err)
	}
	return dir
}

// edit replaces the one occurrence of old in dir's file by new.
func edit(t testing.TB, dir, file, old, new string) {
	t.Helper()
	path := filepath.Join(dir, file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", file, old, n)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeFile writes content to dir's file, creating its directory.
func writeFile(t testing.TB, dir, file, content string) {
	t.Helper()
	path := filepath.Join(dir, file)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// openBundle opens the configuration in dir.
func openBundle(t testing.TB, dir string) *bundle.Bundle {
	t.Helper()
	b, err := bundle.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return b
}

// compare runs every record of recs through a Comparer of base and head.
func compare(t testing.TB, base, head *bundle.Bundle, opts Options, recs ...history.Record) Result {
	t.Helper()
	c, err := New(context.Background(), base, head, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := c.Add(context.Background(), &recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c.Result()
}

// errStop ends a history read early.
var errStop = errors.New("enough records")

// compareHistory runs the first limit records of the example history
// (all for limit 0) through a Comparer of base and head.
func compareHistory(t testing.TB, base, head *bundle.Bundle, limit int) Result {
	t.Helper()
	f, err := os.Open(historyFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := New(context.Background(), base, head, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = history.Each(historyFile, f, func(r *history.Record) error {
		if limit > 0 && n == limit {
			return errStop
		}
		n++
		return c.Add(context.Background(), r)
	})
	if err != nil && !errors.Is(err, errStop) {
		t.Fatal(err)
	}
	return c.Result()
}

// berlin is the zone of acme-shop's calendars.
func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(t time.Time) *time.Time { return &t }

// defaultRouting is the text of the default routing policy.
func defaultRouting() (string, error) {
	mods, err := policy.Defaults()
	if err != nil {
		return "", err
	}
	for _, m := range mods {
		if m.Path == "routing/routing.rego" {
			return string(m.Source), nil
		}
	}
	return "", errors.New("no default routing/routing.rego")
}
