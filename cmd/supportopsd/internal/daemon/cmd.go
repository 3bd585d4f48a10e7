package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.temporal.io/sdk/worker"

	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/internal/command"
)

// Exit codes: 0 ok, 1 refused (an invalid configuration), 2 usage or
// internal error.
const (
	exitOK      = command.ExitOK
	exitRefused = command.ExitFindings
	exitError   = command.ExitError
)

// Main runs supportopsd with the process's arguments and returns the exit
// code.
func Main() int {
	return command.Run(Run, os.Interrupt, syscall.SIGTERM)
}

// Run runs supportopsd with args. A refused configuration exits with
// exitRefused; usage errors print no hint.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	v := command.NewSettings()
	p := command.Program{Name: "supportopsd", Findings: errRefused}
	return p.Execute(ctx, newRootCmd(v, stderr), args, stdout, stderr)
}

// errRefused marks a configuration the daemon will not start with: the
// run ends with exitRefused.
var errRefused = errors.New("configuration refused")

func newRootCmd(v *viper.Viper, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "supportopsd",
		Short: "Run tickets durably: the ticket workers, the HTTP API and an embedded Temporal server",
		Long: `supportopsd loads and validates a supportops configuration repository and runs
every ticket as a durable Temporal workflow: routing by policy, SLA clocks on
business calendars, escalation, approvals, CSAT and close; and every drill
of an emergency plan (supportops drill) as one too. Without
--temporal-address it runs an embedded Temporal server with its SQLite
database in the data directory, so a restart loses nothing.

SIGHUP (or POST /v1/config/reload) reloads the configuration; an invalid one
is refused and the running one stays. SIGTERM or SIGINT stops it gracefully:
GET /readyz turns 503, the API finishes the requests it has, the workers let
running activities finish (up to 30 s), then it exits 0.

--role splits the daemon into replicas of one Temporal cluster
(--temporal-address): api serves the HTTP API and runs no workers, worker
runs the workers and the schedules and serves only /healthz, /readyz and
/metrics, all (the default) does both. GET /readyz answers 200 once the
workers poll (or, for api, the Temporal frontend answers) and the event
store answers, else 503 with the reasons.

With --temporal-address it uses a Temporal cluster instead. TLS is on when
any --temporal-tls-* setting or an API key is given (as with the Temporal
CLI), with the system's roots unless --temporal-tls-ca names the CAs;
--temporal-tls=false turns it off, and then an API key is sent in plain
text. An API key is sent as "authorization: Bearer <key>"; prefer
SUPPORTOPS_TEMPORAL_API_KEY or --temporal-api-key-file to the flag, which
other users can see in the process list.

Events are kept in <data-dir>/events.db (SQLite) unless --events-dsn (best
SUPPORTOPS_EVENTS_DSN) names a PostgreSQL database, postgres://..., which
several replicas share; its schema is migrated at start. The replicas keep
there, too, the configuration versions tickets run under and the agent
load board routing counts on. "supportopsd setup" prepares a cluster's
namespace for them; examples/deploy shows the layout.

API tokens are checked against the hashes in <data-dir>/tokens.json, or
with --events-dsn in that database, where every replica reads them
("supportopsd token add"), and those of --token-hashes, best set as
SUPPORTOPS_TOKEN_HASHES from a secret store ("supportopsd token hash" makes
a token and its entry). Token hashes never belong in the configuration
repository.

Every flag can also be set as SUPPORTOPS_<FLAG> (upper case, "-" as "_"), or
in a settings file (--settings); a flag wins over the environment, which wins
over the file.`,
		Example: `  supportopsd token add --data-dir ./data --principal ops --roles ops_admin
  supportopsd --config examples/acme-shop --data-dir ./data --http-addr 127.0.0.1:8420
  SUPPORTOPS_TEMPORAL_API_KEY=... supportopsd --config examples/acme-shop --data-dir ./data \
    --temporal-address acme.a1b2c.tmprl.cloud:7233 --namespace acme.a1b2c`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return command.LoadSettings(v, cmd)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			var opts Options
			if err := decode(v, &opts); err != nil {
				return err
			}
			// Unset, TLS follows the other settings; see checkTemporal.
			if !v.IsSet("temporal-tls") {
				opts.TemporalTLS = nil
			}
			// Usage errors and unreadable files stop it before anything
			// starts.
			if _, err := loadTemporalConn(opts); err != nil {
				return err
			}
			if _, err := parseTokenHashes(opts.TokenHashes); err != nil {
				return err
			}
			if err := checkEventsDSN(opts.EventsDSN); err != nil {
				return err
			}
			if _, err := parseRole(opts.Role, opts.TemporalAddress); err != nil {
				return err
			}
			if err := checkPprofListen(opts.PprofListen); err != nil {
				return err
			}
			if _, _, err := parseTemporalListen(opts.TemporalListen, opts.TemporalAddress); err != nil {
				return err
			}
			if _, _, err := parseUIAddr(opts); err != nil {
				return err
			}
			// GOMEMLIMIT, when set, is the runtime's limit unless the
			// flag is given too.
			if os.Getenv("GOMEMLIMIT") != "" && !v.IsSet("memory-limit-mib") {
				opts.MemoryLimitMiB = 0
			}
			level := slog.LevelInfo
			if err := level.UnmarshalText([]byte(v.GetString("log-level"))); err != nil {
				return fmt.Errorf("--log-level: %w", err)
			}
			log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
			return serve(cmd.Context(), opts, log)
		},
	}
	f := root.Flags()
	f.String("config", "", "configuration repository (required)")
	f.String("data-dir", "", "data directory: events, tokens and the embedded Temporal database (required)")
	f.String("http-addr", "127.0.0.1:8420", "address of the HTTP API")
	temporalFlags(f)
	f.String("events-dsn", "", "PostgreSQL database of the event store, postgres://user:password@host:port/db (prefer SUPPORTOPS_EVENTS_DSN); empty keeps it in <data-dir>/events.db")
	f.String("token-hashes", "", tokenHashesHelp)
	f.String("webhook", "", "URL that receives notifications as JSON posts")
	f.String("role", string(RoleAll), "what this process runs: api (the HTTP API, no workers), worker (the workers; HTTP serves only /healthz, /readyz and /metrics) or all; api and worker need --temporal-address")
	f.String("log-level", "info", "log level: debug, info, warn or error")
	f.Int("workflow-cache-size", DefaultWorkflowCacheSize, "running workflows the worker keeps in memory between their tasks (the SDK's sticky cache); one evicted is replayed from its history at its next task")
	f.Int("history-cache-size", embedded.DefaultHistoryCacheSize, "workflows whose state the embedded Temporal server keeps in memory; one evicted is read again from its database")
	f.Int("memory-limit-mib", DefaultMemoryLimitMiB, "soft memory limit of the Go runtime in MiB, above which it collects garbage more often; 0 leaves the runtime's (GOMEMLIMIT, when set, wins unless this flag is given)")
	f.String("temporal-listen", "", "loopback host:port of the embedded Temporal frontend, for the temporal CLI and the UI (e.g. 127.0.0.1:7233); empty picks a free port, logged at start")
	f.String("ui-addr", "", "loopback host:port serving the Temporal Web UI against the embedded or --temporal-address frontend (e.g. 127.0.0.1:8233); empty serves none")
	f.String("pprof-listen", "", "loopback host:port serving net/http/pprof (heap profiles); empty serves none")
	command.AddSettingsFlag(root.PersistentFlags())
	root.AddCommand(newTokenCmd(v), newSetupCmd(v))
	return root
}

// temporalFlags adds the flags that say which Temporal frontend to use
// and how to connect to it, for the daemon and for setup.
func temporalFlags(f *pflag.FlagSet) {
	f.String("temporal-address", "", "Temporal frontend host:port; empty runs an embedded server")
	f.String("namespace", "default", "Temporal namespace")
	f.Bool("temporal-tls", false, "TLS to the Temporal frontend, with the system's roots; on by default with any other --temporal-tls-* setting or an API key")
	f.String("temporal-tls-ca", "", "PEM file of the CAs of the Temporal frontend's certificate")
	f.String("temporal-tls-cert", "", "PEM file of the client certificate, for mutual TLS (with --temporal-tls-key)")
	f.String("temporal-tls-key", "", "PEM file of the client certificate's key, for mutual TLS (with --temporal-tls-cert)")
	f.String("temporal-tls-server-name", "", "name the Temporal frontend's certificate must have, if not the host of --temporal-address")
	f.String("temporal-api-key", "", `Temporal API key, sent as "authorization: Bearer <key>" (prefer SUPPORTOPS_TEMPORAL_API_KEY)`)
	f.String("temporal-api-key-file", "", "file holding the Temporal API key")
}

// serve runs the daemon until ctx ends, reloading on SIGHUP.
func serve(ctx context.Context, opts Options, log *slog.Logger) error {
	// Both hold for the whole process, and the sticky cache's size must be
	// set before the first worker (the embedded server's) starts.
	limit := setMemoryLimit(opts.MemoryLimitMiB)
	if opts.WorkflowCacheSize > 0 {
		worker.SetStickyWorkflowCacheSize(opts.WorkflowCacheSize)
	}
	log.Info("memory bounds", "memory_limit_mib", limit, "workflow_cache_size", opts.WorkflowCacheSize,
		"history_cache_size", opts.HistoryCacheSize)
	if opts.PprofListen != "" {
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if err := servePprof(pctx, opts.PprofListen, log); err != nil {
			return err
		}
	}
	d, err := Start(ctx, opts, log)
	if err != nil {
		if strings.Contains(err.Error(), "load configuration") || strings.Contains(err.Error(), "compile policies") {
			return fmt.Errorf("%w: %v", errRefused, err)
		}
		return err
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	done := make(chan error, 1)
	go func() { done <- d.Wait() }()
	for {
		select {
		case <-hup:
			_, _ = d.Reload(ctx)
		case err := <-done:
			d.Stop(context.Background())
			return err
		case <-ctx.Done():
			log.Info("stopping")
			stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			d.Stop(stopCtx)
			cancel()
			return nil
		}
	}
}

// decode fills out from the settings (command.Decode), with the daemon's
// wording of a value that does not convert.
func decode(v *viper.Viper, out any) error {
	if err := command.Decode(v, out); err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	return nil
}
