package staffing

import (
	"math"
	"testing"
	"time"
)

// benchGoal is the week's goal: 80 % within 20 s, at most 85 % busy.
var benchGoal = Goal{ServiceLevel: 80, Within: 20 * time.Second, MaxOccupancy: 85}

// benchGoal10k is the large center's goal, 80 % within 20 s without an
// occupancy cap: at 10,000 Erlangs a cap of 85 % would bind (11,765
// agents) and the solve would be the Erlang B recursion alone.
var benchGoal10k = Goal{ServiceLevel: 80, Within: 20 * time.Second}

// BenchmarkRequired10kErlangs is one Erlang C solve at 10,000 Erlangs
// (120,000 calls in 30 minutes at 150 s). Target: ≤ 1 ms.
func BenchmarkRequired10kErlangs(b *testing.B) {
	l := Load{Contacts: 120_000, Interval: 30 * time.Minute, AHT: 150 * time.Second}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Required(l, benchGoal10k); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequired10kErlangsA is the same solve under Erlang A, with
// customers patient for 3 minutes on average.
func BenchmarkRequired10kErlangsA(b *testing.B) {
	l := Load{Contacts: 120_000, Interval: 30 * time.Minute, AHT: 150 * time.Second, Patience: 3 * time.Minute}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Required(l, benchGoal10k); err != nil {
			b.Fatal(err)
		}
	}
}

// Sizes of a week's staffing run: 200 queues, 30-minute intervals.
const (
	benchQueues    = 200
	benchIntervals = 7 * 48
)

// weekLoads is a week of 30-minute intervals for benchQueues queues: a
// daily profile peaking mid-morning, a thin night and weekend, queue sizes
// from a handful of contacts to about 1,000 an interval, AHTs of 2 to 10
// minutes; every third queue a chat queue holding 2 at once, every other
// queue with patience (Erlang A) when patient is set.
func weekLoads(patient bool) []Load {
	loads := make([]Load, 0, benchQueues*benchIntervals)
	for q := range benchQueues {
		peak := 5 + float64(q*q%997)
		aht := time.Duration(120+q%9*60) * time.Second
		for i := range benchIntervals {
			day, slot := i/48, i%48
			profile := math.Max(0.02, math.Sin(math.Pi*float64(slot)/48))
			if day >= 5 {
				profile *= 0.3
			}
			l := Load{Contacts: math.Round(peak * profile), Interval: 30 * time.Minute, AHT: aht}
			if q%3 == 0 {
				l.Concurrency = 2
			}
			if patient && q%2 == 0 {
				l.Patience = time.Duration(60+q%5*60) * time.Second
			}
			loads = append(loads, l)
		}
	}
	return loads
}

// BenchmarkRequiredWeek200Queues solves a week of 30-minute intervals for
// 200 queues, Erlang C only: 67,200 solves an iteration.
func BenchmarkRequiredWeek200Queues(b *testing.B) {
	benchWeek(b, weekLoads(false))
}

// BenchmarkRequiredWeek200QueuesA is the same week with half the queues
// under Erlang A.
func BenchmarkRequiredWeek200QueuesA(b *testing.B) {
	benchWeek(b, weekLoads(true))
}

// benchWeek solves every load of a week.
func benchWeek(b *testing.B, loads []Load) {
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range loads {
			if _, err := Required(l, benchGoal); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(loads)), "solves/op")
}
