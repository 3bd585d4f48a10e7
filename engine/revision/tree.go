package revision

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// CheckoutWith is Checkout and, below the directory it writes, each of
// the subdirectories of dir named by trees (e.g. "policies") with all
// their files, as they were at rev; a tree the revision does not have is
// left out. It returns the directory and a function that removes it.
func CheckoutWith(ctx context.Context, dir, rev string, trees ...string) (string, func(), error) {
	tmp, cleanup, err := Checkout(ctx, dir, rev)
	if err != nil {
		return "", nil, err
	}
	for _, tree := range trees {
		if err = checkoutTree(ctx, dir, rev, tree, filepath.Join(tmp, tree)); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	return tmp, cleanup, nil
}

// checkoutTree writes the tree dir/sub at rev into dest; nothing when the
// revision has no such tree.
func checkoutTree(ctx context.Context, dir, rev, sub, dest string) error {
	prefix, err := git(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(dir, sub), rev, err)
	}
	tree := rev + ":" + strings.TrimSpace(prefix) + sub
	// "REV:PATH^{tree}" would read ^{tree} as part of the path: ask the
	// object's type instead.
	if kind, typeErr := git(ctx, dir, "cat-file", "-t", tree); typeErr != nil || strings.TrimSpace(kind) != "tree" {
		return nil
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(dir, sub), rev, err)
	}
	// git archive runs at the top: in a directory the work tree no longer
	// tracks it refuses.
	archive, err := git(ctx, strings.TrimSpace(top), "archive", "--format=tar", tree)
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(dir, sub), rev, err)
	}
	if err = extractTree(strings.NewReader(archive), dest); err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(dir, sub), rev, err)
	}
	return nil
}

// extractTree writes the regular files of a tar stream under dest,
// skipping any path that would leave it.
func extractTree(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		name := path.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			continue
		}
		target := filepath.Join(dest, filepath.FromSlash(name))
		if err = os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err = os.WriteFile(target, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
}
