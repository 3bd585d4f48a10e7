package daemon

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/pgstate"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// Options are the daemon's settings.
type Options struct {
	// Config is the configuration repository.
	Config string `mapstructure:"config"`
	// DataDir holds the event store, the token store and, when embedded,
	// Temporal's database.
	DataDir string `mapstructure:"data-dir"`
	// HTTPAddr is where the API listens, host:port (port 0 picks one).
	HTTPAddr string `mapstructure:"http-addr"`
	// TemporalAddress is a Temporal frontend to use instead of the
	// embedded server.
	TemporalAddress string `mapstructure:"temporal-address"`
	// TemporalListen is the fixed loopback host:port of the embedded
	// server's frontend, for the Temporal CLI and other SDK clients; empty
	// picks a free loopback port (see frontend.go).
	TemporalListen string `mapstructure:"temporal-listen"`
	// UIAddr is the loopback host:port of the Temporal Web UI, served
	// against the embedded or the remote (plain) frontend; empty serves
	// none (see ui.go).
	UIAddr string `mapstructure:"ui-addr"`
	// Namespace is the Temporal namespace.
	Namespace string `mapstructure:"namespace"`
	// EventsDSN is a PostgreSQL database (postgres://...) for the event
	// store, which replicas share; "" keeps it in DataDir (SQLite).
	EventsDSN string `mapstructure:"events-dsn"`
	// Webhook receives notifications as JSON posts; "" only logs them.
	Webhook string `mapstructure:"webhook"`
	// Role is what this process runs: api, worker or all ("" is all; see
	// roles.go).
	Role string `mapstructure:"role"`

	// TemporalTLS and the settings after it secure the connection to the
	// frontend at TemporalAddress, which they all need (see temporal.go).
	// TemporalTLS turns TLS on (true) or off (false); nil turns it on when
	// any other TLS setting or an API key is given, as the Temporal CLI
	// does. Off with an API key sends the key in plain text.
	TemporalTLS *bool `mapstructure:"temporal-tls"`
	// TemporalTLSCA is a PEM file of the CAs that sign the frontend's
	// certificate; "" trusts the system's roots.
	TemporalTLSCA string `mapstructure:"temporal-tls-ca"`
	// TemporalTLSCert is the PEM file of the client certificate for mutual
	// TLS, with TemporalTLSKey: both or neither.
	TemporalTLSCert string `mapstructure:"temporal-tls-cert"`
	// TemporalTLSKey is the PEM file of the client certificate's key.
	TemporalTLSKey string `mapstructure:"temporal-tls-key"`
	// TemporalTLSServerName is the name the frontend's certificate must
	// have, when it is not the host of TemporalAddress.
	TemporalTLSServerName string `mapstructure:"temporal-tls-server-name"`
	// TemporalAPIKey is sent on every call as "authorization: Bearer
	// <key>".
	TemporalAPIKey string `mapstructure:"temporal-api-key"`
	// TemporalAPIKeyFile is a file holding the API key instead.
	TemporalAPIKeyFile string `mapstructure:"temporal-api-key-file"`

	// TokenHashes is a token-hashes list (see auth.ParseHashes) read once
	// at start; its tokens work besides those of the token store.
	TokenHashes string `mapstructure:"token-hashes"`

	// MemoryOptions bound the caches that grow with the tickets (see
	// memory.go).
	MemoryOptions `mapstructure:",squash"`
}

// Daemon is a running supportopsd.
type Daemon struct {
	log      *slog.Logger
	versions *snapshots
	events   eventStore
	server   *embedded.Server
	// ui is the Temporal Web UI, nil without --ui-addr.
	ui       *webUI
	client   client.Client
	worker   worker.Worker
	notifier *notifier
	board    *rosterBoard
	http     *http.Server
	addr     string
	served   chan error
	// drillWorker runs the drills (see drills.go).
	drillWorker worker.Worker
	// scorecardWorker closes periods (see scorecards.go), computing
	// from reports.
	scorecardWorker worker.Worker
	reports         *reports
	// role is what this process runs (roles.go); identity is the ticket
	// worker's poller identity, which GET /readyz looks for (ready.go).
	role     Role
	identity string
	ready    readiness
	// state is the state replicas share in PostgreSQL (--events-dsn),
	// nil without one.
	state *pgstate.DB
	// sweeper releases the holds on state's board of tickets whose
	// workflows ended unreleased (sweep.go), nil when this daemon does
	// not sweep; stopSweep stops it and waits, nil likewise.
	sweeper   *sweeper
	stopSweep func()
}

// workerStopTimeout is how long Stop lets each worker's running
// activities finish before it cancels them (the SDK's default, 0, cancels
// them at once).
const workerStopTimeout = 30 * time.Second

// Start loads the configuration, starts Temporal (embedded unless an
// address is given), the ticket and drill workers (and, on the PostgreSQL
// board, the sweep of ended tickets' holds) and the HTTP API. An invalid
// configuration stops it before anything runs.
func Start(ctx context.Context, opts Options, log *slog.Logger) (d *Daemon, err error) {
	if opts.Config == "" || opts.DataDir == "" {
		return nil, errors.New("--config and --data-dir are required")
	}
	if err = os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	keep := filepath.Join(opts.DataDir, "configs")
	if err = os.MkdirAll(keep, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	role, err := parseRole(opts.Role, opts.TemporalAddress)
	if err != nil {
		return nil, err
	}
	d = &Daemon{log: log, versions: newSnapshots(opts.Config, keep), served: make(chan error, 1), role: role, identity: workerIdentity()}
	// A failed Start returns a nil Daemon: stop what it began.
	defer func(started *Daemon) {
		if err != nil {
			started.Stop(context.Background())
		}
	}(d)
	if d.state, err = openState(ctx, opts, log); err != nil {
		return nil, err
	}
	if d.state != nil {
		// Every replica runs every ticket under the version it started
		// with, whichever replica loaded it.
		d.versions = newKeptSnapshots(opts.Config, pgKeeper{versions: d.state.Versions()})
	}
	version, err := d.versions.load(ctx)
	if err != nil {
		return nil, err
	}
	log.Info("configuration loaded", "dir", opts.Config, "version", version)
	if d.events, err = openEvents(ctx, opts, log); err != nil {
		return nil, err
	}
	tokens, err := openTokens(d.state, filepath.Join(opts.DataDir, auth.TokensFile), opts.TokenHashes)
	if err != nil {
		return nil, fmt.Errorf("open token store: %w", err)
	}
	namespace := opts.Namespace
	if namespace == "" {
		namespace = "default"
	}
	uiHost, uiPort, err := parseUIAddr(opts)
	if err != nil {
		return nil, err
	}
	address := opts.TemporalAddress
	if address == "" {
		host, port, lerr := parseTemporalListen(opts.TemporalListen, "")
		if lerr != nil {
			return nil, lerr
		}
		d.server, err = embedded.Start(ctx, embedded.Options{DataDir: filepath.Join(opts.DataDir, "temporal"), Namespace: namespace, Logger: log,
			SearchAttributes: ticketwf.SearchAttributes(), HistoryCacheSize: opts.HistoryCacheSize, Host: host, Port: port})
		if err != nil {
			return nil, err
		}
		address = d.server.FrontendAddress()
		log.Info("embedded temporal server started", "address", address, "namespace", namespace)
	}
	if d.client, err = dialTemporal(ctx, opts, address, namespace, sdklog.NewStructuredLogger(log)); err != nil {
		return nil, err
	}
	if opts.UIAddr != "" {
		if d.ui, err = startUI(uiHost, uiPort, address, namespace, log); err != nil {
			return nil, err
		}
	}
	// Without the search attributes tickets still run; they only cannot
	// be listed (a remote namespace may not let us add them).
	searchable := true
	if err = registerSearchAttributes(ctx, d.client, namespace); err != nil {
		searchable = false
		log.Warn("tickets will not be listable; register the search attributes on the namespace", "error", err)
	}
	d.notifier = newNotifier(log, opts.Webhook)
	d.notifier.config = func() *model.Config {
		_, snap, _ := d.versions.Current()
		return snap.Config
	}
	if err = d.openBoard(ctx, namespace, searchable && role.runsWorkers()); err != nil {
		return nil, err
	}
	tix := &tickets{c: d.client, namespace: namespace, versions: d.versions, searchable: searchable}
	d.reports = &reports{c: d.client, events: d.events, versions: d.versions, now: time.Now}
	if role.runsWorkers() {
		if err = d.startWorker(); err != nil {
			return nil, err
		}
		if err = d.startDrillWorker(tix); err != nil {
			return nil, err
		}
		if err = d.startScorecardWorker(d.reports); err != nil {
			return nil, err
		}
		d.syncCloseSchedules(ctx)
		d.startSweep(namespace, searchable)
	}
	metrics := api.NewMetrics()
	if err = metrics.Register(d.notifier.sent); err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	if err = metrics.Register(newQueueGauges(d.reports, log.Error)); err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	srv := &api.Server{
		Tickets: tix, Drills: &drills{c: d.client, namespace: namespace, versions: d.versions}, Tokens: tokens,
		Authz: func() api.Authorizer { return d.versions }, Reloader: d, Model: d.versions.Model, Metrics: metrics, Log: log,
		Contents: d.events, // replies' texts, kept out of the workflows' histories
		Reports:  d.reports,
	}
	ln, err := net.Listen("tcp", opts.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.HTTPAddr, err)
	}
	d.addr = ln.Addr().String()
	d.http = &http.Server{Handler: role.handler(srv.Handler(), http.HandlerFunc(d.serveReady)), ReadHeaderTimeout: 10 * time.Second}
	go func() { d.served <- d.http.Serve(ln) }()
	log.Info("api listening", "address", d.addr, "role", role)
	return d, nil
}

// startWorker starts the ticket worker: the workflow and its activities.
func (d *Daemon) startWorker() error {
	d.worker = worker.New(d.client, ticketwf.TaskQueue, worker.Options{Identity: d.identity, WorkerStopTimeout: workerStopTimeout})
	d.worker.RegisterWorkflowWithOptions(ticketwf.Workflow, workflow.RegisterOptions{Name: ticketwf.WorkflowName})
	d.worker.RegisterActivity(&ticketwf.Activities{
		Snapshots: d.versions, Agents: d.board, Events: d.events, Notifier: d.notifier,
	})
	if err := d.worker.Start(); err != nil {
		return fmt.Errorf("start ticket worker: %w", err)
	}
	return nil
}

// Addr is the API's address.
func (d *Daemon) Addr() string { return d.addr }

// Reload loads the configuration again; an invalid one is refused and the
// running one stays. Running tickets keep the version they started with.
func (d *Daemon) Reload(ctx context.Context) (string, error) {
	version, err := d.versions.load(ctx)
	if err != nil {
		d.log.Error("configuration refused; the running one stays", "error", err)
		return "", err
	}
	d.log.Info("configuration reloaded", "version", version)
	if d.role.runsWorkers() {
		d.syncCloseSchedules(ctx)
	}
	return version, nil
}

// Wait blocks until the API server stops.
func (d *Daemon) Wait() error {
	if err := <-d.served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Stop stops the daemon gracefully, as SIGTERM and SIGINT do: GET /readyz
// turns 503, the API stops taking requests and finishes those it has, the
// workers stop polling and let their running activities finish (up to
// workerStopTimeout), then the client, the embedded server, the event
// store and the shared state (with --events-dsn) close. The sweep of
// ended tickets' holds stops first, mid-sweep if need be.
func (d *Daemon) Stop(ctx context.Context) {
	d.ready.draining.Store(true)
	if d.stopSweep != nil {
		d.stopSweep()
	}
	if d.http != nil {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = d.http.Shutdown(sctx)
	}
	var wg sync.WaitGroup
	for _, w := range []worker.Worker{d.worker, d.drillWorker, d.scorecardWorker} {
		if w != nil {
			wg.Go(w.Stop)
		}
	}
	wg.Wait()
	if d.ui != nil {
		d.ui.Stop()
	}
	if d.client != nil {
		d.client.Close()
	}
	if d.server != nil {
		if err := d.server.Stop(); err != nil {
			d.log.Error("stop embedded temporal server", "error", err)
		}
	}
	if d.events != nil {
		_ = d.events.Close()
	}
	if d.state != nil {
		if err := d.state.Close(); err != nil {
			d.log.Error("close the shared state", "error", err)
		}
	}
}

// workerIdentity is the ticket worker's poller identity: the SDK's
// default (pid@host) made unique per daemon, as two daemons of one process
// (a test's replicas) would otherwise share it.
func workerIdentity() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%d@%s@supportopsd-%s", os.Getpid(), host, rand.Text()[:8])
}
