package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newDrillScheduleCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Recurring drills: the plans' drill cadences as Temporal Schedules",
	}
	sync := &cobra.Command{
		Use:   "sync",
		Short: "Make the drill schedules match the configuration supportopsd runs",
		Long: `sync creates a Temporal Schedule "drill-schedule/<plan>" for every plan with a
drill cadence (weekly, monthly, quarterly and yearly run at 10:00 in the
center's time zone; a cron expression as written), updates those whose plan
or cadence changed (an operator's pause stays), and deletes those whose plan
lost its cadence. Other schedules are left alone. Running it again changes
nothing. Each scheduled run is a real drill: the roles are filled from the
on-duty data as the configuration has it when synced, so sync again after a
change of the rota.`,
		Example: `  supportops drill schedule sync`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			rep, err := o.client().SyncSchedules(cmd.Context())
			if err != nil {
				return daemonError(err)
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), rep)
			}
			what := map[string]string{}
			for outcome, plans := range map[string][]string{"created": rep.Created, "updated": rep.Updated, "deleted": rep.Deleted, "unchanged": rep.Unchanged} {
				for _, p := range plans {
					what[p] = outcome
				}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PLAN\tSCHEDULE\tCADENCE\tCRON\tTIME ZONE")
			seen := map[string]bool{}
			for _, c := range rep.Cadences {
				seen[c.Plan] = true
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Plan, what[c.Plan], c.Source, c.Cron, c.TimeZone)
			}
			for _, p := range rep.Deleted {
				if !seen[p] {
					fmt.Fprintf(tw, "%s\tdeleted\t-\t-\t-\n", p)
				}
			}
			return tw.Flush()
		},
	}
	serverFlags(sync)
	outputFlag(sync.Flags(), "text", "json")
	cmd.AddCommand(sync)
	return cmd
}
