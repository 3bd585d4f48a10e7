package daemon

import (
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	"github.com/temporalio/ui-server/v2/server/server_options"
)

// uiStopWait bounds how long Stop waits for the UI server to return.
const uiStopWait = 5 * time.Second

// parseUIAddr reads --ui-addr, where the Temporal Web UI listens, into
// the host and port the UI server takes; an empty addr serves no UI. The
// UI has no authentication and can cancel, signal and terminate
// workflows: like the profiler and the embedded frontend it listens on
// loopback only. It talks to the frontend over a plain connection, so
// with a cluster reached over TLS or with an API key it is refused: that
// cluster's own UI (or Temporal Cloud's) is the one to use.
func parseUIAddr(opts Options) (host string, port int, err error) {
	addr := opts.UIAddr
	if addr == "" {
		return "", 0, nil
	}
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("--ui-addr %q: want host:port, e.g. 127.0.0.1:8233: %w", addr, err)
	}
	if h == "localhost" {
		h = "127.0.0.1"
	}
	if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
		return "", 0, fmt.Errorf("--ui-addr %q: the Temporal UI has no authentication and listens on loopback only (127.0.0.1 or [::1])", addr)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return "", 0, fmt.Errorf("--ui-addr %q: port must be 1 to 65535", addr)
	}
	if opts.TemporalAddress != "" {
		conn, cerr := loadTemporalConn(opts)
		if cerr != nil {
			return "", 0, cerr
		}
		if conn.TLS != nil || conn.APIKey != "" {
			return "", 0, fmt.Errorf("--ui-addr %q: the UI reaches --temporal-address %q over a plain connection only, and this one needs TLS or an API key; use the cluster's own UI", addr, opts.TemporalAddress)
		}
	}
	return h, n, nil
}

// webUI is the Temporal Web UI served beside the daemon.
type webUI struct {
	srv  *uiserver.Server
	url  string
	done chan error
}

// startUI serves the Temporal Web UI on host:port against the frontend
// at frontend, opening namespace. The UI server ends the process when it
// cannot listen, so the address is tried first and a taken one is an
// error.
func startUI(host string, port int, frontend, namespace string, log *slog.Logger) (*webUI, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for the temporal ui on %s: %w", addr, err)
	}
	if err = ln.Close(); err != nil {
		return nil, fmt.Errorf("listen for the temporal ui on %s: %w", addr, err)
	}
	cfg := &uiconfig.Config{
		TemporalGRPCAddress: frontend,
		Host:                host,
		Port:                port,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		// Plain HTTP on loopback: the CSRF cookie must not need HTTPS.
		CORS:             uiconfig.CORS{CookieInsecure: true},
		DisableNewsFetch: true,
		HideLogs:         true,
		Distribution:     "supportopsd",
	}
	if err = cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure the temporal ui: %w", err)
	}
	u := &webUI{
		srv:  uiserver.NewServer(server_options.WithConfigProvider(cfg)),
		url:  "http://" + addr,
		done: make(chan error, 1),
	}
	go func() { u.done <- u.srv.Start() }()
	log.Info("temporal ui listening", "url", u.url, "frontend", frontend)
	return u, nil
}

// Stop closes the UI server and waits a moment for it to return.
func (u *webUI) Stop() {
	u.srv.Stop()
	select {
	case <-u.done:
	case <-time.After(uiStopWait):
	}
}
