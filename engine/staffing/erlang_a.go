package staffing

import (
	"fmt"
	"math"
	"time"
)

// This file holds Erlang A: Palm's M/M/n+M, where each waiting customer
// hangs up at rate θ = 1 ÷ patience (exponential patience).
//
// The number of contacts in the system is a birth–death chain with birth
// rate λ and death rate min(j, n)·μ + max(j − n, 0)·θ. Its stationary
// distribution is computed relative to π_n, without overflow:
//
//   - below n it is Erlang B's: Σ_{j<n} π_j = π_n·(1 − B) ÷ B, with B from
//     the same recursion as Erlang C (no factorials);
//   - above n, π_{n+m} = π_n·Π_{i=1..m} λ ÷ (nμ + iθ), a running product
//     scaled back whenever it passes rescaleAt, summed until the terms are
//     past their peak and tailFloor below it; with θ > 0 they then fall
//     faster than any geometric series, so what is left out is negligible.
//
// An arriving contact finding m others waiting (PASTA) moves up at rate
// nμ + iθ when i are ahead of it, so its offered wait V (the wait were it
// infinitely patient) is a sum of exponentials with rates nμ + iθ,
// i = 0..m, and e^(−θV) is Beta(β, m+1) distributed with β = nμ ÷ θ (their
// Laplace transforms agree). With its own patience τ ~ Exp(θ) independent:
//
//	P(answered | m)            = β ÷ (β + m + 1)
//	P(V > t | m)               = I_u(β, m+1) = u^β·Σ_{j=0..m} Γ(β+j) ÷ (Γ(β)·j!)·(1−u)^j,  u = e^(−θt)
//	E[wait | answered, m]      = Σ_{i=0..m} 1 ÷ (nμ + (i+1)θ)
//
// The service level counts the contacts whose wait ends within t,
// answered or abandoned: 1 − Σ_m π_{n+m}·P(V > t | m)·e^(−θt), the last
// sum again kept scaled (its terms are huge times tiny at 10,000 Erlangs).

// tailFloor is how far below its peak a term of the waiting distribution's
// tail is when the sum stops: e^−40.
const tailFloor = 4.248354255291589e-18

// maxTail bounds the waiting states summed. A queue whose stationary
// distribution still rises past it (patience of years on an overloaded
// queue) is reported as overloaded: abandonment balances it only with
// millions waiting.
const maxTail = 10_000_000

// rescaleAt is where a running product or sum is scaled back (by itself)
// and its logarithm carried aside, so that the sums run on plain
// multiplications — no log or exp a term — without overflow. It is
// 10^100, not nearer the float64 limit, so that the product of two scaled
// quantities and their carried factor stays representable.
const rescaleAt = 1e100

// logRescale is log(rescaleAt).
const logRescale = 230.25850929940458

// palm is Erlang A's model for n agents on a load, answering within t.
type palm struct {
	n         int
	a         float64 // offered Erlangs
	lambda    float64 // arrivals per second
	nmu       float64 // n·μ: service completions per second with every agent busy
	theta     float64 // abandonments per second per waiting contact
	within    float64 // the answer time, seconds
	logBelow  float64 // log of Σ_{j<n} π_j ÷ π_n
	tailTerms int     // the waiting states summed
	logTail   float64 // log of Σ_{m≥0} π_{n+m} ÷ π_n
	noWait    bool    // B underflowed: waiting is beyond float64
	endless   bool    // the tail still rose at maxTail waiting
}

// newPalm is Erlang A's model for n ≥ 1 agents on l (l.Contacts > 0).
func newPalm(l Load, n int, within time.Duration) palm {
	return newPalmB(l, n, erlangB(l.Erlangs(), n), within)
}

// newPalmB is newPalm given b = B(n) on l's Erlangs. It sums the tail
// π_{n+m} ÷ π_n, a running product scaled back at rescaleAt.
func newPalmB(l Load, n int, b float64, within time.Duration) palm {
	p := palm{
		n:      n,
		a:      l.Erlangs(),
		lambda: l.arrivalRate(),
		nmu:    float64(n) / l.serviceSeconds(),
		theta:  1 / l.Patience.Seconds(),
		within: within.Seconds(),
	}
	if b <= 0 {
		p.noWait = true
		return p
	}
	p.logBelow = math.Log1p(-b) - math.Log(b)
	term, peak, sum, shift := 1.0, 1.0, 1.0, 0.0
	p.tailTerms = 1
	for m := 1; ; m++ {
		if m == maxTail {
			p.endless = true
			break
		}
		rate := p.nmu + float64(m)*p.theta
		term *= p.lambda / rate
		if rate > p.lambda && term < peak*tailFloor {
			break
		}
		sum += term
		peak = max(peak, term)
		p.tailTerms = m + 1
		if term > rescaleAt {
			term, sum, peak, shift = term/rescaleAt, sum/rescaleAt, peak/rescaleAt, shift+logRescale
		}
	}
	p.logTail = math.Log(sum) + shift
	return p
}

// outcome sums the waiting states into what the agents reach. Two running
// products are kept scaled: π_{n+m} (as term·e^piShift ÷ Z) and the partial
// sums of I_u(β, m+1)'s series (as series·e^seriesShift); each term then
// costs a few multiplications, and an exp only when a scale moves.
func (p palm) outcome() Outcome {
	if p.noWait {
		ab := 0.0
		return Outcome{Agents: p.n, ServiceLevel: percent, Occupancy: percent * p.a / float64(p.n), AbandonRate: &ab}
	}
	logZ := logAddExp(p.logBelow, p.logTail)
	beta := p.nmu / p.theta
	oneMinusU := -math.Expm1(-p.theta * p.within) // 1 − u, 0 when t = 0
	logU := -(p.nmu + p.theta) * p.within         // log(u^β·e^(−θt))

	term, piShift := 1.0, 0.0
	coef, series, seriesShift := 1.0, 1.0, 0.0 // Γ(β+j) ÷ (Γ(β)·j!)·(1−u)^j and its partial sum
	piScale := math.Exp(piShift - logZ)
	lateScale := math.Exp(piShift + seriesShift + logU - logZ)
	var pWait, pAb, waitAnswered, late, harmonic float64
	for m := 0; m < p.tailTerms; m++ {
		if m > 0 {
			term *= p.lambda / (p.nmu + float64(m)*p.theta)
			coef *= (beta - 1 + float64(m)) / float64(m) * oneMinusU
			series += coef
			if term > rescaleAt || series > rescaleAt {
				if term > rescaleAt {
					term, piShift = term/rescaleAt, piShift+logRescale
				}
				if series > rescaleAt {
					coef, series, seriesShift = coef/rescaleAt, series/rescaleAt, seriesShift+logRescale
				}
				piScale = math.Exp(piShift - logZ)
				lateScale = math.Exp(piShift + seriesShift + logU - logZ)
			}
		}
		next := p.nmu + float64(m+1)*p.theta
		harmonic += 1 / next
		pi := term * piScale
		pWait += pi
		pAb += pi * float64(m+1) * p.theta / next
		waitAnswered += pi * p.nmu / next * harmonic
		late += term * series * lateScale
	}
	// Rounding in the sums may overshoot a probability by an ulp or two.
	pWait, pAb = math.Min(pWait, 1), math.Min(pAb, 1)
	ab := percent * pAb
	asa := 0.0
	if pAb < 1 {
		asa = waitAnswered / (1 - pAb)
	}
	return Outcome{
		Agents:       p.n,
		ServiceLevel: percent * math.Max(0, 1-late),
		PWait:        pWait,
		ASASeconds:   asa,
		Occupancy:    math.Min(percent, percent*p.a*(1-pAb)/float64(p.n)),
		AbandonRate:  &ab,
	}
}

// requiredA is the smallest number of agents meeting g on l under Erlang A
// (l.Contacts > 0, l.Patience > 0), given hi agents that meet it under
// Erlang C. The service level rises and the ASA and occupancy fall with
// every agent added, so it gallops down from hi (hi − 1, hi − 2, hi − 4, …)
// to the first headcount that misses, then bisects: near Erlang C's answer,
// where the solves are cheap, in a few steps.
func requiredA(l Load, g Goal, hi int) (Outcome, error) {
	a := l.Erlangs()
	bs := make([]float64, hi+1)
	bs[0] = 1
	for k := 1; k <= hi; k++ {
		bs[k] = nextB(a, k, bs[k-1])
	}
	reach := func(n int) Outcome {
		p := newPalmB(l, n, bs[n], g.Within)
		if p.endless {
			return overloaded(l, n)
		}
		return p.outcome()
	}
	best := reach(hi)
	if !best.meets(g) {
		return Outcome{}, fmt.Errorf("%.4g Erlangs with patience %s: %d agents meet %v%% within %s under Erlang C but not under Erlang A: %w", a, l.Patience, hi, g.ServiceLevel, g.Within, ErrUnreachable)
	}
	lo := 1
	for step := 1; hi-step >= 1; step *= 2 {
		o := reach(hi - step)
		if !o.meets(g) {
			lo = hi - step + 1
			break
		}
		hi, best = hi-step, o
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if o := reach(mid); o.meets(g) {
			hi, best = mid, o
		} else {
			lo = mid + 1
		}
	}
	return best, nil
}

// logAddExp is log(e^x + e^y).
func logAddExp(x, y float64) float64 {
	if x < y {
		x, y = y, x
	}
	if math.IsInf(y, -1) {
		return x
	}
	return x + math.Log1p(math.Exp(y-x))
}
