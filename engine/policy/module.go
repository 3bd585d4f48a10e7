package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/supportops/supportops/policies"
)

// Module is one Rego file.
type Module struct {
	// Path is the file's path relative to its policies directory, with
	// forward slashes, e.g. "routing/routing.rego".
	Path string
	// Source is the file's text.
	Source []byte
}

// IsTest reports whether the module holds Rego unit tests.
func (m Module) IsTest() bool { return strings.HasSuffix(m.Path, "_test.rego") }

// Defaults returns the embedded default modules, sorted by path.
func Defaults() ([]Module, error) {
	mods, err := readModules(policies.FS())
	if err != nil {
		return nil, fmt.Errorf("read default policies: %w", err)
	}
	return mods, nil
}

// Modules returns the default modules overlaid with the .rego files under
// dir: a file with the path of a default replaces it, any other extends the
// set. A dir that does not exist adds nothing. The result is sorted by path.
func Modules(dir string) ([]Module, error) {
	mods, err := Defaults()
	if err != nil {
		return nil, err
	}
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		return mods, nil
	}
	own, err := readModules(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("read policies in %s: %w", dir, err)
	}
	byPath := make(map[string]Module, len(mods)+len(own))
	for _, m := range mods {
		byPath[m.Path] = m
	}
	for _, m := range own {
		byPath[m.Path] = m
	}
	out := make([]Module, 0, len(byPath))
	for _, m := range byPath {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Module) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// readModules reads every .rego file of fsys, skipping hidden directories.
func readModules(fsys fs.FS) ([]Module, error) {
	var mods []Module
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".rego" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		mods = append(mods, Module{Path: p, Source: src})
		return nil
	})
	return mods, err
}

// displayPath is how diagnostics and reports name the module, relative to
// the configuration root: a repository's own files are in its policies/
// directory, and the embedded defaults come from policies/ of supportops.
func (m Module) displayPath() string {
	return "policies/" + m.Path
}
