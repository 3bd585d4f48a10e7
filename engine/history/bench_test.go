package history_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
)

// benchTickets is how many tickets the benchmarks fold and read; each has
// benchEventsPerTicket events, so Fold takes 100k events.
const (
	benchTickets         = 10_000
	benchEventsPerTicket = 10
)

// benchEvents are the events of benchTickets tickets, each opened,
// routed, replied to, met, solved, rated and closed, interleaved by time.
func benchEvents() []eventstore.Event {
	events := make([]eventstore.Event, 0, benchTickets*benchEventsPerTicket)
	for i := range benchTickets {
		s := &stream{id: fmt.Sprintf("T-%d", i), status: "open", queue: "after-sales", prio: "P3"}
		s.add(0, event.Opened, "", "Order late via email").
			add(0, event.Routed, "", "priority P3, queue after-sales, agent alice").
			add(0, event.SLAApplied, "", "SLA policy standard").
			add(time.Minute, event.Reply, "cust", "customer").
			add(time.Hour, event.Reply, "alice", "agent").
			add(time.Hour, event.SLAMet, "", "first_reply met after 1h0m0s (target 9h30m0s)").
			add(2*time.Hour, event.Solved, "", "").
			add(2*time.Hour, event.SLAMet, "", "resolution met after 2h0m0s (target 24h0m0s)").
			add(3*time.Hour, event.CSAT, "cust", "rating 4").
			add(3*time.Hour, event.Closed, "", "")
		for j := range s.events {
			s.events[j].At = s.events[j].At.Add(time.Duration(i) * time.Second)
		}
		events = append(events, s.events...)
	}
	return events
}

// BenchmarkFold folds 100k events of 10k tickets.
func BenchmarkFold(b *testing.B) {
	events := benchEvents()
	b.ReportAllocs()
	for b.Loop() {
		if got := history.Fold(events); len(got) != benchTickets {
			b.Fatalf("folded %d records, want %d", len(got), benchTickets)
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// benchJSONL is the JSON Lines of the benchmarks' 10k records, with the
// benchmark set up to report bytes and allocations.
func benchJSONL(b *testing.B) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := history.Write(&buf, history.Fold(benchEvents())); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	return buf.Bytes()
}

// BenchmarkReadJSONL reads 10k records from JSON Lines.
func BenchmarkReadJSONL(b *testing.B) {
	data := benchJSONL(b)
	for b.Loop() {
		recs, err := history.Read("h.jsonl", bytes.NewReader(data))
		if err != nil || len(recs) != benchTickets {
			b.Fatalf("read %d records: %v", len(recs), err)
		}
	}
}

// BenchmarkEachJSONL streams the same 10k records through Each, holding
// none: the decode alone, on every core.
func BenchmarkEachJSONL(b *testing.B) {
	data := benchJSONL(b)
	for b.Loop() {
		n := 0
		err := history.Each("h.jsonl", bytes.NewReader(data), func(*history.Record) error {
			n++
			return nil
		})
		if err != nil || n != benchTickets {
			b.Fatalf("read %d records: %v", n, err)
		}
	}
}

// BenchmarkReadJSONLFloor is the floor BenchmarkReadJSONL is compared
// with in the same run: the same lines decoded by encoding/json into
// Record, with no checks, no positions and no errors collected.
func BenchmarkReadJSONLFloor(b *testing.B) {
	data := benchJSONL(b)
	for b.Loop() {
		recs := make([]history.Record, 0, benchTickets)
		for line := range bytes.Lines(data) {
			var r history.Record
			if err := json.Unmarshal(line, &r); err != nil {
				b.Fatal(err)
			}
			recs = append(recs, r)
		}
		if len(recs) != benchTickets {
			b.Fatalf("read %d records", len(recs))
		}
	}
}
