package cli

import (
	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/kpi"
)

// daemonKPIs is kpi without --history: supportopsd computes the card of
// --period (or of the last complete month) from its events, cut to
// --scope, and kpi prints it as it prints an offline one.
func daemonKPIs(cmd *cobra.Command, o kpiOptions) error {
	srv := serverOptions{Server: o.Server, Token: o.Token}
	card, err := srv.client().KPIs(cmd.Context(), apiv1.KPIQuery{Period: o.Period, Scope: o.Scope})
	if err != nil {
		return daemonError(err)
	}
	cards := []kpi.Card{kpiCardOf(card)}
	if o.Output == outputJSON {
		return writeJSONLines(cmd.OutOrStdout(), cards)
	}
	return printCards(cmd.OutOrStdout(), cards)
}

// kpiCardOf is the daemon's card as engine/kpi has it.
func kpiCardOf(c apiv1.KPICard) kpi.Card {
	out := kpi.Card{Period: c.Period, Results: make([]kpi.Result, 0, len(c.Results))}
	for _, r := range c.Results {
		out.Results = append(out.Results, kpi.Result{KPI: r.KPI, Metric: r.Metric, Scope: r.Scope, Value: r.Value,
			Numerator: r.Numerator, Denominator: r.Denominator, Target: r.Target, Band: kpi.Band(r.Band),
			Direction: r.Direction, Period: c.Period})
	}
	return out
}
