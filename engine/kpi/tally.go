package kpi

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// Tally accumulates ticket records and computes KPI results for any
// period it saw.
type Tally struct {
	cfg    *model.Config
	loc    *time.Location
	recs   []*history.Record
	latest time.Time // the latest created_at added
}

// New returns an empty tally for cfg's KPIs in the center's time zone.
func New(cfg *model.Config) (*Tally, error) {
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load center timezone %q: %w", cfg.Center.Timezone, err)
	}
	return &Tally{cfg: cfg, loc: loc}, nil
}

// Add counts one ticket record; drill records are ignored.
func (t *Tally) Add(r *history.Record) {
	if r.Drill {
		return
	}
	t.recs = append(t.recs, r)
	if r.CreatedAt.After(t.latest) {
		t.latest = r.CreatedAt
	}
}

// Card is every KPI of the configuration whose period kind is p's kind,
// in p, one result per concrete scope.
func (t *Tally) Card(p Period) Card {
	c := Card{Period: p.String(), Results: []Result{}}
	for _, id := range sortedKeys(t.cfg.KPIs) {
		k := t.cfg.KPIs[id]
		if Kind(k.Period) != p.Kind {
			continue
		}
		for _, s := range expand(t.cfg, k.Scope) {
			c.Results = append(c.Results, Result{
				KPI: id, Metric: k.Metric, Scope: s, Target: k.Target,
				Band: NoData, Direction: k.Direction, Period: c.Period,
			})
		}
	}
	return c
}

// Latest is the last complete period of kind k in what was added: one that
// ends at or before the end of the center-local day of the latest
// created_at. When none is complete it is the latest period and false.
func (t *Tally) Latest(k Kind) (Period, bool) {
	if t.latest.IsZero() {
		return Period{}, false
	}
	day := PeriodOf(Day, t.latest, t.loc)
	p := PeriodOf(k, t.latest, t.loc)
	if !p.End.After(day.End) {
		return p, true
	}
	if q := p.Prev(); t.first().Before(q.End) {
		return q, true
	}
	return p, false
}

// first is the earliest created_at added.
func (t *Tally) first() time.Time {
	var f time.Time
	for _, r := range t.recs {
		if f.IsZero() || r.CreatedAt.Before(f) {
			f = r.CreatedAt
		}
	}
	return f
}

// Periods are the periods of kind k that added records fall in, oldest
// first.
func (t *Tally) Periods(k Kind) []Period {
	seen := map[time.Time]Period{}
	for _, r := range t.recs {
		p := PeriodOf(k, r.CreatedAt, t.loc)
		seen[p.Start] = p
	}
	out := make([]Period, 0, len(seen))
	for _, p := range seen {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Period) int { return a.Start.Compare(b.Start) })
	return out
}

// expand turns a scope into its concrete scopes: "team:*" becomes every
// configured team, sorted.
func expand(cfg *model.Config, scope string) []string {
	kind, id, ok := strings.Cut(scope, ":")
	if !ok || id != "*" {
		return []string{scope}
	}
	var ids []string
	switch kind {
	case "team":
		ids = sortedKeys(cfg.Teams)
	case "agent":
		ids = sortedKeys(cfg.Agents)
	case "queue":
		ids = sortedKeys(cfg.Queues)
	case "channel":
		ids = sortedKeys(cfg.Channels)
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = kind + ":" + id
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
