package revision

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
)

// Checkout writes the directory dir (inside a git work tree) as it was at
// rev into a new temporary directory, and returns that directory and a
// function that removes it. Only the files directly in dir are written:
// a configuration is one CUE package.
func Checkout(ctx context.Context, dir, rev string) (string, func(), error) {
	if strings.HasPrefix(rev, "-") {
		return "", nil, fmt.Errorf("checkout %s at %q: a revision may not start with '-'", dir, rev)
	}
	prefix, err := git(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return "", nil, fmt.Errorf("checkout %s at %s: %w", dir, rev, err)
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", nil, fmt.Errorf("checkout %s at %s: %w", dir, rev, err)
	}
	prefix = strings.TrimSpace(prefix)
	if _, err = git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return "", nil, fmt.Errorf("checkout %s at %s: unknown revision", dir, rev)
	}
	spec := rev + ":" + prefix
	if prefix == "" {
		spec = rev
	}
	cmd := exec.CommandContext(ctx, "git", "-C", strings.TrimSpace(top), "archive", "--format=tar", spec)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err = cmd.Run(); err != nil {
		return "", nil, fmt.Errorf("checkout %s at %s: git archive: %s", dir, rev, firstLine(stderr.String(), err))
	}
	tmp, err := os.MkdirTemp("", "supportops-base-")
	if err != nil {
		return "", nil, fmt.Errorf("checkout %s at %s: %w", dir, rev, err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := extract(&stdout, tmp); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("checkout %s at %s: %w", dir, rev, err)
	}
	return tmp, cleanup, nil
}

// extract writes the regular files at the top level of the tar stream into
// dir.
func extract(r io.Reader, dir string) error {
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
		if h.Typeflag != tar.TypeReg || strings.Contains(name, "/") || name == "." || name == ".." {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
}

// git runs git in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %s", args[0], firstLine(stderr.String(), err))
	}
	return stdout.String(), nil
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	line, _, _ := strings.Cut(s, "\n")
	return line
}
