// Command genhistory writes a generated month of ticket history for a
// configuration (internal/historygen) as gzip-compressed JSON Lines:
//
//	go run ./internal/historygen/cmd/genhistory --config examples/acme-shop \
//	  --month 2026-11 --seed 13 --output examples/acme-shop/history/2026-11.jsonl.gz
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/internal/historygen"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "genhistory:", err)
		os.Exit(1)
	}
}

// run parses args, generates the history and writes it.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("genhistory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("config", "examples/acme-shop", "configuration directory")
	month := fs.String("month", "2026-11", "month to generate, YYYY-MM in the center's time zone")
	seed := fs.Uint64("seed", 13, "seed of the generator")
	tickets := fs.Int("tickets", historygen.DefaultTickets, "about how many tickets")
	output := fs.String("output", "", "file to write (.jsonl.gz)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *output == "" {
		return errors.New("--output is required")
	}
	b, err := bundle.Open(ctx, *dir)
	if err != nil {
		return fmt.Errorf("load configuration: %w", err)
	}
	records, err := historygen.Generate(b.Snapshot.Config, historygen.Options{
		Month: *month, Seed: *seed, Tickets: *tickets, Calendars: b.Snapshot.Calendars,
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := historygen.WriteGzip(&buf, records); err != nil {
		return err
	}
	if err := os.WriteFile(*output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	fmt.Fprintf(stderr, "genhistory: %d tickets of %s to %s (%d bytes)\n", len(records), *month, *output, buf.Len())
	return nil
}
