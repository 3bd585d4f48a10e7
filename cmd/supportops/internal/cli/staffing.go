package cli

import (
	"github.com/spf13/cobra"
)

// newStaffingCmd is the staffing command group: the Erlang calculator.
func newStaffingCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "staffing",
		Short: "Work out how many agents a queue needs",
		Long: `staffing answers how many agents a queue needs to keep its service-level
promise: erlang is the calculator for one queue and one interval (Erlang C, or
Erlang A when customers hang up).`,
		Example: `  supportops staffing erlang --volume 100 --interval 30m --aht 180s --target 80/20s --shrinkage 30`,
		Args:    cobra.NoArgs,
	}
	cmd.AddCommand(newStaffingErlangCmd(a))
	return cmd
}
