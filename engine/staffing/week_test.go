package staffing_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
	"github.com/supportops/supportops/engine/staffing"
	"github.com/supportops/supportops/internal/testutil"
)

// workedConfig is the worked example on a roster: 100 calls a half
// hour on Tuesday 08:00-10:00, AHT 3 minutes, 80 % within 20 s, 30 %
// shrinkage, 85 % maximum occupancy (14 agents, 20 on the roster); 17
// agents work 08:00-10:00 and 2 more 09:00-10:00. patience, when set, makes
// it Erlang A.
func workedConfig(patience string, gate bool) *model.Config {
	tue := make([]float64, 48)
	for i := 16; i < 20; i++ {
		tue[i] = 100
	}
	sl, occ := 80.0, 85.0
	agents := map[string]model.Agent{}
	for i := range 19 {
		shift := "tue 08:00-10:00"
		if i >= 17 {
			shift = "tue 09:00-10:00"
		}
		agents[fmt.Sprintf("a%02d", i)] = model.Agent{Name: "A", Team: "t", Languages: []string{"de"}, Channels: map[string]int{"phone": 1}, Shifts: []string{shift}}
	}
	return &model.Config{
		Center:    model.Center{Name: "c", Timezone: "Europe/Berlin"},
		Teams:     map[string]model.Team{"t": {Name: "T"}},
		Queues:    map[string]model.Queue{"phone-de": {Team: "t", Channels: []string{"phone"}, Languages: []string{"de"}}},
		Agents:    agents,
		Forecasts: map[string]map[string]model.Forecast{"phone-de": {"phone": {AHT: "3m", Patience: patience, Table: &model.ForecastTable{Tue: tue}}}},
		Staffing: &model.Staffing{Interval: "30m", Shrinkage: 30, MaxOccupancy: &occ, Week: "2026-W49",
			Goals: map[string]map[string]model.StaffingGoal{"phone-de": {"phone": {Within: "20s", ServiceLevel: &sl, Gate: gate}}}},
	}
}

func TestAnalyseWorkedExample(t *testing.T) {
	cfg := workedConfig("", false)
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.Week(cfg, week)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.Analyse(cfg, plan)
	if err != nil {
		t.Fatal(err)
	}
	load := staffing.Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	reach := func(n int) float64 {
		o, err := staffing.Reach(load, n, 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return o.ServiceLevel
	}
	type row struct {
		Start                       string
		Contacts                    float64
		ErlangC, Required, OnRoster int
		Scheduled                   float64
		Available                   int
		ServiceLevel, Gap           float64
		Short                       bool
	}
	var got []row
	for _, in := range rep.Queues[0].Intervals {
		if in.Contacts > 0 || in.Scheduled > 0 {
			got = append(got, row{in.Start.Format("Mon 15:04"), in.Contacts, in.ErlangC, in.Required, in.OnRoster, in.Scheduled, in.Available, in.ServiceLevel, in.Gap, in.Short})
		}
	}
	// floor(17 × 0.7) = 11 and floor(19 × 0.7) = 13 agents answer.
	want := []row{
		{"Tue 08:00", 100, 14, 14, 20, 17, 11, reach(11), -3, true},
		{"Tue 08:30", 100, 14, 14, 20, 17, 11, reach(11), -3, true},
		{"Tue 09:00", 100, 14, 14, 20, 19, 13, reach(13), -1, true},
		{"Tue 09:30", 100, 14, 14, 20, 19, 13, reach(13), -1, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
	tue := rep.Queues[0].Days[1]
	wantDay := staffing.DaySummary{Date: "2026-12-01", Contacts: 400, RequiredHours: 40, ScheduledHours: 36, PeakOnRoster: 20, ShortIntervals: 4,
		ServiceLevel: (reach(11) + reach(13)) / 2}
	if diff := cmp.Diff(wantDay, tue, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Tuesday (-want +got):\n%s", diff)
	}
	if len(rep.Shortfalls) != 1 {
		t.Fatalf("%d shortfalls, want the four intervals merged into one", len(rep.Shortfalls))
	}
	level := strings.TrimSuffix(fmt.Sprintf("%.1f", reach(11)), ".0")
	wantMsg := "queue phone-de, phone: Tue 08:00–10:00 (2026-W49) needs 14 agents (20 on roster with 30 % shrinkage), 17 scheduled; reaches " + level + " % within 20s, goal 80 %"
	if got := rep.Shortfalls[0].Message(rep.Shrinkage); got != wantMsg {
		t.Errorf("message\n got %s\nwant %s", got, wantMsg)
	}
}

func TestAnalyseErlangA(t *testing.T) {
	cfg := workedConfig("2m", false)
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.Week(cfg, week)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.Analyse(cfg, plan)
	if err != nil {
		t.Fatal(err)
	}
	load := staffing.Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute, Patience: 2 * time.Minute}
	a, err := staffing.Required(load, staffing.Goal{ServiceLevel: 80, Within: 20 * time.Second, MaxOccupancy: 85})
	if err != nil {
		t.Fatal(err)
	}
	const tue0800 = 48 + 16 // Monday's 48 half hours, then 8 hours
	in := rep.Queues[0].Intervals[tue0800]
	if rep.Queues[0].Model != "erlang_a" || in.ErlangC != 14 || in.ErlangA == nil || *in.ErlangA != a.Agents || in.Required != a.Agents ||
		in.OnRoster != staffing.WithShrinkage(a.Agents, 30) || a.Agents > 14 {
		t.Errorf("Tuesday 08:00 = model %s, C %d, A %v, required %d, on roster %d; want C 14, A = Required's %d (at most C), with shrinkage",
			rep.Queues[0].Model, in.ErlangC, in.ErlangA, in.Required, in.OnRoster, a.Agents)
	}
}

func TestCheckPositions(t *testing.T) {
	positions := map[string][]diag.Position{
		"forecasts.\"phone-de\".phone": {{File: "forecasts.cue", Line: 3, Column: 20}},
		"agents.a00.shifts[0]":         {{File: "agents.cue", Line: 5, Column: 12}},
		"agents.a18.shifts[0]":         {{File: "agents.cue", Line: 50, Column: 12}},
	}
	for _, gate := range []bool{false, true} {
		ds, err := staffing.Check(workedConfig("", gate), positions, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 {
			t.Fatalf("gate %v: %d diagnostics, want 1:\n%v", gate, len(ds), ds)
		}
		d := ds[0]
		sev := diag.Warning
		if gate {
			sev = diag.Error
		}
		want := []diag.Position{{File: "forecasts.cue", Line: 3, Column: 20}, {File: "agents.cue", Line: 5, Column: 12}, {File: "agents.cue", Line: 50, Column: 12}}
		if d.Severity != sev || d.Path != `forecasts."phone-de".phone` || !strings.HasPrefix(d.Summary, "queue phone-de, phone: Tue 08:00–10:00") {
			t.Errorf("gate %v: %s %s: %s, want a %s at the forecast", gate, d.Severity, d.Path, d.Summary, sev)
		}
		if diff := cmp.Diff(want, d.Positions); diff != "" {
			t.Errorf("gate %v: positions (-want +got):\n%s", gate, diff)
		}
	}
}

// TestAnalyseAcmeShop is the example's week: per queue channel the days,
// Monday's intervals and the shortfalls, in a golden file.
func TestAnalyseAcmeShop(t *testing.T) {
	l, err := config.NewLoader()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := l.Load(t.Context(), "../../examples/acme-shop")
	if err != nil {
		t.Fatalf("acme-shop is invalid:\n%v", err)
	}
	week, err := staffing.CheckWeek(snap.Config, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.Week(snap.Config, week)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.Analyse(snap.Config, plan)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "week %s (%s), %s intervals, %g %% shrinkage\n", rep.Week, rep.Timezone, rep.Interval, rep.Shrinkage)
	for _, q := range rep.Queues {
		fmt.Fprintf(&b, "\n%s %s: %s (%s)\n", q.Queue, q.Channel, q.Goal, q.Model)
		for _, d := range q.Days {
			fmt.Fprintf(&b, "  %s  contacts %6.1f  required %5.1f h  scheduled %5.1f h  peak %2d  short %2d  service level %5.1f %%\n",
				d.Date, d.Contacts, d.RequiredHours, d.ScheduledHours, d.PeakOnRoster, d.ShortIntervals, d.ServiceLevel)
		}
		for _, in := range q.Intervals {
			if in.Start.Weekday() != time.Monday || (in.Contacts == 0 && in.Scheduled == 0) {
				continue
			}
			a := "-"
			if in.ErlangA != nil {
				a = fmt.Sprint(*in.ErlangA)
			}
			short := ""
			if in.Short {
				short = "  SHORT"
			}
			fmt.Fprintf(&b, "  %s  %5.1f contacts  %4.2f E  C %2d  A %2s  on roster %2d  scheduled %5.2f  reaches %5.1f %%  gap %+5.2f%s\n",
				in.Start.Format("Mon 15:04"), in.Contacts, in.Erlangs, in.ErlangC, a, in.OnRoster, in.Scheduled, in.ServiceLevel, in.Gap, short)
		}
	}
	b.WriteString("\nshortfalls:\n")
	for _, s := range rep.Shortfalls {
		fmt.Fprintf(&b, "  %s\n    at %s, shifts %s\n", s.Message(rep.Shrinkage), s.Forecast, strings.Join(s.Shifts, ", "))
	}
	testutil.Golden(t, "testdata/acme-week.txt", b.String())
}

func TestAnalyseASAGoal(t *testing.T) {
	cfg := workedConfig("", false)
	cfg.KPIs = map[string]model.KPI{"asa": {Metric: "asa", Scope: "center", Target: 5, Direction: "lower", Period: "month"}}
	cfg.Staffing.Goals["phone-de"]["phone"] = model.StaffingGoal{KPI: "asa"}
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.Week(cfg, week)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.Analyse(cfg, plan)
	if err != nil {
		t.Fatal(err)
	}
	load := staffing.Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	req, err := staffing.Required(load, staffing.Goal{ServiceLevel: 1e-6, ASA: 5 * time.Second, MaxOccupancy: 85})
	if err != nil {
		t.Fatal(err)
	}
	at11, err := staffing.Reach(load, 11, 0)
	if err != nil {
		t.Fatal(err)
	}
	const tue0800 = 48 + 16
	if in := rep.Queues[0].Intervals[tue0800]; rep.Queues[0].Goal != "ASA 5s" || in.Required != req.Agents || in.ASASeconds != at11.ASASeconds {
		t.Errorf("goal %q, required %d, ASA %g s; want ASA 5s, %d, %g s", rep.Queues[0].Goal, in.Required, in.ASASeconds, req.Agents, at11.ASASeconds)
	}
	if len(rep.Shortfalls) == 0 || !strings.Contains(rep.Shortfalls[0].Message(30), "; reaches an ASA of ") {
		t.Errorf("shortfalls %v, want one reporting the ASA reached", rep.Shortfalls)
	}
}

func TestCheckWeek(t *testing.T) {
	cfg := workedConfig("", false)
	now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) // a Thursday of 2026-W49
	tests := map[string]struct {
		week, want string
	}{
		"the configuration's week": {week: "2026-W10", want: "2026-W10"},
		"else the next full week":  {want: "2026-W50"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg.Staffing.Week = tc.week
			got, err := staffing.CheckWeek(cfg, now)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tc.want || got.Start.Location().String() != "Europe/Berlin" {
				t.Errorf("CheckWeek = %s in %s, want %s in Europe/Berlin", got, got.Start.Location(), tc.want)
			}
		})
	}
}

func TestCheckUnreachable(t *testing.T) {
	cfg := workedConfig("", true)
	all := 100.0
	cfg.Staffing.Goals["phone-de"]["phone"] = model.StaffingGoal{Within: "20s", ServiceLevel: &all, Gate: true}
	positions := map[string][]diag.Position{`forecasts."phone-de".phone`: {{File: "forecasts.cue", Line: 3, Column: 20}}}
	ds, err := staffing.Check(cfg, positions, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := diag.Diagnostics{{
		Severity: diag.Error, Path: `forecasts."phone-de".phone`,
		Summary:   "queue phone-de, phone: no number of agents reaches 100 % within 20s, in 4 intervals from Tue 08:00",
		Detail:    "service level 100% on 10 Erlangs: some contact always risks waiting longer than 20s: target unreachable",
		Positions: []diag.Position{{File: "forecasts.cue", Line: 3, Column: 20}},
	}}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
