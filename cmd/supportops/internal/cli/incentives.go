package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// incentivesOptions are the settings of incentives.
type incentivesOptions struct {
	Config  string `mapstructure:"config"`
	History string `mapstructure:"history"`
	Period  string `mapstructure:"period"`
	Output  string `mapstructure:"output"`
}

func newIncentivesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "incentives",
		Short: "Evaluate the configuration's incentives over a ticket history, offline: awards, near misses, payout approvals",
		Long: `incentives evaluates every incentive of the configuration over a ticket
history file (--history, as for "supportops kpi") without a daemon: the KPI
results and event counts of the period decide who earns what, with the reason
for each award, how a tie at a top-N cut was broken, and the near misses
(recipients who missed a reward by one condition). A payout that requires
approval is decided by the configuration's approval policy (incentive_payout,
requested by the period close): its status and the levels that must approve.

With --period it evaluates the incentives whose period kind is the period's
kind; without, the last complete period of each kind the incentives use.
` + periodHelp + `

--output json prints one JSON object a line, one line a period:
{"period", "awards": [{"incentive", "name", "recipient", "rank", "reward",
"reason", "tie", "approval"}], "near_misses": [{"incentive", "name",
"recipient", "reason"}]}.

Exit codes: 0 evaluated, 1 the history or configuration is invalid (every bad
line as FILE:LINE: field: message), 2 usage error.`,
		Example: `  supportops incentives --config examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz --period 2026-11
  supportops incentives --config examples/acme-shop --history history.jsonl --output json`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o incentivesOptions) error {
			m, err := measureHistory(cmd, o.Config, o.History)
			if err != nil {
				return err
			}
			periods, err := m.incentivePeriods(o.Period)
			if err != nil {
				return err
			}
			cfg := m.bundle.Snapshot.Config
			var outs []incentive.Outcome
			for _, p := range periods {
				out := incentive.Evaluate(cfg, m.tally.Card(p), m.counter.Counts(p))
				if err := incentive.Approve(cmd.Context(), m.bundle.Engine, &out); err != nil {
					return err
				}
				outs = append(outs, out)
			}
			if o.Output == outputJSON {
				return writeJSONLines(cmd.OutOrStdout(), outs)
			}
			return printOutcomes(cmd.OutOrStdout(), outs)
		}),
	}
	f := cmd.Flags()
	f.String("config", ".", "configuration repository")
	f.String("history", "", "ticket history file (.jsonl, .csv, optionally .gz)")
	f.String("period", "", "period to evaluate (default: the last complete period of each kind)")
	outputFlag(f, outputText, outputJSON)
	return cmd
}

// incentivePeriods are the periods to evaluate: the one --period names,
// else the last complete period of each kind an incentive uses.
func (m *measured) incentivePeriods(flag string) ([]kpi.Period, error) {
	if flag != "" {
		return m.periods(flag)
	}
	used := map[kpi.Kind]bool{}
	for _, in := range m.bundle.Snapshot.Config.Incentives {
		used[kpi.Kind(in.Period)] = true
	}
	var out []kpi.Period
	for _, k := range []kpi.Kind{kpi.Day, kpi.Week, kpi.Month, kpi.Quarter, kpi.Year} {
		if !used[k] {
			continue
		}
		if p, ok := m.tally.Latest(k); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// printOutcomes prints, per period, the awards and the near misses.
func printOutcomes(w io.Writer, outs []incentive.Outcome) error {
	for i, o := range outs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		misses := fmt.Sprintf("%d near misses", len(o.NearMisses))
		if len(o.NearMisses) == 1 {
			misses = "1 near miss"
		}
		fmt.Fprintf(w, "Period %s: %s, %s\n", o.Period, plural(len(o.Awards), "award"), misses)
		if len(o.Awards) > 0 {
			err := printTable(w, "INCENTIVE\tRECIPIENT\tRANK\tREWARD\tAPPROVAL\tREASON", o.Awards, func(a incentive.Award) []string {
				rank := "-"
				if a.Rank > 0 {
					rank = fmt.Sprint(a.Rank)
				}
				reason := a.Reason
				if a.Tie != "" {
					reason += " (tie: " + a.Tie + ")"
				}
				return []string{a.Name, a.Recipient, rank, rewardText(a.Reward), approvalText(a.Approval), reason}
			})
			if err != nil {
				return err
			}
		}
		if len(o.NearMisses) > 0 {
			fmt.Fprintln(w, "Near misses:")
			for _, n := range o.NearMisses {
				fmt.Fprintf(w, "  %s  %s\n", n.Recipient, n.Reason)
			}
		}
	}
	return nil
}

// rewardText is a reward as "400 EUR", "10 points" or the award's name.
func rewardText(r model.Reward) string {
	var parts []string
	if r.Bonus != 0 {
		parts = append(parts, strings.TrimSpace(formatNumber(r.Bonus)+" "+r.Currency))
	}
	if r.Points != 0 {
		parts = append(parts, plural(r.Points, "point"))
	}
	if r.Award != "" {
		parts = append(parts, r.Award)
	}
	return orDash(strings.Join(parts, ", "))
}

// approvalText is a payout's approval: its status and the levels that
// must approve; "-" for a reward that needs none.
func approvalText(a *incentive.Approval) string {
	if a == nil {
		return "-"
	}
	if len(a.Levels) == 0 {
		return a.Status
	}
	return a.Status + " (" + strings.Join(a.Levels, ", ") + ")"
}
