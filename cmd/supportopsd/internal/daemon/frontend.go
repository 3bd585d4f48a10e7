package daemon

import (
	"fmt"
	"net"
	"strconv"
)

// parseTemporalListen reads --temporal-listen, the fixed address of the
// embedded server's frontend, into the host and port embedded.Start
// takes; an empty addr is the default, a free port on 127.0.0.1 (logged
// at start). The embedded frontend has no authentication: like the
// profiler it listens on loopback only, and a center that needs Temporal
// beyond the host runs a cluster (--temporal-address), which the flag
// cannot be combined with (temporalAddress is that flag's value).
func parseTemporalListen(addr, temporalAddress string) (host string, port int, err error) {
	if addr == "" {
		return "", 0, nil
	}
	if temporalAddress != "" {
		return "", 0, fmt.Errorf("--temporal-listen %q: the embedded server listens there, and --temporal-address %q replaces it; give one of them", addr, temporalAddress)
	}
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("--temporal-listen %q: want host:port, e.g. 127.0.0.1:7233: %w", addr, err)
	}
	if h == "localhost" {
		h = "127.0.0.1"
	}
	if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
		return "", 0, fmt.Errorf("--temporal-listen %q: the embedded frontend has no authentication and listens on loopback only (127.0.0.1 or [::1]); run a Temporal cluster for more", addr)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return "", 0, fmt.Errorf("--temporal-listen %q: port must be 1 to 65535", addr)
	}
	return h, n, nil
}
