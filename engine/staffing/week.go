package staffing

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
)

// This file holds the week's analysis: Analyse puts a roster.Plan through
// Required and Reach, interval by interval, and lists the shortfalls.

// asaOnlyServiceLevel stands in for the service level of a goal that only
// sets an ASA (an asa KPI): Goal needs one above 0, and any queue that
// answers at all meets this one.
const asaOnlyServiceLevel = 1e-6

// shortTolerance absorbs rounding when scheduled (a sum of fractions) is
// compared with the whole agents required.
const shortTolerance = 1e-9

// Report is a week of required and scheduled agents.
type Report struct {
	// Week is the ISO week, "2026-W49".
	Week string `json:"week"`
	// Timezone of the intervals' clock times: the center's.
	Timezone string `json:"timezone"`
	// Interval is the intervals' length.
	Interval string `json:"interval"`
	// Shrinkage is the percentage added to required agents on the roster.
	Shrinkage float64 `json:"shrinkage"`
	// Queues are the forecast channels of queues, sorted by queue, channel.
	Queues []QueueReport `json:"queues"`
	// Shortfalls are the runs of consecutive short intervals of a queue
	// channel within one day, in queue, channel and time order.
	Shortfalls []Shortfall `json:"shortfalls"`
}

// QueueReport is the week of one channel of one queue.
type QueueReport struct {
	// Queue and Channel are the ids.
	Queue   string `json:"queue"`
	Channel string `json:"channel"`
	// Goal is what the channel must reach, as people read it: "80 % within
	// 20s" or "ASA 30s".
	Goal string `json:"goal"`
	// Gate makes a shortfall an error of validate.
	Gate bool `json:"gate,omitempty"`
	// Model is "erlang_c", or "erlang_a" when the forecast sets a patience.
	Model string `json:"model"`
	// Intervals are the week's intervals.
	Intervals []IntervalReport `json:"intervals"`
	// Days sum the intervals per local day.
	Days []DaySummary `json:"days"`
}

// IntervalReport is one interval of a queue's channel.
type IntervalReport struct {
	// Start of the interval, in the center's zone.
	Start time.Time `json:"start"`
	// Contacts forecast.
	Contacts float64 `json:"contacts"`
	// Erlangs offered: contacts × AHT ÷ interval ÷ concurrency.
	Erlangs float64 `json:"erlangs"`
	// ErlangC is the agents Erlang C requires.
	ErlangC int `json:"erlang_c"`
	// ErlangA is the agents Erlang A requires, when the forecast sets a
	// patience.
	ErlangA *int `json:"erlang_a,omitempty"`
	// Required is the agents that count: Erlang A's when set, else C's.
	Required int `json:"required"`
	// OnRoster is Required with shrinkage: WithShrinkage(Required).
	OnRoster int `json:"on_roster"`
	// Scheduled is the agents on shift for the channel (roster.Week).
	Scheduled float64 `json:"scheduled"`
	// Available is floor(Scheduled × (1 − shrinkage)): who answers.
	Available int `json:"available"`
	// ServiceLevel the Available agents reach within the goal's answer
	// time, percent.
	ServiceLevel float64 `json:"service_level"`
	// ASASeconds the Available agents reach; -1 when they cannot keep up.
	ASASeconds float64 `json:"asa_seconds"`
	// Gap is Scheduled − OnRoster: negative is short.
	Gap float64 `json:"gap"`
	// Short is Scheduled below OnRoster.
	Short bool `json:"short,omitempty"`
	// Unreachable says why no headcount meets the goal, when none does.
	Unreachable string `json:"unreachable,omitempty"`
}

// DaySummary sums one local day of a queue's channel.
type DaySummary struct {
	// Date is the local date, "2026-12-07".
	Date string `json:"date"`
	// Contacts forecast that day.
	Contacts float64 `json:"contacts"`
	// RequiredHours and ScheduledHours are agent hours: on roster (with
	// shrinkage) and on shift.
	RequiredHours  float64 `json:"required_hours"`
	ScheduledHours float64 `json:"scheduled_hours"`
	// PeakOnRoster is the most agents on roster any interval needs.
	PeakOnRoster int `json:"peak_on_roster"`
	// ShortIntervals counts the day's short intervals.
	ShortIntervals int `json:"short_intervals"`
	// ServiceLevel is the day's service level, the intervals' weighted by
	// their contacts; 100 on a day without contacts.
	ServiceLevel float64 `json:"service_level"`
}

// Shortfall is a run of consecutive short intervals of one queue channel
// on one day.
type Shortfall struct {
	Queue   string `json:"queue"`
	Channel string `json:"channel"`
	// Start and End bound the run.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Required and OnRoster are the run's largest; Scheduled its smallest,
	// ServiceLevel the lowest it reaches (percent) and ASASeconds the
	// highest (-1: the agents cannot keep up).
	Required     int     `json:"required"`
	OnRoster     int     `json:"on_roster"`
	Scheduled    float64 `json:"scheduled"`
	ServiceLevel float64 `json:"service_level"`
	ASASeconds   float64 `json:"asa_seconds"`
	// Goal as QueueReport.Goal; GoalLevel its service level (0 for an ASA
	// goal), Within its answer time, ASA its ASA.
	Goal      string        `json:"goal"`
	GoalLevel float64       `json:"goal_level"`
	Within    time.Duration `json:"within"`
	ASA       time.Duration `json:"asa"`
	// Gate makes it an error of validate.
	Gate bool `json:"gate,omitempty"`
	// Forecast is the forecast's path; Shifts the paths of the shifts
	// that put agents on the channel during the run, sorted.
	Forecast string   `json:"forecast"`
	Shifts   []string `json:"shifts,omitempty"`
}

// Analyse works out, for every queue channel of plan and every interval,
// the agents required (Erlang C, and Erlang A when the forecast sets a
// patience, which then counts), the agents on roster that takes after
// shrinkage, the agents scheduled, the service level the scheduled agents
// reach (Reach with floor(scheduled × (1 − shrinkage)) agents) and the gap;
// a summary per day; and the shortfalls, consecutive short intervals of a
// day merged. cfg must be the configuration plan was laid out from, loaded
// (checked): a goal it cannot read fails.
func Analyse(cfg *model.Config, plan *roster.Plan) (Report, error) {
	st := cfg.Staffing
	if st == nil {
		return Report{}, errors.New("analyse the week: no staffing settings")
	}
	rep := Report{
		Week:      plan.Week.String(),
		Timezone:  plan.Week.Start.Location().String(),
		Interval:  formatDuration(plan.Interval),
		Shrinkage: st.Shrinkage,
		Queues:    []QueueReport{},
	}
	for j, q := range plan.Queues {
		g, err := goalOf(cfg, q.Queue, q.Channel)
		if err != nil {
			return Report{}, fmt.Errorf("analyse %s/%s: %w", q.Queue, q.Channel, err)
		}
		qr, err := analyseQueue(plan, q, g, st.Shrinkage)
		if err != nil {
			return Report{}, fmt.Errorf("analyse %s/%s: %w", q.Queue, q.Channel, err)
		}
		rep.Queues = append(rep.Queues, qr)
		rep.Shortfalls = append(rep.Shortfalls, shortfalls(plan, j, qr, g)...)
	}
	return rep, nil
}

// goal is a queue channel's goal, read from the configuration.
type goal struct {
	Goal
	text string
	gate bool
}

// goalOf reads the goal of a queue's channel: a service_level KPI's target
// within its answer time, an asa KPI's target as the ASA, an SLA policy's
// first_reply target or an answer time with a service level; the staffing
// maximum occupancy applies to each.
func goalOf(cfg *model.Config, queue, channel string) (goal, error) {
	st := cfg.Staffing
	sg, ok := st.Goals[queue][channel]
	if !ok {
		return goal{}, errors.New("no staffing goal")
	}
	g := goal{gate: sg.Gate}
	if st.MaxOccupancy != nil {
		g.MaxOccupancy = *st.MaxOccupancy
	}
	within := sg.Within
	switch {
	case sg.KPI != "":
		k, ok := cfg.KPIs[sg.KPI]
		if !ok {
			return goal{}, fmt.Errorf("unknown kpi %q", sg.KPI)
		}
		switch k.Metric {
		case "service_level":
			g.ServiceLevel, within = k.Target, k.Within
		case "asa":
			g.ServiceLevel = asaOnlyServiceLevel
			g.ASA = time.Duration(k.Target * float64(time.Second))
			g.text = "ASA " + formatDuration(g.ASA)
			return g, nil
		default:
			return goal{}, fmt.Errorf("kpi %q measures %s, not service_level or asa", sg.KPI, k.Metric)
		}
	case sg.SLA != "":
		i := slices.IndexFunc(cfg.SLAPolicies, func(p model.SLAPolicy) bool { return p.Name == sg.SLA })
		if i < 0 || cfg.SLAPolicies[i].Metrics.FirstReply == nil {
			return goal{}, fmt.Errorf("SLA policy %q has no first_reply target", sg.SLA)
		}
		within = cfg.SLAPolicies[i].Metrics.FirstReply.Target
	}
	if sg.ServiceLevel != nil {
		g.ServiceLevel = *sg.ServiceLevel
	}
	d, err := time.ParseDuration(within)
	if err != nil {
		return goal{}, fmt.Errorf("answer time: %w", err)
	}
	g.Within = d
	g.text = fmt.Sprintf("%s %% within %s", formatNumber(g.ServiceLevel), formatDuration(d))
	return g, nil
}

// analyseQueue works out one queue channel's intervals and days.
func analyseQueue(plan *roster.Plan, q roster.Queue, g goal, shrinkage float64) (QueueReport, error) {
	qr := QueueReport{Queue: q.Queue, Channel: q.Channel, Goal: g.text, Gate: g.gate, Model: "erlang_c", Intervals: make([]IntervalReport, len(q.Intervals))}
	if q.Patience > 0 {
		qr.Model = "erlang_a"
	}
	for k, in := range q.Intervals {
		load := Load{Contacts: in.Contacts, Interval: plan.Interval, AHT: q.AHT, Patience: q.Patience, Concurrency: q.Concurrency}
		ir := IntervalReport{Start: plan.Starts[k], Contacts: in.Contacts, Erlangs: load.Erlangs(), Scheduled: in.Scheduled}
		c := load
		c.Patience = 0
		oc, err := Required(c, g.Goal)
		switch {
		case errors.Is(err, ErrUnreachable):
			ir.Unreachable = err.Error()
		case err != nil:
			return QueueReport{}, fmt.Errorf("interval %s: %w", plan.Starts[k].Format(time.RFC3339), err)
		}
		ir.ErlangC, ir.Required = oc.Agents, oc.Agents
		if q.Patience > 0 && ir.Unreachable == "" {
			oa, errA := Required(load, g.Goal)
			switch {
			case errors.Is(errA, ErrUnreachable):
				ir.Unreachable = errA.Error()
			case errA != nil:
				return QueueReport{}, fmt.Errorf("interval %s: %w", plan.Starts[k].Format(time.RFC3339), errA)
			}
			ir.ErlangA, ir.Required = &oa.Agents, oa.Agents
		}
		ir.OnRoster = WithShrinkage(ir.Required, shrinkage)
		ir.Available = int(math.Floor(in.Scheduled*(1-shrinkage/percent) + shortTolerance))
		reached, err := Reach(load, ir.Available, g.Within)
		switch {
		case errors.Is(err, ErrOverloaded):
			ir.ServiceLevel, ir.ASASeconds = reached.ServiceLevel, -1
		case err != nil:
			return QueueReport{}, fmt.Errorf("interval %s: %w", plan.Starts[k].Format(time.RFC3339), err)
		default:
			ir.ServiceLevel, ir.ASASeconds = reached.ServiceLevel, reached.ASASeconds
		}
		ir.Gap = in.Scheduled - float64(ir.OnRoster)
		ir.Short = ir.Unreachable == "" && in.Scheduled+shortTolerance < float64(ir.OnRoster)
		qr.Intervals[k] = ir
	}
	qr.Days = days(plan, qr.Intervals)
	return qr, nil
}

// days sums the intervals per local day.
func days(plan *roster.Plan, ins []IntervalReport) []DaySummary {
	var out []DaySummary
	var answered float64
	for k, ir := range ins {
		date := ir.Start.Format(time.DateOnly)
		if len(out) == 0 || out[len(out)-1].Date != date {
			if len(out) > 0 {
				closeDay(&out[len(out)-1], answered)
			}
			out = append(out, DaySummary{Date: date})
			answered = 0
		}
		d := &out[len(out)-1]
		hours := intervalEnd(plan, k).Sub(ir.Start).Hours()
		d.Contacts += ir.Contacts
		d.RequiredHours += float64(ir.OnRoster) * hours
		d.ScheduledHours += ir.Scheduled * hours
		d.PeakOnRoster = max(d.PeakOnRoster, ir.OnRoster)
		if ir.Short {
			d.ShortIntervals++
		}
		answered += ir.ServiceLevel * ir.Contacts
	}
	if len(out) > 0 {
		closeDay(&out[len(out)-1], answered)
	}
	return out
}

func closeDay(d *DaySummary, answered float64) {
	d.ServiceLevel = percent
	if d.Contacts > 0 {
		d.ServiceLevel = answered / d.Contacts
	}
}

// intervalEnd is the end of the plan's interval k.
func intervalEnd(plan *roster.Plan, k int) time.Time {
	if k+1 < len(plan.Starts) {
		return plan.Starts[k+1]
	}
	return plan.Week.End
}

// shortfalls merges a queue channel's short intervals into runs within a
// local day.
func shortfalls(plan *roster.Plan, j int, qr QueueReport, g goal) []Shortfall {
	q := plan.Queues[j]
	var out []Shortfall
	var cur *Shortfall
	last := -2
	for k, ir := range qr.Intervals {
		if !ir.Short {
			continue
		}
		if cur == nil || k != last+1 || ir.Start.Format(time.DateOnly) != cur.Start.Format(time.DateOnly) {
			out = append(out, Shortfall{
				Queue: q.Queue, Channel: q.Channel, Start: ir.Start, Scheduled: ir.Scheduled, ServiceLevel: ir.ServiceLevel, ASASeconds: ir.ASASeconds,
				Goal: g.text, Within: g.Within, ASA: g.ASA, Gate: g.gate, Forecast: q.Path,
			})
			if g.ASA == 0 {
				out[len(out)-1].GoalLevel = g.ServiceLevel
			}
			cur = &out[len(out)-1]
		}
		cur.End = intervalEnd(plan, k)
		cur.Required = max(cur.Required, ir.Required)
		cur.OnRoster = max(cur.OnRoster, ir.OnRoster)
		cur.Scheduled = min(cur.Scheduled, ir.Scheduled)
		cur.ServiceLevel = min(cur.ServiceLevel, ir.ServiceLevel)
		if ir.ASASeconds < 0 || cur.ASASeconds < 0 {
			cur.ASASeconds = -1
		} else {
			cur.ASASeconds = max(cur.ASASeconds, ir.ASASeconds)
		}
		cur.Shifts = append(cur.Shifts, plan.Shifts(j, k)...)
		last = k
	}
	for i := range out {
		slices.Sort(out[i].Shifts)
		out[i].Shifts = slices.Compact(out[i].Shifts)
	}
	return out
}

// formatDuration prints a duration without zero minutes or seconds at
// its end: "9h30m", "1h", "20s".
func formatDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "m0s")
	if len(s) < len(d.String()) {
		s += "m"
	}
	if t := strings.TrimSuffix(s, "h0m"); t != s {
		s = t + "h"
	}
	return s
}

// formatNumber prints a number without trailing zeros, to one decimal.
func formatNumber(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
