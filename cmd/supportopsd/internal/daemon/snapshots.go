package daemon

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/policy"
)

// version is one loaded configuration with its policy engine.
type version struct {
	snap *config.Snapshot
	eng  *policy.Engine
}

// snapshots holds the configuration versions of this run: the current one,
// which new tickets start with, and every earlier one, which the tickets
// started with it keep.
type snapshots struct {
	dir string

	mu       sync.RWMutex
	current  string
	versions map[string]version
}

func newSnapshots(dir string) *snapshots {
	return &snapshots{dir: dir, versions: map[string]version{}}
}

// load loads, validates and compiles the configuration directory and makes
// it current. An invalid configuration is refused and the current one stays.
func (s *snapshots) load(ctx context.Context) (string, error) {
	l, err := config.NewLoader()
	if err != nil {
		return "", fmt.Errorf("prepare configuration loader: %w", err)
	}
	snap, err := l.Load(ctx, s.dir)
	if err != nil {
		return "", fmt.Errorf("load configuration %s: %w", s.dir, err)
	}
	mods, err := policy.Modules(filepath.Join(s.dir, "policies"))
	if err != nil {
		return "", fmt.Errorf("read policies of %s: %w", s.dir, err)
	}
	eng, err := policy.New(ctx, snap.Config, mods)
	if err != nil {
		return "", fmt.Errorf("compile policies of %s: %w", s.dir, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions[snap.Hash] = version{snap: snap, eng: eng}
	s.current = snap.Hash
	return snap.Hash, nil
}

// Snapshot implements the ticket workflow's access to configuration.
func (s *snapshots) Snapshot(_ context.Context, hash string) (*config.Snapshot, *policy.Engine, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.versions[hash]
	if !ok {
		return nil, nil, fmt.Errorf("configuration version %s is not loaded in this daemon", hash)
	}
	return v.snap, v.eng, nil
}

// Current is the current version.
func (s *snapshots) Current() (string, *config.Snapshot, *policy.Engine) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v := s.versions[s.current]
	return s.current, v.snap, v.eng
}

// Authorize decides an API request with the current authz policy.
func (s *snapshots) Authorize(ctx context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	_, _, eng := s.Current()
	return eng.Authorize(ctx, req)
}

// TeamOf is the team of a queue in the current configuration.
func (s *snapshots) TeamOf(queue string) string {
	_, snap, _ := s.Current()
	return snap.Config.Queues[queue].Team
}
