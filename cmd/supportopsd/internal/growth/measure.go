package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/internal/testutil/pgtest"
)

// measurer runs the measurements of one invocation.
type measurer struct {
	o        options
	progress io.Writer
	// fresh are the start-to-ready times on new data directories.
	fresh []sample
	// cluster is the throwaway PostgreSQL cluster of -postgres; pg is
	// the current size's databases and Temporal server on them.
	cluster *pgtest.Cluster
	pg      *pgSize
}

// sample is a figure and the 1-minute load average when it was taken.
type sample struct {
	d    time.Duration
	load string
}

// atSize is what was measured with n tickets open.
type atSize struct {
	n                      int
	openTook               time.Duration
	recorded               time.Duration // from the first open to every opening recorded
	settled                time.Duration // from the first open to at rest
	baseTemporal, baseEvts int64         // the data directory with no ticket
	baseRestart            sample        // restart-to-ready with no ticket
	rss                    float64
	rssRestart             float64
	temporalDB, eventsDB   int64
	stop, restart          sample
	visibilityDB           int64 // PostgreSQL only: Temporal's visibility database
	baseVis                int64
	late                   lateness
	burstCPU               time.Duration // the daemon's CPU from the breaches' due time to the last recorded
	serverCPU              time.Duration // -postgres: this process's (the Temporal server's) CPU then
	rssBurst               float64       // RSS once every breach is recorded
	lateLoad, rssLoadAvg   string
	windowLate, restartCut bool
}

// logf prints a progress line with the time and the load.
func (m *measurer) logf(format string, args ...any) {
	fmt.Fprintf(m.progress, "%s load %s  %s\n", time.Now().UTC().Format("15:04:05"), loadAverage(), fmt.Sprintf(format, args...))
}

// all runs every measurement and prints the tables.
func (m *measurer) all(ctx context.Context, out io.Writer) error {
	work := m.o.work
	if work == "" {
		dir, err := os.MkdirTemp("", "growth-")
		if err != nil {
			return fmt.Errorf("make a work directory: %w", err)
		}
		work = dir
	}
	m.logf("work directory %s", work)
	templates, err := readTemplates(m.o.example)
	if err != nil {
		return err
	}
	if m.o.postgres {
		if m.cluster, err = pgtest.New(); err != nil {
			return fmt.Errorf("start a postgresql cluster: %w", err)
		}
		defer func() { _ = m.cluster.Stop() }()
		m.logf("postgresql cluster started")
	}
	var results []atSize
	for _, n := range m.o.sizes {
		r, err := m.atSize(ctx, filepath.Join(work, fmt.Sprintf("n%d", n)), n, templates)
		if err != nil {
			return fmt.Errorf("measure at %d tickets: %w", n, err)
		}
		results = append(results, r)
		printSizes(m.progress, results) // as it goes: a later size may not finish
	}
	var sus *sustained
	if m.o.sustain > 0 {
		s, err := m.sustained(ctx, filepath.Join(work, "sustained"), templates)
		if err != nil {
			return fmt.Errorf("sustained load: %w", err)
		}
		sus = &s
	}
	printSizes(out, results)
	printFresh(out, m.fresh)
	if sus != nil {
		printSustained(out, *sus, m.o.sustain, m.o.clients)
	}
	if !m.o.keep && m.o.work == "" {
		if err := os.RemoveAll(work); err != nil {
			return fmt.Errorf("remove the work directory: %w", err)
		}
	}
	return nil
}

// start starts the daemon on spec and counts a fresh start's time.
func (m *measurer) start(ctx context.Context, spec daemonSpec, fresh bool) (*daemonProc, sample, error) {
	p, took, err := startDaemon(ctx, spec)
	if err != nil {
		return nil, sample{}, err
	}
	s := sample{took, loadAverage()}
	if fresh {
		m.fresh = append(m.fresh, s)
	}
	m.logf("supportopsd ready in %s (pid %d, %s)", took.Round(time.Millisecond), p.cmd.Process.Pid, p.api)
	return p, s, nil
}

// atSize measures with n tickets open on a new data directory in dir.
func (m *measurer) atSize(ctx context.Context, dir string, n int, templates []apiv1.Ticket) (r atSize, err error) {
	r.n = n
	cfg, data := filepath.Join(dir, "config"), filepath.Join(dir, "data")
	if m.cluster != nil {
		if m.pg, err = startPostgres(ctx, m.cluster, n); err != nil {
			return r, err
		}
		defer func() {
			if serr := m.pg.server.Stop(); err == nil && serr != nil {
				err = fmt.Errorf("stop temporal on postgresql: %w", serr)
			}
			m.pg = nil
		}()
	}
	spec := daemonSpec{bin: m.o.bin, config: cfg, dataDir: data, args: m.daemonArgs(), log: filepath.Join(dir, "supportopsd.log")}
	if err = os.MkdirAll(data, 0o700); err != nil {
		return r, fmt.Errorf("make the data directory: %w", err)
	}
	// Opening, settling, the stop and the restart must fit before the
	// window opens.
	now := time.Now()
	expect := time.Duration(float64(n)/m.o.rate*float64(time.Second)) + m.o.margin
	opens := now.Add(expect).Truncate(time.Minute).Add(time.Minute)
	if err = timerConfig(m.o.example, cfg, now, opens); err != nil {
		return r, err
	}
	m.logf("n=%d: breach window opens at %s UTC, breaches due at +%s", n, opens.UTC().Format("15:04:05"), breachTarget)
	token, err := addToken(ctx, m.o.bin, data)
	if err != nil {
		return r, err
	}
	p, _, err := m.start(ctx, spec, true)
	if err != nil {
		return r, err
	}
	defer func() {
		if p != nil {
			_, _ = p.stop(context.Background())
		}
	}()
	// The baseline: the data directory and a restart with no ticket.
	if _, err = p.stop(ctx); err != nil {
		p = nil
		return r, err
	}
	if r.baseTemporal, r.baseVis, r.baseEvts, err = m.disk(ctx, data); err != nil {
		return r, err
	}
	if p, r.baseRestart, err = m.start(ctx, spec, false); err != nil {
		return r, err
	}
	m.logf("n=%d: no ticket: temporal %d B, visibility %d B, events %d B, restart-to-ready %s", n, r.baseTemporal, r.baseVis, r.baseEvts, r.baseRestart.d.Round(time.Millisecond))
	c := apiv1.New(p.api, token)
	src := &ticketSource{templates: templates, prefix: fmt.Sprintf("growth-%d-%d", n, now.Unix())}
	begin := time.Now()
	if r.openTook, err = openTickets(ctx, c, src, n, m.o.clients); err != nil {
		return r, err
	}
	m.logf("n=%d: the API took %d tickets in %s (%.1f/s)", n, n, r.openTook.Round(time.Millisecond), float64(n)/r.openTook.Seconds())
	store, err := openStore(ctx, m.eventsDSN(), data)
	if err != nil {
		return r, err
	}
	// The first workflow tasks run at 37–56 tickets/s on 2 cores: 100k
	// took 45 minutes.
	recordLimit := 30*time.Minute + time.Duration(n)*20*time.Millisecond
	got, err := waitEvents(ctx, store, event.Opened, n, recordLimit)
	if cerr := store.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the event store: %w", cerr)
	}
	if err != nil {
		return r, err
	}
	if got < n {
		return r, fmt.Errorf("only %d of %d tickets recorded their opening in %s", got, n, recordLimit)
	}
	r.recorded = time.Since(begin)
	if _, err = p.quiet(ctx, 0.10, 3*time.Minute); err != nil {
		return r, err
	}
	r.settled = time.Since(begin)
	m.logf("n=%d: every opening recorded %s after the first open (%.1f tickets/s through their first task), at rest after %s", n,
		r.recorded.Round(time.Millisecond), float64(n)/r.recorded.Seconds(), r.settled.Round(time.Second))
	if r.rss, r.rssLoadAvg, err = restingRSS(ctx, p); err != nil {
		return r, err
	}
	m.logf("n=%d: RSS at rest %.0f MB", n, r.rss)
	if time.Now().After(opens.Add(breachTarget)) {
		r.windowLate = true
	}
	stopTook, err := p.stop(ctx)
	p = nil
	if err != nil {
		return r, err
	}
	r.stop = sample{stopTook, loadAverage()}
	if r.temporalDB, r.visibilityDB, r.eventsDB, err = m.disk(ctx, data); err != nil {
		return r, err
	}
	m.logf("n=%d: stopped in %s; temporal %d B, visibility %d B (PostgreSQL only), events %d B", n, stopTook.Round(time.Millisecond), r.temporalDB, r.visibilityDB, r.eventsDB)
	if p, r.restart, err = m.start(ctx, spec, false); err != nil {
		return r, err
	}
	if time.Now().After(opens.Add(breachTarget)) {
		r.restartCut = true
	}
	if r.rssRestart, _, err = restingRSS(ctx, p); err != nil {
		return r, err
	}
	m.logf("n=%d: restart-to-ready %s, RSS at rest after it %.0f MB", n, r.restart.d.Round(time.Millisecond), r.rssRestart)
	if wait := time.Until(opens.Add(breachTarget)); wait > 0 {
		m.logf("n=%d: waiting %s for the breaches", n, wait.Round(time.Second))
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(wait):
		}
	}
	r.lateLoad = loadAverage()
	cpu0, err := p.cpu()
	if err != nil {
		return r, err
	}
	self0, err := processCPU("self")
	if err != nil {
		return r, err
	}
	if store, err = openStore(ctx, m.eventsDSN(), data); err != nil {
		return r, err
	}
	defer func() {
		if cerr := store.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close the event store: %w", cerr)
		}
	}()
	want := n
	if m.o.burstSample > 0 && m.o.burstSample < n {
		want = m.o.burstSample
		m.logf("n=%d: measuring the first %d breaches of the %d", n, want, n)
	}
	limit := 2*time.Minute + time.Duration(want)*100*time.Millisecond
	if got, err = waitEvents(ctx, store, event.SLABreached, want, limit); err != nil {
		return r, err
	}
	cpu1, err := p.cpu()
	if err != nil {
		return r, err
	}
	r.burstCPU = cpu1 - cpu0
	self1, err := processCPU("self")
	if err != nil {
		return r, err
	}
	if m.pg != nil {
		r.serverCPU = self1 - self0
	}
	if r.rssBurst, err = p.rssMB(); err != nil {
		return r, err
	}
	if r.late, err = breachLateness(ctx, store, opens); err != nil {
		return r, err
	}
	m.logf("n=%d: %d breaches (%d due together), lateness p50 %s p99 %s max %s, spread %s; daemon CPU %s (%.1f ms a breach), RSS then %.0f MB", n, r.late.breaches, r.late.together,
		r.late.p50.Round(time.Millisecond), r.late.p99.Round(time.Millisecond), r.late.max.Round(time.Millisecond), r.late.spread.Round(time.Millisecond),
		r.burstCPU.Round(time.Millisecond), perBreachMS(r), r.rssBurst)
	if got < want {
		return r, fmt.Errorf("only %d of %d tickets recorded their breach within %s of it being due", got, want, limit)
	}
	_, err = p.stop(ctx)
	p = nil
	if err != nil {
		return r, err
	}
	if !m.o.keep {
		err = errors.Join(os.RemoveAll(data), err)
	}
	return r, err
}

// restingRSS samples the RSS once a second for 10 s and returns the
// median, with the load average at the end.
func restingRSS(ctx context.Context, p *daemonProc) (float64, string, error) {
	var mbs []float64
	for range 10 {
		select {
		case <-ctx.Done():
			return 0, "", ctx.Err()
		case <-time.After(time.Second):
		}
		mb, err := p.rssMB()
		if err != nil {
			return 0, "", err
		}
		mbs = append(mbs, mb)
	}
	slices.Sort(mbs)
	return mbs[len(mbs)/2], loadAverage(), nil
}

// sustained runs the sustained load on the unchanged example.
func (m *measurer) sustained(ctx context.Context, dir string, templates []apiv1.Ticket) (sustained, error) {
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		return sustained{}, fmt.Errorf("make the data directory: %w", err)
	}
	token, err := addToken(ctx, m.o.bin, data)
	if err != nil {
		return sustained{}, err
	}
	spec := daemonSpec{bin: m.o.bin, config: m.o.example, dataDir: data, args: m.daemonArgs(), log: filepath.Join(dir, "supportopsd.log")}
	p, _, err := m.start(ctx, spec, true)
	if err != nil {
		return sustained{}, err
	}
	m.logf("sustained load for %s, %d clients", m.o.sustain, m.o.clients)
	c := apiv1.New(p.api, token)
	src := &ticketSource{templates: templates, prefix: fmt.Sprintf("sustain-%d", time.Now().Unix())}
	s, err := sustainLoad(ctx, p, c, src, m.o.clients, m.o.sustain)
	_, serr := p.stop(context.Background())
	if err != nil {
		return s, err
	}
	if serr != nil {
		return s, serr
	}
	m.logf("sustained: %d tickets, %d calls; RSS max %.0f MB", s.tickets, s.events, slices.Max(append([]float64{0}, s.rss...)))
	if !m.o.keep {
		if err := os.RemoveAll(data); err != nil {
			return s, fmt.Errorf("remove the data directory: %w", err)
		}
	}
	return s, nil
}

// daemonArgs are the flags every daemon of the run gets besides the
// basic ones.
func (m *measurer) daemonArgs() []string {
	args := slices.Clone(m.o.daemonArgs)
	if dsn := m.eventsDSN(); dsn != "" {
		args = append(args, "--events-dsn", dsn)
	}
	if m.pg != nil {
		args = append(args, "--temporal-address", m.pg.server.FrontendAddress())
	}
	return args
}

// eventsDSN is the PostgreSQL event store of the daemons now, "" for
// SQLite in the data directory.
func (m *measurer) eventsDSN() string {
	if m.pg != nil {
		return m.pg.events
	}
	return m.o.eventsDSN
}

// disk measures Temporal's database (and, on PostgreSQL, its visibility
// database) and the event store: the files in the data directory, or
// the PostgreSQL databases' sizes.
func (m *measurer) disk(ctx context.Context, data string) (temporal, visibility, events int64, err error) {
	if m.pg != nil {
		return m.pg.sizes(ctx)
	}
	if temporal, err = diskBytes(filepath.Join(data, "temporal"), ""); err != nil {
		return 0, 0, 0, err
	}
	if events, err = diskBytes(data, "events.db"); err != nil {
		return 0, 0, 0, err
	}
	return temporal, 0, events, nil
}

// printSizes prints the table of the sizes measured.
func printSizes(out io.Writer, rs []atSize) {
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| open tickets | temporal.db / ticket (total; above empty) | events.db / ticket (total) | RSS at rest | RSS at rest after restart | stop | restart-to-ready (with no ticket) | breach lateness p50 / p99 / max (spread) | load: RSS / restart / breaches |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		note := ""
		if r.windowLate || r.restartCut {
			note = " (the breaches came due before the at-rest and restart measures ended: -rate too high)"
		}
		if r.late.breaches < r.n {
			note += fmt.Sprintf(" (the first %d of the %d breaches, -burst-sample)", r.late.breaches, r.n)
		}
		if r.late.together < r.late.breaches {
			note += fmt.Sprintf(" (%d of %d due together)", r.late.together, r.late.breaches)
		}
		fmt.Fprintf(out, "| %d | %s (%s; %s) | %s (%s) | %.0f MB | %.0f MB | %s | %s (%s) | %s / %s / %s (%s)%s | %s / %s / %s |\n",
			r.n, perTicket(r.temporalDB, r.n), mib(r.temporalDB), perTicket(r.temporalDB-r.baseTemporal, r.n), perTicket(r.eventsDB, r.n), mib(r.eventsDB),
			r.rss, r.rssRestart, secs(r.stop.d), secs(r.restart.d), secs(r.baseRestart.d),
			secs(r.late.p50), secs(r.late.p99), secs(r.late.max), secs(r.late.spread), note,
			r.rssLoadAvg, r.restart.load, r.lateLoad)
	}
	if len(rs) > 1 {
		a, b := rs[0], rs[len(rs)-1]
		dn := float64(b.n - a.n)
		fmt.Fprintf(out, "\nMarginal, %d to %d tickets: temporal.db %.0f B/ticket, events.db %.0f B/ticket, RSS %.1f KB/ticket, restart-to-ready %.2f ms/ticket.\n",
			a.n, b.n, float64(b.temporalDB-a.temporalDB)/dn, float64(b.eventsDB-a.eventsDB)/dn, (b.rss-a.rss)*1024/dn,
			float64(b.restart.d-a.restart.d)/float64(time.Millisecond)/dn)
	}
	for _, r := range rs {
		if r.visibilityDB > 0 {
			fmt.Fprintf(out, "\n%d tickets: Temporal on PostgreSQL: its database %s a ticket (%s above empty), its visibility database %s a ticket (%s above empty), %s and %s in all.",
				r.n, perTicket(r.temporalDB, r.n), perTicket(r.temporalDB-r.baseTemporal, r.n), perTicket(r.visibilityDB, r.n), perTicket(r.visibilityDB-r.baseVis, r.n), mib(r.temporalDB), mib(r.visibilityDB))
		}
	}
	for _, r := range rs {
		fmt.Fprintf(out, "\n%d tickets: %d breaches recorded at %.1f a second; the daemon's CPU over them %s, %.1f ms a breach; RSS once all were recorded %.0f MB.",
			r.n, r.late.breaches, float64(r.late.breaches)/max(r.late.spread.Seconds(), 0.001), secs(r.burstCPU), perBreachMS(r), r.rssBurst)
		if r.serverCPU > 0 {
			fmt.Fprintf(out, " The Temporal server's (this process's) CPU then %s, %.1f ms a breach.", secs(r.serverCPU), float64(r.serverCPU)/float64(time.Millisecond)/float64(max(r.late.breaches, 1)))
		}
	}
	for _, r := range rs {
		fmt.Fprintf(out, "\n%d tickets: the API took them in %s (%.0f/s); every opening recorded after %s (%.1f/s).", r.n, secs(r.openTook),
			float64(r.n)/r.openTook.Seconds(), secs(r.recorded), float64(r.n)/r.recorded.Seconds())
	}
	fmt.Fprintln(out)
}

// perBreachMS is the daemon's CPU over the breaches, in milliseconds a
// breach.
func perBreachMS(r atSize) float64 {
	return float64(r.burstCPU) / float64(time.Millisecond) / float64(max(r.late.breaches, 1))
}

// printFresh prints the start-to-ready times on new data directories.
func printFresh(out io.Writer, fs []sample) {
	if len(fs) == 0 {
		return
	}
	var parts []string
	worst := time.Duration(0)
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s (load %s)", secs(f.d), f.load))
		worst = max(worst, f.d)
	}
	verdict := "met"
	if worst > 3*time.Second {
		verdict = "missed"
	}
	fmt.Fprintf(out, "\nStart to ready on a new data directory: %s; target ≤ 3 s %s.\n", strings.Join(parts, ", "), verdict)
}

// printSustained prints the sustained load's RSS.
func printSustained(out io.Writer, s sustained, d time.Duration, clients int) {
	if len(s.rss) == 0 {
		fmt.Fprintln(out, "\nSustained load: no RSS sample.")
		return
	}
	sorted := slices.Clone(s.rss)
	slices.Sort(sorted)
	peak := sorted[len(sorted)-1]
	verdict := "met"
	if peak > 400 {
		verdict = "missed"
	}
	fmt.Fprintf(out, "\nSustained load, %s with %d clients: %d tickets opened and worked (%d calls, %.1f tickets/s); RSS sampled %d times, first %.0f MB, median %.0f MB, last %.0f MB, peak %.0f MB (load %s to %s); target ≤ 400 MB %s.\n",
		d, clients, s.tickets, s.events, float64(s.tickets)/d.Seconds(), len(s.rss), s.rss[0], percentile(sorted, 0.5), s.rss[len(s.rss)-1], peak,
		s.loads[0], s.loads[len(s.loads)-1], verdict)
}

// perTicket is bytes ÷ n, in bytes or KB.
func perTicket(bytes int64, n int) string {
	per := float64(bytes) / float64(n)
	if per >= 10*1024 {
		return fmt.Sprintf("%.1f KB", per/1024)
	}
	return fmt.Sprintf("%.0f B", per)
}

// mib is bytes in MiB.
func mib(bytes int64) string { return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20)) }

// secs is d in seconds, to the millisecond.
func secs(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }
