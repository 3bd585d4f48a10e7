package incentive

import (
	"fmt"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/history"
)

// BenchmarkCounterAdd counts a month of records spread over six agents,
// in time order as a history is; one op is one record.
func BenchmarkCounterAdd(b *testing.B) {
	cfg := testConfig(nil)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const n = 100_000
	recs := make([]history.Record, n)
	agents := []string{"ana", "ben", "cid", "dan", "eve", "fay"}
	for i := range recs {
		at := start.Add(time.Duration(i) * 30 * 24 * time.Hour / n)
		solved := at.Add(time.Hour)
		recs[i] = history.Record{ID: fmt.Sprint(i), Agent: agents[i%len(agents)], CreatedAt: at, SolvedAt: &solved,
			Difficult: i%7 == 0, Complaint: i%50 == 0, Commendation: i%20 == 0}
	}
	b.ReportAllocs()
	c, err := NewCounter(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		c.Add(&recs[i%n])
	}
}
