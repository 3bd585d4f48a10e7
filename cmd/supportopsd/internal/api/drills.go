package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// Drills is what the API does with drills: runs of emergency plans, as
// drills or live.
type Drills interface {
	// Start compiles the request's plan from the current configuration,
	// fills its roles and starts the run for owner. A request that cannot
	// start (an unknown plan or role, settings out of range, an id taken)
	// is a *RejectedError.
	Start(ctx context.Context, req apiv1.DrillRequest, owner string) (apiv1.DrillStarted, error)
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
	SyncSchedules(ctx context.Context) (apiv1.ScheduleReport, error)
}

// EndedError is a drill that ended without a result (its workflow failed
// or was terminated), with the reason; the API answers 409.
type EndedError struct{ Reason string }

func (e *EndedError) Error() string { return e.Reason }

// drillAuth authenticates and authorises action on a drill route. auth
// leaves routes with an {id} to their handler (a ticket's are authorised
// on the ticket); a drill's are authorised on the action alone. A daemon
// that runs no drills answers every drill route 503.
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
	body, ok := checkedBody(w, r, bodyRequired, checkDrillRequest)
	if !ok {
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
	rep, err := s.Drills.SyncSchedules(r.Context())
	if err != nil {
		s.Log.Error("sync drill schedules", "principal", r.principal.ID, "error", err)
		writeJSON(w, http.StatusInternalServerError, apiv1.ScheduleSyncFailure{Message: "sync drill schedules: " + err.Error(), Report: rep})
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// listDrills answers GET /v1/drills?limit= with the drills, newest first.
func (s *Server) listDrills(w http.ResponseWriter, r request) {
	q, ok := query(w, r, apiv1.QueryParams(apiv1.DrillListQuery{})...)
	if !ok {
		return
	}
	limit, ok := listLimit(w, q)
	if !ok {
		return
	}
	drills, err := s.Drills.List(r.Context(), limit)
	if err != nil {
		s.internal(w, r, fmt.Errorf("list drills: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, apiv1.DrillList{Drills: drills})
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
	return drillUpdate(s, name, checkStepRequest, func(b apiv1.StepRequest) string { return b.As },
		func(r request, b apiv1.StepRequest, by string) any {
			return drillwf.StepUpdate{Step: r.PathValue("step"), By: by, Note: b.Note, Checked: b.Checklist}
		})
}

// controlUpdate aborts, pauses or resumes a drill.
func (s *Server) controlUpdate(name string) func(http.ResponseWriter, request) {
	return drillUpdate(s, name, checkControlRequest, func(b apiv1.ControlRequest) string { return b.As },
		func(_ request, b apiv1.ControlRequest, by string) any {
			return drillwf.Control{By: by, Reason: b.Reason}
		})
}

// drillUpdate answers a request for the drill update name: its body, a T
// that may be left out, is checked by check; who acts is the principal or
// the person the body names (as, see drillActor); the update is sent with
// the argument arg makes of them.
func drillUpdate[T any](s *Server, name string, check func(T) *limitError, as func(T) string, arg func(request, T, string) any) func(http.ResponseWriter, request) {
	return func(w http.ResponseWriter, r request) {
		body, ok := checkedBody(w, r, bodyOptional, check)
		if !ok {
			return
		}
		id := r.PathValue("id")
		by, ok := s.drillActor(w, r, id, as(body))
		if !ok {
			return
		}
		s.sendDrillUpdate(w, r, id, name, arg(r, body, by))
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
		writeJSON(w, http.StatusForbidden, apiv1.Error{Message: "forbidden", Reasons: []string{
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
	q, ok := query(w, r, apiv1.QueryParams(apiv1.DrillResultQuery{})...)
	if !ok {
		return
	}
	var wait time.Duration
	if q.Has("wait") {
		d, perr := time.ParseDuration(q.Get("wait"))
		if perr != nil || d < 0 || d > apiv1.MaxResultWait {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("wait: %q is not a duration from 0s to %s", q.Get("wait"), apiv1.MaxResultWait))
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

// drillReport answers GET /v1/drills/{id}/report?format=md|html|json:
// the report of the result once the drill has ended, else of the result
// it would have now (see drillwf.State.Provisional); apiv1.ReportHeader
// says which.
func (s *Server) drillReport(w http.ResponseWriter, r request) {
	q, ok := query(w, r, apiv1.QueryParams(apiv1.DrillReportQuery{})...)
	if !ok {
		return
	}
	format := q.Get("format")
	if format == "" {
		format = apiv1.ReportMarkdown
	}
	ctype, known := apiv1.ReportContentTypes()[format]
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
	kind := apiv1.ReportFinal
	if res == nil {
		p := st.Provisional(&plan)
		res, kind = &p, apiv1.ReportProvisional
	}
	var buf bytes.Buffer
	switch format {
	case apiv1.ReportMarkdown:
		err = edrill.Markdown(&buf, *res, &plan)
	case apiv1.ReportHTML:
		err = edrill.HTML(&buf, *res, &plan)
	default:
		err = edrill.JSON(&buf, *res)
	}
	if err != nil {
		s.internal(w, r, fmt.Errorf("render the report of drill %s: %w", id, err))
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set(apiv1.ReportHeader, kind)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// drillError answers for an error of the drills service about drill id.
func (s *Server) drillError(w http.ResponseWriter, r request, id, action string, err error) {
	s.serviceError(w, r, err, fmt.Sprintf("no drill %q", id), fmt.Sprintf("%s drill %s", action, id))
}
