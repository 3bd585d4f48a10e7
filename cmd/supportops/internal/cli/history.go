package cli

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/history"
)

// This file holds history: the ticket history of a running supportopsd.

// historyName names the daemon's answer in errors, as JSON Lines.
const historyName = "supportopsd.jsonl"

// gzipSuffix ends the name of a gzip-compressed history file.
const gzipSuffix = ".gz"

func newHistoryCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Export the ticket history of a running supportopsd",
		Long: `history reads the ticket history that supportopsd folds from its event store:
one record per ticket (#TicketRecord), drill tickets marked.`,
	}
	cmd.AddCommand(newHistoryExportCmd(a))
	return cmd
}

// historyExportOptions are the settings of history export.
type historyExportOptions struct {
	Server string `mapstructure:"server"`
	Token  string `mapstructure:"token"`
	Since  string `mapstructure:"since"`
	Until  string `mapstructure:"until"`
	Output string `mapstructure:"output"`
}

func newHistoryExportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export --output FILE.jsonl",
		Short: "Write the records of the tickets created in a range to a JSON Lines file",
		Long: `export asks supportopsd (GET /v1/history) for the records of the tickets
created in [--since, --until) (RFC 3339 times; either may be left out) and
writes them to --output as JSON Lines, one record a line, oldest first; a
name ending in .gz is written gzip-compressed. Every history reader
(supportops kpi --history, incentives) takes the file as it is.

Exit codes: 0 written, 1 the daemon refused (unauthorised, a bad range),
2 usage or internal error.`,
		Example: `  supportops history export --since 2026-11-01T00:00:00+01:00 --until 2026-12-01T00:00:00+01:00 --output november.jsonl
  supportops history export --output all.jsonl.gz`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o historyExportOptions) error {
			if o.Output == "" {
				return usagef("--output FILE.jsonl is required")
			}
			for _, b := range []struct{ name, v string }{{"since", o.Since}, {"until", o.Until}} {
				if _, err := time.Parse(time.RFC3339, b.v); b.v != "" && err != nil {
					return usagef("--%s: %q is not an RFC 3339 time (2026-11-01T00:00:00Z)", b.name, b.v)
				}
			}
			srv := serverOptions{Server: o.Server, Token: o.Token}
			body, err := srv.client().History(cmd.Context(), apiv1.HistoryQuery{Since: o.Since, Until: o.Until})
			if err != nil {
				return daemonError(err)
			}
			records, err := history.Read(historyName, bytes.NewReader(body))
			if err != nil {
				return fmt.Errorf("read the history supportopsd sent: %w", err)
			}
			if err = writeHistory(o.Output, records); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d ticket records to %s\n", len(records), o.Output)
			return nil
		}),
	}
	cmd.Flags().String("server", "http://127.0.0.1:8420", "URL of supportopsd")
	cmd.Flags().String("token", "", "API token (supportopsd token add); better set as SUPPORTOPS_TOKEN")
	cmd.Flags().String("since", "", "first creation time, RFC 3339 (inclusive)")
	cmd.Flags().String("until", "", "last creation time, RFC 3339 (exclusive)")
	cmd.Flags().String("output", "", "file to write, JSON Lines; gzip-compressed when it ends in .gz")
	return cmd
}

// writeHistory writes records to the file name (engine/history.Write),
// gzip-compressed when name ends in .gz.
func writeHistory(name string, records []history.Record) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write history %s: %w", name, cerr)
		}
	}()
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(name, gzipSuffix) {
		zw = gzip.NewWriter(f)
		w = zw
	}
	if err = history.Write(w, records); err != nil {
		return fmt.Errorf("write history %s: %w", name, err)
	}
	if zw != nil {
		if err = zw.Close(); err != nil {
			return fmt.Errorf("write history %s: %w", name, err)
		}
	}
	return nil
}
