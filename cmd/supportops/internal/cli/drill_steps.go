package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// drillStepOptions are the settings of drill ack and drill done.
type drillStepOptions struct {
	serverOptions `mapstructure:",squash"`
	Note          string   `mapstructure:"note"`
	As            string   `mapstructure:"as"`
	Check         []string `mapstructure:"check"`
}

// newDrillStepCmd is drill ack (update drillwf.UpdateAck) or drill done.
func newDrillStepCmd(a *app, update string) *cobra.Command {
	send := (*apiv1.Client).AckStep
	if update == drillwf.UpdateDone {
		send = (*apiv1.Client).CompleteStep
	}
	cmd := &cobra.Command{
		Use:   update + " ID STEP",
		Short: "Acknowledge a step of a drill: you have taken it on",
		Long: `ack acknowledges a step you own (or, as the drill's owner or the commander,
any step); --as answers for someone else, which only an ops_admin or the
drill's owner may. It prints the drill's state afterwards.`,
		Example: `  supportops drill ack D-outage-major-1a2b3c4d declare --note "on the bridge"`,
		Args:    exactArgs(2),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o drillStepOptions) error {
			req := apiv1.StepRequest{Note: o.Note, Checklist: o.Check, As: o.As}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) (apiv1.DrillState, error) {
				return send(c, ctx, args[0], args[1], req)
			}, printState)
		}),
	}
	f := cmd.Flags()
	f.String("note", "", "what you did")
	f.String("as", "", "answer as PERSON (ops_admin or the drill's owner only)")
	if update == drillwf.UpdateDone {
		cmd.Short = "Complete a step of a drill, ticking checklist items"
		cmd.Long = `done completes a step you own (or, as the drill's owner or the commander, any
step), with the checklist items done (--check, by text or number from 1,
repeatable); a step not acknowledged is acknowledged by it. --as answers for
someone else, which only an ops_admin or the drill's owner may. It prints the
drill's state afterwards.`
		cmd.Example = `  supportops drill done D-outage-major-1a2b3c4d declare --check 1 --check 2 --check 3 --note "bridge open"`
		f.StringArray("check", nil, "a checklist item ticked, by text or number from 1 (repeatable)")
	}
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// drillControlOptions are the settings of drill abort, pause and resume.
type drillControlOptions struct {
	serverOptions `mapstructure:",squash"`
	Reason        string `mapstructure:"reason"`
	As            string `mapstructure:"as"`
}

// newDrillControlCmd is drill abort (update drillwf.UpdateAbort), pause
// or resume.
func newDrillControlCmd(a *app, update string) *cobra.Command {
	send := (*apiv1.Client).ResumeDrill
	cmd := &cobra.Command{
		Use:  update + " ID",
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o drillControlOptions) error {
			if update == drillwf.UpdateAbort && strings.TrimSpace(o.Reason) == "" {
				return usagef("drill abort needs --reason")
			}
			req := apiv1.ControlRequest{Reason: o.Reason, As: o.As}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) (apiv1.DrillState, error) {
				return send(c, ctx, args[0], req)
			}, printState)
		}),
	}
	switch update {
	case drillwf.UpdateAbort:
		send = (*apiv1.Client).AbortDrill
		cmd.Short = "Abort a drill, with a reason"
		cmd.Long = `abort ends a drill at once, with what was done so far; only the drill's owner
or the commander may. Its result and report say who aborted it and why.`
		cmd.Example = `  supportops drill abort D-outage-major-1a2b3c4d --reason "real outage: stop the drill"`
	case drillwf.UpdatePause:
		send = (*apiv1.Client).PauseDrill
		cmd.Short = "Pause a drill's clock"
		cmd.Long = `pause stops the drill clock: deadlines, reminders and the time limit wait until
resume, while answers are still taken. Only the drill's owner or the commander
may.`
		cmd.Example = `  supportops drill pause D-outage-major-1a2b3c4d --reason "fire alarm"`
	default:
		cmd.Short = "Resume a paused drill"
		cmd.Long = `resume runs the drill clock on; every deadline moves by the pause. Only the
drill's owner or the commander may.`
		cmd.Example = `  supportops drill resume D-outage-major-1a2b3c4d`
	}
	cmd.Flags().String("reason", "", "why (required to abort)")
	cmd.Flags().String("as", "", "act as PERSON (ops_admin or the drill's owner only)")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}
