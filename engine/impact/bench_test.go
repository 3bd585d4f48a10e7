package impact

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/history"
)

// benchRecords is how many records the benchmarks compare.
const benchRecords = 100_000

// benchName names the benchmarks' history for history.Each (JSON Lines).
const benchName = "bench.jsonl"

// benchHistory is benchRecords records as JSON Lines: the example month
// repeated, each copy's ids suffixed and its times shifted by whole weeks
// (so weekdays and business hours fall as in the original).
func benchHistory(b *testing.B) []byte {
	b.Helper()
	f, err := os.Open(historyFile)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	month, err := history.Read(historyFile, f)
	if err != nil {
		b.Fatal(err)
	}
	recs := make([]history.Record, 0, benchRecords)
	for k := 0; len(recs) < benchRecords; k++ {
		shift := time.Duration(k) * 5 * 7 * 24 * time.Hour
		for _, r := range month {
			if len(recs) == benchRecords {
				break
			}
			r.ID = fmt.Sprintf("%s-%d", r.ID, k)
			r.CreatedAt = r.CreatedAt.Add(shift)
			for _, p := range []**time.Time{&r.AnsweredAt, &r.AbandonedAt, &r.FirstReplyAt, &r.SolvedAt, &r.ClosedAt} {
				if *p != nil {
					*p = at((*p).Add(shift))
				}
			}
			recs = append(recs, r)
		}
	}
	var buf bytes.Buffer
	if err := history.Write(&buf, recs); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkCompare100k compares 100,000 records under acme-shop and under
// acme-shop with the French-to-English routing edit and a tighter chat
// SLA (queues, teams, SLA policies, due times, breaches and escalations
// all move), read from JSON Lines in memory as the CLI reads a file. The
// bundles are compiled once, outside the timer.
func BenchmarkCompare100k(b *testing.B) {
	data := benchHistory(b)
	base := openBundle(b, exampleDir)
	dir := routingEdited(b)
	edit(b, dir, "sla.cue", chatSLA, chatSLATighter)
	head := openBundle(b, dir)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var res Result
	for b.Loop() {
		c, err := New(ctx, base, head, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := history.Each(benchName, bytes.NewReader(data), func(r *history.Record) error { return c.Add(ctx, r) }); err != nil {
			b.Fatal(err)
		}
		res = c.Result()
	}
	if res.Tickets+res.Skipped != benchRecords || res.Changed == 0 {
		b.Fatalf("compared %d, skipped %d, changed %d", res.Tickets, res.Skipped, res.Changed)
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkEach100k is the floor of BenchmarkCompare100k: reading the same
// bytes with history.Each alone.
func BenchmarkEach100k(b *testing.B) {
	data := benchHistory(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := history.Each(benchName, bytes.NewReader(data), func(*history.Record) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchRecords {
			b.Fatalf("read %d records, want %d", n, benchRecords)
		}
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
