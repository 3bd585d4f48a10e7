package staffing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShiftList(t *testing.T) {
	tests := map[string]struct {
		shifts []string
		want   string
	}{
		"agents by id":       {[]string{`agents."julia-wagner".shifts[0]`, "agents.bob.shifts[1]"}, "julia-wagner, bob (shift 2)"},
		"another path as is": {[]string{"shift_patterns.early"}, "shift_patterns.early"},
		"the first six, then a count": {
			[]string{"agents.a.shifts[0]", "agents.b.shifts[0]", "agents.c.shifts[0]", "agents.d.shifts[0]", "agents.e.shifts[0]", "agents.f.shifts[0]", "agents.g.shifts[0]", "agents.h.shifts[0]"},
			"a, b, c, d, e, f and 2 more"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, shiftList(tc.shifts)); diff != "" {
				t.Errorf("shiftList (-want +got):\n%s", diff)
			}
		})
	}
}
