package config

import (
	"testing"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"
	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
)

// TestComplete covers the last pass of Load: errors that CUE gives without
// a message or without a position still come out with both.
func TestComplete(t *testing.T) {
	start := []diag.Position{{File: "a.cue", Line: 1, Column: 1}}
	tests := map[string]struct {
		reason string
		err    error
		want   diag.Diagnostics
	}{
		"promoted Go error": {
			reason: "a Go error promoted to a CUE error has an empty message of its own: use what it wraps",
			err:    cueerrors.Promote(cue.ErrBelow, ""),
			want:   diag.Diagnostics{{Summary: "value was rounded down", Positions: start}},
		},
		"no position": {
			reason: "an error of no file is placed at the start of the first file",
			err:    cueerrors.Newf(token.NoPos, "something failed"),
			want:   diag.Diagnostics{{Summary: "something failed", Positions: start}},
		},
		"empty path label": {
			reason: `an error with the path [""] is not shown with the path ""`,
			err:    pathError{},
			want:   diag.Diagnostics{{Summary: "bad file", Positions: start}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := &positions{root: "/config", files: []string{"a.cue", "b.cue"}}
			got := p.complete(p.diagnostics(tc.err, cue.Value{}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// pathError is a CUE error whose path is one empty label, as the import
// errors of cue/load are.
type pathError struct{}

func (pathError) Position() token.Pos         { return token.NoPos }
func (pathError) InputPositions() []token.Pos { return nil }
func (pathError) Error() string               { return "bad file" }
func (pathError) Path() []string              { return []string{""} }
func (pathError) Msg() (string, []any)        { return "bad file", nil }
