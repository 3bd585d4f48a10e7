package embedded

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
)

// TestDynamicConfigBoundsHistoryCache checks, as the history service reads
// it, the mutable-state cache the server is started with: bounded by
// default (the server's 128,000 entries, and the 8,096 this daemon had,
// grew its memory with every ticket, issue 11 defect 11) and set by
// Options.HistoryCacheSize.
func TestDynamicConfigBoundsHistoryCache(t *testing.T) {
	for name, tc := range map[string]struct {
		size int
		want int
	}{
		// The figure BENCHMARKS.md ("Memory") was measured with.
		"default":  {0, 1000},
		"negative": {-1, 1000},
		"given":    {42, 42},
	} {
		t.Run(name, func(t *testing.T) {
			c := dynamicconfig.NewCollection(dynamicConfig(tc.size, true), log.NewNoopLogger())
			got := dynamicconfig.HistoryCacheHostLevelMaxSize.Get(c)()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("history cache size (-want +got):\n%s", diff)
			}
			// Counted in entries, not bytes: the byte limit would
			// apply only with the size-based limit on.
			if dynamicconfig.HistoryCacheSizeBasedLimit.Get(c)() {
				t.Error("history cache limited by size in bytes, want by entries")
			}
		})
	}
}

// TestDynamicConfigTimerWorkers checks, as the history service reads it,
// how many timer tasks run at once: a few on SQLite's one connection, the
// server's default (512) on PostgreSQL, and the other queues' defaults on
// both.
func TestDynamicConfigTimerWorkers(t *testing.T) {
	for name, tc := range map[string]struct {
		sqlite bool
		want   [3]int // timer, transfer, visibility
	}{
		"sqlite":     {true, [3]int{sqliteQueueWorkers, 512, 512}},
		"postgresql": {false, [3]int{512, 512, 512}},
	} {
		t.Run(name, func(t *testing.T) {
			c := dynamicconfig.NewCollection(dynamicConfig(0, tc.sqlite), log.NewNoopLogger())
			got := [3]int{dynamicconfig.TimerProcessorSchedulerWorkerCount.Get(c)(),
				dynamicconfig.TransferProcessorSchedulerWorkerCount.Get(c)(),
				dynamicconfig.VisibilityProcessorSchedulerWorkerCount.Get(c)()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("queue workers: timer, transfer, visibility (-want +got):\n%s", diff)
			}
		})
	}
}
