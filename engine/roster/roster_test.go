package roster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
)

const berlin = "Europe/Berlin"

// hourly is a 60-minute table day: value v in the hours from..to-1.
func hourly(from, to int, v float64) []float64 {
	day := make([]float64, 24)
	for h := from; h < to; h++ {
		day[h] = v
	}
	return day
}

// config is a one-team center: queue "desk" on phone and chat, hourly
// forecasts of 10 calls (6 min: 1 Erlang) and 30 chats (6 min, 3 at once: 1
// Erlang) on Monday 08:00-12:00 and calls only from 12:00 to 14:00; Sunday
// calls from 00:00 to 06:00.
func config(agents map[string]model.Agent, patterns map[string]model.ShiftPattern) *model.Config {
	phone := make([]float64, 24)
	copy(phone, hourly(8, 14, 10))
	return &model.Config{
		Center: model.Center{Name: "c", Timezone: berlin},
		Teams:  map[string]model.Team{"t": {Name: "T"}, "other": {Name: "O"}},
		Queues: map[string]model.Queue{
			"desk": {Team: "t", Channels: []string{"phone", "chat"}, Languages: []string{"de"}},
		},
		Agents: agents,
		Forecasts: map[string]map[string]model.Forecast{"desk": {
			"phone": {AHT: "6m", Table: &model.ForecastTable{Mon: phone, Sun: hourly(0, 6, 10)}},
			"chat":  {AHT: "6m", Concurrency: 3, Table: &model.ForecastTable{Mon: hourly(8, 12, 30)}},
		}},
		Staffing:      &model.Staffing{Interval: "60m", Shrinkage: 30},
		ShiftPatterns: patterns,
	}
}

func agent(team string, channels map[string]int, shifts ...string) model.Agent {
	return model.Agent{Name: "a", Team: team, Languages: []string{"de"}, Channels: channels, Shifts: shifts}
}

// scheduled lists the intervals with agents: "phone Mon 08:00 0.5".
func scheduled(p *roster.Plan) []string {
	var out []string
	for j, q := range p.Queues {
		for k, in := range q.Intervals {
			if in.Scheduled > 0 {
				out = append(out, fmt.Sprintf("%s %s %.3g %v", q.Channel, p.Starts[k].Format("Mon 15:04 MST"), in.Scheduled, p.Shifts(j, k)))
			}
		}
	}
	return out
}

func TestWeek(t *testing.T) {
	both := map[string]int{"phone": 1, "chat": 3}
	tests := map[string]struct {
		week     string
		agents   map[string]model.Agent
		patterns map[string]model.ShiftPattern
		want     []string
	}{
		"split by load": {
			// 08:00-12:00 both channels carry 1 Erlang: half each; 12:00-14:00
			// only the phones have work; after 14:00 nothing to do.
			week:   "2026-W49",
			agents: map[string]model.Agent{"ann": agent("t", both, "mon 08:00-15:00")},
			want: []string{
				"chat Mon 08:00 CET 0.5 [agents.ann.shifts[0]]", "chat Mon 09:00 CET 0.5 [agents.ann.shifts[0]]",
				"chat Mon 10:00 CET 0.5 [agents.ann.shifts[0]]", "chat Mon 11:00 CET 0.5 [agents.ann.shifts[0]]",
				"phone Mon 08:00 CET 0.5 [agents.ann.shifts[0]]", "phone Mon 09:00 CET 0.5 [agents.ann.shifts[0]]",
				"phone Mon 10:00 CET 0.5 [agents.ann.shifts[0]]", "phone Mon 11:00 CET 0.5 [agents.ann.shifts[0]]",
				"phone Mon 12:00 CET 1 [agents.ann.shifts[0]]", "phone Mon 13:00 CET 1 [agents.ann.shifts[0]]",
			},
		},
		"only the channels, team and languages served": {
			week: "2026-W49",
			agents: map[string]model.Agent{
				"bob": agent("t", map[string]int{"phone": 1}, "mon 11:00-12:30"),
				"eve": agent("other", both, "mon 08:00-16:00"),
				"fr":  {Name: "f", Team: "t", Languages: []string{"fr"}, Channels: both, Shifts: []string{"mon 08:00-16:00"}},
			},
			want: []string{"phone Mon 11:00 CET 1 [agents.bob.shifts[0]]", "phone Mon 12:00 CET 0.5 [agents.bob.shifts[0]]"},
		},
		"breaks and overlapping shifts": {
			// The break takes half of 10:00-11:00; the second shift overlaps
			// the first at 11:00 and counts once.
			week:     "2026-W49",
			agents:   map[string]model.Agent{"cem": agent("t", map[string]int{"phone": 1}, "early", "mon 11:00-13:00")},
			patterns: map[string]model.ShiftPattern{"early": {Hours: "mon-fri 09:00-12:00", Breaks: []string{"10:30-11:00"}}},
			want: []string{
				"phone Mon 09:00 CET 1 [agents.cem.shifts[0]]", "phone Mon 10:00 CET 0.5 [agents.cem.shifts[0]]",
				"phone Mon 11:00 CET 1 [agents.cem.shifts[0] agents.cem.shifts[1]]", "phone Mon 12:00 CET 1 [agents.cem.shifts[1]]",
			},
		},
		"clocks go forward": {
			// 2026-03-29 has no 02:00: the shift 01:00-04:00 is two hours, in
			// the intervals 01:00 and 03:00.
			week:   "2026-W13",
			agents: map[string]model.Agent{"dan": agent("t", map[string]int{"phone": 1}, "sun 01:00-04:00")},
			want:   []string{"phone Sun 01:00 CET 1 [agents.dan.shifts[0]]", "phone Sun 03:00 CEST 1 [agents.dan.shifts[0]]"},
		},
		"clocks go back": {
			// 2026-10-25 has 02:00 twice: both intervals are worked.
			week:   "2026-W43",
			agents: map[string]model.Agent{"dan": agent("t", map[string]int{"phone": 1}, "sun 01:00-04:00")},
			want: []string{
				"phone Sun 01:00 CEST 1 [agents.dan.shifts[0]]", "phone Sun 02:00 CEST 1 [agents.dan.shifts[0]]",
				"phone Sun 02:00 CET 1 [agents.dan.shifts[0]]", "phone Sun 03:00 CET 1 [agents.dan.shifts[0]]",
			},
		},
		"an agent in another zone": {
			// 07:00-09:00 in London is 08:00-10:00 in Berlin.
			week: "2026-W49",
			agents: map[string]model.Agent{"liz": {Name: "l", Team: "t", Languages: []string{"de"}, Timezone: "Europe/London",
				Channels: map[string]int{"phone": 1}, Shifts: []string{"mon 07:00-09:00"}}},
			want: []string{"phone Mon 08:00 CET 1 [agents.liz.shifts[0]]", "phone Mon 09:00 CET 1 [agents.liz.shifts[0]]"},
		},
	}
	loc, err := time.LoadLocation(berlin)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			week, err := kpi.ParsePeriod(tc.week, loc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := roster.Week(config(tc.agents, tc.patterns), week)
			if err != nil {
				t.Fatalf("Week: %v", err)
			}
			if diff := cmp.Diff(tc.want, scheduled(p)); diff != "" {
				t.Errorf("scheduled (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWeekIntervals(t *testing.T) {
	loc, err := time.LoadLocation(berlin)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		week     string
		starts   int
		sunday   float64 // Sunday's contacts on the phones
		firstDay float64 // Monday's
	}{
		// 10 calls an hour 00:00-06:00 on Sunday, 60 on Monday 08:00-14:00.
		"plain week":     {week: "2026-W49", starts: 168, sunday: 60, firstDay: 60},
		"23-hour Sunday": {week: "2026-W13", starts: 167, sunday: 50, firstDay: 60},
		"25-hour Sunday": {week: "2026-W43", starts: 169, sunday: 70, firstDay: 60},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			week, err := kpi.ParsePeriod(tc.week, loc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := roster.Week(config(nil, nil), week)
			if err != nil {
				t.Fatalf("Week: %v", err)
			}
			var sun, mon float64
			for k, in := range p.Queues[1].Intervals {
				switch p.Starts[k].Weekday() {
				case time.Sunday:
					sun += in.Contacts
				case time.Monday:
					mon += in.Contacts
				}
			}
			got := []float64{float64(len(p.Starts)), sun, mon}
			if diff := cmp.Diff([]float64{float64(tc.starts), tc.sunday, tc.firstDay}, got); diff != "" {
				t.Errorf("starts, Sunday's and Monday's calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPath(t *testing.T) {
	got := []string{roster.Path("forecasts", "vip", "phone"), roster.Path("agents", "jonas-weber", "shifts", 2)}
	want := []string{"forecasts.vip.phone", `agents."jonas-weber".shifts[2]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Path (-want +got):\n%s", diff)
	}
}
