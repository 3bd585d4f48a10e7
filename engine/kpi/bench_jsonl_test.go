package kpi

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"
	"testing"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// benchJSONLName is the name the benchmarks read their history as.
const benchJSONLName = "2026-11.jsonl"

// benchJSONL is benchHistory written as JSON Lines, in memory, with the
// benchmark set up to report bytes and allocations; the records are let
// go, so only the bytes stay.
func benchJSONL(b *testing.B) (*model.Config, []byte) {
	b.Helper()
	cfg, recs := benchSetUp(b)
	var buf bytes.Buffer
	if err := history.Write(&buf, recs); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	recs = nil
	// Collect the set-up's garbage now: otherwise the collection it
	// starts (1.5 GB of generated records and encoder buffers) marks on
	// into the timed runs and is charged to them.
	runtime.GC()
	return cfg, buf.Bytes()
}

// reportRecords reports records/s and the seconds a run takes.
func reportRecords(b *testing.B) {
	b.Helper()
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
}

// BenchmarkKPIsFromJSONL1M is issue #13's performance target: a month of
// 1M ticket records read from JSON Lines (history.Each), tallied, and
// every card the month touches made (the month, its quarter, each of its
// weeks: every acme-shop KPI in every scope).
func BenchmarkKPIsFromJSONL1M(b *testing.B) {
	cfg, data := benchJSONL(b)
	results := 0
	for b.Loop() {
		t, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		err = history.Each(benchJSONLName, bytes.NewReader(data), func(r *history.Record) error {
			t.Add(r)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		month, err := ParsePeriod("2026-11", t.Location())
		if err != nil {
			b.Fatal(err)
		}
		results = 0
		for _, p := range append([]Period{month, PeriodOf(Quarter, month.Start, t.Location())}, t.Periods(Week)...) {
			results += len(t.Card(p).Results)
		}
		if t.added == 0 || t.added > benchRecords {
			b.Fatalf("tallied %d records of %d", t.added, benchRecords)
		}
	}
	if results < len(cfg.Agents) {
		b.Fatalf("%d results, want at least one per agent", results)
	}
	reportRecords(b)
	b.ReportMetric(float64(results), "results")
}

// BenchmarkDecodeJSONL1MFloor is the floor BenchmarkKPIsFromJSONL1M is
// compared with: the same bytes decoded line by line by encoding/json
// into a Record, sequentially, with no checks, positions or KPIs.
func BenchmarkDecodeJSONL1MFloor(b *testing.B) {
	_, data := benchJSONL(b)
	for b.Loop() {
		if n := decodeFloor(b, data); n != benchRecords {
			b.Fatalf("decoded %d records, want %d", n, benchRecords)
		}
	}
	reportRecords(b)
}

// BenchmarkDecodeJSONL1MFloorParallel is the floor on every core: the
// bytes cut into GOMAXPROCS runs of whole lines, each decoded by
// encoding/json on its own goroutine.
func BenchmarkDecodeJSONL1MFloorParallel(b *testing.B) {
	_, data := benchJSONL(b)
	workers := runtime.GOMAXPROCS(0)
	var parts [][]byte
	for rest := data; len(rest) > 0; {
		end := min(len(data)/workers, len(rest))
		if i := bytes.IndexByte(rest[end:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(rest)
		}
		parts, rest = append(parts, rest[:end]), rest[end:]
	}
	for b.Loop() {
		counts := make([]int, len(parts))
		var wg sync.WaitGroup
		for i, part := range parts {
			wg.Go(func() { counts[i] = decodeFloor(b, part) })
		}
		wg.Wait()
		n := 0
		for _, c := range counts {
			n += c
		}
		if n != benchRecords {
			b.Fatalf("decoded %d records, want %d", n, benchRecords)
		}
	}
	reportRecords(b)
}

// decodeFloor decodes each line of data into a new Record with
// encoding/json and returns how many it decoded.
func decodeFloor(b *testing.B, data []byte) int {
	n := 0
	for line := range bytes.Lines(data) {
		var r history.Record
		if err := json.Unmarshal(line, &r); err != nil {
			b.Error(err)
			return n
		}
		n++
	}
	return n
}
