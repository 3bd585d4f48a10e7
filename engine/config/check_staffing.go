package config

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster/shift"
)

// refYear, refMonth and refDay are the Monday of the week a shift is laid
// on to compare it with calendars (in other time zones too) when staffing
// sets no week: a week without clock changes in Europe and North America.
const (
	refYear  = 2026
	refMonth = time.January
	refDay   = 12
)

// maxPercent is the most a percentage of the staffing settings can be.
const maxPercent = 100.0

// checkStaffing checks forecasts, the staffing settings and goals, shift
// patterns and agents' shifts, and records where each forecast and each
// shift is written (Snapshot.Positions) for the checks run on the loaded
// configuration (validate's staffing check).
func (c *checker) checkStaffing() {
	cfg := c.cfg
	st := cfg.Staffing
	interval := time.Duration(0)
	if st != nil {
		p := path{"staffing"}
		interval, _ = time.ParseDuration(st.Interval)
		if st.Shrinkage >= maxPercent {
			c.report(diag.Error, p.at("shrinkage"), "shrinkage is the share of paid time agents are unavailable: at 100 % nobody ever answers",
				"shrinkage %g %% is not below 100 %%", st.Shrinkage)
		}
		if o := st.MaxOccupancy; o != nil && (*o <= 0 || *o > maxPercent) {
			c.errorf(p.at("max_occupancy"), "max_occupancy %g %% is outside (0, 100]", *o)
		}
		if st.Week != "" {
			if _, ok := isoWeekStart(st.Week); !ok {
				c.errorf(p.at("week"), "week %q does not exist: want an ISO week such as 2026-W49", st.Week)
			}
		}
		c.checkGoals(p.at("goals"))
	}
	for q, qp := range entries("forecasts", cfg.Forecasts) {
		queue, known := cfg.Queues[q]
		ref(c, qp, "queues", q, cfg.Queues)
		if st == nil {
			c.errorf(qp, "forecasts need staffing settings (staffing: interval, shrinkage, goals)")
		}
		for _, ch := range model.SortedKeys(cfg.Forecasts[q]) {
			fp := qp.at(ch)
			c.record(fp)
			if ref(c, fp, "channels", ch, cfg.Channels) && known && !slices.Contains(queue.Channels, ch) {
				c.report(diag.Error, fp, "the queue's channels: "+strings.Join(queue.Channels, ", "), "queue %q does not take channel %q", q, ch)
			}
			c.checkForecast(fp, cfg.Forecasts[q][ch], interval)
			if st != nil {
				if _, ok := st.Goals[q][ch]; !ok {
					c.errorf(fp, "no staffing goal for queue %q channel %q: add staffing.goals.%s.%s", q, ch, q, ch)
				}
			}
		}
	}
	patterns := map[string]bool{}
	for id, p := range entries("shift_patterns", cfg.ShiftPatterns) {
		_, err := shift.Pattern(id, cfg.ShiftPatterns[id])
		if be, ok := errors.AsType[*shift.BreakError](err); ok {
			c.errorf(p.at("breaks", be.Index), "%v", be.Err)
		} else if err != nil {
			c.errorf(p.at("hours"), "%v", err)
		} else {
			patterns[id] = true
		}
	}
	for id, p := range entries("agents", cfg.Agents) {
		a := cfg.Agents[id]
		for i, r := range a.Shifts {
			sp := p.at("shifts", i)
			c.record(sp)
			if !shift.Inline(r) {
				if _, ok := cfg.ShiftPatterns[r]; !ok {
					c.report(diag.Error, sp, diag.Known("shift patterns", r, model.SortedKeys(cfg.ShiftPatterns)), "unknown shift pattern %q", r)
					continue
				}
				if !patterns[r] {
					continue // reported at the pattern
				}
			}
			s, err := shift.Resolve(cfg, r)
			if err != nil {
				c.errorf(sp, "%v", err)
				continue
			}
			c.checkShiftHours(sp, id, a, s)
		}
	}
}

// record keeps the positions of p for Snapshot.Positions.
func (c *checker) record(p path) {
	if c.pos.staffing == nil {
		c.pos.staffing = map[string][]diag.Position{}
	}
	c.pos.staffing[p.String()] = c.pos.at(p.cue())
}

// checkForecast checks one forecast: its interval, durations and form.
func (c *checker) checkForecast(p path, f model.Forecast, staffingInterval time.Duration) {
	interval := staffingInterval
	if f.Interval != "" {
		d, _ := time.ParseDuration(f.Interval)
		if staffingInterval > 0 && d != staffingInterval {
			c.errorf(p.at("interval"), "forecast interval %s differs from staffing.interval %s: the week is analysed in one interval length", f.Interval, c.cfg.Staffing.Interval)
		}
		interval = d
	}
	if aht, ok := c.duration(p.at("aht"), f.AHT); ok && aht <= 0 {
		c.errorf(p.at("aht"), "aht must be above 0")
	}
	if f.Patience != "" {
		if pt, ok := c.duration(p.at("patience"), f.Patience); ok && pt <= 0 {
			c.errorf(p.at("patience"), "patience must be above 0 (leave it out for customers who never give up)")
		}
	}
	compact := f.WeeklyVolume != nil || f.Profile != nil || f.Weekdays != nil
	switch {
	case compact && f.Table != nil:
		c.errorf(p.at("table"), "a forecast is either compact (weekly_volume, profile, weekdays) or a table, not both")
		return
	case f.Table == nil && (f.WeeklyVolume == nil || f.Profile == nil || f.Weekdays == nil):
		var missing []string
		for _, m := range []struct {
			name string
			set  bool
		}{{"weekly_volume", f.WeeklyVolume != nil}, {"profile", f.Profile != nil}, {"weekdays", f.Weekdays != nil}} {
			if !m.set {
				missing = append(missing, m.name)
			}
		}
		c.errorf(p, "a compact forecast needs weekly_volume, profile and weekdays, missing %s (or give a table)", strings.Join(missing, ", "))
		return
	}
	if interval <= 0 {
		return // no interval to measure the form against: staffing is missing, reported
	}
	if f.Table != nil {
		perDay := int(24 * time.Hour / interval)
		for d, day := range f.Table.ByWeekday() {
			if day != nil && len(day) != perDay {
				name := model.WeekdayName(time.Weekday(d))
				c.errorf(p.at("table", name), "%s has %d intervals, want %d (24h in %s intervals, from 00:00)", name, len(day), perDay, shortDuration(interval))
			}
		}
		return
	}
	sum := 0.0
	keysOK := true
	for _, k := range model.SortedKeys(f.Profile) {
		if _, err := model.ProfileHour(k); err != nil {
			c.errorf(p.at("profile", k), "%v", err)
			keysOK = false
		}
		sum += f.Profile[k]
	}
	if keysOK && math.Abs(sum-100) > model.ProfileTolerance {
		c.errorf(p.at("profile"), "profile adds up to %s %%, want 100: it is the share of a day's contacts per hour", strconv.FormatFloat(sum, 'f', -1, 64))
	}
	total := 0.0
	for _, w := range f.Weekdays.ByWeekday() {
		total += w
	}
	if total <= 0 {
		c.errorf(p.at("weekdays"), "weekdays weights add up to 0: no day gets contacts")
	}
}

// checkGoals checks the staffing goals: each names one source, and what
// it names exists and measures answer times.
func (c *checker) checkGoals(p path) {
	cfg := c.cfg
	for _, q := range model.SortedKeys(cfg.Staffing.Goals) {
		for _, ch := range model.SortedKeys(cfg.Staffing.Goals[q]) {
			gp := p.at(q, ch)
			g := cfg.Staffing.Goals[q][ch]
			if _, ok := cfg.Forecasts[q][ch]; !ok {
				c.warnf(gp, "goal for queue %q channel %q, which has no forecast: it is not checked", q, ch)
			}
			n := 0
			for _, set := range []bool{g.KPI != "", g.SLA != "", g.Within != ""} {
				if set {
					n++
				}
			}
			if n != 1 {
				c.errorf(gp, "a goal sets exactly one of kpi, sla or within")
				continue
			}
			switch {
			case g.KPI != "":
				if g.ServiceLevel != nil {
					c.errorf(gp.at("service_level"), "service_level comes from the KPI's target: leave it out")
				}
				if !ref(c, gp.at("kpi"), "kpis", g.KPI, cfg.KPIs) {
					continue
				}
				if m := cfg.KPIs[g.KPI].Metric; m != "service_level" && m != "asa" {
					c.errorf(gp.at("kpi"), "kpi %q measures %s: a staffing goal needs a service_level or asa KPI", g.KPI, m)
				}
			case g.SLA != "":
				i := slices.IndexFunc(cfg.SLAPolicies, func(s model.SLAPolicy) bool { return s.Name == g.SLA })
				if i < 0 {
					names := make([]string, 0, len(cfg.SLAPolicies))
					for _, s := range cfg.SLAPolicies {
						names = append(names, s.Name)
					}
					c.report(diag.Error, gp.at("sla"), diag.Known("SLA policies", g.SLA, names), "unknown SLA policy %q", g.SLA)
				} else if cfg.SLAPolicies[i].Metrics.FirstReply == nil {
					c.errorf(gp.at("sla"), "SLA policy %q has no first_reply target to answer within", g.SLA)
				}
				if g.ServiceLevel == nil {
					c.errorf(gp, "a goal from an SLA policy needs service_level: the percentage answered within its first_reply target")
				}
			default:
				c.duration(gp.at("within"), g.Within)
				if g.ServiceLevel == nil {
					c.errorf(gp, "a goal with within needs service_level: the percentage answered within it")
				}
			}
		}
	}
}

// checkShiftHours reports the days a shift lies entirely outside every
// calendar that applies to the agent: their own, their team's and the
// center's default.
func (c *checker) checkShiftHours(p path, id string, a model.Agent, s shift.Shift) {
	cfg := c.cfg
	var ids []string
	for _, cal := range []string{a.Calendar, cfg.Teams[a.Team].Calendar, cfg.Center.DefaultCalendar} {
		if cal != "" && !slices.Contains(ids, cal) {
			ids = append(ids, cal)
		}
	}
	type weekly struct {
		hours calendar.Weekly
		loc   *time.Location
	}
	var cals []weekly
	for _, cid := range ids {
		m, ok := cfg.Calendars[cid]
		if _, built := c.calendars[cid]; !ok || !built {
			return // an unknown or broken calendar is reported where it is named
		}
		var w calendar.Weekly
		if err := w.AddHours(m.Hours...); err != nil {
			return
		}
		cals = append(cals, weekly{w, c.calendars[cid].Location()})
	}
	if len(cals) == 0 {
		return
	}
	loc, err := time.LoadLocation(shift.Zone(cfg, a))
	if err != nil {
		return // reported at the time zone
	}
	monday := c.staffingMonday()
	var outside []string
	for i := range 7 {
		d := monday.AddDate(0, 0, i)
		spans := s.On(d.Year(), d.Month(), d.Day(), loc)
		if len(spans) == 0 {
			continue
		}
		in := false
		for _, sp := range spans {
			for _, cal := range cals {
				in = in || overlapsWeekly(cal.hours, cal.loc, sp)
			}
		}
		if !in {
			outside = append(outside, model.WeekdayName(d.Weekday()))
		}
	}
	if len(outside) > 0 {
		c.report(diag.Error, p, "calendars of the agent: "+strings.Join(ids, ", "),
			"agent %q: shift %q on %s is outside every calendar that applies to the agent", id, s.Ref, strings.Join(outside, ", "))
	}
}

// staffingMonday is the Monday of the week shifts are compared with
// calendars in: staffing's week, else the reference week.
func (c *checker) staffingMonday() time.Time {
	if st := c.cfg.Staffing; st != nil && st.Week != "" {
		if t, ok := isoWeekStart(st.Week); ok {
			return t
		}
	}
	return time.Date(refYear, refMonth, refDay, 0, 0, 0, 0, time.UTC)
}

// overlapsWeekly reports whether the span overlaps the weekly hours w, read
// in loc, on any day it touches.
func overlapsWeekly(w calendar.Weekly, loc *time.Location, sp shift.Span) bool {
	s := sp.Start.In(loc)
	first := time.Date(s.Year(), s.Month(), s.Day()-1, 0, 0, 0, 0, loc)
	for day := first; day.Before(sp.End); day = day.AddDate(0, 0, 1) {
		for _, win := range w[day.Weekday()] {
			ws := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(win.Start)
			we := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(win.End)
			if ws.Before(sp.End) && we.After(sp.Start) {
				return true
			}
		}
	}
	return false
}

// isoWeekStart is the Monday (a UTC date) of an ISO week written
// "2026-W49"; false when there is no such week.
func isoWeekStart(s string) (time.Time, bool) {
	y, w, ok := strings.Cut(s, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || week < 1 {
		return time.Time{}, false
	}
	// January 4th is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if gy, gw := monday.ISOWeek(); gy != year || gw != week {
		return time.Time{}, false
	}
	return monday, true
}

// shortDuration prints a duration without zero minutes or seconds at its
// end: "1h", "30m", "1h30m".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
