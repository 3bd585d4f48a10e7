package scorecard

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/kpi"
)

// bandMarker is a band as a four-cell gauge and its name, emoji-free:
// "▮▮▮▯ good".
func bandMarker(b kpi.Band) string {
	full := max(numBands-1-bandIndex(b), 0)
	return strings.Repeat("▮", full) + strings.Repeat("▯", numBands-1-full) + " " + bandWords(b)
}

// Markdown writes sc as Markdown: a headline with the results by band, a
// table of the KPIs of one scope, the agents by band of each agent KPI,
// the team results, the weekly KPIs of a longer period, the awards and the
// near misses. Table cells are escaped.
func Markdown(w io.Writer, sc Scorecard) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n", strings.TrimSpace(sc.Center+" scorecard "+sc.Period))
	p("%s. Results by band: %s.\n", subtitle(sc), counts(bandCounts(sc.Card.Results)))
	mdTiles(p, sc)
	mdDistribution(p, sc)
	mdTeams(p, sc)
	if len(sc.Weekly) > 0 {
		mdWeekly(p, sc)
	}
	p("\n## Awards\n\n")
	if len(sc.Outcome.Awards) == 0 {
		p("No awards in this period.\n")
	} else {
		p("| Incentive | Rank | Recipient | Reward | Why | Payout approval |\n|---|--:|---|---|---|---|\n")
		for _, a := range awards(sc) {
			why := a.Reason
			if a.Tie != "" {
				why += " (tie: " + a.Tie + ")"
			}
			p("| %s | %s | %s | %s | %s | %s |\n", cell(a.Name), a.Rank, cell(a.Recipient), cell(a.Reward), cell(why), cell(a.Approval))
		}
	}
	p("\n## Near misses\n\n")
	if len(sc.Outcome.NearMisses) == 0 {
		p("None.\n")
	} else {
		for _, m := range sc.Outcome.NearMisses {
			p("- %s: %s\n", recipientName(sc, m.Recipient), m.Reason)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write the scorecard of %s as Markdown: %w", sc.Period, err)
	}
	return nil
}

// mdTiles writes the table of the KPIs of one scope.
func mdTiles(p func(string, ...any), sc Scorecard) {
	p("\n## KPIs\n\n")
	ts := tiles(sc)
	if len(ts) == 0 {
		p("No KPI of a single scope in this period.\n")
		return
	}
	p("| KPI | Scope | Value | Target | Gap | Band |\n|---|---|--:|--:|--:|---|\n")
	for _, t := range ts {
		p("| %s | %s | %s | %s | %s | %s |\n", cell(t.KPI), cell(t.Scope), t.Value, strings.TrimPrefix(t.Target, "target "),
			cmpOr(t.Gap, "–"), bandMarker(t.band))
	}
}

// mdDistribution writes the agents by band of each agent KPI.
func mdDistribution(p func(string, ...any), sc Scorecard) {
	d := distribution(sc)
	if d == nil {
		return
	}
	p("\n## Agents by band\n\n")
	for _, r := range d.Rows {
		p("- **%s** (%s): %s. %s.\n", r.KPI, r.Sub, r.Detail, r.Verdict)
	}
}

// mdTeams writes the team × KPI table.
func mdTeams(p func(string, ...any), sc Scorecard) {
	h := heat(sc)
	if h == nil {
		return
	}
	p("\n## Teams\n\n| Team |")
	for _, c := range h.Columns {
		p(" %s (%s) |", cell(c.KPI), c.Target)
	}
	p("\n|---|%s\n", strings.Repeat("---|", len(h.Columns)))
	for _, r := range h.Rows {
		p("| %s |", cell(r.Team))
		for _, c := range r.Cells {
			if c.Class == "none" {
				p(" – |")
				continue
			}
			p(" %s %s |", c.Text, bandMarker(classBand(c.Class)))
		}
		p("\n")
	}
}

// classBand is the band of a CSS class.
func classBand(class string) kpi.Band {
	for _, b := range bands() {
		if bandClass(b) == class {
			return b
		}
	}
	return kpi.NoData
}

// mdWeekly writes a row per weekly KPI and scope, a column per week.
func mdWeekly(p func(string, ...any), sc Scorecard) {
	p("\n## Weekly KPIs\n\n| KPI | Scope |")
	for _, c := range sc.Weekly {
		p(" %s |", c.Period)
	}
	p("\n|---|---|%s\n", strings.Repeat("--:|", len(sc.Weekly)))
	type key struct{ kpi, scope string }
	var rows []key
	values := map[key][]string{}
	for i, c := range sc.Weekly {
		for _, r := range c.Results {
			k := key{r.KPI, r.Scope}
			if _, ok := values[k]; !ok {
				rows = append(rows, k)
				values[k] = make([]string, len(sc.Weekly))
			}
			values[k][i] = bandWords(r.Band)
			if r.Value != nil {
				values[k][i] = formatValue(r.Metric, *r.Value) + " " + bandWords(r.Band)
			}
		}
	}
	slices.SortFunc(rows, func(a, b key) int { return cmp.Or(strings.Compare(a.kpi, b.kpi), strings.Compare(a.scope, b.scope)) })
	for _, k := range rows {
		p("| %s | %s |", cell(k.kpi), cell(sc.scopeName(k.scope)))
		for _, v := range values[k] {
			p(" %s |", cmpOr(v, "–"))
		}
		p("\n")
	}
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "<", `\<`, ">", `\>`, "\n", " ").Replace(s)
}
