package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// This file holds drill and the commands that read drills: status, list,
// report and schedule sync.

func newDrillCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "drill",
		Short: "Run emergency plans as drills in a running supportopsd, answer their steps, report",
		Long: `drill runs an emergency plan of the configuration supportopsd runs, as a drill
(or, with --live, for real), and acts on it: acknowledge and complete steps,
pause, resume and abort, show its state, list drills and render the report.
It talks to the HTTP API of supportopsd (--server, SUPPORTOPS_SERVER) with a
bearer token (--token, SUPPORTOPS_TOKEN); you act as the principal of the token.

Exit codes: 0 done, 1 the daemon refused (unauthorised, forbidden, an unknown
plan, a step that cannot be answered) or, for run --wait, the drill did not
pass (see drill run --help), 2 usage or internal error.`,
	}
	cmd.AddCommand(newDrillRunCmd(a), newDrillStatusCmd(a), newDrillListCmd(a),
		newDrillStepCmd(a, drillwf.UpdateAck), newDrillStepCmd(a, drillwf.UpdateDone),
		newDrillControlCmd(a, drillwf.UpdateAbort), newDrillControlCmd(a, drillwf.UpdatePause), newDrillControlCmd(a, drillwf.UpdateResume),
		newDrillReportCmd(a), newDrillScheduleCmd(a), newDrillSimulateCmd(a))
	return cmd
}

func newDrillStatusCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status ID",
		Short: "Show a drill's live state: every step, who did what, the drill clock",
		Long: `status shows the state of a drill: its status, the drill clock, and every step
with its owner, deadline and state; --output json adds the whole history.`,
		Example: `  supportops drill status D-outage-major-1a2b3c4d
  supportops drill status D-outage-major-1a2b3c4d --output json`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o serverOptions) error {
			return show(cmd, o, func(ctx context.Context, c *apiv1.Client) (apiv1.DrillState, error) {
				return c.Drill(ctx, args[0])
			}, printState)
		}),
	}
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// drillListOptions are the settings of drill list.
type drillListOptions struct {
	serverOptions `mapstructure:",squash"`
	Limit         int `mapstructure:"limit"`
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
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o drillListOptions) error {
			if err := checkLimit(o.Limit); err != nil {
				return err
			}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) ([]apiv1.DrillSummary, error) {
				page, err := c.ListDrills(ctx, apiv1.DrillListQuery{Limit: o.Limit})
				return append([]apiv1.DrillSummary{}, page.Drills...), err
			}, printDrills)
		}),
	}
	cmd.Flags().Int("limit", 50, "drills to list, 1-500")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// printDrills prints a line per drill.
func printDrills(w io.Writer, drills []apiv1.DrillSummary) error {
	return printTable(w, "DRILL\tPLAN\tMODE\tOWNER\tSTATUS\tSCORE\tSTARTED", drills, func(d apiv1.DrillSummary) []string {
		mode := string(d.Mode)
		if d.Simulated {
			mode += " (simulated)"
		}
		score := "-"
		if d.Score != nil {
			score = fmt.Sprintf("%.1f", *d.Score)
		}
		return []string{d.ID, orDash(d.Plan), orDash(mode), orDash(d.Owner), outcomeText(edrill.Outcome(d.Status)), score, d.StartedAt.Format(time.RFC3339)}
	})
}

// drillReportOptions are the settings of drill report.
type drillReportOptions struct {
	serverOptions `mapstructure:",squash"`
	Format        string `mapstructure:"format"`
	Out           string `mapstructure:"out"`
}

func newDrillReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report ID",
		Short: "Render a drill's report: Markdown, a self-contained HTML page with a timeline, or JSON",
		Long: `report renders the report of a drill: the run, the score with its components,
every step with its times on the drill clock, the action items and each step's
checklist, notes and escalations. --format html is one self-contained page
with an SVG timeline (a lane per role, a bar per step, deadline marks, late
steps highlighted); json is the result. A drill still running gets a
provisional report, as if it ended now.`,
		Example: `  supportops drill report D-outage-major-1a2b3c4d
  supportops drill report D-outage-major-1a2b3c4d --format html -o drill.html`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o drillReportOptions) error {
			switch o.Format {
			case "md", "html", "json":
			default:
				return usagef("unknown --format %q: want md, html, json", o.Format)
			}
			rep, err := o.client().DrillReport(cmd.Context(), args[0], o.Format)
			if err != nil {
				return daemonError(err)
			}
			if o.Out == "" {
				_, err = cmd.OutOrStdout().Write(rep.Body)
				return err
			}
			if err = os.WriteFile(o.Out, rep.Body, 0o644); err != nil {
				return fmt.Errorf("write the report of drill %s: %w", args[0], err)
			}
			return nil
		}),
	}
	cmd.Flags().String("format", "md", "md, html or json")
	cmd.Flags().StringP("out", "o", "", "write the report to FILE instead of standard output")
	serverFlags(cmd)
	return cmd
}

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
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o serverOptions) error {
			return show(cmd, o, func(ctx context.Context, c *apiv1.Client) (apiv1.ScheduleReport, error) {
				return c.SyncSchedules(ctx)
			}, printSchedules)
		}),
	}
	serverFlags(sync, outputText, outputJSON)
	cmd.AddCommand(sync)
	return cmd
}

// printSchedules prints a line per plan a schedule sync created, updated,
// deleted or left unchanged.
func printSchedules(w io.Writer, rep apiv1.ScheduleReport) error {
	what := map[string]string{}
	for outcome, plans := range map[string][]string{"created": rep.Created, "updated": rep.Updated, "deleted": rep.Deleted, "unchanged": rep.Unchanged} {
		for _, p := range plans {
			what[p] = outcome
		}
	}
	var rows [][]string
	seen := map[string]bool{}
	for _, c := range rep.Cadences {
		seen[c.Plan] = true
		rows = append(rows, []string{c.Plan, what[c.Plan], c.Source, c.Cron, c.TimeZone})
	}
	for _, p := range rep.Deleted {
		if !seen[p] {
			rows = append(rows, []string{p, "deleted", "-", "-", "-"})
		}
	}
	return printTable(w, "PLAN\tSCHEDULE\tCADENCE\tCRON\tTIME ZONE", rows, func(r []string) []string { return r })
}
