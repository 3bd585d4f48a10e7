package bundle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/policy"
)

// PolicyDir is where a configuration directory keeps its own policies.
const PolicyDir = "policies"

// versionLen is how many hex digits of the version hash make a version.
const versionLen = 32

// Bundle is a configuration as the daemon runs it and the CLI checks it.
type Bundle struct {
	// Snapshot is the validated configuration, its emergency plans
	// compiled (Snapshot.Plans).
	Snapshot *config.Snapshot
	// Modules are the policies: the defaults overlaid with the
	// configuration's own (policy.Modules).
	Modules []policy.Module
	// Engine is Modules compiled against the configuration.
	Engine *policy.Engine
	// Version identifies the configuration and its policies: a change of
	// either is a new version. Daemons persist it (tickets keep the
	// version they started with), so how it is computed never changes.
	Version string
}

// Open loads and validates the configuration in dir and compiles its
// policies. Its errors are *Error, saying which stage failed; an invalid
// configuration or policy is a diag.Diagnostics within.
func Open(ctx context.Context, dir string) (*Bundle, error) {
	l, err := config.NewLoader()
	if err != nil {
		return nil, &Error{Stage: StagePrepare, Dir: dir, Err: err}
	}
	snap, err := l.Load(ctx, dir)
	if err != nil {
		return nil, &Error{Stage: StageLoad, Dir: dir, Err: err}
	}
	return Compile(ctx, snap)
}

// Compile compiles the policies of a loaded configuration: the defaults
// overlaid with snap.Root/policies. Its errors are *Error.
func Compile(ctx context.Context, snap *config.Snapshot) (*Bundle, error) {
	mods, err := policy.Modules(filepath.Join(snap.Root, PolicyDir))
	if err != nil {
		return nil, &Error{Stage: StageReadPolicies, Dir: snap.Root, Err: err}
	}
	eng, err := policy.New(ctx, snap.Config, mods)
	if err != nil {
		return nil, &Error{Stage: StageCompilePolicies, Dir: snap.Root, Err: err}
	}
	return &Bundle{Snapshot: snap, Modules: mods, Engine: eng, Version: Version(snap.Hash, mods)}, nil
}

// Version is the version of a configuration whose CUE files hash to
// files (config.Snapshot.Hash) with policies mods: the first 32 hex
// digits of the SHA-256 of "config", the files' hash and each module's
// path, length and text, separated by NULs.
func Version(files string, mods []policy.Module) string {
	h := sha256.New()
	fmt.Fprintf(h, "config\x00%s\x00", files)
	for _, m := range mods {
		fmt.Fprintf(h, "%s\x00%d\x00", m.Path, len(m.Source))
		h.Write(m.Source)
	}
	return hex.EncodeToString(h.Sum(nil))[:versionLen]
}

// Check evaluates every decision of the policies on the configuration's
// fixtures and on inputs generated from it (policy.Engine.Check), so that
// a policy that compiles but would fail at run time is refused. The error
// is a failure to read the fixtures; the diagnostics are the decisions
// that failed.
func (b *Bundle) Check(ctx context.Context) (diag.Diagnostics, error) {
	fx, err := policy.ReadFixtures(b.Snapshot.Root)
	if err != nil {
		return nil, err
	}
	return b.Engine.Check(ctx, fx), nil
}
