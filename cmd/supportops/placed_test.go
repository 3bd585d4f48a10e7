package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
	"github.com/supportops/supportops/engine/diag"
)

var (
	// textPosition is a position line of validate's text output.
	textPosition = regexp.MustCompile(`^    \./\S+:[1-9][0-9]*:[1-9][0-9]*$`)
	// githubAnnotation is an annotation with a file, a line, a column and
	// a message.
	githubAnnotation = regexp.MustCompile(`^::(error|warning) file=[^,]+,line=[1-9][0-9]*,col=[1-9][0-9]*::\S.*$`)
)

// TestBrokenExamplesPlaced validates every broken example in each output
// format: every diagnostic must say what is wrong and where (a file, line
// and column), in text, JSON and GitHub annotations alike.
func TestBrokenExamplesPlaced(t *testing.T) {
	names, err := filepath.Glob("../../examples/broken/*.txtar")
	if err != nil || len(names) == 0 {
		t.Fatalf("no broken examples: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			dir := extract(t, name)
			counts := map[string]int{}
			for _, format := range []string{"text", "json", "github"} {
				var stdout, stderr bytes.Buffer
				if code := cli.Run(t.Context(), []string{"validate", "--output", format, dir}, &stdout, &stderr); code != 1 {
					t.Fatalf("validate --output %s: exit %d, want 1\n%s%s", format, code, stdout.String(), stderr.String())
				}
				switch format {
				case "text":
					counts[format] = checkText(t, stderr.String())
				case "json":
					counts[format] = checkJSON(t, stdout.Bytes())
				case "github":
					counts[format] = checkGitHub(t, stdout.String())
				}
			}
			if counts["text"] != counts["json"] || counts["json"] != counts["github"] {
				t.Errorf("diagnostics per format = %v, want the same number in each", counts)
			}
		})
	}
}

// extract writes the files of a txtar archive, except the expected
// outputs, into a new directory.
func extract(t *testing.T, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want.") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkText checks cue vet's shape: each message (a line ending in ":",
// or several when a detail spans lines) is followed by its positions; the
// last line is the count. It returns the number of diagnostics.
func checkText(t *testing.T, out string) int {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 2 || !strings.Contains(lines[len(lines)-1], ": invalid: ") {
		t.Fatalf("text output does not end with the count:\n%s", out)
	}
	n := 0
	var msg []string
	for i, l := range lines[:len(lines)-1] {
		if !textPosition.MatchString(l) {
			if len(msg) == 0 && (strings.HasPrefix(l, " ") || strings.TrimSpace(strings.TrimSuffix(l, ":")) == "") {
				t.Errorf("text line %d is not a message: %q\n%s", i+1, l, out)
			}
			msg = append(msg, l)
			continue
		}
		if len(msg) > 0 {
			if !strings.HasSuffix(msg[len(msg)-1], ":") {
				t.Errorf("text message %q does not end in a colon before its positions", strings.Join(msg, "\n"))
			}
			n++
			msg = nil
		} else if i == 0 {
			t.Errorf("text output starts with a position:\n%s", out)
		}
	}
	if len(msg) > 0 {
		t.Errorf("text message %q has no position\n%s", strings.Join(msg, "\n"), out)
	}
	return n
}

// checkJSON checks that every diagnostic of the JSON result has a summary
// and a complete position, and returns their number.
func checkJSON(t *testing.T, out []byte) int {
	t.Helper()
	var res struct {
		Diagnostics []diag.Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, out)
	}
	for _, d := range res.Diagnostics {
		if d.Summary == "" || len(d.Positions) == 0 {
			t.Errorf("JSON diagnostic without a message or a position: %+v", d)
		}
		for _, p := range d.Positions {
			if p.File == "" || p.Line < 1 || p.Column < 1 {
				t.Errorf("JSON diagnostic %q has an incomplete position %+v", d.Message(), p)
			}
		}
	}
	return len(res.Diagnostics)
}

// checkGitHub checks that every annotation has a file, line, column and
// message, and returns their number.
func checkGitHub(t *testing.T, out string) int {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines {
		if !githubAnnotation.MatchString(l) {
			t.Errorf("GitHub annotation without a file, position or message: %q", l)
		}
	}
	return len(lines)
}
