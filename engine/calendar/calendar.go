package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// SpecialDay replaces the weekly windows on one date: a special working day
// (a Saturday before a launch), shorter hours (Christmas Eve), or, with no
// windows, a closed day.
type SpecialDay struct {
	Date    Date
	Windows []Window
}

// Spec describes a calendar.
type Spec struct {
	// Location is the zone the windows and dates are read in; nil means UTC.
	Location *time.Location
	// Weekly holds the usual windows of each weekday.
	Weekly Weekly
	// Holidays are whole local dates with no working time. A SpecialDay on
	// the same date wins.
	Holidays []Date
	// SpecialDays replace the weekly windows on their dates.
	SpecialDays []SpecialDay
}

// Calendar is an immutable business calendar built from a Spec. It is safe
// for concurrent use. Build one with New; the zero Calendar is not usable.
type Calendar struct {
	loc *time.Location
	// weekly holds each weekday's windows sorted, with touching windows
	// merged.
	weekly [7][]Window
	// weekTotal is the business time of a week without holidays, special
	// days or clock changes.
	weekTotal time.Duration
	// overrideDays holds, sorted, the day numbers (days since 1970-01-01) of
	// holidays and special days; overrideWindows holds their windows.
	overrideDays    []int64
	overrideWindows [][]Window
	zones           zones
}

// New validates spec and builds a Calendar from it. Every day's windows are
// sorted and touching windows merged; a window that is empty, runs backwards
// or lies outside 00:00-24:00, and windows that overlap, are errors naming
// the day. A calendar with no working time at all is an error too.
func New(spec Spec) (*Calendar, error) {
	c := &Calendar{loc: spec.Location}
	if c.loc == nil {
		c.loc = time.UTC
	}
	for d := range spec.Weekly {
		ws, err := normalise(spec.Weekly[d])
		if err != nil {
			return nil, fmt.Errorf("build calendar: %s: %w", time.Weekday(d), err)
		}
		c.weekly[d] = ws
		for _, w := range ws {
			c.weekTotal += w.End - w.Start
		}
	}

	overrides := make(map[int64][]Window, len(spec.Holidays)+len(spec.SpecialDays))
	for _, h := range spec.Holidays {
		if err := h.check(); err != nil {
			return nil, fmt.Errorf("build calendar: holiday %s: %w", h, err)
		}
		overrides[h.days()] = nil
	}
	special := make(map[int64]bool, len(spec.SpecialDays))
	working := c.weekTotal > 0
	for _, sd := range spec.SpecialDays {
		if err := sd.Date.check(); err != nil {
			return nil, fmt.Errorf("build calendar: special day %s: %w", sd.Date, err)
		}
		day := sd.Date.days()
		if special[day] {
			return nil, fmt.Errorf("build calendar: special day %s is listed twice", sd.Date)
		}
		special[day] = true
		ws, err := normalise(sd.Windows)
		if err != nil {
			return nil, fmt.Errorf("build calendar: special day %s: %w", sd.Date, err)
		}
		overrides[day] = ws
		working = working || len(ws) > 0
	}
	if !working {
		return nil, errors.New("build calendar: no working time: the weekly hours are empty and no special day has windows")
	}
	for day := range overrides {
		c.overrideDays = append(c.overrideDays, day)
	}
	slices.Sort(c.overrideDays)
	c.overrideWindows = make([][]Window, len(c.overrideDays))
	for i, day := range c.overrideDays {
		c.overrideWindows[i] = overrides[day]
	}
	c.zones = newZones(c.loc)
	return c, nil
}

// Location returns the location the calendar reads its windows and dates in,
// and in which Due expresses its results.
func (c *Calendar) Location() *time.Location { return c.loc }

// normalise returns a sorted copy of ws with touching windows merged, or an
// error naming a bad window or two overlapping ones.
func normalise(ws []Window) ([]Window, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	out := slices.Clone(ws)
	for _, w := range out {
		if err := checkWindow(w); err != nil {
			return nil, err
		}
	}
	sortWindows(out)
	if err := checkOverlap(out); err != nil {
		return nil, err
	}
	merged := out[:1]
	for _, w := range out[1:] {
		if last := &merged[len(merged)-1]; w.Start == last.End {
			last.End = w.End
			continue
		}
		merged = append(merged, w)
	}
	return slices.Clip(merged), nil
}
