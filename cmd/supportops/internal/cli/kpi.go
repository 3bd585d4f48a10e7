package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
)

// kpiOptions are the settings of kpi.
type kpiOptions struct {
	Config  string `mapstructure:"config"`
	History string `mapstructure:"history"`
	Period  string `mapstructure:"period"`
	Scope   string `mapstructure:"scope"`
	Output  string `mapstructure:"output"`
	// Server and Token reach supportopsd, which computes the KPIs
	// without --history (see kpi_daemon.go).
	Server string `mapstructure:"server"`
	Token  string `mapstructure:"token"`
}

// errNoDaemonKPIs is the usage error of kpi and incentives without
// --history.
const errNoDaemonKPIs = "--history is required (the daemon-backed mode is not built yet)"

// periodHelp says what --period takes, for kpi and incentives.
const periodHelp = `--period is 2026-11 (a month), 2026-W48 (an ISO week), 2026-Q4 (a quarter),
2026 (a year) or 2026-11-23 (a day), in the center's time zone.`

func newKPICmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kpi",
		Short: "Compute the configuration's KPIs from a ticket history, offline: values, targets, gaps, bands",
		Long: `kpi computes every KPI of the configuration from a ticket history file
(--history: JSON Lines or CSV of ticket records, gzip-compressed when the name
ends in .gz, as "supportops history export" writes it) without a daemon, for
CI and analysts.

With --period it computes every KPI whose period kind is the period's kind,
in that period; without, the last complete period of each kind the KPIs use
in the history (day, week, month, quarter, year, in that order). A scope with
"*" (team:*, agent:*) gives a result per configured team or agent; --scope
keeps only the results of the scopes it matches ("team:*" every team,
"center", "agent:jan-vogel").

` + periodHelp + `

--output json prints one JSON object a line, one line a period:
{"period": P, "results": [{"kpi", "metric", "scope", "value", "numerator",
"denominator", "target", "band"}]}, value null and band "no_data" where
nothing counted. Text prints a table a period: value, target, gap (signed,
positive is better than the target) and band.

A history with a bad line is refused as a whole: every bad line is reported
as FILE:LINE: field: message and nothing is computed.

Without --history it asks supportopsd (--server, --token; GET /v1/kpis), which
computes the card from its recorded events for the configuration it runs:
--period's, or the last complete month; gate: true is judged offline only.

Exit codes: 0 computed, 1 a result shown of a KPI marked gate: true is below
its ok band (named on stderr; --scope narrows what is judged too) or the
history or configuration is invalid, 2 usage error.`,
		Example: `  supportops kpi --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --period 2026-11
  supportops kpi --config examples/acme-shop --history history.jsonl --period 2026-W48 --scope 'team:*' --output json`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o kpiOptions) error {
			if o.History == "" {
				return daemonKPIs(cmd, o)
			}
			m, err := measureHistory(cmd, o.Config, o.History)
			if err != nil {
				return err
			}
			periods, err := m.periods(o.Period)
			if err != nil {
				return err
			}
			var cards []kpi.Card
			for _, p := range periods {
				card := m.tally.Card(p)
				card.Results = filterScope(card.Results, o.Scope)
				cards = append(cards, card)
			}
			if o.Output == outputJSON {
				if err := writeJSONLines(cmd.OutOrStdout(), cards); err != nil {
					return err
				}
			} else if err := printCards(cmd.OutOrStdout(), cards); err != nil {
				return err
			}
			return m.gate(cmd, cards)
		}),
	}
	f := cmd.Flags()
	f.String("config", ".", "configuration repository")
	f.String("history", "", "ticket history file (.jsonl, .csv, optionally .gz)")
	f.String("period", "", "period to compute (default: the last complete period of each kind)")
	f.String("scope", "", "keep only the results of matching scopes (center, team:*, agent:ID, ...)")
	outputFlag(f, outputText, outputJSON)
	serverFlags(cmd)
	cmd.AddCommand(newKPIReportCmd(a))
	return cmd
}

// measured is a configuration and a history tallied for its KPIs and
// incentives.
type measured struct {
	bundle  *bundle.Bundle
	tally   *kpi.Tally
	counter *incentive.Counter
}

// measureHistory opens the configuration in dir and reads the history
// file name into a KPI tally and an incentive counter. An invalid
// configuration or a history with bad lines is reported on stderr as
// findings, every bad line as FILE:LINE: field: message.
func measureHistory(cmd *cobra.Command, dir, name string) (*measured, error) {
	if name == "" {
		return nil, usagef(errNoDaemonKPIs)
	}
	b, err := bundle.Open(cmd.Context(), dir)
	if err != nil {
		return nil, findingsOf(cmd, bundle.Cause(err))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usagef("--history: %w", err)
	}
	defer f.Close()
	cfg := b.Snapshot.Config
	t, err := kpi.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("prepare the KPIs: %w", err)
	}
	c, err := incentive.NewCounter(cfg)
	if err != nil {
		return nil, fmt.Errorf("prepare the incentive counts: %w", err)
	}
	// The records stream into the tally and the counter, which are used
	// only when the whole file read well.
	err = history.Each(name, f, func(r *history.Record) error {
		t.Add(r)
		c.Add(r)
		return nil
	})
	if lines, ok := errors.AsType[history.Errors](err); ok {
		fmt.Fprintln(cmd.ErrOrStderr(), lines.Error())
		return nil, errFindings
	}
	if err != nil {
		return nil, findings{err}
	}
	return &measured{bundle: b, tally: t, counter: c}, nil
}

// periods are the periods to compute: the one --period names, else the
// last complete period of each kind that a KPI uses and the history
// covers.
func (m *measured) periods(flag string) ([]kpi.Period, error) {
	if flag != "" {
		p, err := kpi.ParsePeriod(flag, m.tally.Location())
		if err != nil {
			return nil, usagef("--period: %w", err)
		}
		return []kpi.Period{p}, nil
	}
	used := map[kpi.Kind]bool{}
	for _, k := range m.bundle.Snapshot.Config.KPIs {
		used[kpi.Kind(k.Period)] = true
	}
	var out []kpi.Period
	for _, k := range []kpi.Kind{kpi.Day, kpi.Week, kpi.Month, kpi.Quarter, kpi.Year} {
		if !used[k] {
			continue
		}
		if p, ok := m.tally.Latest(k); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// gate reports, on stderr, each result of a KPI marked gate: true that is
// below its ok band, and returns findings when there is one.
func (m *measured) gate(cmd *cobra.Command, cards []kpi.Card) error {
	failed := 0
	for _, c := range cards {
		for _, r := range c.Results {
			if !m.bundle.Snapshot.Config.KPIs[r.KPI].Gate || r.Band != kpi.Below {
				continue
			}
			failed++
			fmt.Fprintf(cmd.ErrOrStderr(), "gate: %s %s in %s is %s, below its ok band (%s)\n",
				r.KPI, r.Scope, c.Period, formatKPIValue(r), formatNumber(m.bundle.Snapshot.Config.KPIs[r.KPI].Bands.OK))
		}
	}
	if failed > 0 {
		return findings{fmt.Errorf("%s below the ok band", plural(failed, "gated KPI result"))}
	}
	return nil
}

// filterScope keeps the results whose scope matches pattern: equal, or,
// for a pattern ending in "*", starting with what comes before it; every
// result for "".
func filterScope(rs []kpi.Result, pattern string) []kpi.Result {
	if pattern == "" {
		return rs
	}
	out := []kpi.Result{}
	prefix, wild := strings.CutSuffix(pattern, "*")
	for _, r := range rs {
		if r.Scope == pattern || (wild && strings.HasPrefix(r.Scope, prefix)) {
			out = append(out, r)
		}
	}
	return out
}

// writeJSONLines writes each value as one line of compact JSON.
func writeJSONLines[T any](w io.Writer, vs []T) error {
	enc := json.NewEncoder(w)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
	}
	return nil
}

// printCards prints a table per card: each result's value, target, gap
// and band.
func printCards(w io.Writer, cards []kpi.Card) error {
	for i, c := range cards {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Period %s\n", c.Period)
		err := printTable(w, "KPI\tSCOPE\tVALUE\tTARGET\tGAP\tBAND\tCOUNTS", c.Results, func(r kpi.Result) []string {
			gap := "-"
			if g, ok := r.Gap(); ok {
				gap = fmt.Sprintf("%+.2f", g)
			}
			return []string{r.KPI, r.Scope, formatKPIValue(r), formatNumber(r.Target), gap, string(r.Band),
				formatNumber(r.Numerator) + "/" + formatNumber(r.Denominator)}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// formatKPIValue is a result's value with two decimals, "-" when no_data.
func formatKPIValue(r kpi.Result) string {
	if r.Value == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *r.Value)
}

// formatNumber writes n without trailing zeros.
func formatNumber(n float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", n), "0"), ".")
}
