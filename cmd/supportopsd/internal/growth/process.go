package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// daemonSpec is how to run supportopsd for one measurement.
type daemonSpec struct {
	bin     string
	config  string
	dataDir string
	// args are more flags (e.g. --events-dsn).
	args []string
	// log is the file the daemon's output is appended to.
	log string
}

// daemonProc is a running supportopsd.
type daemonProc struct {
	cmd     *exec.Cmd
	api     string
	started time.Time
	exited  chan error
}

// freeAddr returns a loopback host:port nobody listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	return addr, nil
}

// addToken makes an ops_admin token in the data directory's token store.
func addToken(ctx context.Context, bin, dataDir string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "token", "add", "--data-dir", dataDir, "--principal", "growth", "--roles", "ops_admin").Output()
	if err != nil {
		return "", fmt.Errorf("add a token to %s: %w", dataDir, err)
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	if len(lines) == 0 {
		return "", fmt.Errorf("add a token to %s: supportopsd printed none", dataDir)
	}
	return lines[len(lines)-1], nil
}

// startDaemon starts supportopsd as spec says and returns once it is ready
// (GET /readyz 200), with the time from the process's start to then.
func startDaemon(ctx context.Context, spec daemonSpec) (*daemonProc, time.Duration, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, 0, err
	}
	logf, err := os.OpenFile(spec.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, 0, fmt.Errorf("open the daemon's log: %w", err)
	}
	defer func() { _ = logf.Close() }()
	args := append([]string{"--config", spec.config, "--data-dir", spec.dataDir, "--http-addr", addr, "--log-level", "warn"}, spec.args...)
	cmd := exec.Command(spec.bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	p := &daemonProc{cmd: cmd, api: "http://" + addr, exited: make(chan error, 1)}
	p.started = time.Now()
	if err = cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", spec.bin, err)
	}
	go func() { p.exited <- cmd.Wait() }()
	ready, err := p.waitReady(ctx, 5*time.Minute)
	if err != nil {
		_, _ = p.stop(context.Background())
		return nil, 0, fmt.Errorf("start supportopsd on %s (log %s): %w", spec.dataDir, spec.log, err)
	}
	return p, ready.Sub(p.started), nil
}

// waitReady polls GET /readyz every 20 ms until it answers 200 and returns
// when it did.
func (p *daemonProc) waitReady(ctx context.Context, limit time.Duration) (time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	hc := &http.Client{Timeout: 3 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.api+"/readyz", nil)
		if err != nil {
			return time.Time{}, fmt.Errorf("ask /readyz: %w", err)
		}
		if resp, err := hc.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Now(), nil
			}
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			return time.Time{}, fmt.Errorf("supportopsd exited before it was ready: %v", err)
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("wait for /readyz: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and waits for the process to exit; it returns how long
// that took.
func (p *daemonProc) stop(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return 0, fmt.Errorf("send SIGTERM to supportopsd: %w", err)
	}
	select {
	case err := <-p.exited:
		p.exited <- err
		if err != nil {
			return time.Since(start), fmt.Errorf("stop supportopsd: %w", err)
		}
		return time.Since(start), nil
	case <-ctx.Done():
		_ = p.cmd.Process.Kill()
		return time.Since(start), fmt.Errorf("stop supportopsd: %w", ctx.Err())
	}
}

// rssMB is the process's resident set (VmRSS) in MB.
func (p *daemonProc) rssMB() (float64, error) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(p.cmd.Process.Pid), "status"))
	if err != nil {
		return 0, fmt.Errorf("read the daemon's RSS: %w", err)
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0, fmt.Errorf("read the daemon's RSS: %w", err)
			}
			return kb / 1024, nil
		}
	}
	return 0, fmt.Errorf("read the daemon's RSS: no VmRSS in /proc/%d/status", p.cmd.Process.Pid)
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/PID/stat's CPU
// times (100 on every Linux this runs on).
const clockTicks = 100

// cpu is the CPU time the process has used so far (user and system).
func (p *daemonProc) cpu() (time.Duration, error) {
	return processCPU(strconv.Itoa(p.cmd.Process.Pid))
}

// processCPU is the CPU time (user and system) process pid ("self" for
// this one) has used so far.
func processCPU(pid string) (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return 0, fmt.Errorf("read the daemon's CPU time: %w", err)
	}
	// The command name may hold spaces; fields count from after it.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, errors.New("read the daemon's CPU time: short /proc stat line")
	}
	var ticks int64
	for _, f := range fields[11:13] { // utime, stime (fields 14 and 15)
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("read the daemon's CPU time: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// quiet waits until the process used less than share of one core over a
// window of 5 s (at most limit) and says whether it did.
func (p *daemonProc) quiet(ctx context.Context, share float64, limit time.Duration) (bool, error) {
	const window = 5 * time.Second
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		before, err := p.cpu()
		if err != nil {
			return false, err
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(window):
		}
		after, err := p.cpu()
		if err != nil {
			return false, err
		}
		if float64(after-before) < share*float64(window) {
			return true, nil
		}
	}
	return false, nil
}

// loadAverage is the first field of /proc/loadavg, the 1-minute load.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// diskBytes sums the sizes of the files under dir whose names start with
// prefix ("" for all), walking subdirectories.
func diskBytes(dir, prefix string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasPrefix(d.Name(), prefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("measure %s: %w", dir, err)
	}
	return total, nil
}
