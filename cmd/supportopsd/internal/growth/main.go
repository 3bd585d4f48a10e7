// Command growth measures how supportopsd's cost grows with the tickets it
// holds open (issue #16): for each N it runs the real supportopsd binary,
// with its embedded Temporal server, on a new data directory and
//
//   - opens N tickets through the HTTP API (apiv1.Client, -clients at a
//     time) and waits until every workflow has recorded its opening and
//     the daemon's CPU is quiet: the tickets are at rest;
//   - samples the daemon's RSS at rest (median of 10 one-second samples);
//   - stops it with SIGTERM, measures the data directory (Temporal's
//     SQLite database and the event store, per ticket), starts it again on
//     the same directory and times it to GET /readyz 200
//     (restart-to-ready), then samples the RSS again (at rest, cold);
//   - waits for the tickets' first-reply breaches, which all come due at
//     one instant: the configuration is the example's with one more SLA
//     policy ahead of the others, a 10 s first-reply target on a calendar
//     that opens at a whole minute after the tickets are expected to be
//     open (-rate); lateness is when each workflow recorded its
//     sla_breached event against when it was due, p50, p99 and max.
//
// -postgres persists Temporal on a throwaway PostgreSQL cluster instead,
// with the event store there too. The server then runs in this process
// (supportopsd has no setting that runs its embedded server on
// PostgreSQL), so the RSS and restart-to-ready are the daemon's without
// the server, and the disk is the databases' pg_database_size.
//
// -split reads a kept run's histories to tell the server's timer queue's
// part of the lateness from the workflow task's (see measurer.split).
//
// With -sustain it also runs the unchanged example on a new data directory
// under a sustained load (tickets opened and worked, -clients at a time:
// an agent's reply, pending_customer, the customer's reply, every other
// ticket solved and closed) and samples the RSS every second. Every fresh
// start is timed to ready too (start-to-ready). The results are printed as
// Markdown tables on stdout, progress on stderr, each figure with the
// 1-minute load average beside it.
//
//	go run ./cmd/supportopsd/internal/growth -bin bin/supportopsd -n 1000,10000 -sustain 90s
//
// make growth N=1000,10000 builds the binary and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	bin, example, work, eventsDSN string
	daemonArgs                    []string
	sizes                         []int
	clients                       int
	rate                          float64
	margin                        time.Duration
	sustain                       time.Duration
	keep                          bool
	// burstSample, when between 0 and N, waits for only that many of the
	// N breaches: their lateness and rate at N open tickets, when the
	// whole burst would take too long.
	burstSample int
	// postgres runs Temporal on PostgreSQL and the event store there too.
	postgres bool
	// split lists kept runs (-keep) whose breach lateness to split (see
	// measurer.split) instead of measuring.
	split []string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, measures and prints; it returns the exit code: 0 done,
// 1 a measurement failed, 2 usage.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "growth:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &measurer{o: o, progress: stderr}
	for _, dir := range o.split {
		if err := m.split(ctx, dir, stdout); err != nil {
			fmt.Fprintln(stderr, "growth:", err)
			return 1
		}
	}
	if len(o.split) > 0 {
		return 0
	}
	if err := m.all(ctx, stdout); err != nil {
		fmt.Fprintln(stderr, "growth:", err)
		return 1
	}
	return 0
}

// parseFlags reads the flags into options.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("growth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "1000", "comma-separated numbers of open tickets to measure at")
	daemonArgs := fs.String("daemon-args", "", "more supportopsd flags, space-separated (e.g. --history-cache-size 2000)")
	fs.StringVar(&o.bin, "bin", "bin/supportopsd", "the supportopsd binary")
	fs.StringVar(&o.example, "example", "examples/acme-shop", "the configuration the tickets run under (its tickets/*.json are the templates)")
	fs.StringVar(&o.work, "work", "", "directory for the data directories and logs (default: a new temporary directory)")
	fs.StringVar(&o.eventsDSN, "events-dsn", "", "PostgreSQL event store for the daemon (--events-dsn); one database per size is not made, so give an empty one")
	fs.IntVar(&o.clients, "clients", 16, "concurrent API clients")
	fs.Float64Var(&o.rate, "rate", 25, "tickets a second the daemon is expected to open; sets when the breach window opens")
	fs.DurationVar(&o.margin, "margin", 90*time.Second, "time beyond N/-rate for the tickets to settle, the stop and the restart before the breach window opens")
	fs.DurationVar(&o.sustain, "sustain", 0, "run the sustained load for this long (0: not)")
	fs.BoolVar(&o.keep, "keep", false, "keep the data directories")
	fs.IntVar(&o.burstSample, "burst-sample", 0, "wait for only this many of the N breaches (the first to be recorded) and measure their lateness and rate (0: all N)")
	fs.BoolVar(&o.postgres, "postgres", false, "persist Temporal on PostgreSQL (a throwaway cluster, initdb/pg_ctl as internal/testutil/pgtest; the server runs in this process, as supportopsd has no setting for it, and the daemon uses it through --temporal-address) and keep the events there (--events-dsn); disk is then pg_database_size")
	split := fs.String("split", "", "comma-separated directories of kept runs (WORK/nN): split their breach lateness into the timer queue's part and the task's, from the histories, instead of measuring")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, s := range strings.Split(*sizes, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.clients < 1 || o.rate <= 0 {
		return o, fmt.Errorf("-clients and -rate must be positive")
	}
	if o.burstSample < 0 {
		return o, fmt.Errorf("-burst-sample must not be negative")
	}
	o.daemonArgs = strings.Fields(*daemonArgs)
	for _, d := range strings.Split(*split, ",") {
		if d = strings.TrimSpace(d); d != "" {
			o.split = append(o.split, d)
		}
	}
	return o, nil
}
