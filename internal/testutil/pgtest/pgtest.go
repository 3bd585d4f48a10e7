// Package pgtest starts throwaway PostgreSQL clusters for tests: initdb
// into a temporary directory, the server on a free loopback port, stopped
// and removed when the test ends.
//
// Start and StartCluster give a test a cluster of its own, stopped when
// the test ends: a test has no hook at the end of its binary, and a
// cluster that outlived its test would leak a server. One costs about a
// second (initdb without sync, fsync off), so a package with many such
// tests shares one cluster per test binary instead (New, stopped by its
// TestMain) and gives each test its own database (Cluster.NewDatabase,
// milliseconds).
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// NotFound is the message of a test that finds no PostgreSQL: the tests
// that need it fail rather than skip, so that CI never passes without them.
const NotFound = "PostgreSQL not found: apt-get install postgresql (initdb and pg_ctl from /usr/lib/postgresql/15/bin)"

// unprivilegedUser runs the server when the tests run as root, which
// initdb and postgres refuse.
const unprivilegedUser = "nobody"

// superuser is the cluster's superuser role, which every DSN connects as.
const superuser = "postgres"

// startAttempts bounds the retries of a start that lost its free port to
// another process between choosing it and binding it.
const startAttempts = 3

// commandTimeout bounds initdb and pg_ctl.
const commandTimeout = 60 * time.Second

// Cluster is a running throwaway PostgreSQL cluster.
type Cluster struct {
	bin  string // the directory of initdb, pg_ctl and postgres
	dir  string // the temporary directory: data, socket and log
	port int
	cred *syscall.Credential // nil: run as the current user

	mu        sync.Mutex
	databases int
}

// Start starts a cluster for t and returns the DSN of a new database in
// it. The cluster is stopped and removed when t ends.
func Start(t testing.TB) string {
	t.Helper()
	return StartCluster(t).NewDatabase(t)
}

// StartCluster starts a cluster for t, stopped (pg_ctl stop -m immediate)
// and removed when t ends. A machine without PostgreSQL fails the test
// with NotFound.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// New starts a cluster that belongs to no test, for a package whose tests
// share one (started lazily, stopped by its TestMain): the caller stops
// it with Stop. Without PostgreSQL on the machine, the error says
// NotFound.
func New() (c *Cluster, err error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	c = &Cluster{bin: bin}
	if os.Geteuid() == 0 {
		if c.cred, err = credential(unprivilegedUser); err != nil {
			return nil, fmt.Errorf("start postgres as root: %w", err)
		}
	}
	// Not t.TempDir: its parents are private to root, and the server
	// may run as another user.
	if c.dir, err = os.MkdirTemp("", "pgtest-"); err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(c.dir)
		}
	}()
	if c.cred != nil {
		if err = os.Chown(c.dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return nil, fmt.Errorf("give the cluster directory to %s: %w", unprivilegedUser, err)
		}
	}
	if err = c.run("initdb", "--no-sync", "-A", "trust", "-U", superuser, "-E", "UTF8", "--locale=C", "-D", c.data()); err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		if c.port, err = freePort(); err != nil {
			return nil, fmt.Errorf("choose a port: %w", err)
		}
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off", c.port, c.dir)
		if err = c.run("pg_ctl", "start", "-w", "-t", "60", "-D", c.data(), "-l", c.log(), "-o", opts); err == nil {
			return c, nil
		}
		if attempt == startAttempts {
			return nil, fmt.Errorf("%w\nserver log:\n%s", err, c.serverLog())
		}
	}
}

// Stop stops the cluster at once (pg_ctl stop -m immediate) and removes
// its directory.
func (c *Cluster) Stop() error {
	var errs []error
	if err := c.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", c.data()); err != nil {
		errs = append(errs, fmt.Errorf("%w\nserver log:\n%s", err, c.serverLog()))
	}
	if err := os.RemoveAll(c.dir); err != nil {
		errs = append(errs, fmt.Errorf("remove cluster directory: %w", err))
	}
	return errors.Join(errs...)
}

// DSN returns the connection string of database db of the cluster.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, c.port, db)
}

// NewDatabase creates a new, empty database in the cluster and returns
// its DSN.
func (c *Cluster) NewDatabase(t testing.TB) string {
	t.Helper()
	c.mu.Lock()
	c.databases++
	name := fmt.Sprintf("test%d", c.databases)
	c.mu.Unlock()
	if err := c.Exec(context.Background(), "postgres", "CREATE DATABASE "+name+" STRATEGY = FILE_COPY"); err != nil {
		t.Fatal(err)
	}
	return c.DSN(name)
}

// Exec runs statement in database db as the superuser, on a connection
// of its own.
func (c *Cluster) Exec(ctx context.Context, db, statement string) error {
	conn, err := sql.Open("pgx", c.DSN(db))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", db, err)
	}
	defer conn.Close()
	if _, err = conn.ExecContext(ctx, statement); err != nil {
		return fmt.Errorf("run %q in %s: %w", statement, db, err)
	}
	return nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }
func (c *Cluster) log() string  { return filepath.Join(c.dir, "server.log") }

// serverLog returns the server's log, for a failure message.
func (c *Cluster) serverLog() string {
	b, err := os.ReadFile(c.log())
	if err != nil {
		return fmt.Sprintf("(read %s: %v)", c.log(), err)
	}
	return string(b)
}

// run runs one of the PostgreSQL programs as the cluster's user.
func (c *Cluster) run(program string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, program), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	// The server pg_ctl starts writes to its log, not to our pipe; should
	// it hold the pipe anyway, do not wait for it.
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", program, strings.Join(args, " "), err, out)
	}
	return nil
}

// installedBins is where Debian's postgresql packages put the programs.
const installedBins = "/usr/lib/postgresql/*/bin"

// findBin returns the directory holding initdb, pg_ctl and postgres: the
// one of initdb on PATH, else the newest /usr/lib/postgresql/*/bin.
func findBin() (string, error) { return findBinIn(exec.LookPath, installedBins) }

// findBinIn is findBin with the PATH look-up and the installed
// directories' pattern given.
func findBinIn(lookPath func(string) (string, error), installedPattern string) (string, error) {
	var dirs []string
	if p, err := lookPath("initdb"); err == nil {
		if real, rerr := filepath.EvalSymlinks(p); rerr == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	installed, _ := filepath.Glob(installedPattern)
	slices.SortFunc(installed, func(a, b string) int { return version(b) - version(a) })
	dirs = append(dirs, installed...)
	for _, dir := range dirs {
		if complete(dir) {
			return dir, nil
		}
	}
	return "", errors.New(NotFound)
}

// version returns the major version in /usr/lib/postgresql/<v>/bin.
func version(bin string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return v
}

// complete reports whether dir holds every program a cluster needs.
func complete(dir string) bool {
	for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, p)); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// credential returns the identity of the named user, with no
// supplementary groups.
func credential(name string) (*syscall.Credential, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("look up user %s: %w", name, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("uid of %s: %w", name, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("gid of %s: %w", name, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// freePort returns a TCP port free on 127.0.0.1 a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("listen: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
