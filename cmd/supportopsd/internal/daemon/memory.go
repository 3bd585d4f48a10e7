package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"time"
)

// What the daemon keeps in memory grows with the tickets in flight unless
// bounded: the SDK's sticky cache holds every running workflow with its
// coroutines (10,000 by default) and the embedded server's mutable-state
// cache every workflow it touched (128,000 by default), so memory grew with
// every ticket opened (issue 11, defect 11). DefaultWorkflowCacheSize and
// embedded.DefaultHistoryCacheSize bound both;
// BENCHMARKS.md ("Memory") has the figures behind them and `make mem`
// measures them again.
const (
	// DefaultWorkflowCacheSize is how many workflows the worker keeps
	// between their tasks. A workflow evicted from it is replayed from its
	// history at its next task (an event, a timer), which costs a few
	// milliseconds for a ticket.
	DefaultWorkflowCacheSize = 500
	// DefaultMemoryLimitMiB is the Go runtime's soft memory limit: above
	// it the garbage collector runs more often, so that the heap's garbage
	// does not double the resident set between two collections. The
	// resident set is this, plus the binary's mapped code (about 150 MB
	// since the Temporal UI server is linked in, outside the runtime's
	// count), plus SQLite's page caches (about 20 MB): under the 400 MB of
	// issues 11 and 16 (256 MiB reached 401-407 MB under sustained load
	// once the code grew; BENCHMARKS.md "Open tickets at rest").
	DefaultMemoryLimitMiB = 224
)

// MemoryOptions bound what the daemon keeps in memory. Zero values leave
// the SDK's, the server's and the runtime's own defaults.
type MemoryOptions struct {
	// WorkflowCacheSize is the size of the SDK's sticky workflow cache,
	// shared by every worker of the process (the embedded server's
	// internal workers too). It is set before the first worker starts and
	// cannot change afterwards.
	WorkflowCacheSize int `mapstructure:"workflow-cache-size"`
	// HistoryCacheSize is the number of workflows whose mutable state the
	// embedded server keeps in memory. Unused with --temporal-address.
	HistoryCacheSize int `mapstructure:"history-cache-size"`
	// MemoryLimitMiB is the Go runtime's soft memory limit in MiB (see
	// runtime/debug.SetMemoryLimit). Set by the command, not by Start: it
	// holds for the whole process.
	MemoryLimitMiB int `mapstructure:"memory-limit-mib"`
	// PprofListen is a loopback host:port serving net/http/pprof; "" serves
	// nothing. Set by the command, not by Start.
	PprofListen string `mapstructure:"pprof-listen"`
}

// checkPprofListen refuses an address that is not on loopback: a heap
// profile shows tickets, and the profiler has no authentication.
func checkPprofListen(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--pprof-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--pprof-listen %q: the profiler has no authentication and listens on loopback only (127.0.0.1 or [::1])", addr)
	}
	return nil
}

// setMemoryLimit sets the runtime's soft memory limit to mib MiB, when
// mib > 0, and returns the limit in force in MiB, 0 for none.
func setMemoryLimit(mib int) int64 {
	if mib > 0 {
		debug.SetMemoryLimit(int64(mib) << 20)
	}
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		return 0
	}
	return limit >> 20
}

// servePprof serves net/http/pprof on addr until ctx ends. It returns once
// it listens, so that an address in use fails the start.
func servePprof(ctx context.Context, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s for pprof: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("pprof server stopped", "error", err)
		}
	}()
	log.Info("pprof listening", "address", ln.Addr().String())
	return nil
}
