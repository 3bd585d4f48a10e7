package apiv1

import "context"

// History returns the ticket history of the tickets created in the
// query's range as JSON Lines, one engine/history.Record a line (GET
// /v1/history).
func (c *Client) History(ctx context.Context, q HistoryQuery) ([]byte, error) {
	a, err := c.do(ctx, call{route: OpHistory, query: Query(q)})
	return a.body, err
}

// KPIs returns the KPI card of a period computed from the daemon's events
// (GET /v1/kpis).
func (c *Client) KPIs(ctx context.Context, q KPIQuery) (KPICard, error) {
	return decode[KPICard](ctx, c, call{route: OpKPIs, query: Query(q)})
}

// Scorecards lists the scorecards of closed periods, newest first (GET
// /v1/scorecards).
func (c *Client) Scorecards(ctx context.Context) (ScorecardList, error) {
	return decode[ScorecardList](ctx, c, call{route: OpListScorecards})
}

// Scorecard returns the stored scorecard of a closed period (GET
// /v1/scorecards/{period}).
func (c *Client) Scorecard(ctx context.Context, period string) (Scorecard, error) {
	return decode[Scorecard](ctx, c, call{route: OpScorecard, values: []string{period}})
}

// ClosePeriod closes a period now (POST /v1/scorecards); a period closed
// before is left as it is, and the answer says so (Created false).
func (c *Client) ClosePeriod(ctx context.Context, period string) (Closed, error) {
	return decode[Closed](ctx, c, call{route: OpCloseScorecard, body: CloseRequest{Period: period}})
}
