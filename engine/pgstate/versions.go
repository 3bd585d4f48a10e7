package pgstate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"github.com/supportops/supportops/engine/pgtx"
)

// ErrVersionNotFound is returned, wrapped, by Versions.Files for a
// configuration version that was never saved.
var ErrVersionNotFound = errors.New("configuration version not saved")

// Versions keeps the files of every configuration version loaded by any
// replica, so that each replica runs every ticket under the version it
// started with: each file once by its SHA-256 in config_blobs (versions
// share most of their files), each version as the map of its files'
// relative paths to their hashes in config_versions.
type Versions struct {
	db *DB
}

// Versions returns the configuration versions kept in the database.
func (d *DB) Versions() *Versions { return &Versions{db: d} }

// Save keeps files (relative, slash-separated path → content) as
// version, in one transaction. Saving a version again, with the same
// files, changes nothing; with other files it is an error, as a version
// names its content.
func (v *Versions) Save(ctx context.Context, version string, files map[string][]byte) error {
	if err := checkVersion(version, files); err != nil {
		return fmt.Errorf("save configuration version %s: %w", version, err)
	}
	paths := slices.Sorted(maps.Keys(files))
	index := make(map[string]string, len(files))
	var sums []string
	var data [][]byte
	for _, p := range paths {
		sum := sha256.Sum256(files[p])
		h := hex.EncodeToString(sum[:])
		index[p] = h
		if !slices.Contains(sums, h) {
			sums, data = append(sums, h), append(data, files[p])
		}
	}
	doc, err := json.Marshal(index)
	if err != nil {
		return fmt.Errorf("save configuration version %s: %w", version, err)
	}
	err = pgtx.Retry(ctx, func() error {
		return v.db.inTx(ctx, func(tx *sql.Tx) error {
			// Blobs in hash order, so two savers lock them in one order.
			if _, xerr := tx.ExecContext(ctx, `INSERT INTO config_blobs (sha256, data)
				SELECT * FROM unnest($1::text[], $2::bytea[]) ORDER BY 1 ON CONFLICT (sha256) DO NOTHING`, sums, data); xerr != nil {
				return fmt.Errorf("store the files: %w", xerr)
			}
			if _, xerr := tx.ExecContext(ctx, `INSERT INTO config_versions (version, files) VALUES ($1, $2::jsonb)
				ON CONFLICT (version) DO NOTHING`, version, string(doc)); xerr != nil {
				return fmt.Errorf("store the version: %w", xerr)
			}
			stored, xerr := readIndex(ctx, tx, version)
			if xerr != nil {
				return xerr
			}
			if !maps.Equal(stored, index) {
				return fmt.Errorf("the version is saved with other files (%d, now %d)", len(stored), len(index))
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("save configuration version %s: %w", version, err)
	}
	return nil
}

// Files returns the files of version as Save was given them; a version
// never saved is an error wrapping ErrVersionNotFound.
func (v *Versions) Files(ctx context.Context, version string) (map[string][]byte, error) {
	var files map[string][]byte
	err := pgtx.Retry(ctx, func() error {
		return v.db.inTx(ctx, func(tx *sql.Tx) error {
			index, err := readIndex(ctx, tx, version)
			if err != nil {
				return err
			}
			blobs, err := readBlobs(ctx, tx, slices.Collect(maps.Values(index)))
			if err != nil {
				return err
			}
			files = make(map[string][]byte, len(index))
			for p, h := range index {
				b, ok := blobs[h]
				if !ok {
					return fmt.Errorf("file %s (sha256 %s) is missing", p, h)
				}
				files[p] = b
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read configuration version %s: %w", version, err)
	}
	return files, nil
}

// readIndex reads the paths and hashes of version's files.
func readIndex(ctx context.Context, tx *sql.Tx, version string) (map[string]string, error) {
	var doc []byte
	err := tx.QueryRowContext(ctx, "SELECT files FROM config_versions WHERE version = $1", version).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrVersionNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read the version's files: %w", err)
	}
	var index map[string]string
	if err = json.Unmarshal(doc, &index); err != nil {
		return nil, fmt.Errorf("decode the version's files: %w", err)
	}
	return index, nil
}

// readBlobs reads the files of the given hashes, checking each against
// its hash.
func readBlobs(ctx context.Context, tx *sql.Tx, sums []string) (map[string][]byte, error) {
	rows, err := tx.QueryContext(ctx, "SELECT sha256, data FROM config_blobs WHERE sha256 = ANY($1)", sums)
	if err != nil {
		return nil, fmt.Errorf("read the files: %w", err)
	}
	defer rows.Close()
	out := make(map[string][]byte, len(sums))
	for rows.Next() {
		var h string
		var b []byte
		if err = rows.Scan(&h, &b); err != nil {
			return nil, fmt.Errorf("read the files: %w", err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != h {
			return nil, fmt.Errorf("read the files: the file stored as sha256 %s has another hash", h)
		}
		out[h] = b
	}
	if err = rows.Err(); err != nil {
		return nil, fmt.Errorf("read the files: %w", err)
	}
	return out, nil
}

// checkVersion checks a version to save: a name, at least one file, and
// only relative, slash-separated paths without "." or ".." elements.
func checkVersion(version string, files map[string][]byte) error {
	if version == "" {
		return errors.New("the version is empty")
	}
	if len(files) == 0 {
		return errors.New("no files")
	}
	for p := range files {
		if !fs.ValidPath(p) || p == "." {
			return fmt.Errorf("path %q is not relative and slash-separated", p)
		}
	}
	return nil
}
