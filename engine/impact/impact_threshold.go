package impact

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ThresholdHelp documents the grammar ParseThreshold reads, for the CLI's
// help.
const ThresholdHelp = `A threshold (--fail-on, repeatable) is crossed when the change does more
than it allows:

  breach-rate+2pp                 any SLA metric's breach rate in any queue or
                                  on any channel rises by more than 2
                                  percentage points
  breach-rate:first_reply+1pp     the first_reply breach rate of any queue or
                                  channel
  breach-rate:first_reply:chat+1pp  ... of the queue or channel chat ("*" is
                                  any)
  no-queue                        any ticket is routed to no queue (no-queue>0)
  changed>5%                      more than 5 % of the tickets compared change
  changed>100                     more than 100 tickets change
  KIND>N, KIND>N%                 more than N tickets (N % of them) change in
                                  that way; KIND is queue, team, priority,
                                  sla_policy, due, breach, escalation, approval
                                  or no-queue
  workload+20%                    any team's tickets in any week rise by more
                                  than 20 % (workload:TEAM+20%; +300 for tickets)

Numbers are decimals (2, 2.5); "more than" is strict.`

// The names of the measures a threshold may name.
const (
	measureBreachRate = "breach-rate"
	measureChanged    = "changed"
	measureNoQueue    = "no-queue"
	measureWorkload   = "workload"
)

// Units of a threshold's number.
const (
	unitCount   = ""
	unitPercent = "%"
	unitPoints  = "pp"
)

// maxThresholdLen bounds an expression: it is user input.
const maxThresholdLen = 200

// maxDigits bounds the digits of a threshold's number on either side of
// its point.
const maxDigits = 12

// wildcard is the scope that matches any metric, queue or team.
const wildcard = "*"

// Threshold is a limit on what a change may do, parsed from an expression
// such as "breach-rate:first_reply+1pp" (see ThresholdHelp).
type Threshold struct {
	// Expr is the expression as written.
	Expr string
	// Measure is breach-rate, workload, changed, no-queue or a kind of
	// change (KindQueue, ...).
	Measure string
	// Scope narrows breach-rate to a metric and a queue and workload to a
	// team; "*" or "" is any.
	Scope []string
	// Limit is the number the measure must stay at or below.
	Limit float64
	// Unit is "" (tickets), "%" (of the tickets compared, or of the
	// team's week before) or "pp" (percentage points).
	Unit string
}

// kinds are the kinds of change a KIND>N threshold may name.
var kinds = []string{KindQueue, KindTeam, KindPriority, KindSLAPolicy, KindDue, KindBreach, KindEscalation, KindApproval}

// ParseThreshold parses one threshold expression (see ThresholdHelp).
func ParseThreshold(expr string) (Threshold, error) {
	t := Threshold{Expr: expr}
	if len(expr) > maxThresholdLen {
		return t, fmt.Errorf("threshold longer than %d characters", maxThresholdLen)
	}
	s := strings.TrimSpace(expr)
	// A bare count, like no-queue, is crossed by any ticket: approval is
	// approval>0.
	if s == measureNoQueue || contains(kinds, s) {
		t.Measure = s
		return t, nil
	}
	name, op, rest, ok := cutOperator(s)
	if !ok {
		return t, fmt.Errorf("threshold %q: want MEASURE+N or MEASURE>N (breach-rate+2pp, changed>5%%, no-queue)", expr)
	}
	measure, scope, _ := strings.Cut(name, ":")
	t.Measure = measure
	if scope != "" {
		t.Scope = strings.Split(scope, ":")
	}
	num, unit := splitUnit(rest)
	t.Unit = unit
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || !isDecimal(num) {
		return t, fmt.Errorf("threshold %q: %q is not a number ≥ 0", expr, rest)
	}
	t.Limit = n
	switch measure {
	case measureBreachRate:
		if op != '+' || unit != unitPoints {
			return t, fmt.Errorf("threshold %q: a breach rate rises by points: breach-rate+Npp", expr)
		}
		if len(t.Scope) > 2 {
			return t, fmt.Errorf("threshold %q: breach-rate takes at most METRIC:QUEUE", expr)
		}
	case measureWorkload:
		if op != '+' || unit == unitPoints {
			return t, fmt.Errorf("threshold %q: a workload rises by tickets or percent: workload+N or workload+N%%", expr)
		}
		if len(t.Scope) > 1 {
			return t, fmt.Errorf("threshold %q: workload takes at most one team", expr)
		}
	default:
		if measure != measureChanged && measure != measureNoQueue && !contains(kinds, measure) {
			return t, fmt.Errorf("threshold %q: unknown measure %q: want breach-rate, workload, changed, no-queue or %s",
				expr, measure, strings.Join(kinds, ", "))
		}
		if op != '>' || unit == unitPoints {
			return t, fmt.Errorf("threshold %q: a count is limited as %s>N or %s>N%%", expr, measure, measure)
		}
		if len(t.Scope) > 0 {
			return t, fmt.Errorf("threshold %q: %s takes no scope", expr, measure)
		}
	}
	for _, part := range t.Scope {
		if part == "" {
			return t, fmt.Errorf("threshold %q: empty scope", expr)
		}
	}
	return t, nil
}

// cutOperator splits "name+rest" or "name>rest" at the first operator.
func cutOperator(s string) (name string, op byte, rest string, ok bool) {
	i := strings.IndexAny(s, "+>")
	if i <= 0 {
		return "", 0, "", false
	}
	return strings.TrimSpace(s[:i]), s[i], strings.TrimSpace(s[i+1:]), true
}

// isDecimal reports whether s is digits with at most one decimal point
// between digits (2, 2.5; not 1e3, .5, 0x1, +2 or Inf).
func isDecimal(s string) bool {
	intPart, frac, hasDot := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasDot || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" || len(s) > maxDigits {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitUnit splits "2.5pp" into "2.5" and "pp".
func splitUnit(s string) (num, unit string) {
	for _, u := range []string{unitPoints, unitPercent} {
		if n, ok := strings.CutSuffix(s, u); ok {
			return strings.TrimSpace(n), u
		}
	}
	return s, unitCount
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// String is the expression as written.
func (t Threshold) String() string { return t.Expr }

// scope returns the i-th part of the scope, "*" when absent.
func (t Threshold) scope(i int) string {
	if i < len(t.Scope) {
		return t.Scope[i]
	}
	return wildcard
}

// matches reports whether pattern ("*" or a name) matches name.
func matches(pattern, name string) bool { return pattern == wildcard || pattern == name }

// Crossed returns what in r crosses the threshold, one sentence each
// ("breach-rate+2pp: first_reply on chat 4.1 % → 9.8 % (+5.7 pp)"); none
// when r stays within it.
func (t Threshold) Crossed(r Result) []string {
	switch t.Measure {
	case measureBreachRate:
		var out []string
		for _, b := range append(append([]BreachRate{}, r.Breaches...), r.BreachesByChannel...) {
			if !matches(t.scope(0), b.Metric) || !matches(t.scope(1), b.Queue+b.Channel) {
				continue
			}
			if d := b.After - b.Before; d > t.Limit {
				out = append(out, fmt.Sprintf("%s: %s on %s %s → %s (%+.1f pp)", t.Expr, b.Metric, b.where(),
					formatPercent(b.Before), formatPercent(b.After), d))
			}
		}
		return out
	case measureWorkload:
		var out []string
		for _, w := range r.Workload {
			if !matches(t.scope(0), w.Team) || w.After <= w.Before {
				continue
			}
			rise := float64(w.After - w.Before)
			if t.Unit == unitPercent {
				if w.Before == 0 {
					rise = math.Inf(1)
				} else {
					rise = 100 * rise / float64(w.Before)
				}
			}
			if rise > t.Limit {
				out = append(out, fmt.Sprintf("%s: team %s in %s %s → %s tickets", t.Expr, w.Team, w.Week,
					formatCount(w.Before), formatCount(w.After)))
			}
		}
		return out
	}
	n, label := t.count(r)
	v := float64(n)
	if t.Unit == unitPercent {
		if r.Tickets == 0 {
			return nil
		}
		v = 100 * v / float64(r.Tickets)
	}
	if v <= t.Limit {
		return nil
	}
	return []string{fmt.Sprintf("%s: %s of %s tickets %s (%s)", t.Expr, formatCount(n), formatCount(r.Tickets), label,
		formatPercent(100*float64(n)/float64(max(r.Tickets, 1))))}
}

// count is the number of records a count threshold limits and what they
// do.
func (t Threshold) count(r Result) (int, string) {
	c := r.Counts
	switch t.Measure {
	case measureChanged:
		return r.Changed, "change"
	case measureNoQueue, KindNoQueue:
		return r.NoQueue, "are routed to no queue"
	case KindQueue:
		return c.Queue, "go to another queue"
	case KindTeam:
		return c.Team, "go to another team"
	case KindPriority:
		return c.Priority, "get another priority"
	case KindSLAPolicy:
		return c.SLAPolicy, "select another SLA policy"
	case KindDue:
		return c.Due, "have a due time moved"
	case KindBreach:
		return c.Breach, "flip between breached and met"
	case KindEscalation:
		return c.Escalation, "fire other escalations"
	case KindApproval:
		return c.Approval, "need another approval"
	}
	return 0, ""
}

// Check returns every sentence of what in r crosses any of ts.
func Check(r Result, ts []Threshold) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Crossed(r)...)
	}
	return out
}
