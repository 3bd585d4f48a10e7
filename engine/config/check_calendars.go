package config

import (
	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/model"
)

// checkCenter checks the center's time zone and default calendar.
func (c *checker) checkCenter() {
	p := path{"center"}
	c.timezone(p.at("timezone"), c.cfg.Center.Timezone)
	if dc := c.cfg.Center.DefaultCalendar; dc != "" {
		ref(c, p.at("default_calendar"), "calendars", dc, c.cfg.Calendars)
	}
}

func (c *checker) checkCalendars() {
	for id, p := range entries("calendars", c.cfg.Calendars) {
		if cal := c.buildCalendar(p, c.cfg.Calendars[id]); cal != nil {
			c.calendars[id] = cal
		}
	}
}

// parsed returns what parse makes of s; false, with parse's error
// reported at p, when it cannot.
func parsed[T any](c *checker, p path, s string, parse func(string) (T, error)) (T, bool) {
	v, err := parse(s)
	if err != nil {
		c.errorf(p, "%v", err)
		return v, false
	}
	return v, true
}

// buildCalendar checks a calendar and builds it; nil when it has errors.
func (c *checker) buildCalendar(p path, m model.Calendar) *calendar.Calendar {
	loc, ok := c.timezone(p.at("timezone"), m.Timezone)
	var weekly calendar.Weekly
	for i, h := range m.Hours {
		if err := weekly.AddHours(h); err != nil {
			c.errorf(p.at("hours", i), "%v", err)
			ok = false
		}
	}
	spec := calendar.Spec{Location: loc, Weekly: weekly}
	seen := map[string]int{}
	for i, h := range m.Holidays {
		d, dateOK := parsed(c, p.at("holidays", i, "date"), h.Date, calendar.ParseDate)
		if !dateOK {
			ok = false
			continue
		}
		if j, dup := seen[h.Date]; dup {
			c.warnf(p.at("holidays", i, "date"), "holiday %s is listed twice (also holidays[%d])", h.Date, j)
		}
		seen[h.Date] = i
		spec.Holidays = append(spec.Holidays, d)
	}
	for i, sd := range m.SpecialDays {
		d, dateOK := parsed(c, p.at("special_days", i, "date"), sd.Date, calendar.ParseDate)
		if !dateOK {
			ok = false
			continue
		}
		day := calendar.SpecialDay{Date: d}
		for j, w := range sd.Windows {
			win, winOK := parsed(c, p.at("special_days", i, "windows", j), w, calendar.ParseWindow)
			if !winOK {
				ok = false
				continue
			}
			day.Windows = append(day.Windows, win)
		}
		spec.SpecialDays = append(spec.SpecialDays, day)
	}
	if !ok {
		return nil
	}
	cal, err := calendar.New(spec)
	if err != nil {
		c.errorf(p, "%v", err)
		return nil
	}
	return cal
}
