package diag_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
)

func TestKnown(t *testing.T) {
	many := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b1", "b2", "b3", "b4", "b5"}
	tests := map[string]struct {
		reason string
		name   string
		known  []string
		want   string
	}{
		"typo":       {"one edit away is suggested", "suport", []string{"billing", "support"}, `did you mean "support"? known teams: billing, support`},
		"far":        {"nothing close: no suggestion", "warehouse", []string{"billing", "support"}, "known teams: billing, support"},
		"short name": {"a one-letter name is not 'close' to another one-letter name by two edits", "ab", []string{"xy"}, "known teams: xy"},
		"none":       {"an empty set says so", "x", nil, "no teams are defined"},
		"many":       {"a long list is cut, saying how many more", "zz", many, "known teams: a1, a2, a3, a4, a5, a6, a7, a8, a9, b1, b2, b3 and 2 more"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, diag.Known("teams", tc.name, tc.known)); diff != "" {
				t.Errorf("%s: Known (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func sample() diag.Diagnostics {
	return diag.Diagnostics{
		{Severity: diag.Warning, Path: "b", Summary: "second file", Positions: []diag.Position{{File: "z.cue", Line: 1, Column: 1}}},
		{Severity: diag.Error, Path: "a", Summary: "line 10", Detail: "50% off, a:b", Positions: []diag.Position{{File: "a.cue", Line: 10, Column: 2}}},
		{Severity: diag.Error, Path: "a", Summary: "line 2", Positions: []diag.Position{{File: "a.cue", Line: 2, Column: 5}, {File: "z.cue", Line: 3, Column: 1}}},
		{Severity: diag.Error, Summary: "no position"},
	}
}

func TestRender(t *testing.T) {
	ds := sample()
	ds.Sort()
	var text, gh strings.Builder
	ds.WriteText(&text)
	ds.WriteGitHub(&gh, "./config/")
	wantText := `no position
a: line 2:
    ./a.cue:2:5
    ./z.cue:3:1
a: line 10; 50% off, a:b:
    ./a.cue:10:2
warning: b: second file:
    ./z.cue:1:1
`
	wantGH := `::error::no position
::error file=config/a.cue,line=2,col=5::a: line 2
::error file=config/a.cue,line=10,col=2::a: line 10; 50%25 off, a:b
::warning file=config/z.cue,line=1,col=1::b: second file
`
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("WriteText sorts by file and line and prints every position (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantGH, gh.String()); diff != "" {
		t.Errorf("WriteGitHub prefixes the root and escapes %% (-want +got):\n%s", diff)
	}
	if errs, warns := ds.Count(); errs != 3 || warns != 1 || !ds.HasErrors() {
		t.Errorf("Count = %d, %d; HasErrors = %v; want 3, 1, true", errs, warns, ds.HasErrors())
	}
	if got := ds.Error(); !strings.HasPrefix(got, "no position\n") || strings.HasSuffix(got, "\n") {
		t.Errorf("Error() = %q, want the text without a trailing newline", got)
	}
}

func TestJSON(t *testing.T) {
	var none diag.Diagnostics
	b, err := json.Marshal(struct {
		D diag.Diagnostics `json:"d"`
	}{none})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"d":[]}`, string(b)); diff != "" {
		t.Errorf("no diagnostics encode as [] (-want +got):\n%s", diff)
	}
	b, err = json.Marshal(sample()[:1])
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"severity":"warning","path":"b","summary":"second file","positions":[{"file":"z.cue","line":1,"column":1}]}]`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("severity encodes by name (-want +got):\n%s", diff)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	want := sample()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got diag.Diagnostics
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("diagnostics do not decode from their own JSON: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	var s diag.Severity
	if err := json.Unmarshal([]byte(`"fatal"`), &s); err == nil {
		t.Error("an unknown severity decodes without an error")
	}
}
