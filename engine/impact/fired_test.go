package impact

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFired works acme-shop's standard path (0s notify, 15m page if P1,
// 30m reassign, 2h raise priority, 2h30m page outside working hours) on
// breaches of the office calendar and of a wall clock.
func TestFired(t *testing.T) {
	loc := berlin(t)
	s := newSide(openBundle(t, exampleDir))
	levels, err := s.levels("standard")
	if err != nil {
		t.Fatal(err)
	}
	office := s.cals["office-berlin"]
	monday := time.Date(2026, 11, 9, 11, 30, 0, 0, loc)
	friday := time.Date(2026, 11, 13, 17, 30, 0, 0, loc)
	for _, tc := range []struct {
		name      string
		wallClock bool
		priority  string
		due, end  time.Time
		want      uint64
	}{
		{"met at once", false, "P3", monday, monday, 0},
		{"met within 30m", false, "P3", monday, monday.Add(20 * time.Minute), 0b00001},
		{"P1 pages at 15m", false, "P1", monday, monday.Add(20 * time.Minute), 0b00011},
		{"open hours: no after-hours page", false, "P3", monday, monday.Add(3 * time.Hour), 0b01101},
		{"after hours: paged at 20:00", false, "P3", friday, friday.Add(3 * time.Hour), 0b11101},
		{"wall clock is always in hours", true, "P3", friday, friday.Add(3 * time.Hour), 0b01101},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clockPlan{present: true, cal: office, levels: levels}
			if tc.wallClock {
				c.cal = nil
			}
			if diff := cmp.Diff(tc.want, fired(c, tc.priority, tc.due, tc.end)); diff != "" {
				t.Errorf("fired levels (-want +got):\n%s", diff)
			}
		})
	}
}
