package drill_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

func TestParseCadence(t *testing.T) {
	tests := map[string]struct {
		cadence, tz string
		want        drill.Cadence
		reason      string
	}{
		"weekly": {
			cadence: "weekly", tz: "Europe/Berlin",
			want:   drill.Cadence{Plan: "p", Source: "weekly", Cron: "0 10 * * TUE", TimeZone: "Europe/Berlin"},
			reason: "named cadences fire at 10:00 in the center's time zone; weekly on Tuesdays",
		},
		"monthly": {
			cadence: "monthly", tz: "Europe/Berlin",
			want:   drill.Cadence{Plan: "p", Source: "monthly", Cron: "0 10 15 * *", TimeZone: "Europe/Berlin"},
			reason: "monthly on the 15th",
		},
		"quarterly": {
			cadence: "quarterly", tz: "America/New_York",
			want:   drill.Cadence{Plan: "p", Source: "quarterly", Cron: "0 10 15 1,4,7,10 *", TimeZone: "America/New_York"},
			reason: "quarterly on the 15th of the first month of each quarter",
		},
		"yearly": {
			cadence: "yearly", tz: "UTC",
			want:   drill.Cadence{Plan: "p", Source: "yearly", Cron: "0 10 15 1 *", TimeZone: "UTC"},
			reason: "yearly on the 15th of January",
		},
		"cron": {
			cadence: "0 9 15 3,9 *", tz: "Europe/Berlin",
			want:   drill.Cadence{Plan: "p", Source: "0 9 15 3,9 *", Cron: "0 9 15 3,9 *", TimeZone: "Europe/Berlin"},
			reason: "a cron expression is kept as written",
		},
		"cron spacing": {
			cadence: " 30  8 * *\tmon-fri ", tz: "Europe/Berlin",
			want:   drill.Cadence{Plan: "p", Source: " 30  8 * *\tmon-fri ", Cron: "30 8 * * mon-fri", TimeZone: "Europe/Berlin"},
			reason: "fields are separated by single spaces; names in any case",
		},
		"steps and sunday": {
			cadence: "*/15 0-23/6 1/10 JAN-DEC/2 7", tz: "",
			want:   drill.Cadence{Plan: "p", Source: "*/15 0-23/6 1/10 JAN-DEC/2 7", Cron: "*/15 0-23/6 1/10 JAN-DEC/2 7", TimeZone: "UTC"},
			reason: "every step form; 7 is Sunday; no center time zone means UTC",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := drill.ParseCadence("p", tt.cadence, tt.tz)
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestParseCadenceErrors(t *testing.T) {
	tests := map[string]struct {
		cadence, tz string
		want        string
		reason      string
	}{
		"fields": {
			cadence: "0 9 * *", tz: "UTC",
			want:   `parse the drill cadence of plan storm ("0 9 * *"): a cron expression has five fields (minute hour day-of-month month day-of-week), this one 4`,
			reason: "four fields",
		},
		"unknown name": {
			cadence: "daily", tz: "UTC",
			want:   `parse the drill cadence of plan storm ("daily"): not one of monthly, quarterly, weekly, yearly, nor a cron expression with five fields`,
			reason: "not one of the names",
		},
		"empty": {
			cadence: "", tz: "UTC",
			want:   `parse the drill cadence of plan storm (""): not one of`,
			reason: "the schema requires a cadence; a plan built in code may lack one",
		},
		"shorthand": {
			cadence: "@weekly", tz: "UTC",
			want:   `not one of monthly, quarterly, weekly, yearly, nor a cron expression`,
			reason: "Temporal's shorthands are refused: the names say the same",
		},
		"tz prefix": {
			cadence: "TZ=UTC 0 9 * * *", tz: "UTC",
			want:   `a cron expression has five fields (minute hour day-of-month month day-of-week), this one 6`,
			reason: "the center's time zone applies",
		},
		"hour": {
			cadence: "0 25 * * *", tz: "UTC",
			want:   `parse the drill cadence of plan storm ("0 25 * * *"): hour "25": 25 is not in 0-23`,
			reason: "out of range",
		},
		"minute": {
			cadence: "x 9 * * *", tz: "UTC",
			want:   `minute "x": "x" is not a number`,
			reason: "not a number",
		},
		"month name": {
			cadence: "0 9 1 janvier *", tz: "UTC",
			want:   `month "janvier": "janvier" is neither a number nor one of JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC`,
			reason: "three-letter English names only",
		},
		"day of week": {
			cadence: "0 9 * * 8", tz: "UTC",
			want:   `day of week "8": 8 is not in 0-7`,
			reason: "out of range",
		},
		"backwards range": {
			cadence: "0 17-9 * * *", tz: "UTC",
			want:   `hour "17-9": range 17-9 ends before it starts`,
			reason: "no wrap-around ranges",
		},
		"step": {
			cadence: "*/0 9 * * *", tz: "UTC",
			want:   `minute "*/0": step "0" is not a positive number`,
			reason: "zero step",
		},
		"empty list item": {
			cadence: "0 9 1,,15 * *", tz: "UTC",
			want:   `day of month "1,,15": "" is not a number`,
			reason: "a list item is missing",
		},
		"never": {
			cadence: "0 9 30,31 2 *", tz: "UTC",
			want:   `never fires: none of the months 2 has a day 30`,
			reason: "February has no 30th",
		},
		"time zone": {
			cadence: "weekly", tz: "Mars/Olympus",
			want:   `parse the drill cadence of plan storm ("weekly"): unknown time zone "Mars/Olympus"`,
			reason: "the center's time zone must resolve",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := drill.ParseCadence("storm", tt.cadence, tt.tz)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: error %v, want one containing %q", tt.reason, err, tt.want)
			}
		})
	}
}

// TestCadenceNext checks the times the cadences fire, which the schedule
// test compares with Temporal's own.
func TestCadenceNext(t *testing.T) {
	berlin, lerr := time.LoadLocation("Europe/Berlin")
	if lerr != nil {
		t.Fatal(lerr)
	}
	from := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) // a Sunday
	tests := map[string]struct {
		cadence string
		from    time.Time
		want    time.Time
		reason  string
	}{
		"weekly":    {"weekly", from, time.Date(2026, 11, 24, 10, 0, 0, 0, berlin), "the next Tuesday"},
		"monthly":   {"monthly", from, time.Date(2026, 12, 15, 10, 0, 0, 0, berlin), "the 15th has passed this month"},
		"quarterly": {"quarterly", from, time.Date(2027, 1, 15, 10, 0, 0, 0, berlin), "the next quarter"},
		"yearly":    {"yearly", from, time.Date(2027, 1, 15, 10, 0, 0, 0, berlin), "the next January"},
		"storm":     {"0 9 15 3,9 *", from, time.Date(2027, 3, 15, 9, 0, 0, 0, berlin), "the spring storm season"},
		"strictly after": {"0 10 * * TUE", time.Date(2026, 11, 24, 10, 0, 0, 0, berlin), time.Date(2026, 12, 1, 10, 0, 0, 0, berlin),
			"a drill due right now is not the next"},
		"both days": {"0 10 8-14 * TUE", from, time.Date(2026, 12, 8, 10, 0, 0, 0, berlin),
			"day of month and day of week must both match: the second Tuesday"},
		"leap day": {"0 10 29 2 *", from, time.Date(2028, 2, 29, 10, 0, 0, 0, berlin), "the next leap year"},
		"summer time gap": {"30 2 29 3 *", time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), time.Date(2027, 3, 29, 2, 30, 0, 0, berlin),
			"02:30 does not exist in Berlin on 29 March 2026"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := drill.ParseCadence("p", tt.cadence, "Europe/Berlin")
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Next(tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("%s: next after %s is %s, want %s", tt.reason, tt.from, got, tt.want)
			}
		})
	}
}

func TestCadencesOfExample(t *testing.T) {
	snap := example(t)
	got, err := drill.Cadences(snap.Config)
	if err != nil {
		t.Fatal(err)
	}
	want := []drill.Cadence{
		{Plan: "outage-major", Source: "quarterly", Cron: "0 10 15 1,4,7,10 *", TimeZone: "Europe/Berlin"},
		{Plan: "public-complaint", Source: "monthly", Cron: "0 10 15 * *", TimeZone: "Europe/Berlin"},
		{Plan: "public-emergency", Source: "0 9 15 3,9 *", Cron: "0 9 15 3,9 *", TimeZone: "Europe/Berlin"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the example's three plans, by id (-want +got):\n%s", diff)
	}
}

func TestCadencesKeepsGoing(t *testing.T) {
	cfg := &model.Config{
		Center: model.Center{Timezone: "UTC"},
		EmergencyPlans: map[string]model.EmergencyPlan{
			"a": {Drill: &model.DrillSettings{Cadence: "0 99 * * *"}},
			"b": {Drill: &model.DrillSettings{Cadence: "weekly"}},
			"c": {},
			"d": {Drill: &model.DrillSettings{Cadence: "yearly!"}},
		},
	}
	got, err := drill.Cadences(cfg)
	want := []drill.Cadence{{Plan: "b", Source: "weekly", Cron: "0 10 * * TUE", TimeZone: "UTC"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the plans with a valid cadence, without c which has no drill (-want +got):\n%s", diff)
	}
	for _, s := range []string{"plan a", "plan d"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("error %v does not name %s", err, s)
		}
	}
	if none, nerr := drill.Cadences(nil); none != nil || nerr != nil {
		t.Errorf("Cadences(nil) = %v, %v", none, nerr)
	}
}

func FuzzParseCadence(f *testing.F) {
	for _, s := range []string{"weekly", "0 9 15 3,9 *", "*/15 0-23/6 1/10 JAN-DEC/2 7", "0 9 30 2 *", "1-5/0 * * * *"} {
		f.Add(s)
	}
	from := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := drill.ParseCadence("p", s, "Europe/Berlin")
		if err != nil {
			return
		}
		if _, err = c.Next(from); err != nil {
			t.Errorf("%q parses but never fires: %v", s, err)
		}
	})
}
