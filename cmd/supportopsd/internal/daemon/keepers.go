package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/supportops/supportops/engine/pgstate"
)

// dirKeeper keeps each configuration version in a directory of its own,
// <dir>/<id>, in the data directory: one daemon's, across its restarts.
type dirKeeper string

// save writes files to <dir>/<id> through a temporary directory, once.
func (k dirKeeper) save(_ context.Context, id string, files map[string][]byte) error {
	dst := filepath.Join(string(k), id)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	tmp, err := os.MkdirTemp(string(k), ".tmp-"+id)
	if err != nil {
		return fmt.Errorf("keep configuration version %s: %w", id, err)
	}
	defer os.RemoveAll(tmp)
	if err := writeFiles(tmp, files); err != nil {
		return fmt.Errorf("keep configuration version %s: %w", id, err)
	}
	if err := os.Rename(tmp, dst); err != nil && !os.IsExist(err) {
		return fmt.Errorf("keep configuration version %s: %w", id, err)
	}
	return nil
}

// files reads the files kept in <dir>/<id>.
func (k dirKeeper) files(_ context.Context, id string) (map[string][]byte, error) {
	dir := filepath.Join(string(k), id)
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("configuration version %s is neither loaded nor kept in %s", id, string(k))
	}
	files, err := configFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("read kept configuration version %s: %w", id, err)
	}
	return files, nil
}

// pgKeeper keeps the configuration versions in the database replicas
// share, so that any replica runs a ticket under the version another one
// loaded.
type pgKeeper struct {
	versions *pgstate.Versions
}

// save keeps files in the database.
func (k pgKeeper) save(ctx context.Context, id string, files map[string][]byte) error {
	return k.versions.Save(ctx, id, files)
}

// files reads the files kept in the database.
func (k pgKeeper) files(ctx context.Context, id string) (map[string][]byte, error) {
	files, err := k.versions.Files(ctx, id)
	if errors.Is(err, pgstate.ErrVersionNotFound) {
		return nil, fmt.Errorf("configuration version %s is neither loaded nor kept in the shared database: %w", id, err)
	}
	return files, err
}
