package roster

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster/shift"
)

// Plan is a week of forecasts and rosters.
type Plan struct {
	// Week is the ISO week laid out, in the center's time zone.
	Week kpi.Period
	// Interval is the length of the intervals (staffing.interval).
	Interval time.Duration
	// Starts are the starts of the week's intervals, wall-clock in the
	// center's zone: 24h ÷ Interval a day, fewer on the day the clocks go
	// forward, more on the day they go back. Interval k ends at Starts[k+1]
	// (the last at Week.End).
	Starts []time.Time
	// Queues are the forecast channels of queues, sorted by queue, then
	// channel.
	Queues []Queue

	// covers are the agents who count somewhere, sorted by id, for Shifts;
	// byQueue the indices of those serving each queue.
	covers  []cover
	byQueue [][]int
}

// cover is where one agent's shifts put them.
type cover struct {
	id     string
	serves []int  // indices of the queues they serve
	at     []slot // the intervals their shifts cover, by interval
}

// slot is one shift of an agent in one interval.
type slot struct {
	k, shift int
}

// Queue is one forecast channel of one queue over the week.
type Queue struct {
	// Queue and Channel are the ids.
	Queue, Channel string
	// Path is where the forecast is, as diagnostics print it
	// (forecasts.vip.phone).
	Path string
	// AHT, Patience (0: customers never give up) and Concurrency (≥ 1)
	// are what a contact costs, the same in every interval: with an
	// interval's contacts and Plan.Interval they are the interval's load.
	AHT, Patience time.Duration
	Concurrency   int
	// Intervals are the week's intervals, one per Plan.Starts.
	Intervals []Interval
}

// Interval is one interval of a queue's channel.
type Interval struct {
	// Contacts forecast in the interval.
	Contacts float64
	// Scheduled is the agents on shift for the queue's channel in the
	// interval: fractional, see Week for the rule (Plan.Shifts names
	// whose).
	Scheduled float64
}

// Shifts are the shifts that put agents on queue j (an index of Queues) in
// interval k, as diagnostics print their paths
// (agents."jonas-weber".shifts[0]), sorted: those of the agents who serve
// the queue's channel, on shift then, when it has contacts.
func (p *Plan) Shifts(j, k int) []string {
	if p.Queues[j].Intervals[k].Contacts <= 0 {
		return nil
	}
	var out []string
	for _, ci := range p.byQueue[j] {
		c := p.covers[ci]
		i, _ := slices.BinarySearchFunc(c.at, k, func(s slot, k int) int { return s.k - k })
		for ; i < len(c.at) && c.at[i].k == k; i++ {
			out = append(out, Path("agents", c.id, "shifts", c.at[i].shift))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Erlangs is the interval's workload in agents: contacts × AHT ÷ the
// interval's length ÷ concurrency.
func (q Queue) Erlangs(contacts float64, interval time.Duration) float64 {
	return contacts * q.AHT.Seconds() / interval.Seconds() / float64(max(q.Concurrency, 1))
}

// Week lays cfg's forecasts and agents' shifts on week, an ISO week in the
// center's time zone. The intervals are wall-clock in the center's zone,
// from each local midnight, staffing.interval long: a day the clocks go
// forward has fewer, a day they go back more, the repeated clock hour's
// intervals getting the forecast of that clock time each.
//
// Who counts where. An agent serves a queue's channel when they are in the
// queue's team, take that channel (agents.X.channels) and speak one of the
// queue's languages. In an interval an agent counts for the share of it
// their shifts cover (a shift ending 16:15 counts half of the 16:00–16:30
// interval), less their breaks, at most once however their shifts overlap.
// That presence is split across the queue channels the agent serves in
// proportion to their forecast load in that interval (contacts × AHT ÷
// concurrency): an agent of a team with 30 phone Erlangs and 10 chat
// Erlangs counts 0.75 on the phones and 0.25 on chat. In an interval with no
// load on any of them the agent counts nowhere. Shrinkage is not taken off
// Scheduled: it is added to the required headcount (engine/staffing).
//
// Shifts are in the agent's zone (shift.Zone); a shift worked on a day
// the week's Monday or Sunday straddles in another zone counts for the
// part inside the week.
func Week(cfg *model.Config, week kpi.Period) (*Plan, error) {
	if cfg.Staffing == nil {
		return nil, errors.New("lay out the week: no staffing settings")
	}
	if week.Kind != kpi.Week {
		return nil, fmt.Errorf("lay out the week: %s is not an ISO week", week)
	}
	interval, err := time.ParseDuration(cfg.Staffing.Interval)
	if err != nil {
		return nil, fmt.Errorf("lay out the week: staffing interval: %w", err)
	}
	loc := week.Start.Location()
	p := &Plan{Week: week, Interval: interval, Starts: starts(week, interval, loc)}
	step := int(interval / time.Minute)
	for _, q := range model.SortedKeys(cfg.Forecasts) {
		for _, ch := range model.SortedKeys(cfg.Forecasts[q]) {
			f := cfg.Forecasts[q][ch]
			table, err := f.Contacts(interval)
			if err != nil {
				return nil, fmt.Errorf("lay out forecast %s/%s: %w", q, ch, err)
			}
			qu := Queue{Queue: q, Channel: ch, Path: Path("forecasts", q, ch), Concurrency: max(f.Concurrency, 1)}
			if qu.AHT, err = time.ParseDuration(f.AHT); err != nil {
				return nil, fmt.Errorf("lay out forecast %s/%s: aht: %w", q, ch, err)
			}
			if f.Patience != "" {
				if qu.Patience, err = time.ParseDuration(f.Patience); err != nil {
					return nil, fmt.Errorf("lay out forecast %s/%s: patience: %w", q, ch, err)
				}
			}
			qu.Intervals = make([]Interval, len(p.Starts))
			for k, t := range p.Starts {
				qu.Intervals[k].Contacts = table[t.Weekday()][(t.Hour()*60+t.Minute())/step]
			}
			p.Queues = append(p.Queues, qu)
		}
	}
	if err := p.schedule(cfg); err != nil {
		return nil, err
	}
	return p, nil
}

// starts are the starts of the week's intervals (see Plan.Starts).
func starts(week kpi.Period, interval time.Duration, loc *time.Location) []time.Time {
	var out []time.Time
	s := week.Start
	for d := range 7 {
		day := time.Date(s.Year(), s.Month(), s.Day()+d, 0, 0, 0, 0, loc)
		next := time.Date(s.Year(), s.Month(), s.Day()+d+1, 0, 0, 0, 0, loc)
		for t := day; t.Before(next); t = t.Add(interval) {
			out = append(out, t)
		}
	}
	return out
}

// end is the end of interval k.
func (p *Plan) end(k int) time.Time {
	if k+1 < len(p.Starts) {
		return p.Starts[k+1]
	}
	return p.Week.End
}

// schedule counts every agent's shifts into the queues' Scheduled.
func (p *Plan) schedule(cfg *model.Config) error {
	presence := make([]float64, len(p.Starts))
	weights := make([]float64, len(p.Queues))
	p.byQueue = make([][]int, len(p.Queues))
	zones := map[string]*time.Location{}
	shifts := map[string]shift.Shift{}
	for _, id := range model.SortedKeys(cfg.Agents) {
		a := cfg.Agents[id]
		if len(a.Shifts) == 0 {
			continue
		}
		c := cover{id: id, serves: p.served(cfg, a)}
		if len(c.serves) == 0 {
			continue
		}
		zone := shift.Zone(cfg, a)
		loc, ok := zones[zone]
		if !ok {
			var err error
			if loc, err = time.LoadLocation(zone); err != nil {
				return fmt.Errorf("lay out the shifts of agent %q: %w", id, err)
			}
			zones[zone] = loc
		}
		clear(presence)
		for i, ref := range a.Shifts {
			s, ok := shifts[ref]
			if !ok {
				var err error
				if s, err = shift.Resolve(cfg, ref); err != nil {
					return fmt.Errorf("lay out the shifts of agent %q: %w", id, err)
				}
				shifts[ref] = s
			}
			p.cover(s, loc, func(k int, share float64) {
				presence[k] += share
				c.at = append(c.at, slot{k, i})
			})
		}
		slices.SortFunc(c.at, func(a, b slot) int { return cmp.Or(a.k-b.k, a.shift-b.shift) })
		c.at = slices.Compact(c.at)
		for _, j := range c.serves {
			p.byQueue[j] = append(p.byQueue[j], len(p.covers))
		}
		p.covers = append(p.covers, c)
		for k, pr := range presence {
			if pr <= 0 {
				continue
			}
			pr = min(pr, 1)
			total := 0.0
			for _, j := range c.serves {
				q := p.Queues[j]
				weights[j] = q.Erlangs(q.Intervals[k].Contacts, p.Interval)
				total += weights[j]
			}
			if total <= 0 {
				continue
			}
			for _, j := range c.serves {
				p.Queues[j].Intervals[k].Scheduled += pr * weights[j] / total
			}
		}
	}
	return nil
}

// served are the indices of the plan's queues the agent serves: their
// team's, on a channel they take, in a language they speak.
func (p *Plan) served(cfg *model.Config, a model.Agent) []int {
	var out []int
	for j, q := range p.Queues {
		mq, ok := cfg.Queues[q.Queue]
		if !ok || mq.Team != a.Team || a.Channels[q.Channel] < 1 {
			continue
		}
		if slices.ContainsFunc(mq.Languages, func(l string) bool { return slices.Contains(a.Languages, l) }) {
			out = append(out, j)
		}
	}
	return out
}

// cover calls add with each interval a shift overlaps and the share of
// the interval it covers, over the local days in loc that touch the week.
func (p *Plan) cover(s shift.Shift, loc *time.Location, add func(k int, share float64)) {
	first := p.Week.Start.In(loc)
	last := p.Week.End.In(loc)
	for day := time.Date(first.Year(), first.Month(), first.Day()-1, 0, 0, 0, 0, loc); !day.After(last); day = day.AddDate(0, 0, 1) {
		for _, sp := range s.On(day.Year(), day.Month(), day.Day(), loc) {
			start, end := maxTime(sp.Start, p.Week.Start), minTime(sp.End, p.Week.End)
			if !start.Before(end) {
				continue
			}
			// the first interval ending after start
			k, _ := slices.BinarySearchFunc(p.Starts, start, func(t, x time.Time) int { return t.Compare(x) })
			if k == len(p.Starts) || p.Starts[k].After(start) {
				k--
			}
			for ; k < len(p.Starts) && p.Starts[k].Before(end); k++ {
				is, ie := p.Starts[k], p.end(k)
				o := minTime(ie, end).Sub(maxTime(is, start))
				if o > 0 {
					add(k, o.Seconds()/ie.Sub(is).Seconds())
				}
			}
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Path renders a configuration path the way diagnostics print it (CUE's
// syntax): forecasts.vip.phone, agents."jonas-weber".shifts[0].
func Path(elems ...any) string {
	var b []byte
	for i, e := range elems {
		switch e := e.(type) {
		case int:
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e), 10)
			b = append(b, ']')
		case string:
			if i > 0 {
				b = append(b, '.')
			}
			if identifier(e) {
				b = append(b, e...)
			} else {
				b = strconv.AppendQuote(b, e)
			}
		}
	}
	return string(b)
}

// identifier reports whether s can stand unquoted as a CUE field label.
func identifier(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
