package model_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/model"
)

func TestForecastContacts(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	compact := model.Forecast{
		WeeklyVolume: f(700),
		// Monday twice a normal day, Saturday half, Sunday closed: 700 × 2
		// ÷ 7 = 200 on Monday.
		Weekdays: &model.Weekdays{Mon: f(2), Tue: f(1), Wed: f(1), Thu: f(1), Fri: f(1.5), Sat: f(0.5)},
		Profile:  map[string]float64{"08:00": 50, "09:00": 30, "16:00": 20},
	}
	tests := map[string]struct {
		f        model.Forecast
		interval time.Duration
		day      time.Weekday
		want     map[int]float64 // the non-zero intervals
		err      string
	}{
		"compact, hourly": {f: compact, interval: time.Hour, day: time.Monday, want: map[int]float64{8: 100, 9: 60, 16: 40}},
		"compact, an hour shared by its half hours": {
			f: compact, interval: 30 * time.Minute, day: time.Saturday, want: map[int]float64{16: 12.5, 17: 12.5, 18: 7.5, 19: 7.5, 32: 5, 33: 5},
		},
		"compact, a closed day":  {f: compact, interval: 15 * time.Minute, day: time.Sunday, want: map[int]float64{}},
		"table":                  {f: model.Forecast{Table: &model.ForecastTable{Tue: append(make([]float64, 23), 4)}}, interval: time.Hour, day: time.Tuesday, want: map[int]float64{23: 4}},
		"table, a day left out":  {f: model.Forecast{Table: &model.ForecastTable{Tue: make([]float64, 24)}}, interval: time.Hour, day: time.Friday, want: map[int]float64{}},
		"both forms":             {f: model.Forecast{WeeklyVolume: f(1), Table: &model.ForecastTable{}}, interval: time.Hour, err: "a forecast is either compact (weekly_volume, profile, weekdays) or a table, not both"},
		"neither":                {f: model.Forecast{WeeklyVolume: f(1)}, interval: time.Hour, err: "a compact forecast needs weekly_volume, profile and weekdays (or give a table)"},
		"a short table day":      {f: model.Forecast{Table: &model.ForecastTable{Mon: []float64{1}}}, interval: time.Hour, err: "mon has 1 intervals, want 24 (24h in 1h0m0s intervals)"},
		"a profile of 90":        {f: model.Forecast{WeeklyVolume: f(1), Weekdays: compact.Weekdays, Profile: map[string]float64{"08:00": 90}}, interval: time.Hour, err: "profile adds up to 90 %, want 100"},
		"a profile key":          {f: model.Forecast{WeeklyVolume: f(1), Weekdays: compact.Weekdays, Profile: map[string]float64{"8:00": 100}}, interval: time.Hour, err: `profile key "8:00": want a clock hour HH:00, such as "08:00"`},
		"no weights":             {f: model.Forecast{WeeklyVolume: f(1), Weekdays: &model.Weekdays{}, Profile: compact.Profile}, interval: time.Hour, err: "weekdays weights add up to 0: no day gets contacts"},
		"an interval of 45 mins": {f: compact, interval: 45 * time.Minute, err: "interval 45m0s: want 15m, 30m or 60m"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			week, err := tc.f.Contacts(tc.interval)
			if tc.err != "" || err != nil {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Contacts error = %v, want %q", err, tc.err)
				}
				return
			}
			day := week[tc.day]
			if len(day) != int(24*time.Hour/tc.interval) {
				t.Fatalf("%d intervals, want a day's", len(day))
			}
			got := map[int]float64{}
			for i, c := range day {
				if c != 0 {
					got[i] = c
				}
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("contacts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestForecastScaled: a compact forecast's weekly volume and every cell of
// a table are multiplied; the shape is kept and the original unchanged.
func TestForecastScaled(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	weekdays := &model.Weekdays{Mon: f(2), Tue: f(1)}
	compact := model.Forecast{AHT: "5m", Concurrency: 3, WeeklyVolume: f(300), Weekdays: weekdays, Profile: map[string]float64{"08:00": 100}}
	table := model.Forecast{AHT: "4m", Patience: "90s", Table: &model.ForecastTable{Mon: []float64{0, 4, 10}, Sat: []float64{3, 0, 1}}}
	tests := map[string]struct {
		f, want model.Forecast
		k       float64
	}{
		"compact, halved": {f: compact, k: 0.5,
			want: model.Forecast{AHT: "5m", Concurrency: 3, WeeklyVolume: f(150), Weekdays: weekdays, Profile: map[string]float64{"08:00": 100}}},
		"compact, to nothing": {f: compact, k: 0,
			want: model.Forecast{AHT: "5m", Concurrency: 3, WeeklyVolume: f(0), Weekdays: weekdays, Profile: map[string]float64{"08:00": 100}}},
		"table, one and a half": {f: table, k: 1.5,
			want: model.Forecast{AHT: "4m", Patience: "90s", Table: &model.ForecastTable{Mon: []float64{0, 6, 15}, Sat: []float64{4.5, 0, 1.5}}}},
		"table, unchanged": {f: table, k: 1, want: table},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := tc.f.Scaled(tc.k)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Scaled(%g) (-want +got):\n%s", tc.k, diff)
			}
			if *compact.WeeklyVolume != 300 || table.Table.Mon[2] != 10 || table.Table.Sat[0] != 3 {
				t.Errorf("Scaled changed the original: weekly volume %g, table %v", *compact.WeeklyVolume, *table.Table)
			}
			if tc.f.Table != nil && &got.Table.Mon[0] == &tc.f.Table.Mon[0] {
				t.Error("the scaled table shares its cells with the original")
			}
		})
	}
}
