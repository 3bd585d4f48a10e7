package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// drillSimulateOptions are the settings of drill simulate.
type drillSimulateOptions struct {
	Config      string  `mapstructure:"config"`
	Seed        uint64  `mapstructure:"seed"`
	FailureRate float64 `mapstructure:"failure-rate"`
	PassMark    float64 `mapstructure:"pass-mark"`
	Output      string  `mapstructure:"output"`
}

func newDrillSimulateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "simulate [PLAN...]",
		Short: "Rehearse plans with simulated participants, in-process: no daemon, no waiting",
		Long: `simulate runs each plan of the configuration (all by default) as a drill with
simulated participants, in this process, on the Temporal SDK's time-skipping
environment: the same workflow supportopsd runs, with nobody paged and no
synthetic tickets, so a plan of hours is rehearsed in milliseconds. The roles
are filled as supportopsd fills them (on-duty rota, then agents holding the
role).

A plan passes when its drill completes with a score of at least --pass-mark
and, with --failure-rate 0 (participants who always answer, within the time
the plan allots each step), with no step late or skipped: a plan that fails
then cannot be completed in time as written. CI runs it on every change.

Exit codes: 0 every plan passes, 1 one does not, 2 usage error or an invalid
configuration.`,
		Example: `  supportops drill simulate --config examples/acme-shop
  supportops drill simulate outage-major --config examples/acme-shop --seed 7 --failure-rate 0.2 --pass-mark 60 --output json`,
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o drillSimulateOptions) error {
			if !(o.FailureRate >= 0 && o.FailureRate <= 1) {
				return usagef("--failure-rate %v is not within 0 to 1", o.FailureRate)
			}
			snap, ds, err := loadConfig(cmd, o.Config)
			if err != nil {
				return err
			}
			if snap == nil {
				return fmt.Errorf("load %s: %w", o.Config, ds)
			}
			cfg := snap.Config
			plans := args
			if len(plans) == 0 {
				plans = model.SortedKeys(cfg.EmergencyPlans)
			}
			var out []edrill.Rehearsal
			failed := false
			for _, id := range plans {
				plan, err := snap.Plans.Get(id)
				if unknown, ok := errors.AsType[*edrill.UnknownPlanError](err); ok {
					return usagef("%w", unknown)
				}
				if err != nil {
					return err
				}
				r, err := drillwf.Rehearse(cmd.Context(), cfg, plan, drillwf.RehearsalOptions{Seed: o.Seed, FailureRate: o.FailureRate, PassMark: o.PassMark})
				if err != nil {
					return err
				}
				failed = failed || !r.Pass
				out = append(out, r)
			}
			if err := render(cmd, o.Output, out, func(w io.Writer) error { return printRehearsals(w, out) }); err != nil {
				return err
			}
			if failed {
				return findings{errors.New("a plan did not pass its rehearsal")}
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.String("config", ".", "configuration repository")
	f.Uint64("seed", 1, "seed of the simulated participants")
	f.Float64("failure-rate", 0, "probability, 0 to 1, that a participant never answers a step")
	f.Float64("pass-mark", 0, "lowest score that passes")
	outputFlag(f, outputText, outputJSON)
	return cmd
}

// printRehearsals prints a line per plan rehearsed: how its drill ended
// and whether it passed.
func printRehearsals(w io.Writer, out []edrill.Rehearsal) error {
	return printTable(w, "PLAN\tOUTCOME\tDRILL CLOCK\tSCORE\tMISSED\tRESULT", out, func(r edrill.Rehearsal) []string {
		verdict := "pass"
		if !r.Pass {
			verdict = "FAIL: " + r.Why
		}
		return []string{r.Plan, outcomeText(r.Result.Outcome), edrill.FormatDuration(r.Result.Elapsed),
			fmt.Sprintf("%.1f", r.Result.Score.Total), orDash(strings.Join(r.Result.MissedSteps, ", ")), verdict}
	})
}
