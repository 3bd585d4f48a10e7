package incentive

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// Award is one reward earned.
type Award struct {
	Incentive string `json:"incentive"`
	Name      string `json:"name"`
	// Recipient is "agent:ID" or "team:ID".
	Recipient string `json:"recipient"`
	// Rank is the recipient's place for a rule with top N.
	Rank int `json:"rank,omitempty"`
	// Reward is what is paid: per event and capped as the package
	// documentation says.
	Reward model.Reward `json:"reward"`
	// Reason says which results and counts earned it.
	Reason string `json:"reason"`
	// Tie says how a tie at the cut of top N was broken.
	Tie string `json:"tie,omitempty"`
	// Approval is how the approval policy decided the payout of a rule
	// with requires_approval and a bonus: StatusRequested until Approve
	// fills it in.
	Approval *Approval `json:"approval,omitempty"`
}

// NearMiss is a recipient who missed a reward by one condition.
type NearMiss struct {
	Incentive string `json:"incentive"`
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
	// Reason is like "missed Service star: csat-agent 4.70 < 4.80
	// (excellent)".
	Reason string `json:"reason"`
}

// Outcome is the incentives of one period.
type Outcome struct {
	Period string `json:"period"`
	// Awards are sorted by incentive id, then rank, then recipient.
	Awards []Award `json:"awards"`
	// NearMisses are sorted by incentive id, then recipient.
	NearMisses []NearMiss `json:"near_misses"`
}

// Thresholds of a near miss: a value within closeValue of its threshold
// (relative), a count at least closeCount of min_count.
const (
	closeValue = 0.10
	closeCount = 0.70
)

// Evaluate evaluates every incentive of cfg whose period kind is card's
// period kind, over the card's KPI results and the period's counts (as
// Counter.Counts returns them). A card whose period does not parse
// evaluates nothing.
func Evaluate(cfg *model.Config, card kpi.Card, counts map[string]Counts) Outcome {
	out := Outcome{Period: card.Period, Awards: []Award{}, NearMisses: []NearMiss{}}
	// The kind of a period does not depend on the zone.
	p, err := kpi.ParsePeriod(card.Period, time.UTC)
	if err != nil {
		return out
	}
	results := make(map[resultKey]kpi.Result, len(card.Results))
	for _, r := range card.Results {
		results[resultKey{r.KPI, r.Scope}] = r
	}
	for _, id := range model.SortedKeys(cfg.Incentives) {
		inc := cfg.Incentives[id]
		if kpi.Kind(inc.Period) != p.Kind {
			continue
		}
		r := rule{cfg: cfg, id: id, inc: inc, results: results, counts: counts}
		awards, misses := r.evaluate()
		out.Awards = append(out.Awards, awards...)
		out.NearMisses = append(out.NearMisses, misses...)
	}
	slices.SortStableFunc(out.NearMisses, func(a, b NearMiss) int {
		return cmp.Or(strings.Compare(a.Incentive, b.Incentive), strings.Compare(a.Recipient, b.Recipient))
	})
	return out
}

// resultKey finds a KPI result in a card.
type resultKey struct{ kpi, scope string }

// rule evaluates one incentive.
type rule struct {
	cfg     *model.Config
	id      string
	inc     model.Incentive
	results map[resultKey]kpi.Result
	counts  map[string]Counts
}

// candidate is a recipient who meets every condition.
type candidate struct {
	recipient string
	// passed describe the conditions met, for the reason.
	passed []string
	// value and den rank the candidate: the first KPI condition's value
	// and denominator, or the first event's count.
	value, den float64
	// events is the count of the first event condition.
	events int
}

// evaluate returns the rule's awards in rank (else recipient) order and
// its near misses.
func (r rule) evaluate() ([]Award, []NearMiss) {
	var qualified []candidate
	var misses []NearMiss
	for _, rec := range r.recipients() {
		c, fails := r.check(rec)
		switch {
		case len(fails) == 0:
			qualified = append(qualified, c)
		case len(fails) == 1 && fails[0].close:
			misses = append(misses, r.miss(rec, fails[0].text))
		}
	}
	if r.inc.Top > 0 {
		slices.SortFunc(qualified, r.compare)
	}
	won := qualified
	if r.inc.Top > 0 && len(won) > r.inc.Top {
		won = qualified[:r.inc.Top]
	}
	awards := make([]Award, 0, len(won))
	for i, c := range won {
		a := r.award(c)
		if r.inc.Top > 0 {
			a.Rank = i + 1
		}
		awards = append(awards, a)
	}
	if len(won) == len(qualified) {
		return awards, misses
	}
	last, first := won[len(won)-1], qualified[len(won)]
	tie := last.value == first.value
	var out []string
	for _, c := range qualified[len(won):] {
		if tie && c.value == last.value {
			out = append(out, c.recipient)
		}
	}
	for i := range awards {
		if tie && won[i].value == last.value {
			awards[i].Tie = r.tieWon(won[i], first, out)
		}
	}
	for i, c := range qualified[len(won):] {
		text := fmt.Sprintf("ranked %d of %d, top %d", len(won)+i+1, len(qualified), r.inc.Top)
		if tie && c.value == last.value {
			text += "; " + r.tieLost(c, last)
		}
		misses = append(misses, r.miss(c.recipient, text))
	}
	return awards, misses
}

// recipients are every configured agent or team, as recipient keys.
func (r rule) recipients() []string {
	ids := model.SortedKeys(r.cfg.Agents)
	prefix := RecipientAgent
	if r.inc.Recipient == RecipientTeam {
		ids = model.SortedKeys(r.cfg.Teams)
		prefix = RecipientTeam
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = prefix + ":" + id
	}
	return keys
}

// check checks every condition for a recipient: the candidate it makes
// and the checks it fails.
func (r rule) check(rec string) (candidate, []verdict) {
	c := candidate{recipient: rec}
	var fails []verdict
	ranked, counted := false, false
	for _, cond := range r.inc.When {
		if cond.KPI != "" {
			pass, fs, res := r.checkKPI(cond, rec)
			fails = append(fails, fs...)
			c.passed = append(c.passed, pass)
			if !ranked && res.Value != nil {
				c.value, c.den = *res.Value, res.Denominator
			}
			ranked = true
			continue
		}
		pass, fs, n := r.checkEvent(cond, rec)
		fails = append(fails, fs...)
		c.passed = append(c.passed, pass)
		if !counted {
			c.events = n
			if !ranked {
				c.value = float64(n)
			}
		}
		counted = true
	}
	return c, fails
}

// rankedByKPI returns the first KPI condition's KPI id, and false for a
// rule without KPI conditions.
func (r rule) rankedByKPI() (string, bool) {
	for _, cond := range r.inc.When {
		if cond.KPI != "" {
			return cond.KPI, true
		}
	}
	return "", false
}

// perEvent reports whether the rule pays per counted event: it has event
// conditions only.
func (r rule) perEvent() bool {
	for _, cond := range r.inc.When {
		if cond.KPI != "" {
			return false
		}
	}
	return len(r.inc.When) > 0
}

// compare orders candidates best first: by value in the ranking KPI's
// direction (a count: higher), then the larger denominator, then the
// recipient id.
func (r rule) compare(a, b candidate) int {
	byValue := cmp.Compare(b.value, a.value)
	if id, ok := r.rankedByKPI(); ok && r.cfg.KPIs[id].Direction == kpi.Lower {
		byValue = cmp.Compare(a.value, b.value)
	}
	return cmp.Or(byValue, cmp.Compare(b.den, a.den), strings.Compare(a.recipient, b.recipient))
}

// rankLabel names the ranking value: "csat-agent 4.90" or
// "commendation 5".
func (r rule) rankLabel(c candidate) string {
	if id, ok := r.rankedByKPI(); ok {
		return id + " " + formatValue(r.cfg.KPIs[id].Metric, c.value)
	}
	if len(r.inc.When) == 0 {
		return ""
	}
	// Without KPI conditions the first condition is an event's.
	return fmt.Sprintf("%s %d", r.inc.When[0].Event, c.events)
}

// tieWon says how c, inside the cut, won a tie with the first recipient
// outside it; out are the tied recipients left outside.
func (r rule) tieWon(c, first candidate, out []string) string {
	head := fmt.Sprintf("tied at %s with %s (outside the top %d)", r.rankLabel(c), strings.Join(out, ", "), r.inc.Top)
	if _, ok := r.rankedByKPI(); !ok {
		return head + ": ahead by recipient id"
	}
	if c.den > first.den {
		return fmt.Sprintf("%s: ahead on evidence, denominator %s vs %s", head, formatCount(c.den), formatCount(first.den))
	}
	return fmt.Sprintf("%s: equal denominators (%s), ahead by recipient id", head, formatCount(c.den))
}

// tieLost says how c, outside the cut, lost a tie with the last
// recipient inside it.
func (r rule) tieLost(c, last candidate) string {
	head := fmt.Sprintf("tied at %s with %s", r.rankLabel(c), last.recipient)
	if _, ok := r.rankedByKPI(); !ok {
		return head + ", behind by recipient id"
	}
	if c.den < last.den {
		return fmt.Sprintf("%s, behind on evidence, denominator %s vs %s", head, formatCount(c.den), formatCount(last.den))
	}
	return fmt.Sprintf("%s, equal denominators (%s), behind by recipient id", head, formatCount(c.den))
}

// award is the award of a candidate: the reward per event and capped.
func (r rule) award(c candidate) Award {
	rw, note := r.reward(c.events)
	reason := strings.Join(c.passed, ", ")
	if note != "" {
		reason += "; " + note
	}
	a := Award{Incentive: r.id, Name: r.inc.Name, Recipient: c.recipient, Reward: rw, Reason: reason}
	if r.inc.RequiresApproval && rw.Bonus > 0 {
		a.Approval = &Approval{Status: StatusRequested}
	}
	return a
}

// reward is the reward paid for n counted events (a rule with event
// conditions only pays per event), capped, and a note saying how it was
// computed.
func (r rule) reward(n int) (model.Reward, string) {
	rw := r.inc.Reward
	var notes []string
	if r.perEvent() && (rw.Bonus > 0 || rw.Points > 0) {
		rw.Bonus *= float64(n)
		rw.Points *= n
		notes = append(notes, fmt.Sprintf("%d × %s = %s", n, payout(r.inc.Reward), payout(rw)))
	}
	if c := r.inc.Cap; c > 0 {
		capped := false
		if rw.Bonus > c {
			rw.Bonus, capped = c, true
		}
		if float64(rw.Points) > c {
			rw.Points, capped = int(c), true
		}
		if capped {
			notes = append(notes, "capped at "+formatCount(c))
		}
	}
	return rw, strings.Join(notes, ", ")
}

// payout names the money and points of a reward: "400 EUR", "10 points",
// "400 EUR + 10 points".
func payout(rw model.Reward) string {
	var parts []string
	if rw.Bonus > 0 {
		parts = append(parts, strings.TrimSpace(formatCount(rw.Bonus)+" "+rw.Currency))
	}
	switch {
	case rw.Points == 1:
		parts = append(parts, "1 point")
	case rw.Points > 1:
		parts = append(parts, fmt.Sprintf("%d points", rw.Points))
	}
	return strings.Join(parts, " + ")
}

// miss is a near miss of the rule with a reason.
func (r rule) miss(rec, text string) NearMiss {
	return NearMiss{Incentive: r.id, Name: r.inc.Name, Recipient: rec, Reason: "missed " + r.inc.Name + ": " + text}
}
