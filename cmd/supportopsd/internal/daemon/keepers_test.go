package daemon

import (
	"strings"
	"testing"
)

// keeperKinds give two daemons' keepers of one store: two runs of one
// data directory, or two replicas (two pgstate.DB) of one database.
var keeperKinds = map[string]func(t *testing.T) [2]keeper{
	"dir": func(t *testing.T) [2]keeper {
		keep := t.TempDir()
		return [2]keeper{dirKeeper(keep), dirKeeper(keep)}
	},
	"postgres": func(t *testing.T) [2]keeper {
		dsn := newPostgresDSN(t)
		return [2]keeper{pgKeeper{versions: openTestState(t, dsn).Versions()}, pgKeeper{versions: openTestState(t, dsn).Versions()}}
	},
}

// TestKeptVersionsReopen: a version one daemon loaded (its CUE files and
// its own policies) is opened by another that never loaded it, whose
// configuration directory is empty (a replica with an empty data
// directory, in PostgreSQL), under the same version and hash; a version
// nobody kept is an error that says so.
func TestKeptVersionsReopen(t *testing.T) {
	for kind, open := range keeperKinds {
		t.Run(kind, func(t *testing.T) {
			k := open(t)
			cfgDir := exampleCopy(t)
			writePolicy(t, cfgDir, "extra/extra.rego", "package supportops.extra\n\nimport rego.v1\n\nkept := true\n")
			loader := newKeptSnapshots(cfgDir, k[0])
			id, err := loader.load(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			_, want, _ := loader.Current()
			// Loaded again: kept once, nothing changes.
			if _, err = loader.load(t.Context()); err != nil {
				t.Fatal(err)
			}

			other := newKeptSnapshots(t.TempDir(), k[1])
			snap, eng, err := other.Snapshot(t.Context(), id)
			if err != nil {
				t.Fatalf("open version %s on the other daemon: %v", id, err)
			}
			if snap.Hash != want.Hash || eng == nil {
				t.Errorf("version %s reopened with hash %s (engine %v), want hash %s", id, snap.Hash, eng != nil, want.Hash)
			}
			if _, _, err = other.Snapshot(t.Context(), "0123456789abcdef0123456789abcdef"); err == nil || !strings.Contains(err.Error(), "neither loaded nor kept") {
				t.Errorf("open a version nobody kept: %v, want it neither loaded nor kept", err)
			}
		})
	}
}
