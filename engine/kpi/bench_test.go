package kpi

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// benchRecords is how many records the benchmarks count: a month of a
// large center, as issue #13 sizes it.
const benchRecords = 1_000_000

// benchHistory is benchRecords synthetic November 2026 records over
// acme-shop's channels, queues, agents and categories, generated from a
// fixed seed: live contacts answered or abandoned, replies, solves (some
// in December), ratings, QA reviews, repeats, complaints and drills.
func benchHistory(b *testing.B, cfg *model.Config) []history.Record {
	b.Helper()
	rng := rand.New(rand.NewPCG(13, 2026))
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		b.Fatal(err)
	}
	channels, agents, queues := sortedKeys(cfg.Channels), sortedKeys(cfg.Agents), sortedKeys(cfg.Queues)
	categories := sortedKeys(cfg.Categories)
	customers := make([]string, benchRecords/5)
	for i := range customers {
		customers[i] = fmt.Sprintf("C-%06d", i)
	}
	met := map[string]history.SLAResult{"first_reply": {TargetSeconds: 3600}, "resolution": {TargetSeconds: 86400}}
	breached := map[string]history.SLAResult{"first_reply": {TargetSeconds: 3600}, "resolution": {TargetSeconds: 86400, Breached: true}}
	// Every optional time and number points into these, so a million
	// records take one allocation each.
	times := make([]time.Time, 0, 4*benchRecords)
	floats := make([]float64, 0, 2*benchRecords)
	ints := make([]int, 0, benchRecords)
	at := func(t time.Time) *time.Time { times = append(times, t); return &times[len(times)-1] }
	num := func(f float64) *float64 { floats = append(floats, f); return &floats[len(floats)-1] }
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	step := time.Date(2026, 12, 1, 0, 0, 0, 0, loc).Sub(start) / benchRecords
	recs := make([]history.Record, benchRecords)
	for i := range recs {
		c := start.Add(time.Duration(i) * step)
		ch := channels[rng.IntN(len(channels))]
		r := history.Record{
			ID: fmt.Sprintf("T-%07d", i), Channel: ch, Queue: queues[rng.IntN(len(queues))],
			Agent: agents[rng.IntN(len(agents))], Category: categories[rng.IntN(len(categories))],
			Customer: customers[rng.IntN(len(customers))], CreatedAt: c,
			Contacts: 1 + rng.IntN(3)/2, Reopened: rng.IntN(10) / 9,
			Complaint: rng.IntN(30) == 0, Drill: rng.IntN(200) == 0,
		}
		if k := cfg.Channels[ch].Kind; k == model.Phone || k == model.Chat {
			if rng.IntN(10) < 9 {
				r.AnsweredAt = at(c.Add(time.Duration(rng.IntN(60)) * time.Second))
			} else {
				r.AbandonedAt = at(c.Add(time.Duration(rng.IntN(120)) * time.Second))
			}
		}
		if rng.IntN(5) < 4 {
			r.FirstReplyAt = at(c.Add(time.Duration(rng.IntN(7200)) * time.Second))
		}
		if rng.IntN(20) < 17 {
			r.SolvedAt = at(c.Add(time.Duration(rng.IntN(3*86400)) * time.Second))
			r.HandleSeconds = num(float64(60 + rng.IntN(1200)))
			r.SLA = met
			if rng.IntN(5) == 0 {
				r.SLA = breached
			}
			if rng.IntN(10) < 3 {
				ints = append(ints, 1+rng.IntN(5))
				r.CSAT = &ints[len(ints)-1]
			}
			if rng.IntN(20) == 0 {
				r.QAScore = num(float64(rng.IntN(101)))
			}
		}
		recs[i] = r
	}
	return recs
}

// benchSetUp loads acme-shop and generates the records.
func benchSetUp(b *testing.B) (*model.Config, []history.Record) {
	b.Helper()
	cfg := configtest.Load(b, "../../examples/acme-shop").Config
	return cfg, benchHistory(b, cfg)
}

// BenchmarkTallyAdd adds a month of 1M records to a new tally of every
// acme-shop KPI.
func BenchmarkTallyAdd(b *testing.B) {
	cfg, recs := benchSetUp(b)
	b.ReportAllocs()
	for b.Loop() {
		t, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		for i := range recs {
			t.Add(&recs[i])
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkTallyCard makes, from a tally of 1M records, every card the
// month touches: the month, its quarter and each of its weeks, every
// acme-shop KPI in every scope; repeat contacts are resolved afresh each
// time.
func BenchmarkTallyCard(b *testing.B) {
	cfg, recs := benchSetUp(b)
	t, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for i := range recs {
		t.Add(&recs[i])
	}
	month, err := ParsePeriod("2026-11", t.Location())
	if err != nil {
		b.Fatal(err)
	}
	periods := append([]Period{month, PeriodOf(Quarter, month.Start, t.Location())}, t.Periods(Week)...)
	b.ReportAllocs()
	results := 0
	for b.Loop() {
		if t.repeats != nil {
			t.repeats.resolved = 0
		}
		results = 0
		for _, p := range periods {
			results += len(t.Card(p).Results)
		}
	}
	if results < len(cfg.Agents) {
		b.Fatalf("%d results, want at least one per agent", results)
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(results), "results")
}
