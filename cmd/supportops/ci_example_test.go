package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

// The CI examples are run here, not on GitHub or GitLab: their shell
// steps in a throwaway git repository whose main branch is acme-shop and
// whose pull request changes it, with the CLI this test binary builds, go
// and gh replaced by stubs on PATH (go install copies the CLI, gh records
// what it is asked to post). So the examples people copy cannot rot.

// The pull request the stubs pretend to run for.
const (
	ciRepository = "acme/support"
	ciPR         = "42"
	ciBaseBranch = "main"
	// ciCommentID is the id the gh stub gives the sticky comment once it
	// exists.
	ciCommentID = "1001"
	// ciMarker is the first line by which the GitHub example finds its
	// comment again.
	ciMarker = "<!-- supportops-impact -->"
)

// ciExpressions are the values of the GitHub expressions the example may
// use; any other ${{ ... }} fails the test.
var ciExpressions = map[string]string{
	"github.token":                     "test-token",
	"github.event.pull_request.number": ciPR,
}

// ghWorkflow is the part of a GitHub Actions workflow the test runs.
type ghWorkflow struct {
	Env      map[string]string `yaml:"env"`
	Defaults struct {
		Run struct {
			Shell string `yaml:"shell"`
		} `yaml:"run"`
	} `yaml:"defaults"`
	Jobs map[string]struct {
		Steps []ghStep `yaml:"steps"`
	} `yaml:"jobs"`
}

// ghStep is one step of a job.
type ghStep struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	If   string            `yaml:"if"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
}

// glPipeline is the part of a GitLab CI file the test runs.
type glPipeline struct {
	Variables  map[string]string `yaml:"variables"`
	Supportops struct {
		BeforeScript []string `yaml:"before_script"`
		Script       []string `yaml:"script"`
	} `yaml:"supportops"`
}

// ciRepo is a throwaway repository with a bare origin: main holds
// acme-shop, the checked-out branch changes it.
type ciRepo struct {
	dir     string // the work tree
	stubs   string // gh and go
	gobin   string // where go install puts supportops
	ghState string // what gh recorded
}

// newCIRepo makes the repository; change edits the configuration
// (examples/acme-shop inside the repository) for the pull request.
func newCIRepo(t *testing.T, change func(t *testing.T, config string)) *ciRepo {
	t.Helper()
	for _, tool := range []string{"git", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the CI example needs %s on PATH: %v", tool, err)
		}
	}
	cliBin, err := exec.LookPath("supportops")
	if err != nil {
		t.Fatalf("the CLI is not on PATH (TestMain puts it there): %v", err)
	}
	root := t.TempDir()
	r := &ciRepo{dir: filepath.Join(root, "work"), stubs: filepath.Join(root, "stubs"), gobin: filepath.Join(root, "gobin"),
		ghState: filepath.Join(root, "gh")}
	for _, d := range []string{r.dir, r.stubs, r.gobin, r.ghState} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeStub(t, filepath.Join(r.stubs, "go"), goStub)
	writeStub(t, filepath.Join(r.stubs, "gh"), ghStub)
	t.Setenv("SUPPORTOPS_CI_CLI", cliBin)
	t.Setenv("GH_STUB_STATE", r.ghState)

	config := filepath.Join(r.dir, "examples", "acme-shop")
	if err := os.CopyFS(config, os.DirFS("../../examples/acme-shop")); err != nil {
		t.Fatal(err)
	}
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=ci", "-c", "user.email=ci@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	origin := filepath.Join(root, "origin.git")
	git(root, "init", "-q", "--bare", "-b", ciBaseBranch, origin)
	git(r.dir, "init", "-q", "-b", ciBaseBranch)
	git(r.dir, "add", ".")
	git(r.dir, "commit", "-q", "-m", "acme-shop")
	git(r.dir, "remote", "add", "origin", origin)
	git(r.dir, "push", "-q", "origin", ciBaseBranch)
	git(r.dir, "fetch", "-q", "origin")
	git(r.dir, "checkout", "-q", "-b", "change")
	change(t, config)
	git(r.dir, "commit", "-q", "-a", "-m", "the change")
	return r
}

func writeStub(t *testing.T, path, script string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

// goStub stands in for go: "go install ./cmd/supportops" installs the CLI
// under test; anything else is refused, so that a change of the examples'
// go commands is seen here.
const goStub = `#!/usr/bin/env bash
if [ "$*" = "install ./cmd/supportops" ]; then
  exec cp "$SUPPORTOPS_CI_CLI" "$GOBIN/supportops"
fi
echo "go stub: unexpected go $*" >&2
exit 3
`

// ghStub stands in for gh: listing the pull request's comments answers
// the sticky comment's id once one was posted; creating or editing one
// records its body; every call is logged.
const ghStub = `#!/usr/bin/env bash
set -euo pipefail
echo "gh $*" >> "$GH_STUB_STATE/calls"
body=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --body-file) body="${args[i+1]}" ;;
    body=@*) body="${args[i]#body=@}" ;;
  esac
done
case "$1 $2" in
  "pr comment")
    cp "$body" "$GH_STUB_STATE/comment" ;;
  "api repos/"*)
    if [ -f "$GH_STUB_STATE/comment" ] && head -n 1 "$GH_STUB_STATE/comment" | grep -qF '<!-- supportops-impact -->'; then
      echo 1001
    fi ;;
  "api --method")
    [ -n "$body" ] || { echo "gh stub: edit without a body" >&2; exit 3; }
    cp "$body" "$GH_STUB_STATE/comment" ;;
  *)
    echo "gh stub: unexpected gh $*" >&2; exit 3 ;;
esac
`

// env is the environment of the examples' shell: the test's without the
// directory that already holds supportops (the install step must put it
// on PATH), with the stubs and GOBIN first, and vars.
func (r *ciRepo) env(t *testing.T, vars map[string]string) []string {
	t.Helper()
	var path []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "supportops")); err == nil {
			continue
		}
		path = append(path, dir)
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "PATH" && !strings.HasPrefix(k, "SUPPORTOPS_") || k == "SUPPORTOPS_CI_CLI" {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+strings.Join(append([]string{r.stubs, r.gobin}, path...), string(filepath.ListSeparator)), "GOBIN="+r.gobin)
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return env
}

// shell runs script with bash -eo pipefail in the work tree, as both CI
// services run a step; it returns the exit code, stdout and stderr.
func (r *ciRepo) shell(t *testing.T, script string, env []string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = r.dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := errors.AsType[*exec.ExitError](err); ok {
		return exit.ExitCode(), stdout.String(), stderr.String()
	}
	if err != nil {
		t.Fatalf("run bash: %v", err)
	}
	return 0, stdout.String(), stderr.String()
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// expand replaces the GitHub expressions of s with ciExpressions.
func expand(t *testing.T, s string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		name := expression.FindStringSubmatch(m)[1]
		v, ok := ciExpressions[name]
		if !ok {
			t.Fatalf("the example uses ${{ %s }}, which the test does not know: add it to ciExpressions", name)
		}
		return v
	})
}

// stepRun is what a step did.
type stepRun struct {
	Name string
	Code int
}

// runGitHub runs the workflow's shell steps as GitHub does: in order,
// stopping at the first that fails. It returns each step run and the
// stderr of the last.
func (r *ciRepo) runGitHub(t *testing.T, wf ghWorkflow) ([]stepRun, string) {
	t.Helper()
	if wf.Defaults.Run.Shell != "bash" {
		t.Fatalf("defaults.run.shell = %q, want bash (the test runs bash -eo pipefail, as GitHub does for shell: bash)", wf.Defaults.Run.Shell)
	}
	summary := filepath.Join(r.ghState, "summary.md")
	var runs []stepRun
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Run == "" {
				continue
			}
			if s.If != "" {
				t.Fatalf("step %q: the test does not evaluate if: %s", s.Name, s.If)
			}
			vars := map[string]string{
				"GITHUB_BASE_REF": ciBaseBranch, "GITHUB_REPOSITORY": ciRepository, "GITHUB_STEP_SUMMARY": summary,
				"GITHUB_EVENT_NAME": "pull_request", "CI": "true",
			}
			for k, v := range wf.Env {
				vars[k] = expand(t, v)
			}
			for k, v := range s.Env {
				vars[k] = expand(t, v)
			}
			code, _, stderr := r.shell(t, expand(t, s.Run), r.env(t, vars))
			runs = append(runs, stepRun{s.Name, code})
			if code != 0 {
				return runs, stderr
			}
		}
	}
	return runs, ""
}

func readExample[T any](t *testing.T, name string) T {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("../../examples/ci", name))
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return v
}

// impactOf runs the CLI's impact on the repository's change as the
// examples do, for the comment they must post.
func (r *ciRepo) impactOf(t *testing.T, failOn ...string) (int, string) {
	t.Helper()
	t.Chdir(r.dir)
	args := []string{"impact", "--base-ref", "origin/" + ciBaseBranch, "--head", "examples/acme-shop",
		"--history", "examples/acme-shop/history/2026-11.jsonl.gz", "--output", "markdown"}
	for _, f := range failOn {
		args = append(args, "--fail-on", f)
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run(t.Context(), args, &stdout, &stderr)
	if code == cli.ExitError {
		t.Fatalf("impact: %s", stderr.String())
	}
	return code, stdout.String()
}

func (r *ciRepo) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.ghState, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// githubSteps are the names of the workflow's shell steps, in order.
var githubSteps = []string{"Install supportops", "Validate", "Policy tests", "Plan", "Impact on last month's tickets", "Drill rehearsal"}

// TestGitHubActionsExample: on a pull request that only reformats, every
// step passes and the one comment says "No impact"; on the tighter chat
// SLA the comment is the CLI's Markdown, posted once and edited on the
// next push, and the step's exit code is impact's (1 when a --fail-on
// threshold is crossed, which stops the job there as GitHub would); the
// README shows that comment.
func TestGitHubActionsExample(t *testing.T) {
	wf := readExample[ghWorkflow](t, "github-actions.yml")

	t.Run("no impact", func(t *testing.T) {
		r := newCIRepo(t, func(t *testing.T, config string) {
			appendFile(t, filepath.Join(config, "sla.cue"), "\n// A comment only: no ticket is decided otherwise.\n")
		})
		runs, stderr := r.runGitHub(t, wf)
		var want []stepRun
		for _, name := range githubSteps {
			want = append(want, stepRun{name, 0})
		}
		if diff := cmp.Diff(want, runs); diff != "" {
			t.Fatalf("steps (-want +got):\n%s\nstderr of the last:\n%s", diff, stderr)
		}
		comment := r.read(t, "comment")
		if !strings.HasPrefix(comment, ciMarker+"\n### supportops impact preview\n\n**No impact**: none of the 20,000 tickets compared") {
			t.Errorf("comment:\n%s", comment)
		}
		if diff := cmp.Diff("gh api repos/acme/support/issues/42/comments --paginate --jq .[] | select(.body | startswith(\"<!-- supportops-impact -->\")) | .id\n"+
			"gh pr comment 42 --body-file comment.md\n", r.read(t, "calls")); diff != "" {
			t.Errorf("gh calls (-want +got):\n%s", diff)
		}
		if got := r.read(t, "summary.md"); !strings.Contains(got, "**No impact**") {
			t.Errorf("step summary:\n%s", got)
		}
	})

	t.Run("tighter chat SLA", func(t *testing.T) {
		readme, err := os.ReadFile("../../README.md")
		if err != nil {
			t.Fatal(err)
		}
		r := newCIRepo(t, tighterChatSLA)
		code, markdown := r.impactOf(t, "no-queue", "breach-rate+5pp")
		if !strings.Contains(markdown, "tickets change") {
			t.Errorf("impact shows no change for a tighter chat SLA:\n%s", markdown)
		}
		// The README's "In CI" section shows this comment as output only.
		if !strings.Contains(string(readme), "```markdown\n"+markdown+"```\n") {
			t.Errorf("README.md's In CI section does not show the comment the CLI prints now; paste it:\n%s", markdown)
		}
		for push := 1; push <= 2; push++ {
			runs, stderr := r.runGitHub(t, wf)
			want := []stepRun{{githubSteps[0], 0}, {githubSteps[1], 0}, {githubSteps[2], 0}, {githubSteps[3], 0}, {githubSteps[4], code}}
			if code == 0 {
				want = append(want, stepRun{githubSteps[5], 0})
			} else if !strings.Contains(stderr, "fail-on breach-rate+5pp: first_reply on ") {
				t.Errorf("push %d: the impact step failed without naming the threshold:\n%s", push, stderr)
			}
			if diff := cmp.Diff(want, runs); diff != "" {
				t.Fatalf("push %d: steps (-want +got):\n%s\nstderr of the last:\n%s", push, diff, stderr)
			}
			if diff := cmp.Diff(ciMarker+"\n"+markdown, r.read(t, "comment")); diff != "" {
				t.Errorf("push %d: the comment is not impact's Markdown (-want +got):\n%s", push, diff)
			}
		}
		calls := strings.Split(strings.TrimSpace(r.read(t, "calls")), "\n")
		if len(calls) != 4 || calls[1] != "gh pr comment 42 --body-file comment.md" ||
			calls[3] != "gh api --method PATCH repos/acme/support/issues/comments/"+ciCommentID+" -F body=@comment.md" {
			t.Errorf("gh calls: want a list and a create, then a list and an edit of the same comment, got:\n%s", strings.Join(calls, "\n"))
		}
	})
}

// TestGitLabExample runs the GitLab job's before_script and script lines
// in one shell, as the runner does: on the tighter chat SLA the report is
// impact's Markdown and the job's exit code impact's.
func TestGitLabExample(t *testing.T) {
	pl := readExample[glPipeline](t, "gitlab-ci.yml")
	r := newCIRepo(t, tighterChatSLA)
	code, markdown := r.impactOf(t, "no-queue", "breach-rate+5pp")
	vars := map[string]string{"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": ciBaseBranch, "CI_PIPELINE_SOURCE": "merge_request_event", "CI": "true"}
	for k, v := range pl.Variables {
		vars[k] = v
	}
	lines := append(append([]string{}, pl.Supportops.BeforeScript...), pl.Supportops.Script...)
	got, stdout, stderr := r.shell(t, strings.Join(lines, "\n"), r.env(t, vars))
	if got != code {
		t.Fatalf("job exit %d, want impact's %d\nstdout:\n%s\nstderr:\n%s", got, code, stdout, stderr)
	}
	report, err := os.ReadFile(filepath.Join(r.dir, "impact.md"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(markdown, string(report)); diff != "" {
		t.Errorf("impact.md (-want +got):\n%s", diff)
	}
	for _, want := range []string{"118 passed, 0 failed", "Plan: 0 to add, 2 to change, 0 to remove.", "public-emergency"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the job's output has no %q:\n%s", want, stdout)
		}
	}
}

// tighterChatSLA is the pull request of the README's example: chats
// picked up within 20 seconds instead of 30.
func tighterChatSLA(t *testing.T, config string) {
	t.Helper()
	name := filepath.Join(config, "sla.cue")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(string(src), `target: "30s"`, `target: "20s"`)
	if out == string(src) {
		t.Fatal("sla.cue has no 30s target any more")
	}
	if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
