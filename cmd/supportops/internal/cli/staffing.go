package cli

import (
	"github.com/spf13/cobra"
)

// newStaffingCmd is the staffing command group: the week report of the
// configuration's forecasts against its roster, and the Erlang calculator.
func newStaffingCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "staffing",
		Short: "The week's agents required against the roster, and the Erlang calculator",
		Long: `staffing answers how many agents a queue needs to keep its service-level
promise, and whether the roster has them.

Without a subcommand it lays the configuration's forecasts and the agents'
shifts on a week (--week, e.g. 2026-W49; default the week validate checks:
staffing.week, else the next full ISO week) and prints, per queue channel and
day, every interval with a forecast or agents on shift: the contacts forecast,
the agents Erlang C and Erlang A (with the forecast's patience) require, on
roster with shrinkage, scheduled, the service level the scheduled agents reach
and the gap (scheduled − on roster, negative is short; short rows are marked
SHORT); then the shortfalls, consecutive short intervals merged, and a summary
per day.

--output json prints the report as it is (week, timezone, interval,
shrinkage, queues with their intervals and days, shortfalls); --output html is
one self-contained page (inline CSS and SVG, nothing loaded from anywhere):
per queue channel a heat map of weekday × interval coloured by surplus (green)
or shortfall (red), a chart a day of the agents on roster against those
scheduled, and the shortfalls with what closes them. -o/--out writes the
report to a file.

erlang is the calculator for one queue and one interval (Erlang C, or Erlang A
when customers hang up).

Exit codes: 0 shown, 1 a queue channel whose goal sets gate is short (as
validate) or the configuration is invalid, 2 usage error (a bad --week or
--output).`,
		Example: `  supportops staffing --config examples/acme-shop
  supportops staffing --config examples/acme-shop --week 2026-W50 --output html -o staffing.html
  supportops staffing erlang --volume 100 --interval 30m --aht 180s --target 80/20s --shrinkage 30`,
		Args: exactArgs(0),
		RunE: withOptions(a, runStaffingReport),
	}
	staffingReportFlags(cmd.Flags())
	cmd.AddCommand(newStaffingErlangCmd(a))
	return cmd
}
