package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/history"
)

// Reports is what the API reads of measured performance: the ticket
// history, the KPIs and the scorecards of closed periods, all computed
// from the recorded events.
type Reports interface {
	// History returns the records of the tickets created in [since,
	// until), drill tickets marked, oldest first; a zero bound is open.
	History(ctx context.Context, since, until time.Time) ([]history.Record, error)
	// KPIs returns the KPI card of period (engine/kpi's names; "" for the
	// last complete month) for the running configuration. A period that
	// does not parse is a *RejectedError.
	KPIs(ctx context.Context, period string) (apiv1.KPICard, error)
	// Scorecards lists the closed periods, newest first.
	Scorecards(ctx context.Context) ([]apiv1.ScorecardSummary, error)
	// Scorecard returns the stored scorecard of period; a period not
	// closed is ErrNotFound.
	Scorecard(ctx context.Context, period string) (apiv1.Scorecard, error)
	// Close closes period now and waits for it; a period closed before is
	// left as it is (Created false). A period that does not parse, or
	// has not ended, is a *RejectedError.
	Close(ctx context.Context, period string) (apiv1.Closed, error)
}

// reportsAvailable answers 503 when the daemon serves no reports.
func (s *Server) reportsAvailable(w http.ResponseWriter) bool {
	if s.Reports == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon computes no reports")
		return false
	}
	return true
}

// exportHistory answers GET /v1/history?since=&until= with the records of
// the tickets created in the range as JSON Lines.
func (s *Server) exportHistory(w http.ResponseWriter, r request) {
	q, ok := query(w, r, apiv1.QueryParams(apiv1.HistoryQuery{})...)
	if !ok || !s.reportsAvailable(w) {
		return
	}
	var bounds [2]time.Time
	for i, name := range []string{"since", "until"} {
		if !q.Has(name) {
			continue
		}
		t, err := time.Parse(time.RFC3339, q.Get(name))
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s: %q is not an RFC 3339 time (2026-11-01T00:00:00Z)", name, q.Get(name)))
			return
		}
		bounds[i] = t
	}
	if !bounds[0].IsZero() && !bounds[1].IsZero() && !bounds[0].Before(bounds[1]) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("until %s is not after since %s", q.Get("until"), q.Get("since")))
		return
	}
	records, err := s.Reports.History(r.Context(), bounds[0], bounds[1])
	if err != nil {
		s.serviceError(w, r, err, "", "export history")
		return
	}
	w.Header().Set("Content-Type", apiv1.ContentTypeJSONLines)
	w.WriteHeader(http.StatusOK)
	if err = history.Write(w, records); err != nil {
		s.Log.Error("write history", "principal", r.principal.ID, "error", err)
	}
}

// getKPIs answers GET /v1/kpis?period=&scope= with the KPI card of the
// period, its results cut to the scope.
func (s *Server) getKPIs(w http.ResponseWriter, r request) {
	q, ok := query(w, r, apiv1.QueryParams(apiv1.KPIQuery{})...)
	if !ok || !s.reportsAvailable(w) {
		return
	}
	card, err := s.Reports.KPIs(r.Context(), q.Get("period"))
	if err != nil {
		s.serviceError(w, r, err, "", "compute kpis")
		return
	}
	card.Results = inScope(card.Results, q.Get("scope"))
	writeJSON(w, http.StatusOK, card)
}

// inScope returns the results in scope: every result for "", those of one
// kind of scope for "team:*", else those of the scope named.
func inScope(results []apiv1.KPIResult, scope string) []apiv1.KPIResult {
	if scope == "" {
		return results
	}
	kind, each := strings.CutSuffix(scope, ":*")
	out := []apiv1.KPIResult{}
	for _, res := range results {
		if res.Scope == scope || each && strings.HasPrefix(res.Scope, kind+":") {
			out = append(out, res)
		}
	}
	return out
}

// listScorecards answers GET /v1/scorecards with the closed periods.
func (s *Server) listScorecards(w http.ResponseWriter, r request) {
	if !s.reportsAvailable(w) {
		return
	}
	list, err := s.Reports.Scorecards(r.Context())
	if err != nil {
		s.serviceError(w, r, err, "", "list scorecards")
		return
	}
	if list == nil {
		list = []apiv1.ScorecardSummary{}
	}
	writeJSON(w, http.StatusOK, apiv1.ScorecardList{Scorecards: list})
}

// getScorecard answers GET /v1/scorecards/{period} with its stored
// scorecard.
func (s *Server) getScorecard(w http.ResponseWriter, r request) {
	if !s.reportsAvailable(w) {
		return
	}
	period := r.PathValue("period")
	sc, err := s.Reports.Scorecard(r.Context(), period)
	if err != nil {
		s.serviceError(w, r, err, fmt.Sprintf("no scorecard of period %q: it has not been closed", period), "read scorecard")
		return
	}
	writeJSON(w, http.StatusOK, sc)
}

// closePeriod answers POST /v1/scorecards: 201 when it closed the period,
// 200 when the period was closed before.
func (s *Server) closePeriod(w http.ResponseWriter, r request) {
	body, ok := checkedBody(w, r, bodyRequired, func(apiv1.CloseRequest) *limitError { return nil })
	if !ok || !s.reportsAvailable(w) {
		return
	}
	if body.Period == "" {
		writeError(w, http.StatusBadRequest, "period: required (2026-11, 2026-W48, 2026-Q4, 2026-11-23)")
		return
	}
	closed, err := s.Reports.Close(r.Context(), body.Period)
	if err != nil {
		s.serviceError(w, r, err, "", "close period "+body.Period)
		return
	}
	status := http.StatusOK
	if closed.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, closed)
}
