package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
)

func newDrillStatusCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status ID",
		Short: "Show a drill's live state: every step, who did what, the drill clock",
		Long: `status shows the state of a drill: its status, the drill clock, and every step
with its owner, deadline and state; --output json adds the whole history.`,
		Example: `  supportops drill status D-outage-major-1a2b3c4d
  supportops drill status D-outage-major-1a2b3c4d --output json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			st, err := o.client().Drill(cmd.Context(), args[0])
			if err != nil {
				return daemonError(err)
			}
			return render(cmd, o.Output, st, func(w io.Writer) error { return printState(w, st) })
		},
	}
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

func newDrillListCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List drills, newest first",
		Long: `list shows the most recent drills (--limit, at most 500), newest first, with
their plan, owner, status (running, paused, or how they ended) and score.`,
		Example: `  supportops drill list
  supportops drill list --limit 5 --output json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Limit         int `mapstructure:"limit"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			if err := checkLimit(o.Limit); err != nil {
				return err
			}
			page, err := o.client().ListDrills(cmd.Context(), apiv1.DrillListQuery{Limit: o.Limit})
			if err != nil {
				return daemonError(err)
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), append([]apiv1.DrillSummary{}, page.Drills...))
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DRILL\tPLAN\tMODE\tOWNER\tSTATUS\tSCORE\tSTARTED")
			for _, d := range page.Drills {
				mode := string(d.Mode)
				if d.Simulated {
					mode += " (simulated)"
				}
				score := "-"
				if d.Score != nil {
					score = fmt.Sprintf("%.1f", *d.Score)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, orDash(d.Plan), orDash(mode), orDash(d.Owner), outcomeText(edrill.Outcome(d.Status)),
					score, d.StartedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().Int("limit", 50, "drills to list, 1-500")
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}
