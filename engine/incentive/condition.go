package incentive

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// verdict is one failed check of a condition.
type verdict struct {
	// close holds when the check failed narrowly (a near miss).
	close bool
	// text says how it failed: "csat-agent 4.70 < 4.80 (excellent)".
	text string
}

// bandRank orders the bands best first; false for no_data and unknown
// bands.
func bandRank(b kpi.Band) (int, bool) {
	switch b {
	case kpi.Excellent:
		return 0, true
	case kpi.Good:
		return 1, true
	case kpi.OK:
		return 2, true
	case kpi.Below:
		return 3, true
	}
	return 0, false
}

// threshold is the value where band b of k starts.
func threshold(k model.KPI, b kpi.Band) float64 {
	switch b {
	case kpi.Excellent:
		return k.Bands.Excellent
	case kpi.Good:
		return k.Bands.Good
	}
	return k.Bands.OK
}

// scope is the concrete scope of k's result that applies to a recipient
// ("agent:ID" or "team:ID"): the recipient's own for a per-agent or
// per-team KPI, the agent's team's for an agent and a per-team KPI, and
// the KPI's one scope for a KPI of the center, a channel or a queue. ""
// when no result can apply (a team and a per-agent KPI).
func (r rule) scope(k model.KPI, rec string) string {
	kind, _, _ := strings.Cut(k.Scope, ":")
	rkind, rid, _ := strings.Cut(rec, ":")
	switch kind {
	case RecipientAgent:
		if rkind == RecipientAgent {
			return rec
		}
		return ""
	case RecipientTeam:
		if rkind == RecipientTeam {
			return rec
		}
		if team := r.cfg.Agents[rid].Team; team != "" {
			return RecipientTeam + ":" + team
		}
		return ""
	}
	return k.Scope
}

// checkKPI checks a KPI condition for a recipient: what it met (for the
// reason), the checks it failed and the result it used.
func (r rule) checkKPI(c model.Condition, rec string) (string, []verdict, kpi.Result) {
	k, known := r.cfg.KPIs[c.KPI]
	scope := r.scope(k, rec)
	res, found := r.results[resultKey{c.KPI, scope}]
	where := ""
	if scope != rec && scope != "" {
		where = ", " + scope
	}
	if !known || !found || res.Value == nil || res.Band == kpi.NoData {
		text := c.KPI + " has no data"
		switch {
		case !known:
			text = c.KPI + " is not a KPI of the configuration"
		case scope == "":
			text = fmt.Sprintf("%s has no result for %s", c.KPI, rec)
		case scope != rec:
			text += " for " + scope
		}
		return text, []verdict{{text: text}}, kpi.Result{}
	}
	v := *res.Value
	val := formatValue(k.Metric, v)
	pass := fmt.Sprintf("%s %s (%s%s)", c.KPI, val, res.Band, where)
	var fails []verdict
	if c.Band != "" {
		want := kpi.Band(c.Band)
		wr, okWant := bandRank(want)
		got, _ := bandRank(res.Band)
		switch {
		case !okWant:
			fails = append(fails, verdict{text: fmt.Sprintf("%s: unknown band %q", c.KPI, c.Band)})
		case got > wr:
			op := "<"
			if k.Direction == kpi.Lower {
				op = ">"
			}
			fails = append(fails, verdict{
				close: got == wr+1,
				text:  fmt.Sprintf("%s %s %s %s (%s%s)", c.KPI, val, op, formatValue(k.Metric, threshold(k, want)), want, where),
			})
		}
	}
	if c.AtLeast != nil && v < *c.AtLeast {
		fails = append(fails, verdict{
			close: *c.AtLeast-v <= closeValue*math.Abs(*c.AtLeast),
			text:  fmt.Sprintf("%s %s < %s (at least%s)", c.KPI, val, formatValue(k.Metric, *c.AtLeast), where),
		})
	}
	if c.AtMost != nil && v > *c.AtMost {
		fails = append(fails, verdict{
			close: v-*c.AtMost <= closeValue*math.Abs(*c.AtMost),
			text:  fmt.Sprintf("%s %s > %s (at most%s)", c.KPI, val, formatValue(k.Metric, *c.AtMost), where),
		})
	}
	return pass, fails, res
}

// checkEvent checks an event condition for a recipient: what it met (for
// the reason), the checks it failed and the count.
func (r rule) checkEvent(c model.Condition, rec string) (string, []verdict, int) {
	counts := r.counts[rec]
	n, known := counts.Event(c.Event)
	if !known {
		text := fmt.Sprintf("%q is not a counted event", c.Event)
		return text, []verdict{{text: text}}, 0
	}
	pass := fmt.Sprintf("%s %d", c.Event, n)
	var fails []verdict
	if n < c.MinCount {
		fails = append(fails, verdict{
			close: n > 0 && float64(n) >= closeCount*float64(c.MinCount),
			text:  fmt.Sprintf("%s %d < %d", c.Event, n, c.MinCount),
		})
	}
	if c.MaxComplaints != nil {
		m := counts.ComplaintsFor(c.Event)
		if m > *c.MaxComplaints {
			fails = append(fails, verdict{text: fmt.Sprintf("%s %d with %s > %d", c.Event, n, complaints(m), *c.MaxComplaints)})
		} else {
			pass += " with " + complaints(m)
		}
	}
	return pass, fails, n
}

// complaints is "1 complaint" or "n complaints".
func complaints(n int) string {
	if n == 1 {
		return "1 complaint"
	}
	return strconv.Itoa(n) + " complaints"
}

// formatValue prints a KPI value as its metric reads: CSAT with two
// decimals, seconds whole, rates and scores with one decimal.
func formatValue(metric string, v float64) string {
	switch metric {
	case "csat":
		return strconv.FormatFloat(v, 'f', 2, 64)
	case "aht", "asa", "avg_first_response":
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// formatCount prints a count or an amount: whole numbers without
// decimals.
func formatCount(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
