package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/revision"
)

// checkoutBase writes the configuration directory head as it was at the
// git revision rev into a temporary directory: its CUE files
// (revision.Checkout) and, unlike plan's base, its policies/ tree, since
// a routing.rego edit changes what impact compares. It returns the
// directory and a function that removes it.
func checkoutBase(ctx context.Context, head, rev string) (string, func(), error) {
	dir, cleanup, err := revision.Checkout(ctx, head, rev)
	if err != nil {
		return "", nil, err
	}
	if err := checkoutPolicies(ctx, head, rev, filepath.Join(dir, bundle.PolicyDir)); err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// checkoutPolicies writes the tree head/policies at rev into dest; nothing
// when the revision has no such tree.
func checkoutPolicies(ctx context.Context, head, rev, dest string) error {
	prefix, err := gitOutput(ctx, head, "rev-parse", "--show-prefix")
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", head, rev, err)
	}
	tree := rev + ":" + strings.TrimSpace(prefix) + bundle.PolicyDir
	// "REV:PATH^{tree}" would read ^{tree} as part of the path: ask the
	// object's type instead.
	if kind, typeErr := gitOutput(ctx, head, "cat-file", "-t", tree); typeErr != nil || strings.TrimSpace(kind) != "tree" {
		return nil
	}
	top, err := gitOutput(ctx, head, "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", head, rev, err)
	}
	// git archive runs at the top: in a directory the work tree no longer
	// tracks it refuses.
	archive, err := gitOutput(ctx, strings.TrimSpace(top), "archive", "--format=tar", tree)
	if err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(head, bundle.PolicyDir), rev, err)
	}
	if err := extractTree(strings.NewReader(archive), dest); err != nil {
		return fmt.Errorf("checkout %s at %s: %w", filepath.Join(head, bundle.PolicyDir), rev, err)
	}
	return nil
}

// extractTree writes the regular files of a tar stream under dest,
// refusing any path that would leave it.
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

// gitOutput runs git in dir and returns its standard output; an error
// carries git's first line of stderr.
func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.String(), nil
}
