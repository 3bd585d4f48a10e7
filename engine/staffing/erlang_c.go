package staffing

import (
	"fmt"
	"math"
	"time"
)

// This file holds Erlang C (M/M/n, customers wait as long as it takes).
//
// Everything goes through the Erlang B recursion B(0) = 1,
// B(n) = A·B(n−1) ÷ (n + A·B(n−1)), which stays within (0, 1] for any
// traffic A: no factorial or power of A is formed, so it is exact to
// rounding at 10,000 Erlangs and more, in O(n). From it:
//
//	C   = n·B ÷ (n − A·(1 − B))        the probability of waiting (n > A)
//	SL  = 1 − C·e^(−(n−A)·t ÷ AHT)     answered within t
//	ASA = C·AHT ÷ (n − A)              the mean wait
//	occupancy = A ÷ n

// erlangB is Erlang B's blocking probability for n servers on a Erlangs.
// Once it underflows to 0 (n far above a) it stays 0, and the recursion
// stops: a million agents on ten Erlangs cost no more than a few hundred.
func erlangB(a float64, n int) float64 {
	b := 1.0
	for k := 1; k <= n && b > 0; k++ {
		b = nextB(a, k, b)
	}
	return b
}

// nextB is B(k) from b = B(k−1) on a Erlangs.
func nextB(a float64, k int, b float64) float64 {
	ab := a * b
	return ab / (float64(k) + ab)
}

// erlangC is what n > A agents reach on l under Erlang C, given b = B(n).
func erlangC(l Load, n int, b float64, within time.Duration) Outcome {
	a := l.Erlangs()
	aht := l.serviceSeconds()
	nf := float64(n)
	c := nf * b / (nf - a*(1-b))
	return Outcome{
		Agents:       n,
		ServiceLevel: percent * (1 - c*math.Exp(-(nf-a)*within.Seconds()/aht)),
		PWait:        c,
		ASASeconds:   c * aht / (nf - a),
		Occupancy:    percent * a / nf,
	}
}

// requiredC is the smallest number of agents meeting g on l under Erlang C
// (l.Contacts > 0). It starts at the first stable headcount above the
// occupancy floor and steps the recursion up one agent at a time: the
// service level rises and the ASA and occupancy fall with every agent, so
// the first headcount meeting all of g is the answer.
func requiredC(l Load, g Goal) (Outcome, error) {
	a := l.Erlangs()
	start := int(math.Floor(a)) + 1
	if g.MaxOccupancy > 0 {
		// The least n with A ÷ n ≤ cap, less one for rounding: the loop checks.
		start = max(start, int(math.Ceil(a*percent/g.MaxOccupancy))-1)
	}
	bound := searchBound(a, g)
	b := erlangB(a, start)
	for n := start; n <= bound; n++ {
		if n > start {
			b = nextB(a, n, b)
		}
		if o := erlangC(l, n, b, g.Within); o.meets(g) {
			return o, nil
		}
	}
	return Outcome{}, fmt.Errorf("%.4g Erlangs: no headcount up to %d meets %v%% within %s: %w", a, bound, g.ServiceLevel, g.Within, ErrUnreachable)
}
