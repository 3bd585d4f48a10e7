package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	escorecard "github.com/supportops/supportops/engine/scorecard"
)

// This file holds scorecard: the scorecards of the periods a running
// supportopsd closed.

// The formats of scorecard show beside text and json.
const (
	outputHTML     = "html"
	outputMarkdown = "md"
)

func newScorecardCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scorecard",
		Short: "List, show and close the scorecards of periods in a running supportopsd",
		Long: `scorecard reads the scorecards supportopsd stored when it closed a period (at
each period's end, on a schedule in the center's time zone, or on demand with
scorecard close): the KPI results with their bands, the trend, the awards and
the near misses.

Exit codes: 0 done, 1 the daemon refused (unauthorised, a period not closed or
not ended), 2 usage or internal error.`,
	}
	cmd.AddCommand(newScorecardListCmd(a), newScorecardShowCmd(a), newScorecardCloseCmd(a))
	return cmd
}

func newScorecardListCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the closed periods, the last closed first",
		Long:  `list shows each closed period: when it was closed, with which configuration version, and how many results, awards and near misses its scorecard holds.`,
		Example: `  supportops scorecard list
  supportops scorecard list --output json`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o serverOptions) error {
			return show(cmd, o, func(ctx context.Context, c *apiv1.Client) (apiv1.ScorecardList, error) {
				return c.Scorecards(ctx)
			}, printScorecards)
		}),
	}
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// printScorecards prints a line per closed period.
func printScorecards(w io.Writer, l apiv1.ScorecardList) error {
	return printTable(w, "PERIOD\tCLOSED\tRESULTS\tAWARDS\tNEAR MISSES\tVERSION", l.Scorecards, func(s apiv1.ScorecardSummary) []string {
		return []string{s.Period, s.ComputedAt.Format(time.RFC3339), strconv.Itoa(s.Results), strconv.Itoa(s.Awards), strconv.Itoa(s.NearMisses), shortVersion(s.ConfigVersion)}
	})
}

// shortVersion is the first 12 characters of a configuration version.
func shortVersion(v string) string { return v[:min(len(v), 12)] }

func newScorecardShowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show PERIOD",
		Short: "Show the stored scorecard of a closed period",
		Long: `show prints the scorecard of a closed period (2026-11, 2026-W48, 2026-Q4,
2026-11-23): every KPI result with its target and band, the awards and the
near misses; --output html renders the dashboard page, md the Markdown report,
json the scorecard as stored.`,
		Example: `  supportops scorecard show 2026-11
  supportops scorecard show 2026-11 --output html > november.html`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o serverOptions) error {
			sc, err := o.client().Scorecard(cmd.Context(), args[0])
			if err != nil {
				return daemonError(err)
			}
			switch o.Output {
			case outputHTML, outputMarkdown:
				engine, cerr := engineScorecard(sc)
				if cerr != nil {
					return cerr
				}
				if o.Output == outputHTML {
					return escorecard.HTML(cmd.OutOrStdout(), engine)
				}
				return escorecard.Markdown(cmd.OutOrStdout(), engine)
			}
			return render(cmd, o.Output, sc, func(w io.Writer) error { return printScorecard(w, sc) })
		}),
	}
	serverFlags(cmd, outputText, outputJSON, outputHTML, outputMarkdown)
	return cmd
}

// engineScorecard reads the wire scorecard as engine/scorecard's, whose
// JSON it mirrors, to render it.
func engineScorecard(sc apiv1.Scorecard) (escorecard.Scorecard, error) {
	var out escorecard.Scorecard
	b, err := json.Marshal(sc)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		return out, fmt.Errorf("read the scorecard of %s: %w", sc.Period, err)
	}
	return out, nil
}

// printScorecard prints a scorecard: its results, then its awards and
// near misses.
func printScorecard(w io.Writer, sc apiv1.Scorecard) error {
	fmt.Fprintf(w, "Scorecard of %s, %s\n\n", sc.Center, sc.Period)
	if err := printTable(w, "KPI\tSCOPE\tVALUE\tTARGET\tBAND\tCOUNTS", sc.Card.Results, func(r apiv1.KPIResult) []string {
		value := "-"
		if r.Value != nil {
			value = strconv.FormatFloat(*r.Value, 'f', -1, 64)
		}
		return []string{r.KPI, r.Scope, value, strconv.FormatFloat(r.Target, 'f', -1, 64), r.Band,
			strconv.FormatFloat(r.Numerator, 'f', -1, 64) + "/" + strconv.FormatFloat(r.Denominator, 'f', -1, 64)}
	}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAwards (%d)\n", len(sc.Incentives.Awards))
	for _, aw := range sc.Incentives.Awards {
		line := fmt.Sprintf("  %s: %s, %s", aw.Name, aw.Recipient, aw.Reason)
		if aw.Approval != nil {
			line += " [payout " + aw.Approval.Status
			if len(aw.Approval.Levels) > 0 {
				line += ": " + strings.Join(aw.Approval.Levels, ", ")
			}
			line += "]"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\nNear misses (%d)\n", len(sc.Incentives.NearMisses))
	for _, m := range sc.Incentives.NearMisses {
		fmt.Fprintf(w, "  %s: %s\n", m.Recipient, m.Reason)
	}
	return nil
}

func newScorecardCloseCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "close PERIOD",
		Short: "Close a period that has ended now, instead of waiting for its schedule",
		Long: `close has supportopsd close a period that has ended (POST /v1/scorecards):
compute its scorecard from the events, ask the approval policy about the
payouts, store it and notify the recipients. A period closed before is left
as it is; the answer says so.`,
		Example: `  supportops scorecard close 2026-11`,
		Args:    exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o serverOptions) error {
			return show(cmd, o, func(ctx context.Context, c *apiv1.Client) (apiv1.Closed, error) {
				return c.ClosePeriod(ctx, args[0])
			}, func(w io.Writer, c apiv1.Closed) error {
				verb := "closed"
				if !c.Created {
					verb = "was closed before; nothing changed"
				}
				_, err := fmt.Fprintf(w, "%s %s: %d results, %d awards, %d near misses\n", c.Scorecard.Period, verb,
					c.Scorecard.Results, c.Scorecard.Awards, c.Scorecard.NearMisses)
				return err
			})
		}),
	}
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}
