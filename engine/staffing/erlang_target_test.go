package staffing

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParseTarget checks the PCT/DURATION forms accepted and refused.
func TestParseTarget(t *testing.T) {
	tests := map[string]struct {
		in      string
		want    Goal
		wantErr string
	}{
		"issue's form":      {in: "80/20s", want: Goal{ServiceLevel: 80, Within: 20 * time.Second}},
		"percent sign":      {in: "90%/1m", want: Goal{ServiceLevel: 90, Within: time.Minute}},
		"bare seconds":      {in: "80/20", want: Goal{ServiceLevel: 80, Within: 20 * time.Second}},
		"fractions":         {in: " 99.5 / 1.5 ", want: Goal{ServiceLevel: 99.5, Within: 1500 * time.Millisecond}},
		"answered at once":  {in: "70/0s", want: Goal{ServiceLevel: 70}},
		"100 %":             {in: "100/30s", want: Goal{ServiceLevel: 100, Within: 30 * time.Second}},
		"no slash":          {in: "80", wantErr: `target "80": want PERCENT/DURATION, e.g. 80/20s`},
		"over 100":          {in: "120/20s", wantErr: `target "120/20s": the service level "120" is not a percent in (0, 100]`},
		"zero percent":      {in: "0/20s", wantErr: `target "0/20s": the service level "0" is not a percent in (0, 100]`},
		"NaN percent":       {in: "NaN/20s", wantErr: `target "NaN/20s": the service level "NaN" is not a percent in (0, 100]`},
		"negative duration": {in: "80/-5s", wantErr: `target "80/-5s": the answer time "-5s" is negative`},
		"negative seconds":  {in: "80/-5", wantErr: `target "80/-5": the answer time "-5" is not a number of seconds of 0 or more`},
		"bad duration":      {in: "80/soon", wantErr: `target "80/soon": the answer time "soon" is not a duration such as 20s or 1m`},
		"two slashes":       {in: "80/20s/5", wantErr: `target "80/20s/5": the answer time "20s/5" is not a duration such as 20s or 1m`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Fatalf("ParseTarget(%q) error (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTarget(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzParseTarget checks that any input either is refused or gives a goal
// Required accepts, that reads back the same from its Target form.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"80/20s", "90%/1m", "80/20", "99.5/1.5", "100/0s", "0/20s", "120/20s", "80/-5s", "80", "", "/", "1e-300/1e300", "80/9223372036s", "NaN/NaN", "Inf/20s", "80/1h2m3.5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseTarget(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "target ") {
				t.Errorf("ParseTarget(%q) error %q does not name the target", s, err)
			}
			return
		}
		if g.ServiceLevel <= 0 || g.ServiceLevel > 100 || math.IsNaN(g.ServiceLevel) || g.Within < 0 {
			t.Fatalf("ParseTarget(%q) = %+v: outside the domain", s, g)
		}
		back, err := ParseTarget(g.Target())
		if err != nil {
			t.Fatalf("ParseTarget(%q) = %+v, whose form %q does not parse: %v", s, g, g.Target(), err)
		}
		if diff := cmp.Diff(g, back); diff != "" {
			t.Errorf("ParseTarget(%q) then Target %q (-first +again):\n%s", s, g.Target(), diff)
		}
		if err := g.validate(); err != nil {
			t.Errorf("ParseTarget(%q) = %+v, refused by Required: %v", s, g, err)
		}
	})
}
