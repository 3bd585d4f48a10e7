package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/policy"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// Drills is what the API does with drills: runs of emergency plans, as
// drills or live.
type Drills interface {
	// Start compiles the request's plan from the current configuration,
	// fills its roles and starts the run for owner. A request that cannot
	// start (an unknown plan or role, settings out of range, an id taken)
	// is a *RejectedError.
	Start(ctx context.Context, req DrillRequest, owner string) (DrillStarted, error)
	// List returns at most limit drills, newest first.
	List(ctx context.Context, limit int) ([]drillwf.Summary, error)
	// State returns the drill's live state; an unknown drill is
	// ErrNotFound.
	State(ctx context.Context, id string) (drillwf.State, error)
	// Update sends the workflow update name (drillwf.UpdateAck, ...) with
	// arg and returns the state after it; a refusal is a *RejectedError.
	Update(ctx context.Context, id, name string, arg any) (drillwf.State, error)
	// Result waits up to wait for the drill's result. While the drill
	// runs it returns no result and the state; a drill that ended without
	// a result is an *EndedError.
	Result(ctx context.Context, id string, wait time.Duration) (*edrill.Result, drillwf.State, error)
	// Plan returns the compiled plan the drill runs, as it started.
	Plan(ctx context.Context, id string) (edrill.Plan, error)
	// SyncSchedules makes the Temporal Schedules of recurring drills
	// match the current configuration's drill cadences. On an error some
	// plans may have been synced: the report says which.
	SyncSchedules(ctx context.Context) (ScheduleReport, error)
}

// ScheduleReport says what a sync of the drill schedules did. Every list
// holds plan ids, sorted; a plan's schedule id is "drill-schedule/<plan>".
type ScheduleReport struct {
	Created   []string `json:"created"`
	Updated   []string `json:"updated"`
	Deleted   []string `json:"deleted"`
	Unchanged []string `json:"unchanged"`
	// Cadences are the schedules as the configuration has them, created,
	// updated or unchanged, by plan.
	Cadences []edrill.Cadence `json:"cadences"`
}

// Changed reports whether the sync created, updated or deleted a schedule.
func (r ScheduleReport) Changed() bool {
	return len(r.Created)+len(r.Updated)+len(r.Deleted) > 0
}

// DrillRequest is the body of POST /v1/drills.
type DrillRequest struct {
	// Plan is the id of an emergency plan of the configuration.
	Plan string `json:"plan"`
	// ID is the drill's id; by default "D-<plan>-<8 hex digits>".
	ID string `json:"id,omitempty"`
	// Mode is drill (the default) or live.
	Mode edrill.Mode `json:"mode,omitempty"`
	// Simulate fills the roles with simulated participants, seeded with
	// Seed (random when not given), who never answer with the
	// probability FailureRate.
	Simulate    bool    `json:"simulate,omitempty"`
	Seed        *uint64 `json:"seed,omitempty"`
	FailureRate float64 `json:"failure_rate,omitempty"`
	// Speed runs the drill clock faster, 1 to 3600; by default 60 when
	// simulated, else 1 (real time).
	Speed float64 `json:"speed,omitempty"`
	// Assignments override who fills a role: role → person.
	Assignments map[string]string `json:"assignments,omitempty"`
}

// DrillStarted is the answer to POST /v1/drills.
type DrillStarted struct {
	ID    string      `json:"id"`
	Plan  string      `json:"plan"`
	Mode  edrill.Mode `json:"mode"`
	Speed float64     `json:"speed"`
	// Seed is the simulation's seed, to run the same drill again.
	Seed *uint64 `json:"seed,omitempty"`
	// Assignments are who fills each role; Unfilled the roles nobody
	// does, open to anyone.
	Assignments map[string]string `json:"assignments"`
	Unfilled    []string          `json:"unfilled"`
}

// StepRequest is the body of POST /v1/drills/{id}/steps/{step}/ack and
// .../done.
type StepRequest struct {
	Note string `json:"note,omitempty"`
	// Checklist are the checklist items ticked, by text or number from 1.
	Checklist []string `json:"checklist,omitempty"`
	// As answers for another person: only an ops_admin or the drill's
	// owner may.
	As string `json:"as,omitempty"`
}

// ControlRequest is the body of POST /v1/drills/{id}/abort, .../pause
// and .../resume.
type ControlRequest struct {
	// Reason is required to abort.
	Reason string `json:"reason,omitempty"`
	// As acts for another person, as in StepRequest.
	As string `json:"as,omitempty"`
}

// EndedError is a drill that ended without a result (its workflow failed
// or was terminated), with the reason; the API answers 409.
type EndedError struct{ Reason string }

func (e *EndedError) Error() string { return e.Reason }

// ReportHeader says whether a report is of a drill that has ended
// ("final") or of one still running ("provisional").
const ReportHeader = "Supportops-Report"

// maxResultWait is the longest ?wait= of GET /v1/drills/{id}/result.
const maxResultWait = 10 * time.Minute

// drillRoutes adds the drill routes.
func (s *Server) drillRoutes(route func(string, http.HandlerFunc)) {
	route("POST /v1/drills", s.auth(policy.ActionDrillsStart, s.startDrill))
	route("POST /v1/drills/schedules/sync", s.auth(policy.ActionDrillsStart, s.syncSchedules))
	route("GET /v1/drills", s.auth(policy.ActionDrillsAct, s.listDrills))
	route("GET /v1/drills/{id}", s.drillAuth(policy.ActionDrillsAct, s.getDrill))
	route("POST /v1/drills/{id}/steps/{step}/ack", s.drillAuth(policy.ActionDrillsAct, s.stepUpdate(drillwf.UpdateAck)))
	route("POST /v1/drills/{id}/steps/{step}/done", s.drillAuth(policy.ActionDrillsAct, s.stepUpdate(drillwf.UpdateDone)))
	route("POST /v1/drills/{id}/abort", s.drillAuth(policy.ActionDrillsAct, s.controlUpdate(drillwf.UpdateAbort)))
	route("POST /v1/drills/{id}/pause", s.drillAuth(policy.ActionDrillsAct, s.controlUpdate(drillwf.UpdatePause)))
	route("POST /v1/drills/{id}/resume", s.drillAuth(policy.ActionDrillsAct, s.controlUpdate(drillwf.UpdateResume)))
	route("GET /v1/drills/{id}/result", s.drillAuth(policy.ActionReportsRead, s.drillResult))
	route("GET /v1/drills/{id}/report", s.drillAuth(policy.ActionReportsRead, s.drillReport))
}

// drillAuth authenticates and authorises action on a drill route. auth
// leaves routes with an {id} to their handler (a ticket's are authorised
// on the ticket); a drill's are authorised on the action alone.
func (s *Server) drillAuth(action string, h func(http.ResponseWriter, request)) http.HandlerFunc {
	return s.auth(action, func(w http.ResponseWriter, r request) {
		if r.PathValue("id") != "" && !s.allowed(w, r, action, nil) {
			return
		}
		if s.Drills == nil {
			writeError(w, http.StatusServiceUnavailable, "this daemon runs no drills")
			return
		}
		h(w, r)
	})
}

func (s *Server) startDrill(w http.ResponseWriter, r request) {
	if s.Drills == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon runs no drills")
		return
	}
	var body DrillRequest
	if !decode(w, r.Request, &body) || refuse(w, checkDrillRequest(body)) {
		return
	}
	started, err := s.Drills.Start(r.Context(), body, r.principal.ID)
	if err != nil {
		s.drillError(w, r, body.ID, "start", err)
		return
	}
	writeJSON(w, http.StatusCreated, started)
}

// syncSchedules answers POST /v1/drills/schedules/sync with what it did
// to the schedules of recurring drills; on a failure, 500 with the error
// and the report of what was done before it.
func (s *Server) syncSchedules(w http.ResponseWriter, r request) {
	if s.Drills == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon runs no drills")
		return
	}
	rep, err := s.Drills.SyncSchedules(r.Context())
	if err != nil {
		s.Log.Error("sync drill schedules", "principal", r.principal.ID, "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "sync drill schedules: " + err.Error(), "report": rep})
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// listDrills answers GET /v1/drills?limit= with the drills, newest first.
func (s *Server) listDrills(w http.ResponseWriter, r request) {
	if s.Drills == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon runs no drills")
		return
	}
	q, ok := query(w, r, "limit")
	if !ok {
		return
	}
	limit := defaultListLimit
	if q.Has("limit") {
		n, perr := strconv.Atoi(q.Get("limit"))
		if perr != nil || n < 1 || n > maxListLimit {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("limit: %q is not a number from 1 to %d", q.Get("limit"), maxListLimit))
			return
		}
		limit = n
	}
	drills, err := s.Drills.List(r.Context(), limit)
	if err != nil {
		s.internal(w, r, fmt.Errorf("list drills: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"drills": drills})
}

func (s *Server) getDrill(w http.ResponseWriter, r request) {
	st, err := s.Drills.State(r.Context(), r.PathValue("id"))
	if err != nil {
		s.drillError(w, r, r.PathValue("id"), "read", err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// stepUpdate acknowledges (name drillwf.UpdateAck) or completes a step.
func (s *Server) stepUpdate(name string) func(http.ResponseWriter, request) {
	return func(w http.ResponseWriter, r request) {
		var body StepRequest
		if r.ContentLength != 0 && !decode(w, r.Request, &body) || refuse(w, checkStepRequest(body)) {
			return
		}
		id := r.PathValue("id")
		by, ok := s.drillActor(w, r, id, body.As)
		if !ok {
			return
		}
		u := drillwf.StepUpdate{Step: r.PathValue("step"), By: by, Note: body.Note, Checked: body.Checklist}
		s.sendDrillUpdate(w, r, id, name, u)
	}
}

// controlUpdate aborts, pauses or resumes a drill.
func (s *Server) controlUpdate(name string) func(http.ResponseWriter, request) {
	return func(w http.ResponseWriter, r request) {
		var body ControlRequest
		if r.ContentLength != 0 && !decode(w, r.Request, &body) || refuse(w, checkControlRequest(body)) {
			return
		}
		id := r.PathValue("id")
		by, ok := s.drillActor(w, r, id, body.As)
		if !ok {
			return
		}
		s.sendDrillUpdate(w, r, id, name, drillwf.Control{By: by, Reason: body.Reason})
	}
}

func (s *Server) sendDrillUpdate(w http.ResponseWriter, r request, id, name string, arg any) {
	st, err := s.Drills.Update(r.Context(), id, name, arg)
	if err != nil {
		s.drillError(w, r, id, name, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// drillActor is who acts on the drill: the principal, or the person as
// names when the principal is an ops_admin or the drill's owner.
func (s *Server) drillActor(w http.ResponseWriter, r request, id, as string) (string, bool) {
	if as == "" || as == r.principal.ID || slices.Contains(r.principal.Roles, "ops_admin") {
		if as == "" {
			as = r.principal.ID
		}
		return as, true
	}
	st, err := s.Drills.State(r.Context(), id)
	if err != nil {
		s.drillError(w, r, id, "read", err)
		return "", false
	}
	if st.Owner != r.principal.ID {
		writeJSON(w, http.StatusForbidden, errorBody{Error: "forbidden", Reasons: []string{
			fmt.Sprintf("%s may not act as %s: only an ops_admin or the drill's owner (%s) may act for someone else", r.principal.ID, as, st.Owner),
		}})
		return "", false
	}
	return as, true
}

// drillResult answers GET /v1/drills/{id}/result?wait=DURATION: 200 with
// the result once the drill has ended, waiting up to wait for it; 202
// with the state while it runs.
func (s *Server) drillResult(w http.ResponseWriter, r request) {
	q, ok := query(w, r, "wait")
	if !ok {
		return
	}
	var wait time.Duration
	if q.Has("wait") {
		d, perr := time.ParseDuration(q.Get("wait"))
		if perr != nil || d < 0 || d > maxResultWait {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("wait: %q is not a duration from 0s to %s", q.Get("wait"), maxResultWait))
			return
		}
		wait = d
	}
	id := r.PathValue("id")
	res, st, err := s.Drills.Result(r.Context(), id, wait)
	switch {
	case err != nil:
		s.drillError(w, r, id, "read the result of", err)
	case res == nil:
		writeJSON(w, http.StatusAccepted, st)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// Report formats and their content types.
var reportTypes = map[string]string{
	"md":   "text/markdown; charset=utf-8",
	"html": "text/html; charset=utf-8",
	"json": "application/json",
}

// drillReport answers GET /v1/drills/{id}/report?format=md|html|json:
// the report of the result once the drill has ended, else of the result
// it would have now (see drillwf.State.Provisional); ReportHeader says
// which.
func (s *Server) drillReport(w http.ResponseWriter, r request) {
	q, ok := query(w, r, "format")
	if !ok {
		return
	}
	format := q.Get("format")
	if format == "" {
		format = "md"
	}
	ctype, known := reportTypes[format]
	if !known {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("format: %q is not md, html or json", format))
		return
	}
	id := r.PathValue("id")
	res, st, err := s.Drills.Result(r.Context(), id, 0)
	if err != nil {
		s.drillError(w, r, id, "read the result of", err)
		return
	}
	plan, err := s.Drills.Plan(r.Context(), id)
	if err != nil {
		s.drillError(w, r, id, "read the plan of", err)
		return
	}
	kind := "final"
	if res == nil {
		p := st.Provisional(&plan)
		res, kind = &p, "provisional"
	}
	var buf bytes.Buffer
	switch format {
	case "md":
		err = edrill.Markdown(&buf, *res, &plan)
	case "html":
		err = edrill.HTML(&buf, *res, &plan)
	default:
		err = edrill.JSON(&buf, *res)
	}
	if err != nil {
		s.internal(w, r, fmt.Errorf("render the report of drill %s: %w", id, err))
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set(ReportHeader, kind)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// drillError answers for an error of the drills service about drill id.
func (s *Server) drillError(w http.ResponseWriter, r request, id, action string, err error) {
	var rej *RejectedError
	var ended *EndedError
	switch {
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no drill %q", id))
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
	case errors.As(err, &ended):
		writeError(w, http.StatusConflict, ended.Reason)
	default:
		s.internal(w, r, fmt.Errorf("%s drill %s: %w", action, id, err))
	}
}

// query parses the query string, answering 400 for a parameter not in
// known or given twice.
func query(w http.ResponseWriter, r request, known ...string) (url.Values, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "malformed query string: "+err.Error())
		return nil, false
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(known, k) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q (want %s)", k, strings.Join(known, ", ")))
			return nil, false
		}
		if len(q[k]) > 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter %q given %d times", k, len(q[k])))
			return nil, false
		}
	}
	return q, true
}
