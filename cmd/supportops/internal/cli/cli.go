package cli

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/supportops/supportops/internal/command"
)

// Exit codes, the contract CI pipelines rely on.
const (
	// ExitOK means success: the configuration is valid, the command did what was asked.
	ExitOK = command.ExitOK
	// ExitFindings means the command ran and found problems (an invalid configuration).
	ExitFindings = command.ExitFindings
	// ExitError means a usage error or an internal error.
	ExitError = command.ExitError
)

// errFindings is returned by a command that has already reported its
// findings and must exit with ExitFindings.
var errFindings = errors.New("findings reported")

// usagef returns a usage error (command.Usagef, short for the commands).
func usagef(format string, args ...any) error {
	return command.Usagef(format, args...)
}

// Main runs the command with the process's arguments and streams and
// returns the exit code.
func Main() int {
	return command.Run(Run, os.Interrupt)
}

// Run runs the command with args and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := command.Program{Name: "supportops", Findings: errFindings, UsageHint: "Run 'supportops --help' for usage."}
	return p.Execute(ctx, newRootCmd(newApp()), args, stdout, stderr)
}

// app is what the commands share: the settings of this run.
type app struct {
	v *viper.Viper
}

func newApp() *app {
	return &app{v: command.NewSettings()}
}

const settingsHelp = `Every flag can also be set in the environment as SUPPORTOPS_<FLAG>, upper
case with "-" as "_" (SUPPORTOPS_OUTPUT=json), or in a settings file named by
--settings (YAML, TOML or JSON, keys as the flag names). A flag wins over the
environment, which wins over the settings file, which wins over the default.`

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "supportops",
		Short: "Validate, plan and test a support center's configuration and policies as code",
		Long: `supportops runs a customer-support operation from configuration as code:
CUE files declare teams, queues, agents, calendars, SLAs, escalation paths,
KPI targets, emergency plans, incentives and approvals; Rego policies decide
where tickets go, who approves what and who may call the API.

Exit codes: 0 success, 1 findings (such as an invalid configuration),
2 usage or internal error.

` + settingsHelp,
		Example: `  supportops validate examples/acme-shop
  supportops plan --base-ref origin/main --head .
  supportops calendar due --hours 'mon-fri 09:00-17:00' --timezone UTC --from 2026-11-20T16:30:00Z --add 1h`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return command.LoadSettings(a.v, cmd)
		},
	}
	command.AddSettingsFlag(root.PersistentFlags())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return command.UsageError{Err: err} })
	root.AddCommand(
		newValidateCmd(a),
		newPlanCmd(a),
		newTestCmd(a),
		newRouteCmd(a),
		newApproveCmd(a),
		newCalendarCmd(a),
		newTicketCmd(a),
		newDrillCmd(a),
		newHistoryCmd(a),
		newScorecardCmd(a),
		newKPICmd(a),
		newIncentivesCmd(a),
		newStaffingCmd(a),
		newImpactCmd(a),
	)
	return root
}

// decode fills opts from the flags, environment and settings file, using
// the `mapstructure` tags of its fields (the flag names), and refuses an
// --output that cmd does not offer (see outputFlag).
func (a *app) decode(cmd *cobra.Command, opts any) error {
	if err := command.Decode(a.v, opts); err != nil {
		return err
	}
	return checkOutput(cmd, a.v.GetString(outputFlagName))
}

// withOptions returns the RunE of a command whose settings are O: it
// decodes them (app.decode) and calls run with them.
func withOptions[O any](a *app, run func(cmd *cobra.Command, args []string, opts O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		var opts O
		if err := a.decode(cmd, &opts); err != nil {
			return err
		}
		return run(cmd, args, opts)
	}
}

// exactArgs and minArgs check the number of positional arguments and
// report a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s takes at least %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// maxArgs checks that there are at most n positional arguments and reports
// a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
