package kpi

import (
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// Tally accumulates ticket records and computes KPI results for any
// period it saw. Add counts a record into per-period buckets of sums, so
// a card costs little however many records were added. A Tally is not
// safe for concurrent use.
type Tally struct {
	loc *time.Location

	teams, queues, agents, channels *index
	// agentTeam and queueTeam are the configured team of each agent and
	// queue; live says which channels are phone or chat.
	agentTeam, queueTeam []int32
	live                 []bool
	// calendars are each configured agent's calendar (nil when it has
	// none), for utilisation.
	calendars []*calendar.Calendar

	kinds   []*kindTally
	repeats *repeats

	// days are the starts (Unix ns) of the center-local days records were
	// created on; [dayStart, dayEnd) is the last one, empty at first.
	days             map[int64]struct{}
	dayStart, dayEnd int64
	first, last      time.Time
	added            int
}

// kindTally holds the KPIs of one period kind and their buckets.
type kindTally struct {
	kind    Kind
	specs   []*spec
	buckets map[int64]*bucket
	// byCreated and bySolved cache the bucket used last for each time.
	byCreated, bySolved *bucket
}

// bucket holds the sums of one period: per spec, one acc a slot (one a
// configured agent for agent-based metrics).
type bucket struct {
	start, end int64
	accs       [][]acc
}

// acc is a sum and a count: numerator and denominator of a rate, or sum
// and number of a mean.
type acc struct {
	num, den float64
}

// New returns an empty tally for cfg's KPIs in the center's time zone. It
// fails on a bad center time zone, a KPI it cannot measure, an unknown or
// invalid calendar, or, with a utilisation KPI, an agent without a
// calendar.
func New(cfg *model.Config) (*Tally, error) {
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load center timezone %q: %w", cfg.Center.Timezone, err)
	}
	t := &Tally{
		loc:   loc,
		teams: newIndex(cfg.Teams), queues: newIndex(cfg.Queues),
		agents: newIndex(cfg.Agents), channels: newIndex(cfg.Channels),
		days: map[int64]struct{}{}, dayStart: 1, dayEnd: 0,
	}
	byKind := map[Kind]*kindTally{}
	needCalendars := false
	for _, id := range sortedKeys(cfg.KPIs) {
		s, specErr := t.newSpec(id, cfg.KPIs[id])
		if specErr != nil {
			return nil, specErr
		}
		needCalendars = needCalendars || s.metric == utilisation
		if s.metric == repeatContactRate && t.repeats == nil {
			t.repeats = newRepeats()
		}
		k := Kind(s.kpi.Period)
		kt := byKind[k]
		if kt == nil {
			kt = &kindTally{kind: k, buckets: map[int64]*bucket{}}
			byKind[k] = kt
			t.kinds = append(t.kinds, kt)
		}
		kt.specs = append(kt.specs, s)
	}
	for _, kt := range t.kinds {
		for _, s := range kt.specs {
			s.slots = len(s.names)
			if s.agentBased() {
				s.slots = len(t.agents.ids)
			}
		}
	}
	for _, id := range t.agents.ids {
		t.agentTeam = append(t.agentTeam, t.teams.of(cfg.Agents[id].Team))
	}
	for _, id := range t.queues.ids {
		t.queueTeam = append(t.queueTeam, t.teams.of(cfg.Queues[id].Team))
	}
	for _, id := range t.channels.ids {
		kind := cfg.Channels[id].Kind
		t.live = append(t.live, kind == model.Phone || kind == model.Chat)
	}
	if t.calendars, err = agentCalendars(cfg, t.agents.ids[:t.agents.configured], needCalendars); err != nil {
		return nil, err
	}
	return t, nil
}

// Location is the center's time zone, the one periods are read in.
func (t *Tally) Location() *time.Location { return t.loc }

// Add counts one ticket record; drill records are ignored.
func (t *Tally) Add(r *history.Record) {
	if r.Drill {
		return
	}
	t.added++
	c := r.CreatedAt.UnixNano()
	t.note(r.CreatedAt, c)
	f := t.factOf(r)
	for _, kt := range t.kinds {
		bc := kt.bucket(&kt.byCreated, r.CreatedAt, t.loc)
		var bs *bucket
		if r.SolvedAt != nil {
			bs = kt.bucket(&kt.bySolved, *r.SolvedAt, t.loc)
		}
		for i, s := range kt.specs {
			b := bc
			switch s.basis {
			case solved:
				b = bs
			case worked:
				if bs != nil {
					b = bs
				}
			}
			if b == nil || s.metric == repeatContactRate || (s.channel != unknown && f.channel != s.channel) {
				continue
			}
			slot := int(f.agent)
			if !s.agentBased() {
				slot = s.slot(&f)
			}
			if slot < 0 {
				continue
			}
			s.measure(&b.accs[i][slot], r, &f)
		}
	}
	if t.repeats != nil {
		t.repeats.add(r, c, f)
	}
}

// factOf looks up a record's team, queue, agent and channel. Its team is
// record.team, else its queue's team, else its agent's team.
func (t *Tally) factOf(r *history.Record) fact {
	f := fact{
		team: unknown, queue: t.queues.of(r.Queue), agent: t.agents.of(r.Agent),
		channel: t.channels.of(r.Channel), agentTeam: unknown,
	}
	if f.agent >= 0 && int(f.agent) < len(t.agentTeam) {
		f.agentTeam = t.agentTeam[f.agent]
	}
	switch {
	case r.Team != "":
		f.team = t.teams.of(r.Team)
	case f.queue >= 0:
		f.team = t.queueTeam[f.queue]
	default:
		f.team = f.agentTeam
	}
	f.live = f.channel >= 0 && t.live[f.channel]
	return f
}

// note records the day a record was created on and the first and last
// created_at.
func (t *Tally) note(at time.Time, ns int64) {
	if t.first.IsZero() || at.Before(t.first) {
		t.first = at
	}
	if at.After(t.last) {
		t.last = at
	}
	if ns >= t.dayStart && ns < t.dayEnd {
		return
	}
	d := PeriodOf(Day, at, t.loc)
	t.dayStart, t.dayEnd = d.Start.UnixNano(), d.End.UnixNano()
	t.days[t.dayStart] = struct{}{}
}

// bucket is the bucket of the period at falls in, made when new; *last
// caches it.
func (kt *kindTally) bucket(last **bucket, at time.Time, loc *time.Location) *bucket {
	ns := at.UnixNano()
	if b := *last; b != nil && ns >= b.start && ns < b.end {
		return b
	}
	p := PeriodOf(kt.kind, at, loc)
	start := p.Start.UnixNano()
	b := kt.buckets[start]
	if b == nil {
		b = &bucket{start: start, end: p.End.UnixNano(), accs: make([][]acc, len(kt.specs))}
		for i, s := range kt.specs {
			b.accs[i] = make([]acc, s.slots)
		}
		kt.buckets[start] = b
	}
	*last = b
	return b
}

// Card is every KPI of the configuration whose period kind is p's kind,
// in p, one result per concrete scope, sorted by KPI id and then scope.
// p is in the center's time zone (ParsePeriod with Location, PeriodOf,
// Latest or Periods give such periods).
func (t *Tally) Card(p Period) Card {
	c := Card{Period: p.String(), Results: []Result{}}
	kt := t.kind(p.Kind)
	if kt == nil {
		return c
	}
	b := kt.buckets[p.Start.UnixNano()]
	for i, s := range kt.specs {
		var accs []acc
		switch {
		case s.metric == repeatContactRate:
			accs = t.repeats.card(s, p)
		case b == nil:
			accs = make([]acc, s.slots)
		default:
			accs = b.accs[i]
		}
		if s.agentBased() {
			c.Results = append(c.Results, t.byAgents(s, accs, p)...)
			continue
		}
		for slot, name := range s.names {
			a := accs[slot]
			c.Results = append(c.Results, s.result(name, a.num, a.den, a.den > 0, c.Period))
		}
	}
	return c
}

// kind is the tally of period kind k, nil when no KPI has it.
func (t *Tally) kind(k Kind) *kindTally {
	for _, kt := range t.kinds {
		if kt.kind == k {
			return kt
		}
	}
	return nil
}

// result makes the result of one scope: a value (num ÷ den, as a
// percentage for rates) when has holds and den is positive, no_data
// otherwise.
func (s *spec) result(scope string, num, den float64, has bool, period string) Result {
	r := Result{
		KPI: s.id, Metric: s.kpi.Metric, Scope: scope, Numerator: num, Denominator: den,
		Target: s.kpi.Target, Band: NoData, Direction: s.kpi.Direction, Period: period,
	}
	if !has || den <= 0 {
		return r
	}
	v := num / den
	if s.metric.rate() {
		v *= percent
	}
	r.Value = &v
	r.Band = BandOf(s.kpi, v)
	return r
}

// Latest is the last complete period of kind k in what was added: one that
// ends at or before the end of the center-local day of the latest
// created_at. When none is complete it is the latest period and false.
func (t *Tally) Latest(k Kind) (Period, bool) {
	if t.added == 0 {
		return Period{}, false
	}
	day := PeriodOf(Day, t.last, t.loc)
	p := PeriodOf(k, t.last, t.loc)
	if !p.End.After(day.End) {
		return p, true
	}
	if q := p.Prev(); t.first.Before(q.End) {
		return q, true
	}
	return p, false
}

// Periods are the periods of kind k that added records were created in,
// oldest first.
func (t *Tally) Periods(k Kind) []Period {
	days := make([]int64, 0, len(t.days))
	for d := range t.days {
		days = append(days, d)
	}
	slices.Sort(days)
	var out []Period
	for _, d := range days {
		at := time.Unix(0, d)
		if n := len(out); n > 0 && out[n-1].Contains(at) {
			continue
		}
		out = append(out, PeriodOf(k, at, t.loc))
	}
	return out
}

// sortedKeys are a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
