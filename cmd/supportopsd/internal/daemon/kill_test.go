package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/eventstore"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// killTestTimeout bounds TestKillWorkerManyTickets, build included; it
// takes one to three minutes on a loaded 2-core machine.
const killTestTimeout = 10 * time.Minute

// TestKillWorkerManyTickets runs the supportopsd binary against a Temporal
// server of the test's own, opens 50 tickets through its API and answers
// each, then kills the process with SIGKILL while solve events are in
// flight, starts it again on the same data directory, and finishes every
// ticket. Every ticket ends closed with its own rating and its first reply
// in time, each event applied once, and the event store holds each entry
// of each ticket's history exactly once.
//
// The test's client does what any client must when a request dies with the
// process: a refused connection is sent again; a request whose outcome is
// unknown (the connection broke) is sent again only if the ticket's state
// shows it was not applied.
func TestKillWorkerManyTickets(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and kills it under 50 tickets")
	}
	ctx, cancel := context.WithTimeout(t.Context(), killTestTimeout)
	defer cancel()
	rig := newKillRig(ctx, t)
	bin, args, dataDir := rig.bin, rig.args, rig.dataDir
	c := rig.client(ctx, t, 2*time.Minute)
	first := rig.run(t, "first")

	// Open each ticket and answer it at once, eight at a time: every
	// first reply is due 30 or 60 seconds after its ticket opens.
	const n = 50
	names := []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"}
	ids := make([]string, n)
	tickets := make([]map[string]any, n)
	for i := range n {
		tickets[i] = readTicket(t, names[i%len(names)])
		tickets[i]["external_id"] = fmt.Sprintf("kill-%03d", i)
		delete(tickets[i], "id")
	}
	rating := func(i int) int { return 1 + i%5 }
	begin := time.Now()
	parallel(n, func(i int) {
		ids[i] = c.open(tickets[i])
		c.drive(ids[i], ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}, func(st state) bool {
			return st.count("reply") > 0
		})
	})
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("opened and answered %d tickets in %v", n, time.Since(begin).Round(time.Millisecond))

	// Solve every ticket; once ten are solved and solve events are in
	// flight, kill the process and start another.
	var second *process
	var restartErr error
	c.applied.Store(0)
	killed, solving := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(killed)
		for c.applied.Load() < 10 || c.inFlight.Load() < 2 {
			select {
			case <-ctx.Done():
				return
			case <-solving: // ended before the kill, which is a failure
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
		t.Logf("SIGKILL with %d solved and %d solve events in flight", c.applied.Load(), c.inFlight.Load())
		first.kill(t)
		second, restartErr = startProcess(t, bin, args, "second")
	}()
	begin = time.Now()
	parallel(n, func(i int) {
		c.drive(ids[i], ticketwf.Event{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved}, func(st state) bool {
			return st.Status == ticketwf.StatusSolved || st.Status == ticketwf.StatusClosed
		})
	})
	close(solving)
	<-killed
	if restartErr != nil {
		t.Fatal(restartErr)
	}
	if second == nil {
		t.Fatal("the process was not killed")
	}
	t.Logf("solved %d tickets across the kill in %v (%d requests broken by it)", n, time.Since(begin).Round(time.Millisecond), c.broken.Load())
	if c.broken.Load() == 0 {
		t.Error("no request broke with the process: none was in flight when it died")
	}

	begin = time.Now()
	parallel(n, func(i int) {
		c.drive(ids[i], ticketwf.Event{Kind: ticketwf.EventCSAT, Rating: rating(i)}, func(st state) bool {
			return st.Status == ticketwf.StatusClosed
		})
	})
	t.Logf("rated %d tickets in %v", n, time.Since(begin).Round(time.Millisecond))

	// Every ticket ended as driven, with each event once.
	finals := make([]state, n)
	for i, id := range ids {
		st := c.state(id)
		finals[i] = st
		if st.Status != ticketwf.StatusClosed || st.CSAT == nil || st.CSAT.Rating != rating(i) {
			t.Errorf("ticket %s: status %s, csat %+v; want closed, rated %d", id, st.Status, st.CSAT, rating(i))
		}
		firstReply := false
		for _, cl := range st.Clocks {
			if cl.Breached {
				t.Errorf("ticket %s: the %s clock breached", id, cl.Metric)
			}
			if cl.Metric == "first_reply" {
				firstReply = cl.State == ticketwf.ClockMet
			}
		}
		if !firstReply {
			t.Errorf("ticket %s: first reply clock not met: %+v", id, st.Clocks)
		}
		for _, typ := range []string{"opened", "routed", "sla_applied", "reply", "status", "solved", "csat", "closed"} {
			if got := st.count(typ); got != 1 {
				t.Errorf("ticket %s: %d %s entries, want 1 (history: %v)", id, got, typ, st.types())
			}
		}
		if got := st.count("sla_breached"); got != 0 {
			t.Errorf("ticket %s: %d breaches", id, got)
		}
		for j, e := range st.History {
			if e.Seq != j+1 {
				t.Errorf("ticket %s: history entry %d has seq %d", id, j, e.Seq)
			}
		}
	}

	// The event store holds each entry of each history once: read it
	// once the process has stopped.
	second.stop(t)
	events, err := eventstore.OpenSQLite(ctx, filepath.Join(dataDir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer events.Close()
	for i, id := range ids {
		var want []string
		for _, e := range finals[i].History {
			want = append(want, fmt.Sprintf("%s/%05d %s", id, e.Seq, e.Type))
		}
		stored, lerr := events.List(ctx, eventstore.Filter{Stream: id})
		if lerr != nil {
			t.Fatal(lerr)
		}
		var got []string
		for _, e := range stored {
			got = append(got, e.ID+" "+e.Type)
		}
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ticket %s: stored events (-history +store):\n%s", id, diff)
		}
	}
}

// killRig is what the kill tests run: the supportopsd binary, a Temporal
// server of the test's own for it, a data directory with an ops_admin
// token, and the arguments that start the binary on them.
type killRig struct {
	bin, dataDir, token, addr string
	args                      []string
}

// run starts the rig's daemon as the process name and waits until its
// API answers.
func (rig killRig) run(t *testing.T, name string) *process {
	t.Helper()
	p, err := startProcess(t, rig.bin, rig.args, name)
	if err != nil {
		t.Fatal(err)
	}
	waitHealthy(t, "http://"+rig.addr, p.exited)
	return p
}

// client is a client of the rig's daemon whose requests time out after
// timeout.
func (rig killRig) client(ctx context.Context, t *testing.T, timeout time.Duration) *procClient {
	return &procClient{t: t, ctx: ctx, base: "http://" + rig.addr, token: rig.token, http: &http.Client{Timeout: timeout}}
}

func newKillRig(ctx context.Context, t *testing.T) killRig {
	t.Helper()
	rig := newDaemonRig(ctx, t)
	var serverLog lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("temporal server log:\n%s", serverLog.String())
		}
	})
	srv, err := embedded.Start(ctx, embedded.Options{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(&serverLog, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if serr := srv.Stop(); serr != nil {
			t.Error(serr)
		}
	})
	rig.args = append(rig.args, "--temporal-address", srv.FrontendAddress())
	return rig
}

// newDaemonRig is a killRig whose daemon runs its embedded Temporal server,
// in its data directory: a kill takes the server down with it, as it does
// in a single-node deployment.
func newDaemonRig(ctx context.Context, t *testing.T) killRig {
	t.Helper()
	root := repoRoot(t)
	rig := killRig{bin: buildDaemon(ctx, t, root), dataDir: t.TempDir(), addr: freeAddr(t)}
	out, err := exec.CommandContext(ctx, rig.bin, "token", "add", "--data-dir", rig.dataDir, "--principal", "ops", "--roles", "ops_admin").CombinedOutput()
	if err != nil {
		t.Fatalf("token add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	rig.token = lines[len(lines)-1]
	rig.args = []string{
		"--config", filepath.Join(root, "examples", "acme-shop"), "--data-dir", rig.dataDir, "--http-addr", rig.addr,
		"--log-level", "warn",
	}
	return rig
}

// state is the part of a ticket's state the test reads.
type state struct {
	Status  string                `json:"status"`
	CSAT    *ticketwf.CSAT        `json:"csat"`
	Clocks  []ticketwf.ClockState `json:"clocks"`
	History []ticketwf.Entry      `json:"history"`
}

func (s state) count(typ string) int {
	n := 0
	for _, e := range s.History {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func (s state) types() []string {
	out := make([]string, len(s.History))
	for i, e := range s.History {
		out[i] = e.Type
	}
	return out
}

// procClient calls the API of a daemon process that may die and come back
// on the same address.
type procClient struct {
	t     *testing.T
	ctx   context.Context
	base  string
	token string
	http  *http.Client
	// inFlight counts the events sent and not answered yet; applied those
	// answered as applied; broken those whose connection broke.
	inFlight, applied, broken atomic.Int64
}

// driveTimeout bounds the driving of one ticket through one step, restarts
// included.
const driveTimeout = 4 * time.Minute

// errRetry is a transient answer: the request was not applied.
var errRetry = errors.New("retry")

// send makes one request. A refused connection (no process listening) and
// 5xx answers return errRetry; an error from a broken connection, whose
// outcome is unknown, is returned as it is.
func (c *procClient) send(method, path string, body any, out any) (int, error) {
	return c.sendKeyed(method, path, "", body, out)
}

// sendKeyed is send with an Idempotency-Key header, unless key is empty.
func (c *procClient) sendKeyed(method, path, key string, body any, out any) (int, error) {
	data, err := requestBody(body)
	if err != nil {
		return 0, err
	}
	resp, err := rawRequest(c.ctx, c.http, method, c.base+path, c.token, key, data)
	if errors.Is(err, syscall.ECONNREFUSED) {
		return 0, errRetry
	}
	if err != nil {
		return 0, err // also a process that died while answering
	}
	if resp.code >= 500 {
		return resp.code, fmt.Errorf("%w: %d %s", errRetry, resp.code, resp.body)
	}
	if out != nil && resp.code < 300 {
		if err = json.Unmarshal([]byte(resp.body), out); err != nil {
			return resp.code, fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	if resp.code >= 300 {
		return resp.code, fmt.Errorf("%s %s: %d %s", method, path, resp.code, resp.body)
	}
	return resp.code, nil
}

// pause waits before the next attempt, or fails the test past deadline.
func (c *procClient) pause(what string, deadline time.Time, attempt int, last error) bool {
	if time.Now().After(deadline) || c.ctx.Err() != nil {
		c.t.Errorf("%s: gave up after %d attempts: %v", what, attempt, last)
		return false
	}
	select {
	case <-c.ctx.Done():
	case <-time.After(time.Duration(min(attempt+1, 10)) * 100 * time.Millisecond):
	}
	return true
}

// open opens a ticket, which is idempotent by its external id, and returns
// its id.
func (c *procClient) open(tk map[string]any) string {
	deadline := time.Now().Add(driveTimeout)
	for attempt := 0; ; attempt++ {
		var out struct {
			ID string `json:"id"`
		}
		code, err := c.send("POST", "/v1/tickets", tk, &out)
		if err == nil && out.ID != "" {
			return out.ID
		}
		if err == nil || code >= 300 && code < 500 {
			c.t.Errorf("open %v: %d %v", tk["external_id"], code, err)
			return ""
		}
		if !c.pause(fmt.Sprintf("open %v", tk["external_id"]), deadline, attempt, err) {
			return ""
		}
	}
}

// state reads the state of ticket id, trying again through restarts.
func (c *procClient) state(id string) state {
	deadline := time.Now().Add(driveTimeout)
	for attempt := 0; ; attempt++ {
		var st state
		code, err := c.send("GET", "/v1/tickets/"+id, nil, &st)
		if err == nil {
			return st
		}
		if code >= 300 && code < 500 {
			c.t.Errorf("state of %s: %v", id, err)
			return st
		}
		if !c.pause("state of "+id, deadline, attempt, err) {
			return st
		}
	}
}

// drive sends ev to ticket id until done holds for its state. Before each
// attempt it reads the state, so an event whose answer was lost with the
// process is not applied twice.
func (c *procClient) drive(id string, ev ticketwf.Event, done func(state) bool) {
	if id == "" {
		return
	}
	deadline := time.Now().Add(driveTimeout)
	for attempt := 0; ; attempt++ {
		if done(c.state(id)) || c.t.Failed() {
			return
		}
		var st state
		c.inFlight.Add(1)
		code, err := c.send("POST", "/v1/tickets/"+id+"/events", ev, &st)
		c.inFlight.Add(-1)
		switch {
		case err == nil && done(st):
			c.applied.Add(1)
			return
		case err == nil:
			c.t.Errorf("ticket %s, %s: applied, but the state is %s", id, ev.Kind, st.Status)
			return
		case code >= 300 && code < 500:
			c.t.Errorf("ticket %s, %s: %v", id, ev.Kind, err)
			return
		case !errors.Is(err, errRetry):
			c.broken.Add(1)
		}
		if !c.pause(fmt.Sprintf("ticket %s, %s", id, ev.Kind), deadline, attempt, err) {
			return
		}
	}
}

// parallel calls f for 0..n-1, eight at a time.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			f(i)
		})
	}
	wg.Wait()
}

// process is a supportopsd process.
type process struct {
	cmd    *exec.Cmd
	log    string
	exited chan int
	code   int
}

// startProcess runs bin with args; its output goes to a file shown if the
// test fails. The test's end kills it if it still runs. It may be called
// from any goroutine.
func startProcess(t *testing.T, bin string, args []string, name string) (*process, error) {
	p := &process{log: filepath.Join(t.TempDir(), name+".log"), exited: make(chan int, 1)}
	f, err := os.Create(p.log)
	if err != nil {
		return nil, err
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	// Settings come from the arguments only.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SUPPORTOPS_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	if err = p.cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start the %s process: %w", name, err)
	}
	exitedDone := make(chan struct{})
	go func() {
		defer close(exitedDone)
		_ = p.cmd.Wait()
		f.Close()
		p.exited <- p.cmd.ProcessState.ExitCode()
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill() // an error says it is gone already
		<-exitedDone
		if t.Failed() {
			data, _ := os.ReadFile(p.log)
			t.Logf("%s process output:\n%s", name, lastLines(data, 60))
		}
	})
	return p, nil
}

// kill kills the process with SIGKILL and waits until it is gone.
func (p *process) kill(t *testing.T) {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("kill: %v", err)
	}
	select {
	case p.code = <-p.exited:
	case <-time.After(time.Minute):
		t.Error("the killed process did not end within a minute")
	}
}

// stop stops the process with SIGINT, as Ctrl-C does, and checks that it
// exits with code 0.
func (p *process) stop(t *testing.T) {
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("interrupt: %v", err)
	}
	select {
	case p.code = <-p.exited:
		if p.code != exitOK {
			t.Errorf("the stopped process exited with code %d, want 0", p.code)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the process did not stop within two minutes of SIGINT")
	}
}

// lastLines is the last n lines of data.
func lastLines(data []byte, n int) string {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// repoRoot is the module's root: the nearest directory up from the test's
// that has the go.mod of github.com/supportops/supportops.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, rerr := os.ReadFile(filepath.Join(dir, "go.mod"))
		if rerr == nil && strings.HasPrefix(string(data), "module github.com/supportops/supportops\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod of github.com/supportops/supportops above the test's directory")
		}
		dir = parent
	}
}

// daemonBinary is supportopsd built once for the tests of this binary
// that run it as a process; TestMain removes its directory.
var daemonBinary struct {
	once      sync.Once
	dir, path string
	err       error
}

// buildDaemon builds supportopsd once per test binary, into a temporary
// directory, and returns its path.
func buildDaemon(ctx context.Context, t *testing.T, root string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command to build supportopsd with")
	}
	daemonBinary.once.Do(func() {
		if daemonBinary.dir, daemonBinary.err = os.MkdirTemp("", "supportopsd-test-"); daemonBinary.err != nil {
			return
		}
		bin := filepath.Join(daemonBinary.dir, "supportopsd")
		begin := time.Now()
		cmd := exec.CommandContext(ctx, gobin, "build", "-o", bin, "./cmd/supportopsd")
		cmd.Dir = root
		if out, berr := cmd.CombinedOutput(); berr != nil {
			daemonBinary.err = fmt.Errorf("go build: %v\n%s", berr, out)
			return
		}
		daemonBinary.path = bin
		t.Logf("built supportopsd in %v", time.Since(begin).Round(time.Millisecond))
	})
	if daemonBinary.err != nil {
		t.Fatal(daemonBinary.err)
	}
	return daemonBinary.path
}
