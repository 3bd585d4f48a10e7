package staffing

import (
	"fmt"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
)

// CheckWeek is the week validate's staffing check lays the forecasts and
// rosters on: staffing.week when set, else the next full ISO week after
// now, in the center's time zone.
func CheckWeek(cfg *model.Config, now time.Time) (kpi.Period, error) {
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return kpi.Period{}, fmt.Errorf("staffing week: %w", err)
	}
	if cfg.Staffing != nil && cfg.Staffing.Week != "" {
		return kpi.ParsePeriod(cfg.Staffing.Week, loc)
	}
	return kpi.PeriodOf(kpi.Week, now, loc).Next(), nil
}

// Check is validate's staffing check of a loaded configuration: it lays
// the forecasts and rosters on CheckWeek(cfg, now), analyses it and
// reports each shortfall, a warning or, where the goal sets gate, an
// error, at the forecast's position followed by the positions of the
// shifts on the queue's channel then. positions are the loaded
// configuration's (config.Snapshot.Positions). A configuration without
// forecasts has nothing to check.
func Check(cfg *model.Config, positions map[string][]diag.Position, now time.Time) (diag.Diagnostics, error) {
	if len(cfg.Forecasts) == 0 || cfg.Staffing == nil {
		return nil, nil
	}
	week, err := CheckWeek(cfg, now)
	if err != nil {
		return nil, err
	}
	plan, err := roster.Week(cfg, week)
	if err != nil {
		return nil, err
	}
	rep, err := Analyse(cfg, plan)
	if err != nil {
		return nil, err
	}
	var ds diag.Diagnostics
	for j, q := range rep.Queues {
		if d, ok := unreachable(q, plan.Queues[j].Path, positions); ok {
			ds = append(ds, d)
		}
	}
	for _, s := range rep.Shortfalls {
		d := diag.Diagnostic{Severity: diag.Warning, Path: s.Forecast, Summary: s.Message(rep.Shrinkage)}
		if s.Gate {
			d.Severity = diag.Error
		}
		d.Positions = append(d.Positions, positions[s.Forecast]...)
		for _, sh := range s.Shifts {
			d.Positions = append(d.Positions, positions[sh]...)
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// unreachable reports a goal no headcount meets in some interval of the
// queue's channel (a service level of 100 %), once, at the forecast: a
// warning, or an error where the goal sets gate.
func unreachable(q QueueReport, path string, positions map[string][]diag.Position) (diag.Diagnostic, bool) {
	var first *IntervalReport
	n := 0
	for k := range q.Intervals {
		if q.Intervals[k].Unreachable != "" {
			n++
			if first == nil {
				first = &q.Intervals[k]
			}
		}
	}
	if n == 0 {
		return diag.Diagnostic{}, false
	}
	d := diag.Diagnostic{Severity: diag.Warning, Path: path, Positions: positions[path], Detail: first.Unreachable,
		Summary: fmt.Sprintf("queue %s, %s: no number of agents reaches %s, in %d intervals from %s", q.Queue, q.Channel, q.Goal, n, first.Start.Format("Mon 15:04"))}
	if q.Gate {
		d.Severity = diag.Error
	}
	return d, true
}

// Message says what the shortfall is, e.g. "queue after-sales, phone: Mon
// 08:00–09:30 (2026-W49) needs 14 agents (20 on roster with 30 %
// shrinkage), 11 scheduled; reaches 52 % within 20s, goal 80 %".
func (s Shortfall) Message(shrinkage float64) string {
	var b strings.Builder
	end := s.End.Format("15:04")
	if end == "00:00" {
		end = "24:00"
	}
	y, w := s.Start.ISOWeek()
	fmt.Fprintf(&b, "queue %s, %s: %s %s–%s (%04d-W%02d) needs %s (%d on roster with %s %% shrinkage), %s scheduled; ",
		s.Queue, s.Channel, s.Start.Format("Mon"), s.Start.Format("15:04"), end, y, w,
		agents(s.Required), s.OnRoster, formatNumber(shrinkage), formatNumber(s.Scheduled))
	switch {
	case s.ASASeconds < 0:
		fmt.Fprintf(&b, "they cannot keep up with the load, goal %s", s.Goal)
	case s.ASA > 0:
		fmt.Fprintf(&b, "reaches an ASA of %s, goal %s", (time.Duration(s.ASASeconds * float64(time.Second))).Round(time.Second), s.ASA)
	default:
		fmt.Fprintf(&b, "reaches %s %% within %s, goal %s %%", formatNumber(s.ServiceLevel), formatDuration(s.Within), formatNumber(s.GoalLevel))
	}
	return b.String()
}

// agents is "1 agent" or "14 agents".
func agents(n int) string {
	if n == 1 {
		return "1 agent"
	}
	return fmt.Sprintf("%d agents", n)
}
