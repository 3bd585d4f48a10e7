package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
)

// drillRunOptions are the settings of drill run.
type drillRunOptions struct {
	serverOptions `mapstructure:",squash"`
	Simulate      bool     `mapstructure:"simulate"`
	Seed          uint64   `mapstructure:"seed"`
	FailureRate   float64  `mapstructure:"failure-rate"`
	Speed         float64  `mapstructure:"speed"`
	As            []string `mapstructure:"as"`
	Live          bool     `mapstructure:"live"`
	ID            string   `mapstructure:"id"`
	Wait          bool     `mapstructure:"wait"`
	PassMark      float64  `mapstructure:"pass-mark"`
}

func newDrillRunCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run PLAN",
		Short: "Start a drill of an emergency plan and print its id (with --wait, its result)",
		Long: `run starts a drill of PLAN, an emergency plan of the configuration supportopsd
runs, owned by you, and prints its id. Each role of the plan is filled by the
first person of its on_duty rota, else by the first agent (by id) holding it;
--as ROLE=PERSON overrides (repeatable). Roles nobody fills are listed on
standard error: anyone may answer their steps.

--simulate fills the roles with simulated participants who answer at random
times within the plan's deadlines, seeded by --seed (random when not given;
the seed is printed on standard error so a run can be repeated), and who never
answer a step with the probability --failure-rate. --speed runs the drill
clock faster: 60 (the default when simulated) runs a minute of the drill in a
second, up to 3600; 1 (the default otherwise) is real time. Times in the
state and the report are on the drill clock, as if the drill ran in real time.
A Temporal server fires timers up to about a second late (the embedded one
about 20 ms), which a high speed multiplies: at 3600 expect steps done late.

--live runs the plan for real: no simulation, real time, and its events count
in KPIs.

With --wait, run waits for the drill to end and prints its score, the
outcome of every step and the action items (--output json: the result).
Exit codes with --wait: 0 when the drill completed (every step done or
skipped) with a score of at least --pass-mark (default 0), 1 when it timed
out, was aborted or scored below the mark; as ever 2 for usage or internal
errors. Plans carry no pass mark of their own, so CI sets one.`,
		Example: `  supportops drill run outage-major --simulate --wait
  supportops drill run outage-major --simulate --seed 7 --speed 600 --wait --pass-mark 70
  supportops drill run public-complaint --as comms-lead=lea-hoffmann`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o drillRunOptions) error {
			req, err := drillRequest(cmd, args[0], o)
			if err != nil {
				return err
			}
			c := o.client()
			started, err := c.StartDrill(cmd.Context(), req)
			if err != nil {
				return daemonError(err)
			}
			stderr := cmd.ErrOrStderr()
			if started.Seed != nil {
				fmt.Fprintf(stderr, "simulated with seed %d at speed %g\n", *started.Seed, started.Speed)
			}
			if len(started.Unfilled) > 0 {
				fmt.Fprintf(stderr, "nobody fills %s: anyone may answer their steps\n", strings.Join(started.Unfilled, ", "))
			}
			if !o.Wait {
				return render(cmd, o.Output, started, func(w io.Writer) error {
					_, werr := fmt.Fprintln(w, started.ID)
					return werr
				})
			}
			if o.Output == outputText {
				fmt.Fprintln(cmd.OutOrStdout(), started.ID)
			}
			res, err := waitDrill(cmd.Context(), c, started.ID)
			if err != nil {
				return err
			}
			if err = render(cmd, o.Output, res, func(w io.Writer) error { return printResult(w, res) }); err != nil {
				return err
			}
			if res.Outcome != edrill.Completed || res.Score.Total < o.PassMark {
				fmt.Fprintf(stderr, "drill %s %s with score %.1f (pass mark %g)\n", res.Drill, outcomeText(res.Outcome), res.Score.Total, o.PassMark)
				return errFindings // reported above
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.Bool("simulate", false, "fill the roles with simulated participants")
	f.Uint64("seed", 0, "seed of the simulation (default random)")
	f.Float64("failure-rate", 0, "probability, 0 to 1, that a simulated participant never answers a step")
	f.Float64("speed", 0, "drill clock speed, 1 to 3600 (default 60 simulated, else 1)")
	f.StringArray("as", nil, "ROLE=PERSON: who fills a role (repeatable)")
	f.Bool("live", false, "run the plan for real, not as a drill")
	f.String("id", "", "the drill's id (default D-<plan>-<8 hex digits>)")
	f.Bool("wait", false, "wait for the result and print it")
	f.Float64("pass-mark", 0, "with --wait, exit 1 when the score is below it")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// drillRequest is the request to start a drill with run's settings; only
// the flags given are sent, so the daemon's defaults apply to the others.
func drillRequest(cmd *cobra.Command, plan string, o drillRunOptions) (apiv1.DrillRequest, error) {
	req := apiv1.DrillRequest{Plan: plan, ID: o.ID, Simulate: o.Simulate}
	if o.Live {
		req.Mode = edrill.ModeLive
	}
	if cmd.Flags().Changed("seed") {
		req.Seed = &o.Seed
	}
	if cmd.Flags().Changed("failure-rate") {
		req.FailureRate = o.FailureRate
	}
	if cmd.Flags().Changed("speed") {
		req.Speed = o.Speed
	}
	if len(o.As) > 0 {
		req.Assignments = map[string]string{}
		for _, as := range o.As {
			role, person, ok := strings.Cut(as, "=")
			if !ok || strings.TrimSpace(role) == "" || strings.TrimSpace(person) == "" {
				return apiv1.DrillRequest{}, usagef("--as %q: want ROLE=PERSON", as)
			}
			req.Assignments[strings.TrimSpace(role)] = strings.TrimSpace(person)
		}
	}
	return req, nil
}

// resultWait is how long one request for a drill's result waits; within
// the client's minute.
const resultWait = 30 * time.Second

// waitDrill asks for the drill's result until it has one.
func waitDrill(ctx context.Context, c *apiv1.Client, id string) (apiv1.DrillResult, error) {
	for {
		out, err := c.DrillResult(ctx, id, resultWait)
		if err != nil {
			return apiv1.DrillResult{}, daemonError(err)
		}
		if out.Result != nil {
			return *out.Result, nil
		}
		// The drill still runs.
		if err = ctx.Err(); err != nil {
			return apiv1.DrillResult{}, err
		}
	}
}
