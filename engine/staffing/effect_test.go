package staffing_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/staffing"
)

// analyseWeek is cfg's report of its staffing week.
func analyseWeek(t *testing.T, cfg *model.Config) staffing.Report {
	t.Helper()
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.AnalyseWeek(cfg, week)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestEffect: the worked example's roster (17 agents 08:00-10:00, 2 more
// from 09:00; 20 on roster needed) changed both ways: two more agents
// from 08:00 meet the first hour, and more for the second; removing the
// second hour's agents leaves nothing changed; a forecast added short or
// removed shows as met → short or short → met.
func TestEffect(t *testing.T) {
	shift := func(cfg *model.Config, id, s string) {
		a := cfg.Agents[id]
		a.Shifts = []string{s}
		cfg.Agents[id] = a
	}
	noForecasts := func() *model.Config {
		cfg := workedConfig("", false)
		cfg.Forecasts = nil
		return cfg
	}
	tests := map[string]struct {
		base, head func() *model.Config
		want       []string
	}{
		"no change": {
			base: func() *model.Config { return workedConfig("", false) },
			head: func() *model.Config { return workedConfig("", false) },
		},
		"three more agents at 08:00 meet the first hour": {
			base: func() *model.Config { return workedConfig("", false) },
			head: func() *model.Config {
				cfg := workedConfig("", false)
				shift(cfg, "a17", "tue 08:00-10:00")
				shift(cfg, "a18", "tue 08:00-10:00")
				cfg.Agents["a19"] = model.Agent{Name: "A", Team: "t", Languages: []string{"de"}, Channels: map[string]int{"phone": 1}, Shifts: []string{"tue 08:00-09:00"}}
				return cfg
			},
			want: []string{"phone-de phone Tue 08:00–09:00: short → met (needs 20 on roster, 20 scheduled)"},
		},
		"the base met, an agent's shift removed": {
			base: func() *model.Config {
				cfg := workedConfig("", false)
				for _, id := range []string{"a17", "a18"} {
					shift(cfg, id, "tue 08:00-10:00")
				}
				cfg.Agents["a19"] = model.Agent{Name: "A", Team: "t", Languages: []string{"de"}, Channels: map[string]int{"phone": 1}, Shifts: []string{"tue 08:00-10:00"}}
				return cfg
			},
			head: func() *model.Config {
				cfg := workedConfig("", false)
				for _, id := range []string{"a17", "a18"} {
					shift(cfg, id, "tue 08:00-10:00")
				}
				return cfg
			},
			want: []string{"phone-de phone Tue 08:00–10:00: met → short (needs 20 on roster, 19 scheduled)"},
		},
		"a forecast added": {
			base: noForecasts,
			head: func() *model.Config { return workedConfig("", false) },
			want: []string{"phone-de phone Tue 08:00–10:00: met → short (needs 20 on roster, 17 scheduled)"},
		},
		"a forecast removed": {
			base: func() *model.Config { return workedConfig("", false) },
			head: noForecasts,
			want: []string{"phone-de phone Tue 08:00–10:00: short → met (needs 20 on roster, 17 scheduled)"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, tr := range staffing.Effect(analyseWeek(t, tc.base()), analyseWeek(t, tc.head())) {
				got = append(got, tr.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("effect (-want +got):\n%s", diff)
			}
		})
	}
}
