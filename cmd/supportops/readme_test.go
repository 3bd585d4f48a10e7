package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

// TestREADME runs every "$ supportops ..." (or "$ go run ./cmd/supportops
// ...") line of the README's code blocks from the repository root and
// compares what it prints with the lines shown below it, so the README
// cannot drift from the tool.
func TestREADME(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(string(src))
	if len(examples) < 4 {
		t.Fatalf("found %d runnable examples in README.md, want at least 4", len(examples))
	}
	t.Chdir("../..")
	for _, ex := range examples {
		t.Run(ex.command, func(t *testing.T) {
			args, err := splitWords(ex.command)
			if err != nil {
				t.Fatal(err)
			}
			intoTemp(t, args)
			var stdout, stderr bytes.Buffer
			code := cli.Run(t.Context(), args, &stdout, &stderr)
			got := stdout.String()
			if code != 0 {
				got += stderr.String()
			}
			if diff := cmp.Diff(ex.output, got); diff != "" {
				t.Errorf("README shows other output than the command prints (exit %d) (-readme +got):\n%s", code, diff)
			}
		})
	}
}

// intoTemp points the file an example writes (-o/--out FILE) into a
// temporary directory, so the test writes nothing into the repository.
func intoTemp(t *testing.T, args []string) {
	for i, a := range args {
		if (a == "-o" || a == "--out") && i+1 < len(args) {
			args[i+1] = filepath.Join(t.TempDir(), filepath.Base(args[i+1]))
		} else if v, ok := strings.CutPrefix(a, "--out="); ok {
			args[i] = "--out=" + filepath.Join(t.TempDir(), filepath.Base(v))
		}
	}
}

type readmeExample struct {
	command string // the arguments after the program name
	output  string
}

// readmeExamples finds the prompted commands in fenced code blocks.
func readmeExamples(src string) []readmeExample {
	var out []readmeExample
	var cur *readmeExample
	inBlock := false
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			flush()
			inBlock = !inBlock
		case !inBlock:
		case strings.HasPrefix(line, "$ "):
			flush()
			cmd := strings.TrimPrefix(line, "$ ")
			for _, prog := range []string{"supportops ", "go run ./cmd/supportops "} {
				if rest, ok := strings.CutPrefix(cmd, prog); ok {
					cur = &readmeExample{command: rest}
				}
			}
		case cur != nil:
			cur.output += line + "\n"
		}
	}
	flush()
	return out
}

// splitWords splits a command line the way a shell does for the simple
// quoting the README uses: single quotes and plain words.
func splitWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, os.ErrInvalid
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
