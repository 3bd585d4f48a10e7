package embedded

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/common/primitives/timestamp"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
	"google.golang.org/grpc"
)

const (
	// databaseFile is the name of the SQLite database inside Options.DataDir.
	databaseFile = "temporal.db"

	defaultNamespace = "default"
	defaultHost      = "127.0.0.1"
	// internalHost is where the history, matching and worker services listen.
	internalHost = "127.0.0.1"
	// namespaceRetention is how long the histories of closed workflows are
	// kept in a namespace registered by Start.
	namespaceRetention = 72 * time.Hour
	// defaultStartTimeout bounds Start when its context has no deadline.
	defaultStartTimeout = 30 * time.Second
	// readyPollInterval is the pause between two readiness probes.
	readyPollInterval = 50 * time.Millisecond

	// clusterName is stored in the database (cluster metadata, namespace
	// replication config), so it must never change.
	clusterName = "active"
	// storeName names the one data store used for persistence and visibility.
	storeName = "sqlite-default"
	// archivalDisabled is the archival state for both histories and visibility.
	archivalDisabled = "disabled"
)

// Options configure the embedded server.
type Options struct {
	// DataDir holds the database, DataDir/temporal.db, which is created with
	// its schema on first start. Required unless Postgres is given (then
	// unused); the directory is created if missing.
	DataDir string
	// Postgres, when not nil, persists the server on PostgreSQL instead
	// of SQLite (see PostgresOptions).
	Postgres *PostgresOptions
	// Namespace is the namespace the server serves, registered (with a 72h
	// retention) on every start if the database does not have it yet.
	// Default "default".
	Namespace string
	// SearchAttributes are custom search attributes the namespace is
	// registered with when Start creates it. A namespace already in the
	// database keeps the ones it has; add more with the operator API.
	SearchAttributes map[string]enumspb.IndexedValueType
	// Host is the IP address the frontend listens on. Default "127.0.0.1".
	// The history, matching and worker services always listen on 127.0.0.1.
	Host string
	// Port is the frontend gRPC port; 0 picks a free one. The history,
	// matching and worker services always get free loopback ports, whatever
	// Port is: nothing outside the process dials them.
	Port int
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// LogLevel is the lowest level of the server's logs passed to Logger;
	// nil means slog.LevelWarn. The server is chatty at info level.
	LogLevel slog.Leveler
	// FrontendInterceptors run, in order, on every unary call to the
	// frontend, after the server's own (its authorizer among them). They
	// can stand for what a deployment puts in front of Temporal, such as
	// an API-key check; the readiness probe of Start calls the frontend
	// too, without credentials.
	FrontendInterceptors []grpc.UnaryServerInterceptor
	// HistoryCacheSize is how many workflows' mutable state the history
	// service keeps in memory; a workflow evicted from it is read again
	// from the database at its next task. 0 means DefaultHistoryCacheSize.
	HistoryCacheSize int
}

// DefaultHistoryCacheSize is the history service's mutable-state cache
// when Options.HistoryCacheSize is 0. The server's own default, 128,000
// entries, is sized for a history host of a cluster, and a daemon with
// that cache grows by every ticket it opens (issue 11, defect 11).
const DefaultHistoryCacheSize = 1000

// Server is a running embedded Temporal server.
type Server struct {
	srv       temporal.Server
	frontend  string
	namespace string
	// stopping quiets the server's logs once Stop begins; see serverLogger.
	stopping *atomic.Bool

	stopOnce sync.Once
	stopErr  error
}

// Start starts the server and returns once its frontend accepts connections
// and serves the namespace, checked with an SDK client. The deadline of ctx
// bounds the wait (30s if ctx has none); ctx does not outlive Start.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := start(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("start embedded temporal server: %w", err)
	}
	return s, nil
}

func start(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" && opts.Postgres == nil {
		return nil, errors.New("data directory is required")
	}
	if opts.Namespace == "" {
		opts.Namespace = defaultNamespace
	}
	if opts.Host == "" {
		opts.Host = defaultHost
	}
	hostIP := net.ParseIP(opts.Host)
	if hostIP == nil {
		return nil, fmt.Errorf("host %q is not an IP address", opts.Host)
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("port %d is out of range", opts.Port)
	}
	logger := serverLogger{log: opts.Logger, level: opts.LogLevel, stopping: new(atomic.Bool)}
	if logger.log == nil {
		logger.log = slog.New(slog.DiscardHandler)
	}
	if logger.level == nil {
		logger.level = slog.LevelWarn
	}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultStartTimeout)
		defer cancel()
	}

	register := func(sqlCfg *config.SQL) error {
		return registerNamespace(sqlCfg, opts.Namespace, opts.SearchAttributes)
	}
	var persist config.Persistence
	var err error
	if opts.Postgres != nil {
		persist, err = postgresPersistence(ctx, opts.Postgres, opts.Namespace, register)
	} else {
		persist, err = sqlitePersistence(opts.DataDir, opts.Namespace, register)
	}
	if err != nil {
		return nil, err
	}

	ports, err := pickPorts(opts.Host, opts.Port)
	if err != nil {
		return nil, err
	}
	// Clients dial the frontend on Host, or on loopback when Host is a
	// wildcard address such as 0.0.0.0.
	dialHost := opts.Host
	if hostIP.IsUnspecified() {
		dialHost = "127.0.0.1"
		if hostIP.To4() == nil {
			dialHost = "::1"
		}
	}
	frontend := net.JoinHostPort(dialHost, strconv.Itoa(ports.frontend))

	cfg := serverConfig(persist, opts.Host, frontend, ports)
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("create authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, logger)
	if err != nil {
		return nil, fmt.Errorf("create claim mapper: %w", err)
	}
	internal := func(port int) static.Hosts {
		return static.SingleLocalHost(net.JoinHostPort(internalHost, strconv.Itoa(port)))
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		// One node: every service finds the others at fixed addresses
		// instead of through a ringpop membership ring.
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: static.SingleLocalHost(frontend),
			primitives.HistoryService:  internal(ports.history),
			primitives.MatchingService: internal(ports.matching),
			primitives.WorkerService:   internal(ports.worker),
		}),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamicConfig(opts.HistoryCacheSize, opts.Postgres == nil)),
		temporal.WithChainedFrontendGrpcInterceptors(opts.FrontendInterceptors...),
	)
	if err != nil {
		return nil, fmt.Errorf("create server: %w", err)
	}
	s := &Server{srv: srv, frontend: frontend, namespace: opts.Namespace, stopping: logger.stopping}
	if err = srv.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("start services: %w", err), s.Stop())
	}
	if err = waitReady(ctx, frontend, opts.Namespace); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

// FrontendAddress is host:port of the frontend, for client.Dial.
func (s *Server) FrontendAddress() string { return s.frontend }

// Namespace is the namespace the server serves.
func (s *Server) Namespace() string { return s.namespace }

// Stop stops the server; safe to call twice. Later calls return the result of
// the first.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		if err := s.srv.Stop(); err != nil {
			s.stopErr = fmt.Errorf("stop embedded temporal server: %w", err)
		}
	})
	return s.stopErr
}

// sqlitePersistence creates the SQLite database in dataDir unless it
// exists, registers the namespace in it, and returns the store that keeps
// both persistence and visibility there.
func sqlitePersistence(dataDir, namespace string, register func(*config.SQL) error) (config.Persistence, error) {
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return config.Persistence{}, fmt.Errorf("resolve data directory %s: %w", dataDir, err)
	}
	if err = os.MkdirAll(dataDir, 0o700); err != nil {
		return config.Persistence{}, fmt.Errorf("create data directory: %w", err)
	}
	dbPath := filepath.Join(dataDir, databaseFile)
	if err = createDatabase(dbPath); err != nil {
		return config.Persistence{}, err
	}
	sqlCfg := sqlConfig(dbPath)
	// Write-ahead logging with synchronous=NORMAL syncs at checkpoints rather
	// than on every commit: a workflow with one activity takes tens of
	// milliseconds instead of about a second with the default rollback
	// journal. A commit survives a crash of the daemon; on power loss the
	// last commits before it may be lost, never the database.
	sqlCfg.ConnectAttributes["journal_mode"] = "wal"
	sqlCfg.ConnectAttributes["synchronous"] = "normal"
	if err = register(sqlCfg); err != nil {
		return config.Persistence{}, fmt.Errorf("register namespace %s in %s: %w", namespace, dbPath, err)
	}
	return config.Persistence{
		DefaultStore:     storeName,
		VisibilityStore:  storeName,
		NumHistoryShards: 1,
		DataStores:       map[string]config.DataStore{storeName: {SQL: sqlCfg}},
	}, nil
}

// sqlConfig is the SQLite store at path; the file is opened read-write.
func sqlConfig(path string) *config.SQL {
	return &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		DatabaseName:      path,
		ConnectAttributes: map[string]string{"mode": "rwc"},
	}
}

// createDatabase creates the database at path with the server's schema,
// unless the file exists. The schema is written to a temporary file in the
// same directory that is renamed into place only when complete, so an
// existing file always holds the whole schema and a start interrupted during
// setup is retried from scratch. The temporary file keeps the default
// rollback journal, so that everything is in the file when it is renamed.
//
// The SQLite plugin keeps every database it opened open for the life of the
// process; the temporary one (a name never used again) is no exception.
func createDatabase(path string) (err error) {
	switch _, statErr := os.Stat(path); {
	case statErr == nil:
		return nil
	case !errors.Is(statErr, fs.ErrNotExist):
		return fmt.Errorf("check database: %w", statErr)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("set up sqlite schema in %s: %w", path, err)
		}
	}()

	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".temporal-*.db")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	if err = tmp.Close(); err != nil {
		return errors.Join(err, os.Remove(tmpPath))
	}
	if err = sqliteschema.SetupSchema(sqlConfig(tmpPath)); err != nil {
		return errors.Join(err, os.Remove(tmpPath))
	}
	if err = os.Rename(tmpPath, path); err != nil {
		return errors.Join(err, os.Remove(tmpPath))
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// registerNamespace adds the namespace to the database, with its custom
// search attributes, unless it is there.
func registerNamespace(sqlCfg *config.SQL, name string, searchAttributes map[string]enumspb.IndexedValueType) error {
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, name, false, searchAttributes)
	if err != nil {
		return err
	}
	ns.Detail.Config.Retention = timestamp.DurationPtr(namespaceRetention)
	return sqliteschema.CreateNamespaces(sqlCfg, ns)
}

// servicePorts are the gRPC ports of the four services.
type servicePorts struct {
	frontend, history, matching, worker int
}

// pickPorts returns the frontend port (port, or a free one on host if port
// is 0) and three free loopback ports. All listeners are held until every
// port is picked, so the ports differ; another process can still take one
// before the server binds it, as with any free-port scheme.
func pickPorts(host string, port int) (servicePorts, error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	free := func(host string) (int, error) {
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return 0, fmt.Errorf("pick a free port on %s: %w", host, err)
		}
		listeners = append(listeners, l)
		return l.Addr().(*net.TCPAddr).Port, nil
	}

	var ports servicePorts
	var err error
	ports.frontend = port
	if port == 0 {
		if ports.frontend, err = free(host); err != nil {
			return ports, err
		}
	}
	for _, p := range []*int{&ports.history, &ports.matching, &ports.worker} {
		if *p, err = free(internalHost); err != nil {
			return ports, err
		}
	}
	return ports, nil
}

// serverConfig is a single-node configuration in the shape of the server's
// temporaltest and the CLI's dev server: the stores of persist (one SQLite
// store, or PostgreSQL's two), one local cluster, archival off. Metrics,
// pprof and the frontend's HTTP API are off (their ports are unset).
func serverConfig(persist config.Persistence, host, frontend string, ports servicePorts) *config.Config {
	rpc := func(bindIP string, port int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: port, BindOnIP: bindIP}}
	}
	cfg := &config.Config{
		Persistence: persist,
		ClusterMetadata: &cluster.Config{
			EnableGlobalNamespace:    false,
			FailoverVersionIncrement: 10,
			MasterClusterName:        clusterName,
			CurrentClusterName:       clusterName,
			ClusterInformation: map[string]cluster.ClusterInformation{
				clusterName: {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend},
			},
		},
		DCRedirectionPolicy: config.DCRedirectionPolicy{Policy: "noop"},
		Services: map[string]config.Service{
			string(primitives.FrontendService): rpc(host, ports.frontend),
			string(primitives.HistoryService):  rpc(internalHost, ports.history),
			string(primitives.MatchingService): rpc(internalHost, ports.matching),
			string(primitives.WorkerService):   rpc(internalHost, ports.worker),
		},
		// The history, matching and worker services reach the frontend here;
		// both temporaltest and the dev server set it.
		PublicClient: config.PublicClient{HostPort: frontend},
	}
	cfg.Archival.History.State = archivalDisabled
	cfg.Archival.Visibility.State = archivalDisabled
	cfg.NamespaceDefaults.Archival.History.State = archivalDisabled
	cfg.NamespaceDefaults.Archival.Visibility.State = archivalDisabled
	return cfg
}

// sqliteQueueWorkers is how many timer tasks (timers, workflow-task
// timeouts) the history service runs at once on SQLite, against 512 by
// default. The SQLite plugin has one connection: 512 timers firing
// together each queue for it, their writes pass their deadline while they
// wait, and each failure is retried, so a burst of 100,000 timers due at
// once recorded about one breach a second (BENCHMARKS.md "Open tickets at
// rest"). Eight keep the connection busy without that queue. The transfer
// and visibility queues keep their defaults: at eight, new tickets'
// first tasks ran at 14/s instead of 56/s.
const sqliteQueueWorkers = 8

// dynamicConfig holds the few settings that differ from the server's
// defaults, with a mutable-state cache of historyCacheSize workflows (0:
// DefaultHistoryCacheSize). Everything a single node needs is already the
// default in v1.32 (CHASM included); the visibility rate follows the CLI's
// dev server. With sqlite the timer queue runs sqliteQueueWorkers tasks at
// once.
func dynamicConfig(historyCacheSize int, sqlite bool) dynamicconfig.StaticClient {
	if historyCacheSize <= 0 {
		historyCacheSize = DefaultHistoryCacheSize
	}
	c := dynamicconfig.StaticClient{
		// The host-level mutable-state cache defaults to 128,000 entries,
		// sized for a history host in a cluster. Every entry holds a
		// workflow's mutable state until it is evicted, so the cache is
		// what grows with the tickets a daemon has opened.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key(): historyCacheSize,
		// Visibility calls (list and count workflows) default to 10 per
		// second per namespace, which reports and the CLI would hit.
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		// A timer due sooner than this after the history service last read
		// its timer queue fires this late: 1 s by default. Sped-up drills
		// (workflows/drill Input.Speed) wait milliseconds, and a second late
		// is an hour of drill time at speed 3600.
		dynamicconfig.TimerProcessorMaxTimeShift.Key(): 20 * time.Millisecond,
	}
	if sqlite {
		c[dynamicconfig.TimerProcessorSchedulerWorkerCount.Key()] = sqliteQueueWorkers
	}
	return c
}

// waitReady polls the frontend at addr with an SDK client until it answers a
// health check and describes the namespace, or ctx ends.
func waitReady(ctx context.Context, addr, namespace string) error {
	for {
		err := probe(ctx, addr, namespace)
		if err == nil {
			return nil
		}
		t := time.NewTimer(readyPollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("wait for frontend at %s: %w (last probe: %w)", addr, ctx.Err(), err)
		case <-t.C:
		}
	}
}

func probe(ctx context.Context, addr, namespace string) error {
	c, err := client.DialContext(ctx, client.Options{
		HostPort:  addr,
		Namespace: namespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err = c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return err
	}
	_, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
	return err
}
