package daemon

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
)

// version is one loaded configuration with its policy engine.
type version struct {
	*bundle.Bundle
	// fallback is the engine of the embedded default policies on the
	// same configuration, known good: it decides config.reload when the
	// configuration's authz policy fails at run time, so that an operator
	// can still load a fixed policy. Only the current version has one.
	fallback *policy.Engine
}

// snapshots holds the configuration versions of this run: the current one,
// which new tickets start with, and every earlier one, which the tickets
// started with it keep.
type snapshots struct {
	dir string
	// keep holds a copy of every version loaded, by version, so that a
	// restarted daemon (or, in PostgreSQL, any replica) serves the tickets
	// of versions it no longer has in its configuration directory.
	keep keeper

	mu       sync.RWMutex
	current  string
	versions map[string]version
}

// keeper keeps the files of every configuration version loaded (the
// configuration directory's *.cue files and policies/**/*.rego) and gives
// them back: dirKeeper in the data directory, or pgKeeper in the database
// that replicas share.
type keeper interface {
	// save keeps files (slash-separated paths relative to the
	// configuration directory) as version id; saving again changes
	// nothing.
	save(ctx context.Context, id string, files map[string][]byte) error
	// files gives back the files kept as id.
	files(ctx context.Context, id string) (map[string][]byte, error)
}

// newSnapshots keeps the versions of the configuration in dir under the
// directory keep.
func newSnapshots(dir, keep string) *snapshots {
	return newKeptSnapshots(dir, dirKeeper(keep))
}

// newKeptSnapshots keeps the versions of the configuration in dir with k.
func newKeptSnapshots(dir string, k keeper) *snapshots {
	return &snapshots{dir: dir, keep: k, versions: map[string]version{}}
}

// load loads, validates and compiles the configuration directory, keeps a
// copy of it, and makes it current. An invalid configuration is refused
// and the current one stays.
func (s *snapshots) load(ctx context.Context) (string, error) {
	id, v, err := open(ctx, s.dir)
	if err != nil {
		return "", err
	}
	// Policies that compile can still fail at run time: every decision is
	// evaluated on the fixtures and generated inputs before going live.
	ds, err := v.Check(ctx)
	if err != nil {
		return "", fmt.Errorf("check policies of %s: %w", s.dir, err)
	}
	if len(ds) > 0 {
		return "", fmt.Errorf("check policies of %s: %w", s.dir, ds)
	}
	defaults, err := policy.Defaults()
	if err != nil {
		return "", err
	}
	if v.fallback, err = policy.New(ctx, v.Snapshot.Config, defaults); err != nil {
		return "", fmt.Errorf("compile the default policies for %s: %w", s.dir, err)
	}
	if err := s.save(ctx, id); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions[id] = v
	s.current = id
	return id, nil
}

// open loads and compiles the configuration in dir (bundle.Open).
func open(ctx context.Context, dir string) (string, version, error) {
	b, err := bundle.Open(ctx, dir)
	if err != nil {
		return "", version{}, err
	}
	return b.Version, version{Bundle: b}, nil
}

// save keeps the configuration's CUE files and its own policies as
// version id.
func (s *snapshots) save(ctx context.Context, id string) error {
	files, err := configFiles(s.dir)
	if err != nil {
		return fmt.Errorf("keep configuration version %s: %w", id, err)
	}
	return s.keep.save(ctx, id, files)
}

// Snapshot implements the ticket workflow's access to configuration: a
// version loaded in this run, or one kept from an earlier run (or by
// another replica).
func (s *snapshots) Snapshot(ctx context.Context, id string) (*config.Snapshot, *policy.Engine, error) {
	s.mu.RLock()
	v, ok := s.versions[id]
	s.mu.RUnlock()
	if ok {
		return v.Snapshot, v.Engine, nil
	}
	files, err := s.keep.files(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "supportops-config-"+id+"-")
	if err != nil {
		return nil, nil, fmt.Errorf("reopen kept configuration version %s: %w", id, err)
	}
	defer os.RemoveAll(tmp)
	if err = writeFiles(tmp, files); err != nil {
		return nil, nil, fmt.Errorf("reopen kept configuration version %s: %w", id, err)
	}
	got, v, err := open(ctx, tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("reload kept configuration version %s: %w", id, err)
	}
	if got != id {
		return nil, nil, fmt.Errorf("kept configuration version %s has changed (now %s)", id, got)
	}
	s.mu.Lock()
	s.versions[id] = v
	s.mu.Unlock()
	return v.Snapshot, v.Engine, nil
}

// configFiles reads the files a version keeps: the *.cue files directly in
// dir and the *.rego files under dir/policies, by slash-separated path
// relative to dir (a missing policies directory has none).
func configFiles(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".cue") {
			continue
		}
		if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			return nil, err
		}
	}
	err = filepath.WalkDir(filepath.Join(dir, "policies"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".rego") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return files, nil
}

// writeFiles writes files (slash-separated relative paths) under dir.
func writeFiles(dir string, files map[string][]byte) error {
	for rel, b := range files {
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return fmt.Errorf("kept file %q is not inside the configuration directory", rel)
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// copyFiles copies the files of src directly in it whose names end in ext.
func copyFiles(src, dst, ext string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ext) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// Current is the current version.
func (s *snapshots) Current() (string, *config.Snapshot, *policy.Engine) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v := s.versions[s.current]
	if v.Bundle == nil {
		return s.current, nil, nil
	}
	return s.current, v.Snapshot, v.Engine
}

// Authorize decides an API request with the current authz policy. Should
// that policy fail on config.reload, the default authz policy decides, so
// that ops admins can reload a fixed configuration; the first reason says
// so.
func (s *snapshots) Authorize(ctx context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	s.mu.RLock()
	v := s.versions[s.current]
	s.mu.RUnlock()
	d, err := v.Engine.Authorize(ctx, req)
	if err == nil || req.Action != access.ActionConfigReload || v.fallback == nil {
		return d, err
	}
	fd, ferr := v.fallback.Authorize(ctx, req)
	if ferr != nil {
		return d, err
	}
	fd.Reasons = append([]string{fmt.Sprintf("decided by the default authz policy: the configuration's failed: %v", err)}, fd.Reasons...)
	return fd, nil
}

// TeamOf is the team of a queue in the current configuration.
func (s *snapshots) TeamOf(queue string) string {
	_, snap, _ := s.Current()
	return snap.Config.Queues[queue].Team
}

// Model is the current configuration's model, which intake checks a
// ticket's names against.
func (s *snapshots) Model() *model.Config {
	_, snap, _ := s.Current()
	return snap.Config
}
