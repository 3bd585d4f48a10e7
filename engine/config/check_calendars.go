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
	for _, id := range model.SortedKeys(c.cfg.Calendars) {
		if cal := c.buildCalendar(path{"calendars", id}, c.cfg.Calendars[id]); cal != nil {
			c.calendars[id] = cal
		}
	}
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
		d, err := calendar.ParseDate(h.Date)
		if err != nil {
			c.errorf(p.at("holidays", i, "date"), "%v", err)
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
		d, err := calendar.ParseDate(sd.Date)
		if err != nil {
			c.errorf(p.at("special_days", i, "date"), "%v", err)
			ok = false
			continue
		}
		day := calendar.SpecialDay{Date: d}
		for j, w := range sd.Windows {
			win, err := calendar.ParseWindow(w)
			if err != nil {
				c.errorf(p.at("special_days", i, "windows", j), "%v", err)
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
