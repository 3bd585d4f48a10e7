package scorecard

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// htmlPage is the laid-out dashboard the template renders.
type htmlPage struct {
	Title    string
	Subtitle string
	// Summary counts the card's results by band, the legend of the
	// band colours.
	Summary    []htmlChip
	Tiles      []htmlTile
	Trends     []trendChart
	TrendNote  string
	WeeklyNote string
	Weekly     []trendChart
	Dist       *distChart
	Heat       *heatMap
	Awards     []htmlAward
	NearMisses []incentive.NearMiss
}

// htmlChip is a band and its count.
type htmlChip struct {
	Class, Label string
	N            int
}

// htmlTile is one KPI result as a tile coloured by its band.
type htmlTile struct {
	Class, KPI, Scope, Description string
	Value, Target, Gap, Band       string
	Counts                         string
	band                           kpi.Band
}

// htmlAward is one row of the incentive leaderboard.
type htmlAward struct {
	Name, Rank, Recipient, Reward, Reason, Tie string
	Approval, ApprovalClass                    string
	// First marks the first award of an incentive, which names it.
	First bool
}

// HTML writes sc as one self-contained page, readable at 1280 px, with
// inline CSS and SVG and no scripts or links: the KPI tiles coloured by band
// with target and gap, a trend chart per KPI (target dashed, band zones
// shaded), the weekly KPIs of a longer period, the distribution of agents
// over the bands per agent-scoped KPI (saying when a target looks too easy
// or too hard), a team × KPI heat map, and the incentive leaderboard with
// its near misses. All text is escaped by html/template; the output is
// deterministic.
func HTML(w io.Writer, sc Scorecard) error {
	t, err := template.New("scorecard").Funcs(template.FuncMap{
		"num": func(f float64) string { return fmt.Sprintf("%.1f", f) },
	}).Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("parse the scorecard template: %w", err)
	}
	if err := t.Execute(w, layout(sc)); err != nil {
		return fmt.Errorf("write the scorecard of %s as HTML: %w", sc.Period, err)
	}
	return nil
}

// layout lays out the page of sc.
func layout(sc Scorecard) htmlPage {
	pg := htmlPage{
		Title:    strings.TrimSpace(sc.Center + " scorecard " + sc.Period),
		Subtitle: subtitle(sc),
	}
	counts := bandCounts(sc.Card.Results)
	for i, b := range bands() {
		pg.Summary = append(pg.Summary, htmlChip{Class: bandClass(b), Label: bandWords(b), N: counts[i]})
	}
	pg.Tiles = tiles(sc)
	cards := append(slices.Clone(sc.Trend), sc.Card)
	pg.Trends = trendCharts(sc, cards)
	pg.TrendNote = trendNote(sc.Trend, sc.Card)
	if len(sc.Weekly) > 0 {
		pg.Weekly = trendCharts(sc, sc.Weekly)
		pg.WeeklyNote = fmt.Sprintf("The weekly KPIs over the %d weeks within %s, %s to %s.",
			len(sc.Weekly), sc.Period, sc.Weekly[0].Period, sc.Weekly[len(sc.Weekly)-1].Period)
	}
	pg.Dist = distribution(sc)
	pg.Heat = heat(sc)
	pg.Awards = awards(sc)
	for _, m := range sc.Outcome.NearMisses {
		m.Recipient = recipientName(sc, m.Recipient)
		pg.NearMisses = append(pg.NearMisses, m)
	}
	return pg
}

// subtitle says what the page covers.
func subtitle(sc Scorecard) string {
	s := plural(len(kpiIDs(sc.Card)), "KPI") + ", " + plural(len(sc.Card.Results), "result")
	if len(sc.Trend) > 0 {
		s += "; trend over " + plural(len(sc.Trend), "earlier period")
	}
	return s + "; " + plural(len(sc.Outcome.Awards), "award") + ", " + plural(len(sc.Outcome.NearMisses), "near miss")
}

// plural counts a noun: "1 award", "2 awards", "2 near misses".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// trendNote says what the trend charts span.
func trendNote(trend []kpi.Card, card kpi.Card) string {
	if len(trend) == 0 {
		return fmt.Sprintf("Only %s is in the history: each chart shows one point.", card.Period)
	}
	return fmt.Sprintf("From %s to %s.", trend[0].Period, card.Period)
}

// bandClass is a band's CSS class.
func bandClass(b kpi.Band) string {
	if b == kpi.NoData {
		return "no-data"
	}
	return string(bands()[bandIndex(b)])
}

// tiles are the card's results of KPIs that measure one scope (not "agent:*"
// or "team:*", which the distribution and the heat map show), in card order.
func tiles(sc Scorecard) []htmlTile {
	var ts []htmlTile
	for _, r := range sc.Card.Results {
		k, _ := sc.kpi(r.KPI)
		if kind, ok := k.wildcard(); ok && (kind == "agent" || kind == "team") {
			continue
		}
		t := htmlTile{
			Class: bandClass(r.Band), KPI: r.KPI, Scope: sc.scopeName(r.Scope), Description: k.Description,
			band: r.Band, Band: bandWords(r.Band), Target: "target " + formatValue(r.Metric, r.Target), Value: "no data",
		}
		if r.Value != nil {
			t.Value = formatValue(r.Metric, *r.Value)
			g, _ := sc.gap(r)
			t.Gap = formatGap(r.Metric, g)
			t.Counts = counted(r)
		}
		ts = append(ts, t)
	}
	return ts
}

// counted says what a result was computed from: "101 of 200" for a rate,
// "mean of 40" for a mean.
func counted(r kpi.Result) string {
	if unitOf(r.Metric) == unitPercent {
		return fmt.Sprintf("%s of %s", count(r.Numerator), count(r.Denominator))
	}
	return "mean of " + count(r.Denominator)
}

// count formats a numerator or denominator: a whole number without
// decimals.
func count(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}

// awards are the leaderboard rows, grouped by incentive: awards first,
// then bonuses, then points; within an incentive by rank, else the most
// paid first, else in the order of the outcome.
func awards(sc Scorecard) []htmlAward {
	var rows []htmlAward
	all := slices.Clone(sc.Outcome.Awards)
	slices.SortStableFunc(all, func(a, b incentive.Award) int {
		return cmp.Or(cmp.Compare(rewardRank(a.Reward), rewardRank(b.Reward)), strings.Compare(a.Incentive, b.Incentive),
			cmp.Compare(a.Rank, b.Rank), cmp.Compare(b.Reward.Bonus, a.Reward.Bonus), cmp.Compare(b.Reward.Points, a.Reward.Points))
	})
	for i, a := range all {
		row := htmlAward{Name: a.Name, Recipient: recipientName(sc, a.Recipient), Reward: rewardText(a.Reward),
			Reason: a.Reason, Tie: a.Tie}
		if a.Rank > 0 {
			row.Rank = fmt.Sprintf("%d", a.Rank)
		}
		if a.Approval != nil {
			row.Approval, row.ApprovalClass = approvalText(*a.Approval), a.Approval.Status
		}
		if i == 0 || all[i-1].Incentive != a.Incentive {
			row.First = true
		}
		rows = append(rows, row)
	}
	return rows
}

// rewardRank orders the incentives of the leaderboard by what they give:
// an award, a bonus, points.
func rewardRank(r model.Reward) int {
	switch {
	case r.Award != "":
		return 0
	case r.Bonus != 0:
		return 1
	}
	return 2
}

// recipientName names an award's recipient: "Anna Schmidt (agent)".
func recipientName(sc Scorecard, r string) string {
	kind, _, _ := strings.Cut(r, ":")
	if n, ok := sc.Names[r]; ok {
		return n + " (" + kind + ")"
	}
	return r
}

// rewardText says what a reward is: "Service star", "400 EUR", "30 points".
func rewardText(r model.Reward) string {
	var parts []string
	if r.Award != "" {
		parts = append(parts, r.Award)
	}
	if r.Bonus != 0 {
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("%g %s", r.Bonus, r.Currency)))
	}
	if r.Points != 0 {
		parts = append(parts, fmt.Sprintf("%d points", r.Points))
	}
	return strings.Join(parts, ", ")
}

// approvalText says how a payout's approval was decided: its status, the
// levels that must approve and the policy's reasons.
func approvalText(a incentive.Approval) string {
	s := a.Status
	if len(a.Levels) > 0 {
		s += ": " + strings.Join(a.Levels, " → ")
	}
	if len(a.Reasons) > 0 {
		s += " (" + strings.Join(a.Reasons, "; ") + ")"
	}
	return s
}
