package kpi

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

func TestLatest(t *testing.T) {
	type latest struct {
		Period   string
		Complete bool
	}
	tests := map[string]struct {
		created []string
		kind    Kind
		want    latest
	}{
		"month ends with the last day": {
			created: []string{"2026-10-15 10:00", "2026-11-30 23:30"}, kind: Month,
			want: latest{"2026-11", true},
		},
		"month not over": {
			created: []string{"2026-10-15 10:00", "2026-11-20 10:00"}, kind: Month,
			want: latest{"2026-10", true},
		},
		"only a month not over": {
			created: []string{"2026-11-03 10:00", "2026-11-20 10:00"}, kind: Month,
			want: latest{"2026-11", false},
		},
		"day": {
			created: []string{"2026-11-03 10:00", "2026-11-20 10:00"}, kind: Day,
			want: latest{"2026-11-20", true},
		},
		"week not over": {
			created: []string{"2026-11-03 10:00", "2026-11-20 10:00"}, kind: Week,
			want: latest{"2026-W46", true},
		},
		"week ending on Sunday": {
			created: []string{"2026-11-22 23:59"}, kind: Week,
			want: latest{"2026-W47", true},
		},
		"quarter": {
			created: []string{"2026-09-03 10:00", "2026-11-20 10:00"}, kind: Quarter,
			want: latest{"2026-Q3", true},
		},
		"year not over": {
			created: []string{"2026-11-20 10:00"}, kind: Year,
			want: latest{"2026", false},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tally, err := New(testConfig(nil))
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range tc.created {
				tally.Add(&history.Record{ID: string(rune('a' + i)), Channel: "email", CreatedAt: at(t, c)})
			}
			// A drill after the rest moves nothing.
			tally.Add(&history.Record{ID: "drill", Channel: "email", CreatedAt: at(t, "2027-06-01 10:00"), Drill: true})
			p, ok := tally.Latest(tc.kind)
			if diff := cmp.Diff(tc.want, latest{p.String(), ok}); diff != "" {
				t.Errorf("Latest(%s) (-want +got):\n%s", tc.kind, diff)
			}
		})
	}
	empty, err := New(testConfig(nil))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := empty.Latest(Month); ok || !p.Start.IsZero() {
		t.Errorf("Latest of nothing = %v, %v, want the zero period and false", p, ok)
	}
}

func TestPeriods(t *testing.T) {
	tally, err := New(testConfig(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"2026-11-30 23:30", "2026-10-31 23:30", "2026-11-02 10:00", "2026-12-31 23:00", "2026-11-03 10:00"} {
		tally.Add(&history.Record{ID: c, Channel: "email", CreatedAt: at(t, c)})
	}
	names := func(ps []Period) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.String())
		}
		return out
	}
	tests := map[Kind][]string{
		Month:   {"2026-10", "2026-11", "2026-12"},
		Quarter: {"2026-Q4"},
		Week:    {"2026-W44", "2026-W45", "2026-W49", "2026-W53"},
		Day:     {"2026-10-31", "2026-11-02", "2026-11-03", "2026-11-30", "2026-12-31"},
	}
	for k, want := range tests {
		if diff := cmp.Diff(want, names(tally.Periods(k))); diff != "" {
			t.Errorf("Periods(%s) (-want +got):\n%s", k, diff)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := map[string]struct {
		edit func(*model.Config)
		want string
	}{
		"bad center zone": {
			edit: func(c *model.Config) { c.Center.Timezone = "Mars/Olympus" },
			want: `load center timezone "Mars/Olympus"`,
		},
		"unknown calendar": {
			edit: func(c *model.Config) {
				a := c.Agents["dan"]
				a.Calendar = "night"
				c.Agents["dan"] = a
			},
			want: `agent "dan": unknown calendar "night"`,
		},
		"no calendar for utilisation": {
			edit: func(c *model.Config) {
				c.Center.DefaultCalendar = ""
				c.KPIs = map[string]model.KPI{"u": kpiOf(MetricUtilisation, "center")}
			},
			want: `agent "ann" has no calendar`,
		},
		"unknown metric": {
			edit: func(c *model.Config) { c.KPIs = map[string]model.KPI{"x": kpiOf("nps", "center")} },
			want: `kpi "x": unknown metric "nps"`,
		},
		"utilisation of a queue": {
			edit: func(c *model.Config) {
				c.KPIs = map[string]model.KPI{"u": kpiOf(MetricUtilisation, "queue:q-care")}
			},
			want: `kpi "u": utilisation measures agents, not scope queue:q-care`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig(nil)
			tc.edit(cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// Without a utilisation KPI an agent needs no calendar.
	cfg := testConfig(nil)
	cfg.Center.DefaultCalendar = ""
	if _, err := New(cfg); err != nil {
		t.Errorf("New without calendars or utilisation = %v", err)
	}
}
