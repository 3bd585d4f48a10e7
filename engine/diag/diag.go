package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Severity says whether a diagnostic fails validation.
type Severity int

// The severities, most severe first.
const (
	Error Severity = iota
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity's name, so that a program reading
// validate's JSON output can decode its diagnostics.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	default:
		return fmt.Errorf("unknown severity %q: want error or warning", b)
	}
	return nil
}

// Position is a place in a file of a configuration.
type Position struct {
	// File is the file's path relative to the configuration root, with
	// forward slashes.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String returns "./file:line:col", the form cue vet prints.
func (p Position) String() string {
	return fmt.Sprintf("./%s:%d:%d", p.File, p.Line, p.Column)
}

// Diagnostic is one finding about a configuration.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	// Path is the CUE path of the value concerned, e.g. "teams.support.lead".
	Path string `json:"path,omitempty"`
	// Summary says what is wrong, in one line.
	Summary string `json:"summary"`
	// Detail adds what helps to fix it, such as the names that exist.
	Detail string `json:"detail,omitempty"`
	// Positions are every place that contributed, the most relevant first.
	Positions []Position `json:"positions,omitempty"`
}

// Message is the path, summary and detail on one line.
func (d Diagnostic) Message() string {
	var b strings.Builder
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString("; ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Diagnostics is a list of findings. It implements error so that a caller
// can return it as one.
type Diagnostics []Diagnostic

// Error renders the diagnostics as text.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	ds.WriteText(&b)
	return strings.TrimRight(b.String(), "\n")
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errs, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errs++
		} else {
			warnings++
		}
	}
	return errs, warnings
}

// Sort orders the diagnostics by file, line, column, path and summary, so
// that output does not depend on the order checks ran in.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		pa, pb := a.first(), b.first()
		return cmp.Or(
			cmp.Compare(pa.File, pb.File),
			cmp.Compare(pa.Line, pb.Line),
			cmp.Compare(pa.Column, pb.Column),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Summary, b.Summary),
		)
	})
}

func (d Diagnostic) first() Position {
	if len(d.Positions) == 0 {
		return Position{}
	}
	return d.Positions[0]
}

// WriteText renders the diagnostics the way cue vet does: the message, then
// every position on its own indented line.
func (ds Diagnostics) WriteText(w io.Writer) {
	for _, d := range ds {
		prefix, colon := "", ""
		if d.Severity == Warning {
			prefix = "warning: "
		}
		if len(d.Positions) > 0 {
			colon = ":"
		}
		fmt.Fprintf(w, "%s%s%s\n", prefix, d.Message(), colon)
		for _, p := range d.Positions {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}

// WriteGitHub renders the diagnostics as GitHub Actions workflow commands.
// root is prefixed to every file so that paths are relative to the
// repository root, as GitHub expects.
func (ds Diagnostics) WriteGitHub(w io.Writer, root string) {
	root = strings.TrimSuffix(strings.TrimPrefix(root, "./"), "/")
	for _, d := range ds {
		level := "error"
		if d.Severity == Warning {
			level = "warning"
		}
		msg := escapeGitHub(d.Message())
		if len(d.Positions) == 0 {
			fmt.Fprintf(w, "::%s::%s\n", level, msg)
			continue
		}
		p := d.Positions[0]
		file := p.File
		if root != "" && root != "." {
			file = root + "/" + file
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d::%s\n", level, escapeGitHubProperty(file), p.Line, p.Column, msg)
	}
}

// escapeGitHub escapes a workflow command's message.
func escapeGitHub(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeGitHubProperty escapes a workflow command's property value.
func escapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// MarshalJSON encodes an empty list as [] rather than null.
func (ds Diagnostics) MarshalJSON() ([]byte, error) {
	if ds == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Diagnostic(ds))
}
