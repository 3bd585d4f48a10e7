package daemon

import (
	"net/http"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckPprofListen checks that the profiler, which has no
// authentication, listens on loopback only.
func TestCheckPprofListen(t *testing.T) {
	for name, tc := range map[string]struct {
		addr string
		want string
	}{
		"off":          {"", ""},
		"ipv4":         {"127.0.0.1:6060", ""},
		"ipv6":         {"[::1]:6060", ""},
		"localhost":    {"localhost:6060", ""},
		"any port":     {"127.0.0.1:0", ""},
		"wildcard":     {"0.0.0.0:6060", `--pprof-listen "0.0.0.0:6060": the profiler has no authentication and listens on loopback only (127.0.0.1 or [::1])`},
		"no host":      {":6060", `--pprof-listen ":6060": the profiler has no authentication and listens on loopback only (127.0.0.1 or [::1])`},
		"another host": {"10.0.0.7:6060", `--pprof-listen "10.0.0.7:6060": the profiler has no authentication and listens on loopback only (127.0.0.1 or [::1])`},
		"no port":      {"127.0.0.1", `--pprof-listen "127.0.0.1": address 127.0.0.1: missing port in address`},
	} {
		t.Run(name, func(t *testing.T) {
			got := ""
			if err := checkPprofListen(tc.addr); err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("checkPprofListen(%q) (-want +got):\n%s", tc.addr, diff)
			}
		})
	}
}

// TestRunMemoryBounds runs the daemon as the command does and checks that
// the caches that grew with every ticket (issue 11, defect 11) are bounded
// by default, that the flags set them, and that --pprof-listen serves a
// heap profile.
func TestRunMemoryBounds(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
	t.Setenv("GOMEMLIMIT", "")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"defaults": {nil, "memory_limit_mib=224 workflow_cache_size=500 history_cache_size=1000"},
		"flags": {
			[]string{"--workflow-cache-size", "50", "--history-cache-size", "60", "--memory-limit-mib", "700"},
			"memory_limit_mib=700 workflow_cache_size=50 history_cache_size=60",
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			addr, pprofAddr := freeAddr(t), freeAddr(t)
			d := runInProcess(t, addr, append([]string{"--config", example, "--data-dir", dir, "--pprof-listen", pprofAddr}, tc.args...)...)

			var bounds string
			for _, line := range strings.Split(d.logs.String(), "\n") {
				if _, rest, ok := strings.Cut(line, `msg="memory bounds" `); ok {
					bounds = rest
				}
			}
			if diff := cmp.Diff(tc.want, bounds); diff != "" {
				t.Errorf("memory bounds logged (-want +got):\n%s", diff)
			}
			req, err := http.NewRequestWithContext(t.Context(), "GET", "http://"+pprofAddr+"/debug/pprof/heap", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("heap profile: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("heap profile: %s, want 200", resp.Status)
			}
			d.stop()
		})
	}
}
