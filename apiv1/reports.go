package apiv1

import (
	"net/http"
	"time"

	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/model"
)

// The paths of the routes of measured performance: the ticket history,
// the KPIs and the scorecards of closed periods.
const (
	PathHistory    = "/v1/history"
	PathKPIs       = "/v1/kpis"
	PathScorecards = "/v1/scorecards"
	PathScorecard  = "/v1/scorecards/{period}"
)

// The names of the routes of measured performance.
const (
	OpHistory        = "exportHistory"
	OpKPIs           = "getKPIs"
	OpListScorecards = "listScorecards"
	OpScorecard      = "getScorecard"
	OpCloseScorecard = "closePeriod"
)

// ContentTypeJSONLines is the media type of the ticket history: JSON
// Lines, one ticket record (engine/history.Record) a line.
const ContentTypeJSONLines = "application/jsonl"

// HistoryQuery are the query parameters of GET /v1/history: the records
// of the tickets created in [Since, Until), both RFC 3339 and optional.
type HistoryQuery struct {
	Since string `query:"since"`
	Until string `query:"until"`
}

// KPIQuery are the query parameters of GET /v1/kpis.
type KPIQuery struct {
	// Period is a period as engine/kpi names it: 2026-11-23 (day),
	// 2026-W48 (ISO week), 2026-11 (month), 2026-Q4, 2026 (year). Left
	// out, the last complete month in the events.
	Period string `query:"period"`
	// Scope keeps only the results of one scope ("team:after-sales") or
	// of one kind of scope ("team:*"); left out, every scope.
	Scope string `query:"scope"`
}

// KPIResult is one KPI in one concrete scope and period, as
// engine/kpi.Result has it on the wire.
type KPIResult struct {
	KPI    string `json:"kpi"`
	Metric string `json:"metric"`
	// Scope is concrete: "center", "team:after-sales", never "team:*".
	Scope string `json:"scope"`
	// Value is null when nothing counts (band no_data).
	Value       *float64 `json:"value"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Target      float64  `json:"target"`
	// Band is excellent, good, ok, below or no_data.
	Band string `json:"band"`
	// Direction is the KPI's, "higher" or "lower" (which way is better),
	// in GET /v1/kpis; a stored scorecard's KPIs say it instead.
	Direction string `json:"direction,omitempty"`
}

// KPICard is every KPI result of one period (engine/kpi.Card), the answer
// of GET /v1/kpis.
type KPICard struct {
	Period string `json:"period"`
	// Results are sorted by KPI id, then scope.
	Results []KPIResult `json:"results"`
}

// Award is one incentive reward earned (engine/incentive.Award).
type Award struct {
	Incentive string `json:"incentive"`
	Name      string `json:"name"`
	// Recipient is "agent:ID" or "team:ID".
	Recipient string       `json:"recipient"`
	Rank      int          `json:"rank,omitempty"`
	Reward    model.Reward `json:"reward"`
	Reason    string       `json:"reason"`
	// Tie says how a tie at the cut was broken.
	Tie string `json:"tie,omitempty"`
	// Approval is the approval policy's decision on a payout that
	// requires approval.
	Approval *AwardApproval `json:"approval,omitempty"`
}

// AwardApproval is how the approval policy decided an incentive_payout.
type AwardApproval struct {
	Status  string   `json:"status"`
	Levels  []string `json:"levels,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
}

// NearMiss is a recipient who missed a reward by one condition.
type NearMiss struct {
	Incentive string `json:"incentive"`
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
	// Reason is like "missed Service star: csat 4.7 < 4.8".
	Reason string `json:"reason"`
}

// IncentiveOutcome is the incentives of one period
// (engine/incentive.Outcome).
type IncentiveOutcome struct {
	Period     string     `json:"period"`
	Awards     []Award    `json:"awards"`
	NearMisses []NearMiss `json:"near_misses"`
}

// Scorecard is the stored scorecard of a closed period
// (engine/scorecard.Scorecard): its KPI results, their trend over the
// periods before it and the incentives, the answer of GET
// /v1/scorecards/{period}.
type Scorecard struct {
	Center string  `json:"center"`
	Period string  `json:"period"`
	Card   KPICard `json:"card"`
	// Trend are the earlier periods of the same kind, oldest first.
	Trend      []KPICard        `json:"trend"`
	Incentives IncentiveOutcome `json:"incentives"`
	// Weekly holds, for a month, quarter or year, the cards of the weeks
	// wholly within it, oldest first (a week that runs over the period's
	// start or end is left out).
	Weekly []KPICard `json:"weekly,omitempty"`
	// KPIs are the configured KPIs, sorted by id.
	KPIs []ScorecardKPI `json:"kpis"`
	// Teams are the configured teams, sorted by id.
	Teams []Named `json:"teams"`
	// Names are the display names of teams and agents, keyed by scope
	// ("team:ID", "agent:ID").
	Names map[string]string `json:"names,omitempty"`
}

// ScorecardKPI is a configured KPI and its id.
type ScorecardKPI struct {
	ID string `json:"id"`
	model.KPI
}

// Named is an id and its display name.
type Named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ScorecardSummary is one closed period in the list of scorecards.
type ScorecardSummary struct {
	Period string `json:"period"`
	// ComputedAt is when the period was closed.
	ComputedAt time.Time `json:"computed_at"`
	// ConfigVersion is the configuration version it was computed with.
	ConfigVersion string `json:"config_version"`
	// Results, Awards and NearMisses count what the scorecard holds.
	Results    int `json:"results"`
	Awards     int `json:"awards"`
	NearMisses int `json:"near_misses"`
}

// ScorecardList is the answer of GET /v1/scorecards: the closed periods,
// newest first.
type ScorecardList struct {
	Scorecards []ScorecardSummary `json:"scorecards"`
}

// CloseRequest is the body of POST /v1/scorecards: the period to close
// now, as engine/kpi names it (2026-11, 2026-W48, ...).
type CloseRequest struct {
	Period string `json:"period"`
}

// Closed is the answer of POST /v1/scorecards: the period's scorecard and
// whether this request closed it (false: it was closed before, and
// nothing changed).
type Closed struct {
	Scorecard ScorecardSummary `json:"scorecard"`
	Created   bool             `json:"created"`
}

// reportRoutes are the routes of the ticket history, the KPIs and the
// scorecards.
func reportRoutes(ok func(any) []Answer) []Route {
	get := http.MethodGet
	read := access.ActionReportsRead
	return []Route{
		{Name: OpHistory, Method: get, Path: PathHistory, Action: read,
			Summary: "Export the ticket history: one record per ticket created in [since, until), drill tickets marked",
			Query:   HistoryQuery{},
			Answers: []Answer{{Status: http.StatusOK, ContentTypes: []string{ContentTypeJSONLines},
				Description: "JSON Lines, one ticket record a line, oldest first"}}},
		{Name: OpKPIs, Method: get, Path: PathKPIs, Action: read,
			Summary: "Compute the KPI card of a period from the recorded events", Query: KPIQuery{}, Answers: ok(KPICard{})},
		{Name: OpListScorecards, Method: get, Path: PathScorecards, Action: read,
			Summary: "List the scorecards of closed periods, newest first", Answers: ok(ScorecardList{})},
		{Name: OpScorecard, Method: get, Path: PathScorecard, Action: read,
			Summary: "Read the stored scorecard of a closed period", Answers: ok(Scorecard{})},
		{Name: OpCloseScorecard, Method: http.MethodPost, Path: PathScorecards, Action: access.ActionConfigReload,
			Summary: "Close a period now: compute, store and reward its scorecard; a period closed before is left as it is",
			Request: CloseRequest{}, Answers: []Answer{
				{Status: http.StatusCreated, Body: Closed{}, Description: "closed now"},
				{Status: http.StatusOK, Body: Closed{}, Description: "closed before; nothing changed"},
			}},
	}
}
