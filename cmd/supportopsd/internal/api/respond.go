package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/supportops/supportops/apiv1"
)

// internal answers a request that failed inside the daemon: 500, and the
// error logged.
func (s *Server) internal(w http.ResponseWriter, r request, err error) {
	s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "principal", r.principal.ID, "error", err)
	writeError(w, http.StatusInternalServerError, "internal error; see the daemon's log")
}

// serviceError answers for an error of the tickets or drills service:
// its refusals (*RejectedError, *ConflictError, *KeyReusedError,
// *UnavailableError, *EndedError) with their status and reason,
// ErrNotFound with 404 and missing when missing is not "", and any other
// error as internal, wrapped with action.
func (s *Server) serviceError(w http.ResponseWriter, r request, err error, missing, action string) {
	var (
		rej         *RejectedError
		conflict    *ConflictError
		reused      *KeyReusedError
		unavailable *UnavailableError
		ended       *EndedError
	)
	switch {
	case missing != "" && errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, missing)
	case errors.As(err, &reused):
		writeError(w, http.StatusUnprocessableEntity, reused.Reason)
	case errors.As(err, &conflict):
		writeError(w, http.StatusConflict, conflict.Reason)
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
	case errors.As(err, &unavailable):
		writeError(w, http.StatusServiceUnavailable, unavailable.Reason)
	case errors.As(err, &ended):
		writeError(w, http.StatusConflict, ended.Reason)
	default:
		s.internal(w, r, fmt.Errorf("%s: %w", action, err))
	}
}

// bodyNeed says whether a route's request body may be left out.
type bodyNeed bool

const (
	// bodyRequired is a body the request must send.
	bodyRequired bodyNeed = false
	// bodyOptional is a body the request may leave out (no Content-Length
	// or 0): then it is its type's zero value.
	bodyOptional bodyNeed = true
)

// checkedBody reads the request's JSON body into a T (see decode) and
// checks it with check (see refuse); when either refuses it, it answers
// the request and returns false.
func checkedBody[T any](w http.ResponseWriter, r request, need bodyNeed, check func(T) *limitError) (T, bool) {
	var body T
	if (need == bodyRequired || r.ContentLength != 0) && !decode(w, r.Request, &body) {
		return body, false
	}
	return body, !refuse(w, check(body))
}

// authorizedBody is checkedBody for a request on the ticket of the
// path's id, authorised for action on that ticket next (see
// authorizeTicket).
func authorizedBody[T any](s *Server, w http.ResponseWriter, r request, need bodyNeed, check func(T) *limitError, action string) (T, bool) {
	body, ok := checkedBody(w, r, need, check)
	return body, ok && s.authorizeTicket(w, r, r.PathValue("id"), action)
}

// decode reads a JSON body into v, answering 400 with the reason when it
// is malformed, has unknown fields or is too large.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes, the limit", tooBig.Limit))
			return false
		}
		writeError(w, http.StatusBadRequest, "malformed JSON body: "+err.Error())
		return false
	}
	return true
}

// writeError answers status with msg as an apiv1.Error.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiv1.Error{Status: status, Message: msg})
}

// writeJSON answers status with v, indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", apiv1.ContentTypeJSON)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
