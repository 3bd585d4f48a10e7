package staffing

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// This file holds the queueing API: a Load, a Goal, what a number of agents
// reaches (Reach), the smallest number meeting a goal (Required) and the
// roster headcount after shrinkage (WithShrinkage). The maths is in
// erlang_c.go (Erlang C, through the Erlang B recursion) and erlang_a.go
// (Erlang A, Palm's M/M/n+M).
//
// Chat concurrency. An agent holding k contacts at once is modelled as one
// server k times as fast: the traffic is divided by k (Erlangs) and the
// service time the waits are measured in is AHT ÷ k. This is the common
// "traffic ÷ k" approximation; it assumes the AHT given is the handle time
// observed under concurrency (a chat handled beside others takes longer
// than alone) and that a free slot is as good as a free agent.
//
// No contacts. An interval with no contacts offered needs 0 agents: Reach
// and Required report a service level of 100 %, no waiting, an ASA of 0 and
// an occupancy of 0 (and an abandon rate of 0 under Erlang A), the
// queueing analogue of a KPI's no_data: nothing was asked, nothing missed.

// ErrUnreachable is returned (wrapped, with why) by Required when no number
// of agents up to its bound meets the goal.
var ErrUnreachable = errors.New("target unreachable")

// ErrOverloaded is returned (wrapped) by Reach when the agents cannot keep
// up with the load: under Erlang C n ≤ the offered Erlangs (the queue grows
// without bound), under either model no agent at all for a positive load,
// under Erlang A a queue abandonment balances only beyond maxTail waiting.
// Reach returns the outcome as well: a service level of 0, a probability of
// waiting of 1, an occupancy of 100 % and an ASA of +Inf (not JSON-encodable:
// check the error first).
var ErrOverloaded = errors.New("agents cannot keep up with the load")

// maxErlangs is the most traffic a load may offer: a million Erlangs (a
// solve of some milliseconds), far beyond any one queue, and short of
// loads whose O(A) solve would hang a caller.
const maxErlangs = 1_000_000

// percent converts a fraction to a percentage.
const percent = 100

// slTolerance is the slack, in percentage points, with which a computed
// service level or occupancy meets its goal: it absorbs rounding in the
// last bits (80 % computed as 79.99999999999999), nothing more.
const slTolerance = 1e-9

// Load is the work offered to one queue in one interval.
type Load struct {
	Contacts    float64       // contacts offered in the interval (≥ 0)
	Interval    time.Duration // the interval's length (> 0)
	AHT         time.Duration // average handle time (> 0)
	Patience    time.Duration // customers' average patience; 0: they never abandon (Erlang C), > 0: Erlang A
	Concurrency int           // contacts an agent holds at once (chat); 0 or 1: one
}

// Erlangs is the offered traffic in agents' worth of work: Contacts × AHT ÷
// Interval, divided by the concurrency (see the package's note on chat).
func (l Load) Erlangs() float64 {
	if l.Interval <= 0 {
		return 0
	}
	return l.Contacts * l.AHT.Seconds() / l.Interval.Seconds() / float64(l.concurrency())
}

// concurrency is the contacts an agent holds at once, at least one.
func (l Load) concurrency() int {
	return max(l.Concurrency, 1)
}

// serviceSeconds is the mean time, in seconds, a server (an agent, or a
// slot of a concurrent agent) is busy with a contact: AHT ÷ concurrency.
func (l Load) serviceSeconds() float64 {
	return l.AHT.Seconds() / float64(l.concurrency())
}

// arrivalRate is the contacts offered per second.
func (l Load) arrivalRate() float64 {
	return l.Contacts / l.Interval.Seconds()
}

// validate reports the first field of l outside its domain.
func (l Load) validate() error {
	switch {
	case math.IsNaN(l.Contacts) || math.IsInf(l.Contacts, 0):
		return fmt.Errorf("contacts %v is not a number", l.Contacts)
	case l.Contacts < 0:
		return fmt.Errorf("contacts %v is negative", l.Contacts)
	case l.Interval <= 0:
		return fmt.Errorf("interval %s is not positive", l.Interval)
	case l.AHT <= 0:
		return fmt.Errorf("average handle time %s is not positive", l.AHT)
	case l.Patience < 0:
		return fmt.Errorf("patience %s is negative", l.Patience)
	case l.Concurrency < 0:
		return fmt.Errorf("concurrency %d is negative", l.Concurrency)
	case l.Erlangs() > maxErlangs:
		return fmt.Errorf("%.4g Erlangs is beyond the %g a queue is solved for", l.Erlangs(), float64(maxErlangs))
	}
	return nil
}

// Goal is what a queue must reach.
type Goal struct {
	ServiceLevel float64       // percent of contacts answered within Within (e.g. 80)
	Within       time.Duration // e.g. 20s
	ASA          time.Duration // optional: average speed of answer at most this; 0: none
	MaxOccupancy float64       // optional: percent, e.g. 85; 0: none
}

// validate reports the first field of g outside its domain.
func (g Goal) validate() error {
	switch {
	case math.IsNaN(g.ServiceLevel) || g.ServiceLevel <= 0 || g.ServiceLevel > percent:
		return fmt.Errorf("service level %v%% is outside (0, 100]", g.ServiceLevel)
	case g.Within < 0:
		return fmt.Errorf("answer time %s is negative", g.Within)
	case g.ASA < 0:
		return fmt.Errorf("ASA %s is negative", g.ASA)
	case math.IsNaN(g.MaxOccupancy) || g.MaxOccupancy < 0 || g.MaxOccupancy > percent:
		return fmt.Errorf("maximum occupancy %v%% is outside [0, 100]", g.MaxOccupancy)
	}
	return nil
}

// Outcome is what a number of agents reaches on a load.
type Outcome struct {
	Agents       int      `json:"agents"`
	ServiceLevel float64  `json:"service_level"` // percent
	PWait        float64  `json:"p_wait"`        // 0–1
	ASASeconds   float64  `json:"asa_seconds"`
	Occupancy    float64  `json:"occupancy"`              // percent
	AbandonRate  *float64 `json:"abandon_rate,omitempty"` // percent, Erlang A only
}

// meets reports whether o meets every part of g.
func (o Outcome) meets(g Goal) bool {
	if o.ServiceLevel < g.ServiceLevel-slTolerance {
		return false
	}
	if g.ASA > 0 && o.ASASeconds > g.ASA.Seconds() {
		return false
	}
	if g.MaxOccupancy > 0 && o.Occupancy > g.MaxOccupancy+slTolerance {
		return false
	}
	return true
}

// Reach says what n agents reach on l, answering within `within`: Erlang C,
// or Erlang A when l.Patience > 0. Under Erlang C the service level is the
// percent of contacts answered within `within`. Under Erlang A it is the
// percent of contacts whose wait ended within `within`, answered or
// abandoned: a contact that hangs up within the answer time is not counted
// as missed (the "short abandon" convention), its loss is the abandon rate,
// reported beside it. This is 1 − P(W > t) with W the wait of every
// contact, answered or not, as Mandelbaum and Zeltyn measure Erlang A; it
// never needs more agents than Erlang C. The ASA is the mean wait of the
// answered contacts.
// With too few agents (see ErrOverloaded) it returns the outcome of an
// overloaded queue and ErrOverloaded.
func Reach(l Load, n int, within time.Duration) (Outcome, error) {
	if err := l.validate(); err != nil {
		return Outcome{}, err
	}
	if n < 0 {
		return Outcome{}, fmt.Errorf("agents %d is negative", n)
	}
	if within < 0 {
		return Outcome{}, fmt.Errorf("answer time %s is negative", within)
	}
	if l.Contacts == 0 {
		return idle(l, n), nil
	}
	if n == 0 || (l.Patience == 0 && float64(n) <= l.Erlangs()) {
		return overloaded(l, n), fmt.Errorf("%d agents on %.4g Erlangs: %w", n, l.Erlangs(), ErrOverloaded)
	}
	if l.Patience > 0 {
		p := newPalm(l, n, within)
		if p.endless {
			return overloaded(l, n), fmt.Errorf("%d agents on %.4g Erlangs with patience %s: over %d waiting: %w", n, l.Erlangs(), l.Patience, maxTail, ErrOverloaded)
		}
		return p.outcome(), nil
	}
	return erlangC(l, n, erlangB(l.Erlangs(), n), within), nil
}

// Required is the smallest number of agents meeting every part of g on l:
// the service level within g.Within, the ASA when set and the occupancy cap
// when set. Under Erlang C it starts at the first stable headcount (⌊A⌋+1,
// or A ÷ the occupancy cap when higher) and steps up the Erlang B recursion;
// under Erlang A it searches below Erlang C's answer (galloping down, then
// bisecting), which meets the goal under Erlang A as well: abandonment only
// shortens the waits and lowers the occupancy (TestErlangANeedsNoMoreThanC
// checks it over random loads). A service level of 100 % is never reached
// (a positive load always leaves a chance of waiting longer), nor anything
// beyond searchBound agents: both are ErrUnreachable, wrapped with why. An
// interval without contacts needs 0 agents.
func Required(l Load, g Goal) (Outcome, error) {
	if err := l.validate(); err != nil {
		return Outcome{}, err
	}
	if err := g.validate(); err != nil {
		return Outcome{}, err
	}
	if l.Contacts == 0 {
		return idle(l, 0), nil
	}
	if g.ServiceLevel >= percent {
		return Outcome{}, fmt.Errorf("service level 100%% on %.4g Erlangs: some contact always risks waiting longer than %s: %w", l.Erlangs(), g.Within, ErrUnreachable)
	}
	c, err := requiredC(l, g)
	if err != nil || l.Patience == 0 {
		return c, err
	}
	return requiredA(l, g, c.Agents)
}

// searchBound is the most agents Required tries on a traffic of a Erlangs:
// the occupancy floor or a + 100 + 10·√a, whichever is higher — far beyond
// any service level short of 100 % (square-root staffing needs a + β√a
// agents with β below 5 for service levels up to 99.9999 %).
func searchBound(a float64, g Goal) int {
	bound := math.Ceil(a) + 100 + math.Ceil(10*math.Sqrt(a))
	if g.MaxOccupancy > 0 {
		bound = max(bound, math.Ceil(a*percent/g.MaxOccupancy)+1)
	}
	return int(bound)
}

// WithShrinkage is the roster headcount for n agents on the phones:
// ceil(n ÷ (1 − shrinkage/100)). A shrinkage of 100 % or more leaves no one
// on the phones: it returns math.MaxInt for n > 0 (validate such a
// shrinkage before calling); a negative shrinkage counts as 0.
func WithShrinkage(n int, shrinkagePct float64) int {
	if n <= 0 {
		return 0
	}
	if shrinkagePct >= percent {
		return math.MaxInt
	}
	shrinkagePct = max(shrinkagePct, 0)
	// Round away a representation error first: 14 ÷ 0.7 is 20.000000000000004.
	v := float64(n) / (1 - shrinkagePct/percent)
	return int(math.Ceil(v - 1e-9))
}

// idle is the outcome of n agents on an interval with no contacts.
func idle(l Load, n int) Outcome {
	o := Outcome{Agents: n, ServiceLevel: percent}
	if l.Patience > 0 {
		o.AbandonRate = new(float64)
	}
	return o
}

// overloaded is the outcome of n agents who cannot keep up with l. Under
// Erlang A the abandon rate is the fluid limit's, the excess of the load
// over the agents, 1 − n ÷ A: every contact with no agent at all.
func overloaded(l Load, n int) Outcome {
	o := Outcome{Agents: n, PWait: 1, ASASeconds: math.Inf(1), Occupancy: percent}
	if l.Patience > 0 {
		excess := percent * max(0, 1-float64(n)/l.Erlangs())
		o.AbandonRate = &excess
	}
	return o
}
