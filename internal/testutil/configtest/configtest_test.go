package configtest_test

import (
	"testing"

	"github.com/supportops/supportops/internal/testutil/configtest"
)

func TestLoadExample(t *testing.T) {
	snap := configtest.Load(t, "../../../examples/acme-shop")
	if snap.Hash == "" || len(snap.Config.Agents) == 0 {
		t.Fatalf("Load(acme-shop) = hash %q with %d agents, want a hash and agents", snap.Hash, len(snap.Config.Agents))
	}
	if eng := configtest.DefaultEngine(t, snap.Config); eng == nil {
		t.Fatal("DefaultEngine(acme-shop) = nil")
	}
}
