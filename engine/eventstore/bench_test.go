package eventstore_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/eventstore"
)

// BenchmarkAppend appends batches of new events, each committed (and
// synced) on its own, to a store on disk.
func BenchmarkAppend(b *testing.B) {
	data := json.RawMessage(`{"detail":"first reply","status":"open","queue":"billing","priority":"p2"}`)
	for _, size := range []int{1, 20} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s, _ := open(b)
			batch := make([]eventstore.Event, size)
			seq := 0
			for b.Loop() {
				for i := range batch {
					seq++
					batch[i] = eventstore.Event{
						ID: fmt.Sprintf("T-%d/%05d", seq/50, seq%50), Stream: fmt.Sprintf("T-%d", seq/50), Type: "replied",
						At: t0.Add(time.Duration(seq) * time.Second), Actor: "alice", Data: data,
					}
				}
				if n, err := s.Append(b.Context(), batch...); err != nil || n != size {
					b.Fatalf("Append() = %d, %v; want %d new", n, err, size)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(seq), "ns/event")
		})
	}
}
