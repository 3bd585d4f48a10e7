package scorecard

import (
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// trendLength is how many earlier periods a scorecard's trend holds at most.
const trendLength = 6

// Scorecard is one period's KPI results, their trend and the incentives.
type Scorecard struct {
	Center  string            `json:"center"`
	Period  string            `json:"period"`
	Card    kpi.Card          `json:"card"`
	Trend   []kpi.Card        `json:"trend"` // earlier periods of the same kind, oldest first (up to 6)
	Outcome incentive.Outcome `json:"incentives"`
	// Weekly holds, for a month, quarter or year, the cards of the weeks
	// within it that records fall in, oldest first: the weekly KPIs of
	// the period. A week that runs over the period's start or end is left
	// out: its other days are another period's.
	Weekly []kpi.Card `json:"weekly,omitempty"`
	// KPIs are the configured KPIs, sorted by id: what the results
	// measure, their bands and configured scope.
	KPIs []KPI `json:"kpis"`
	// Teams are the configured teams, sorted by id: the rows of the team
	// heat map.
	Teams []Named `json:"teams"`
	// Names are the display names of teams and agents, keyed by scope
	// ("team:ID", "agent:ID").
	Names map[string]string `json:"names,omitempty"`
}

// KPI is a configured KPI and its id.
type KPI struct {
	ID string `json:"id"`
	model.KPI
}

// Named is an id and its display name.
type Named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Build assembles the scorecard of p: the card of p, the trend (up to six
// earlier periods of p's kind that t saw, oldest first), for a period longer
// than a week the cards of the weeks within it, and the incentives of
// the card with the event counts of c in p.
func Build(cfg *model.Config, t *kpi.Tally, c *incentive.Counter, p kpi.Period) Scorecard {
	card := t.Card(p)
	sc := Scorecard{
		Center: cfg.Center.Name, Period: p.String(), Card: card,
		Outcome: incentive.Evaluate(cfg, card, c.Counts(p)),
		Names:   map[string]string{},
	}
	var earlier []kpi.Card
	for _, q := range t.Periods(p.Kind) {
		if q.Start.Before(p.Start) {
			earlier = append(earlier, t.Card(q))
		}
	}
	sc.Trend = earlier[max(len(earlier)-trendLength, 0):]
	if p.Kind != kpi.Day && p.Kind != kpi.Week {
		for _, w := range t.Periods(kpi.Week) {
			if !w.Start.Before(p.Start) && !w.End.After(p.End) {
				sc.Weekly = append(sc.Weekly, t.Card(w))
			}
		}
	}
	for _, id := range model.SortedKeys(cfg.KPIs) {
		sc.KPIs = append(sc.KPIs, KPI{ID: id, KPI: cfg.KPIs[id]})
	}
	for _, id := range model.SortedKeys(cfg.Teams) {
		name := cmpOr(cfg.Teams[id].Name, id)
		sc.Teams = append(sc.Teams, Named{ID: id, Name: name})
		sc.Names["team:"+id] = name
	}
	for id, a := range cfg.Agents {
		sc.Names["agent:"+id] = cmpOr(a.Name, id)
	}
	return sc
}

// cmpOr returns s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// kpi returns the configured KPI id, and whether the scorecard has it.
func (sc Scorecard) kpi(id string) (KPI, bool) {
	i, ok := slices.BinarySearchFunc(sc.KPIs, id, func(k KPI, id string) int { return strings.Compare(k.ID, id) })
	if !ok {
		return KPI{}, false
	}
	return sc.KPIs[i], true
}

// gap is r's gap to target, signed by the direction of its KPI: a result
// read back from JSON has lost its own (kpi.Result's Direction is not in
// its JSON).
func (sc Scorecard) gap(r kpi.Result) (float64, bool) {
	if k, ok := sc.kpi(r.KPI); ok && r.Direction == "" {
		r.Direction = k.Direction
	}
	return r.Gap()
}

// wildcard reports whether a KPI's scope measures each team, agent, queue or
// channel ("team:*"), and returns the kind ("team").
func (k KPI) wildcard() (string, bool) {
	kind, ok := strings.CutSuffix(k.Scope, ":*")
	return kind, ok
}

// scopeName is how the page names a concrete scope: a team's or agent's
// name, "channel phone", "center".
func (sc Scorecard) scopeName(scope string) string {
	if n, ok := sc.Names[scope]; ok {
		return n
	}
	kind, id, ok := strings.Cut(scope, ":")
	if !ok {
		return scope
	}
	return kind + " " + id
}

// byKPI groups results by KPI id, in the order of the card (by KPI, then
// scope).
func byKPI(rs []kpi.Result) map[string][]kpi.Result {
	m := map[string][]kpi.Result{}
	for _, r := range rs {
		m[r.KPI] = append(m[r.KPI], r)
	}
	return m
}

// kpiIDs returns the ids of the KPIs with results in the cards, sorted.
func kpiIDs(cards ...kpi.Card) []string {
	var ids []string
	for _, c := range cards {
		for _, r := range c.Results {
			ids = append(ids, r.KPI)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// numBands is the number of bands, no data included.
const numBands = 5

// bands returns the bands in order from best to worst, no data last.
func bands() [numBands]kpi.Band {
	return [numBands]kpi.Band{kpi.Excellent, kpi.Good, kpi.OK, kpi.Below, kpi.NoData}
}

// bandCounts counts results by band, in the order of bands.
func bandCounts(rs []kpi.Result) [numBands]int {
	var n [numBands]int
	for _, r := range rs {
		n[bandIndex(r.Band)]++
	}
	return n
}

// bandIndex is a band's place in bands; an unknown band counts as no data.
func bandIndex(b kpi.Band) int {
	all := bands()
	if i := slices.Index(all[:], b); i >= 0 {
		return i
	}
	return numBands - 1
}

// bandWords is how the page names a band.
func bandWords(b kpi.Band) string {
	if b == kpi.NoData {
		return "no data"
	}
	return string(b)
}
