package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Forecast is the expected demand of one channel of one queue over a week,
// in the compact form (WeeklyVolume, Profile, Weekdays) or as a Table.
type Forecast struct {
	Interval     string             `json:"interval,omitempty"`
	AHT          string             `json:"aht"`
	Patience     string             `json:"patience,omitempty"`
	Concurrency  int                `json:"concurrency,omitempty"`
	WeeklyVolume *float64           `json:"weekly_volume,omitempty"`
	Profile      map[string]float64 `json:"profile,omitempty"`
	Weekdays     *Weekdays          `json:"weekdays,omitempty"`
	Table        *ForecastTable     `json:"table,omitempty"`
}

// Weekdays are one number per weekday.
type Weekdays struct {
	Mon *float64 `json:"mon,omitempty"`
	Tue *float64 `json:"tue,omitempty"`
	Wed *float64 `json:"wed,omitempty"`
	Thu *float64 `json:"thu,omitempty"`
	Fri *float64 `json:"fri,omitempty"`
	Sat *float64 `json:"sat,omitempty"`
	Sun *float64 `json:"sun,omitempty"`
}

// ByWeekday returns the numbers indexed by time.Weekday (Sunday = 0), 0
// for a day left out.
func (w Weekdays) ByWeekday() [7]float64 {
	var out [7]float64
	for i, v := range []*float64{w.Sun, w.Mon, w.Tue, w.Wed, w.Thu, w.Fri, w.Sat} {
		if v != nil {
			out[i] = *v
		}
	}
	return out
}

// ForecastTable is the contacts per interval, from 00:00, of each weekday.
type ForecastTable struct {
	Mon []float64 `json:"mon,omitempty"`
	Tue []float64 `json:"tue,omitempty"`
	Wed []float64 `json:"wed,omitempty"`
	Thu []float64 `json:"thu,omitempty"`
	Fri []float64 `json:"fri,omitempty"`
	Sat []float64 `json:"sat,omitempty"`
	Sun []float64 `json:"sun,omitempty"`
}

// ByWeekday returns the days indexed by time.Weekday (Sunday = 0).
func (t ForecastTable) ByWeekday() [7][]float64 {
	return [7][]float64{t.Sun, t.Mon, t.Tue, t.Wed, t.Thu, t.Fri, t.Sat}
}

// Staffing are the settings that turn forecasts into required agents.
type Staffing struct {
	Interval     string                             `json:"interval"`
	Shrinkage    float64                            `json:"shrinkage"`
	MaxOccupancy *float64                           `json:"max_occupancy,omitempty"`
	Week         string                             `json:"week,omitempty"`
	Goals        map[string]map[string]StaffingGoal `json:"goals"`
}

// StaffingGoal is the service a queue's channel must reach: a KPI, an SLA
// policy's first_reply target with a service level, or an answer time
// (Within) with a service level.
type StaffingGoal struct {
	KPI          string   `json:"kpi,omitempty"`
	SLA          string   `json:"sla,omitempty"`
	Within       string   `json:"within,omitempty"`
	ServiceLevel *float64 `json:"service_level,omitempty"`
	// Gate makes a shortfall an error of validate, else a warning.
	Gate bool `json:"gate,omitempty"`
}

// ShiftPattern is a shift reused across agents.
type ShiftPattern struct {
	Name   string   `json:"name,omitempty"`
	Hours  string   `json:"hours"`
	Breaks []string `json:"breaks,omitempty"`
}

// Scaled returns f with its volume multiplied by k: the compact form's
// WeeklyVolume, or every cell of the table. The shape (profile, weekdays)
// and the rest are kept; f itself is not changed, and the result shares no
// volume with it (Profile and Weekdays, which Scaled does not change, are
// shared).
func (f Forecast) Scaled(k float64) Forecast {
	out := f
	if f.WeeklyVolume != nil {
		v := *f.WeeklyVolume * k
		out.WeeklyVolume = &v
	}
	if f.Table != nil {
		t := *f.Table
		for _, day := range []*[]float64{&t.Mon, &t.Tue, &t.Wed, &t.Thu, &t.Fri, &t.Sat, &t.Sun} {
			if *day == nil {
				continue
			}
			cells := make([]float64, len(*day))
			for i, c := range *day {
				cells[i] = c * k
			}
			*day = cells
		}
		out.Table = &t
	}
	return out
}

// ProfileTolerance is how far a forecast's profile may add up from 100 %.
const ProfileTolerance = 0.5

// Contacts normalises a forecast into the contacts of each interval of
// each weekday (indexed by time.Weekday, Sunday = 0), interval being the
// forecast's interval length: a day has 24h ÷ interval of them, from
// 00:00. A table is returned as it is, a day left out as zeros; the compact
// form shares WeeklyVolume between the days by their Weekdays weights and
// within a day by the Profile percentage of each clock hour, an hour evenly
// between its intervals. It fails on a forecast that is in neither or both
// forms, on a table day of the wrong length, a profile key other than
// "HH:00", a profile that does not add up to 100 (± ProfileTolerance) and
// weights that add up to 0.
func (f Forecast) Contacts(interval time.Duration) ([7][]float64, error) {
	var out [7][]float64
	if interval <= 0 || interval > time.Hour || time.Hour%interval != 0 {
		return out, fmt.Errorf("interval %s: want 15m, 30m or 60m", interval)
	}
	perDay := int(24 * time.Hour / interval)
	compact := f.WeeklyVolume != nil || f.Profile != nil || f.Weekdays != nil
	switch {
	case compact && f.Table != nil:
		return out, errors.New("a forecast is either compact (weekly_volume, profile, weekdays) or a table, not both")
	case f.Table != nil:
		for d, day := range f.Table.ByWeekday() {
			if day == nil {
				out[d] = make([]float64, perDay)
				continue
			}
			if len(day) != perDay {
				return out, fmt.Errorf("%s has %d intervals, want %d (24h in %s intervals)", WeekdayName(time.Weekday(d)), len(day), perDay, interval)
			}
			out[d] = day
		}
		return out, nil
	case f.WeeklyVolume == nil || f.Profile == nil || f.Weekdays == nil:
		return out, errors.New("a compact forecast needs weekly_volume, profile and weekdays (or give a table)")
	}
	var hours [24]float64
	sum := 0.0
	for k, pct := range f.Profile {
		h, err := ProfileHour(k)
		if err != nil {
			return out, err
		}
		hours[h] = pct
		sum += pct
	}
	if math.Abs(sum-100) > ProfileTolerance {
		return out, fmt.Errorf("profile adds up to %g %%, want 100", sum)
	}
	weights := f.Weekdays.ByWeekday()
	total := 0.0
	for _, w := range weights {
		total += w
	}
	if total <= 0 {
		return out, errors.New("weekdays weights add up to 0: no day gets contacts")
	}
	per := int(time.Hour / interval)
	for d := range out {
		day := make([]float64, perDay)
		volume := *f.WeeklyVolume * weights[d] / total
		for i := range day {
			day[i] = volume * hours[i/per] / sum / float64(per)
		}
		out[d] = day
	}
	return out, nil
}

// ProfileHour parses a profile key, "HH:00", into its hour.
func ProfileHour(key string) (int, error) {
	if len(key) == 5 && key[2] == ':' && key[3:] == "00" {
		if h, err := strconv.Atoi(key[:2]); err == nil && h >= 0 && h < 24 {
			return h, nil
		}
	}
	return 0, fmt.Errorf("profile key %q: want a clock hour HH:00, such as \"08:00\"", key)
}

// WeekdayName is the three-letter lower-case name of a weekday ("mon").
func WeekdayName(d time.Weekday) string {
	const names = "sunmontuewedthufrisat"
	return names[3*d : 3*d+3]
}
