package cli

import (
	"github.com/spf13/cobra"

	drillwf "github.com/supportops/supportops/workflows/drill"
)

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
