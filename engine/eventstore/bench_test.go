package eventstore_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/eventstore"
)

// BenchmarkAppend appends batches of new events, each committed on its
// own, to a SQLite store on disk (synced) and to a PostgreSQL store over
// loopback (the test cluster runs with fsync off, so it measures the
// round trips and the server's work, not the disk).
func BenchmarkAppend(b *testing.B) {
	data := json.RawMessage(`{"detail":"first reply","status":"open","queue":"billing","priority":"p2"}`)
	dialects := map[string]func(testing.TB) eventstore.Store{
		"sqlite": func(b testing.TB) eventstore.Store {
			s, _ := open(b)
			return s
		},
		"postgres": func(b testing.TB) eventstore.Store { return openPostgres(b, newPostgresDSN(b)) },
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		for _, size := range []int{1, 20} {
			b.Run(fmt.Sprintf("%s/batch=%d", kind, size), func(b *testing.B) {
				s := dialects[kind](b)
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
}
