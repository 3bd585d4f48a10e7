package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/staffing"
)

// erlangOptions are the settings of staffing erlang. Volume, agents and
// within are read as strings so that an unset flag is told from a zero.
type erlangOptions struct {
	Volume       string        `mapstructure:"volume"`
	Interval     time.Duration `mapstructure:"interval"`
	AHT          time.Duration `mapstructure:"aht"`
	Target       string        `mapstructure:"target"`
	Agents       string        `mapstructure:"agents"`
	Within       string        `mapstructure:"within"`
	Shrinkage    float64       `mapstructure:"shrinkage"`
	MaxOccupancy float64       `mapstructure:"max-occupancy"`
	Patience     time.Duration `mapstructure:"patience"`
	ASA          time.Duration `mapstructure:"asa"`
	Concurrency  int           `mapstructure:"concurrency"`
	Output       string        `mapstructure:"output"`
}

// erlangResult is what staffing erlang prints with --output json: exactly
// these keys, abandon_rate only under Erlang A (with --patience).
type erlangResult struct {
	Agents              int      `json:"agents"`
	AgentsWithShrinkage int      `json:"agents_with_shrinkage"`
	ServiceLevel        float64  `json:"service_level"`
	PWait               float64  `json:"p_wait"`
	ASASeconds          float64  `json:"asa_seconds"`
	Occupancy           float64  `json:"occupancy"`
	AbandonRate         *float64 `json:"abandon_rate,omitempty"`
}

// erlangDecimals is the decimals the results are rounded to: beyond what
// anyone staffs by, and short of the last bits, which may differ between
// CPUs (fused multiply-adds).
const erlangDecimals = 1e6

func newStaffingErlangCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "erlang",
		Short: "Agents needed for a service level, or what a number of agents reaches",
		Long: `erlang is the staffing calculator for one queue and one interval: --volume
contacts offered in --interval, each taking --aht to handle.

With --target PCT/DURATION (80/20s: 80 % answered within 20 s; a bare number is
seconds) it prints the smallest number of agents meeting it, and also
--asa (average speed of answer at most) and --max-occupancy (percent busy at
most) when given. With --agents N --within DURATION it prints what N agents
reach. --shrinkage PCT (breaks, training, meetings) turns the agents on the
phones into the roster headcount: ceil(agents ÷ (1 − shrinkage)).

Without --patience the model is Erlang C (customers wait as long as it takes);
with --patience, the customers' average patience, it is Erlang A (Palm's
M/M/n+M): those who hang up shorten the queue, so fewer agents are needed, and
the abandon rate is printed; a contact that hangs up within the answer time is
not counted against the service level. --concurrency K (chat) treats an agent
holding K contacts at once as one agent K times as fast: the traffic is
divided by K (give the AHT observed under concurrency).

Exit codes: 0 the result, 1 a target no number of agents reaches (or --agents
too few to keep up), 2 bad input.`,
		Example: `  supportops staffing erlang --volume 100 --interval 30m --aht 180s --target 80/20s --shrinkage 30 --max-occupancy 85
  supportops staffing erlang --volume 100 --interval 30m --aht 180s --target 80/20s --patience 2m --output json
  supportops staffing erlang --volume 100 --interval 30m --aht 180s --agents 13 --within 20s`,
		Args: cobra.NoArgs,
		RunE: withOptions(a, runStaffingErlang),
	}
	fs := cmd.Flags()
	fs.String("volume", "", "contacts offered in the interval (required, 0 or more)")
	fs.Duration("interval", 0, "the interval's length, e.g. 30m (required)")
	fs.Duration("aht", 0, "average handle time, e.g. 180s (required)")
	fs.String("target", "", "service-level target PCT/DURATION, e.g. 80/20s: print the agents needed")
	fs.String("agents", "", "a number of agents: print what they reach (with --within)")
	fs.String("within", "", "the answer time for --agents, e.g. 20s")
	fs.Float64("shrinkage", 0, "percent of paid time off the phones (breaks, training), 0 to under 100")
	fs.Float64("max-occupancy", 0, "with --target: percent of time agents may be busy at most, e.g. 85")
	fs.Duration("patience", 0, "customers' average patience before hanging up, e.g. 2m (then Erlang A)")
	fs.Duration("asa", 0, "with --target: average speed of answer at most, e.g. 15s")
	fs.Int("concurrency", 1, "contacts an agent handles at once (chat)")
	outputFlag(fs, outputText, outputJSON)
	return cmd
}

// runStaffingErlang runs staffing erlang: checks the flags (usage errors,
// exit 2), solves or evaluates, and reports an unreachable target or too
// few agents as a finding (exit 1).
func runStaffingErlang(cmd *cobra.Command, _ []string, opts erlangOptions) error {
	load, err := opts.load()
	if err != nil {
		return err
	}
	var (
		out    staffing.Outcome
		goal   staffing.Goal
		within time.Duration
	)
	if goal, within, err = opts.mode(); err != nil {
		return err
	}
	if opts.Target != "" {
		out, err = staffing.Required(load, goal)
	} else {
		n, _ := strconv.Atoi(opts.Agents) // checked by mode
		out, err = staffing.Reach(load, n, within)
	}
	switch {
	case errors.Is(err, staffing.ErrUnreachable):
		fmt.Fprintf(cmd.ErrOrStderr(), "supportops: --target %s: %v\n", opts.Target, err)
		return errFindings
	case errors.Is(err, staffing.ErrOverloaded):
		fmt.Fprintf(cmd.ErrOrStderr(), "supportops: --agents %s: %v: the queue grows without end (Erlang C; --patience models customers who hang up)\n", opts.Agents, err)
		return errFindings
	case err != nil:
		return usagef("%w", err)
	}
	res := erlangResult{
		Agents:              out.Agents,
		AgentsWithShrinkage: staffing.WithShrinkage(out.Agents, opts.Shrinkage),
		ServiceLevel:        roundErlang(out.ServiceLevel),
		PWait:               roundErlang(out.PWait),
		ASASeconds:          roundErlang(out.ASASeconds),
		Occupancy:           roundErlang(out.Occupancy),
	}
	if out.AbandonRate != nil {
		ab := roundErlang(*out.AbandonRate)
		res.AbandonRate = &ab
	}
	return render(cmd, opts.Output, res, func(w io.Writer) error {
		return writeErlangText(w, opts, load, goal, within, res)
	})
}

// load checks the load's flags and returns the load.
func (o erlangOptions) load() (staffing.Load, error) {
	if o.Volume == "" {
		return staffing.Load{}, usagef("--volume is required: the contacts offered in the interval")
	}
	v, err := strconv.ParseFloat(o.Volume, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return staffing.Load{}, usagef("--volume %q is not a number", o.Volume)
	}
	switch {
	case v < 0:
		return staffing.Load{}, usagef("--volume %s is negative", o.Volume)
	case o.Interval <= 0:
		return staffing.Load{}, usagef("--interval must be a positive duration such as 30m")
	case o.AHT <= 0:
		return staffing.Load{}, usagef("--aht must be a positive duration such as 180s")
	case o.Patience < 0:
		return staffing.Load{}, usagef("--patience %s is negative", o.Patience)
	case o.Concurrency < 1:
		return staffing.Load{}, usagef("--concurrency %d: an agent handles at least 1 contact at once", o.Concurrency)
	case math.IsNaN(o.Shrinkage) || o.Shrinkage < 0 || o.Shrinkage >= 100:
		return staffing.Load{}, usagef("--shrinkage %v is not a percent from 0 to under 100", o.Shrinkage)
	}
	return staffing.Load{Contacts: v, Interval: o.Interval, AHT: o.AHT, Patience: o.Patience, Concurrency: o.Concurrency}, nil
}

// mode checks that exactly one of --target and --agents is given, with
// the flags that go with it, and returns the goal (--target) or the
// answer time (--agents).
func (o erlangOptions) mode() (staffing.Goal, time.Duration, error) {
	switch {
	case o.Target != "" && o.Agents != "":
		return staffing.Goal{}, 0, usagef("give either --target (the agents needed) or --agents (what they reach), not both")
	case o.Target == "" && o.Agents == "":
		return staffing.Goal{}, 0, usagef("give --target PCT/DURATION (the agents needed) or --agents N --within DURATION (what they reach)")
	case o.Target != "":
		if o.Within != "" {
			return staffing.Goal{}, 0, usagef("--within goes with --agents; --target carries its own answer time (80/20s)")
		}
		g, err := staffing.ParseTarget(o.Target)
		if err != nil {
			return staffing.Goal{}, 0, usagef("--%w", err)
		}
		if o.ASA < 0 {
			return staffing.Goal{}, 0, usagef("--asa %s is negative", o.ASA)
		}
		if math.IsNaN(o.MaxOccupancy) || o.MaxOccupancy < 0 || o.MaxOccupancy > 100 {
			return staffing.Goal{}, 0, usagef("--max-occupancy %v is not a percent from 0 to 100", o.MaxOccupancy)
		}
		g.ASA, g.MaxOccupancy = o.ASA, o.MaxOccupancy
		return g, g.Within, nil
	}
	n, err := strconv.Atoi(o.Agents)
	if err != nil || n < 1 {
		return staffing.Goal{}, 0, usagef("--agents %q is not a number of agents of 1 or more", o.Agents)
	}
	if o.ASA != 0 || o.MaxOccupancy != 0 {
		return staffing.Goal{}, 0, usagef("--asa and --max-occupancy are goals: they go with --target")
	}
	if o.Within == "" {
		return staffing.Goal{}, 0, usagef("--agents needs --within DURATION, the answer time the service level counts")
	}
	d, err := time.ParseDuration(o.Within)
	if err != nil || d < 0 {
		return staffing.Goal{}, 0, usagef("--within %q is not a duration of 0 or more such as 20s", o.Within)
	}
	return staffing.Goal{}, d, nil
}

// roundErlang rounds a result to erlangDecimals.
func roundErlang(x float64) float64 {
	return math.Round(x*erlangDecimals) / erlangDecimals
}

// writeErlangText prints the result for people: the model and the load,
// then a line a figure.
func writeErlangText(w io.Writer, o erlangOptions, l staffing.Load, g staffing.Goal, within time.Duration, r erlangResult) error {
	model := "Erlang C"
	if l.Patience > 0 {
		model = "Erlang A, patience " + l.Patience.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s contacts in %s, AHT %s", model, o.Volume, l.Interval, l.AHT)
	if l.Concurrency > 1 {
		fmt.Fprintf(&b, ", %d at once", l.Concurrency)
	}
	fmt.Fprintf(&b, ": %s Erlangs\n", strconv.FormatFloat(roundErlang(l.Erlangs()), 'f', -1, 64))
	if o.Target != "" {
		fmt.Fprintf(&b, "target: %s%% within %s", strconv.FormatFloat(g.ServiceLevel, 'f', -1, 64), within)
		if o.ASA > 0 {
			fmt.Fprintf(&b, ", ASA at most %s", o.ASA)
		}
		if o.MaxOccupancy > 0 {
			fmt.Fprintf(&b, ", occupancy at most %s%%", strconv.FormatFloat(o.MaxOccupancy, 'f', -1, 64))
		}
		b.WriteString("\n")
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "agents\t%d\n", r.Agents)
	fmt.Fprintf(tw, "agents with shrinkage\t%d\t(%s%% shrinkage)\n", r.AgentsWithShrinkage, strconv.FormatFloat(o.Shrinkage, 'f', -1, 64))
	fmt.Fprintf(tw, "service level\t%.1f%%\t(within %s)\n", r.ServiceLevel, within)
	fmt.Fprintf(tw, "probability of waiting\t%.3f\n", r.PWait)
	fmt.Fprintf(tw, "average speed of answer\t%.1fs\n", r.ASASeconds)
	fmt.Fprintf(tw, "occupancy\t%.1f%%\n", r.Occupancy)
	if r.AbandonRate != nil {
		fmt.Fprintf(tw, "abandon rate\t%.1f%%\n", *r.AbandonRate)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
