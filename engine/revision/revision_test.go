package revision_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/revision"
)

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckout(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is required: %v", err)
	}
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, filepath.Join(repo, "config", "a.cue"), "package supportops\nold: 1\n")
	write(t, filepath.Join(repo, "config", "sub", "ignored.cue"), "package other\n")
	write(t, filepath.Join(repo, "other.cue"), "package top\n")
	run(t, repo, "add", ".")
	run(t, repo, "commit", "-q", "-m", "base")
	write(t, filepath.Join(repo, "config", "a.cue"), "package supportops\nnew: 1\n")
	write(t, filepath.Join(repo, "config", "b.cue"), "package supportops\n")

	tests := map[string]struct {
		reason  string
		dir     string
		rev     string
		want    map[string]string
		wantErr string
	}{
		"subdirectory": {
			reason: "only the files of the directory at the revision, not its subdirectories nor later edits",
			dir:    filepath.Join(repo, "config"),
			rev:    "HEAD",
			want:   map[string]string{"a.cue": "package supportops\nold: 1\n"},
		},
		"top level": {
			reason: "the repository root works too",
			dir:    repo,
			rev:    "main",
			want:   map[string]string{"other.cue": "package top\n"},
		},
		"unknown revision": {
			reason:  "a revision that does not exist is a clear error",
			dir:     repo,
			rev:     "no-such-branch",
			wantErr: "unknown revision",
		},
		"option injection": {
			reason:  "a revision cannot smuggle in a git option",
			dir:     repo,
			rev:     "--output=/tmp/x",
			wantErr: "may not start with '-'",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, cleanup, err := revision.Checkout(context.Background(), tc.dir, tc.rev)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("%s: Checkout error = %v, want it to contain %q", tc.reason, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: Checkout: %v", tc.reason, err)
			}
			defer cleanup()
			files := map[string]string{}
			entries, err := os.ReadDir(got)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join(got, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				files[e.Name()] = string(b)
			}
			if diff := cmp.Diff(tc.want, files); diff != "" {
				t.Errorf("%s: files (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// CheckoutWith adds the named trees of the directory, with every file in
// them, as they were at the revision; a tree the revision lacks is left
// out.
func TestCheckoutWith(t *testing.T) {
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, filepath.Join(repo, "config", "a.cue"), "package supportops\n")
	write(t, filepath.Join(repo, "config", "policies", "routing", "routing.rego"), "package routing\nold := 1\n")
	write(t, filepath.Join(repo, "config", "other", "x.txt"), "not asked for\n")
	run(t, repo, "add", ".")
	run(t, repo, "commit", "-q", "-m", "base")
	write(t, filepath.Join(repo, "config", "policies", "routing", "routing.rego"), "package routing\nnew := 1\n")

	got, cleanup, err := revision.CheckoutWith(context.Background(), filepath.Join(repo, "config"), "HEAD", "policies", "missing")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	files := map[string]string{}
	err = filepath.WalkDir(got, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, rerr := os.ReadFile(p)
		rel, _ := filepath.Rel(got, p)
		files[filepath.ToSlash(rel)] = string(b)
		return rerr
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a.cue":                         "package supportops\n",
		"policies/routing/routing.rego": "package routing\nold := 1\n",
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}
