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
