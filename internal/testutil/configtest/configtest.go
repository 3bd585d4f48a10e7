// Package configtest loads the configurations tests run on: an example
// validated as the CLI and the daemon load it, and the default policies
// compiled against it.
package configtest

import (
	"context"
	"testing"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
)

// Load loads and validates the configuration in dir; an error ends the
// test.
func Load(t testing.TB, dir string) *config.Snapshot {
	t.Helper()
	l, err := config.NewLoader()
	if err != nil {
		t.Fatalf("prepare loader: %v", err)
	}
	snap, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	return snap
}

// Defaults returns the default policy modules followed by extra; an error
// ends the test.
func Defaults(t testing.TB, extra ...policy.Module) []policy.Module {
	t.Helper()
	mods, err := policy.Defaults()
	if err != nil {
		t.Fatalf("read default policies: %v", err)
	}
	return append(mods, extra...)
}

// DefaultEngine compiles the default policies against cfg; an error ends
// the test.
func DefaultEngine(t testing.TB, cfg *model.Config) *policy.Engine {
	t.Helper()
	eng, err := policy.New(context.Background(), cfg, Defaults(t))
	if err != nil {
		t.Fatalf("compile default policies: %v", err)
	}
	return eng
}
