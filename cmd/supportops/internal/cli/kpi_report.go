package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/scorecard"
)

// The formats of kpi report.
const (
	reportHTML     = "html"
	reportMarkdown = "md"
)

// kpiReportOptions are the settings of kpi report.
type kpiReportOptions struct {
	Config  string `mapstructure:"config"`
	History string `mapstructure:"history"`
	Period  string `mapstructure:"period"`
	Format  string `mapstructure:"format"`
	Out     string `mapstructure:"out"`
}

func newKPIReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render a period's scorecard from a ticket history: a self-contained HTML dashboard or Markdown",
		Long: `report computes a period's scorecard from a ticket history file, offline as
kpi does, and renders it as the dashboard people read: --format html is one
self-contained page (inline CSS and SVG charts, nothing loaded from anywhere)
with the KPI tiles coloured by band with target and gap, a trend chart per
KPI over up to six earlier periods, the weekly KPIs of a month, the agents by
band per agent KPI (saying when a target looks too easy or too hard), a team
by KPI heat map and the incentive leaderboard with payout approvals (decided
by the configuration's approval policy) and near misses; md is the same as
Markdown.

Without --period the scorecard is of the longest period kind the KPIs use
that the history has complete: a month of history gives its month.
` + periodHelp + `

The report goes to standard output, or to the file --out names.

Exit codes: 0 written, 1 the history or configuration is invalid (every bad
line as FILE:LINE: field: message), 2 usage error.`,
		Example: `  supportops kpi report --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --format html -o scorecard.html
  supportops kpi report --config examples/acme-shop --history history.jsonl --period 2026-Q4 --format md`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o kpiReportOptions) error {
			render := map[string]func(*bytes.Buffer, scorecard.Scorecard) error{
				reportHTML:     func(b *bytes.Buffer, sc scorecard.Scorecard) error { return scorecard.HTML(b, sc) },
				reportMarkdown: func(b *bytes.Buffer, sc scorecard.Scorecard) error { return scorecard.Markdown(b, sc) },
			}[o.Format]
			if render == nil {
				return usagef("unknown --format %q: want %s, %s", o.Format, reportHTML, reportMarkdown)
			}
			m, err := measureHistory(cmd, o.Config, o.History)
			if err != nil {
				return err
			}
			cfg := m.bundle.Snapshot.Config
			p, ok := scorecard.DefaultPeriod(cfg, m.tally)
			if o.Period != "" {
				ps, perr := m.periods(o.Period)
				if perr != nil {
					return perr
				}
				p, ok = ps[0], true
			}
			if !ok {
				return findings{fmt.Errorf("%s: %w", o.History, scorecard.ErrNoPeriod)}
			}
			sc := scorecard.Build(cfg, m.tally, m.counter, p)
			if err = incentive.Approve(cmd.Context(), m.bundle.Engine, &sc.Outcome); err != nil {
				return err
			}
			var b bytes.Buffer
			if err = render(&b, sc); err != nil {
				return err
			}
			if o.Out == "" {
				_, err = cmd.OutOrStdout().Write(b.Bytes())
				return err
			}
			if err = os.WriteFile(o.Out, b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("write the scorecard of %s: %w", sc.Period, err)
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.String("config", ".", "configuration repository")
	f.String("history", "", "ticket history file (.jsonl, .csv, optionally .gz)")
	f.String("period", "", "period of the scorecard (default: the last complete period of the longest kind in use)")
	f.String("format", reportHTML, "html or md")
	f.StringP("out", "o", "", "write the report to FILE instead of standard output")
	return cmd
}
