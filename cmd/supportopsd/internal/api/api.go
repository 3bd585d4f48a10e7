package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// maxBody is the largest request body accepted, in bytes.
const maxBody = 1 << 20

// Tickets is what the API does with tickets.
type Tickets interface {
	// Open starts the ticket's workflow, or finds the one already started
	// for its id or for its external id within its source; it returns the
	// ticket's id and whether it is new. A ticket found under the same key
	// with other content is a *ConflictError.
	Open(ctx context.Context, t tkt.Ticket) (id string, created bool, err error)
	// State returns the ticket's state; an unknown id is ErrNotFound.
	State(ctx context.Context, id string) (ticketwf.State, error)
	// Event applies an event; an event the workflow rejects is a
	// *RejectedError. Sending again with the same non-empty key applies
	// it once and answers as the first time; sending another event with
	// a key used before is a *KeyReusedError.
	Event(ctx context.Context, id string, ev ticketwf.Event, key string) (ticketwf.State, error)
	// Migrate moves a running ticket to configuration version ("" for
	// the current one), for actor; an unknown version or a ticket that
	// cannot move is a *RejectedError.
	Migrate(ctx context.Context, id, version, actor string) (ticketwf.State, error)
	// List returns a page of at most limit tickets matching f, newest
	// first; pageToken continues a previous page. A malformed filter or
	// token is a *RejectedError, a list that cannot be served an
	// *UnavailableError.
	List(ctx context.Context, f ticketwf.Filter, limit int, pageToken string) (ticketwf.Page, error)
}

// Authenticator maps a bearer token to its principal.
type Authenticator interface {
	Authenticate(token string) (policy.Principal, error)
}

// Authorizer decides API requests (the authz policy).
type Authorizer interface {
	Authorize(ctx context.Context, req policy.APIRequest) (policy.AuthzDecision, error)
	// TeamOf returns the team of a queue, to authorise agents on the
	// tickets of their team.
	TeamOf(queue string) string
}

// Reloader reloads the configuration.
type Reloader interface {
	Reload(ctx context.Context) (version string, err error)
}

// ErrNotFound is returned for an unknown ticket.
var ErrNotFound = errors.New("not found")

// RejectedError is an event the ticket refused, with the reason.
type RejectedError struct{ Reason string }

func (e *RejectedError) Error() string { return e.Reason }

// ConflictError is a ticket offered for intake under a key (its id, or its
// source and external id) that holds another ticket, with the reason; the
// API answers 409.
type ConflictError struct{ Reason string }

func (e *ConflictError) Error() string { return e.Reason }

// KeyReusedError is an event sent with an Idempotency-Key that the same
// principal used before for the same ticket with another body, with the
// reason; the API answers 422, as payment APIs do, instead of the first
// request's answer.
type KeyReusedError struct{ Reason string }

func (e *KeyReusedError) Error() string { return e.Reason }

// UnavailableError is a request the daemon cannot serve as set up, with
// the reason; the API answers 503.
type UnavailableError struct{ Reason string }

func (e *UnavailableError) Error() string { return e.Reason }

// Server serves the API.
type Server struct {
	Tickets  Tickets
	Drills   Drills // nil answers the drill routes with 503
	Tokens   Authenticator
	Authz    func() Authorizer
	Reloader Reloader
	// Contents keeps the texts of replies, out of the workflows'
	// histories; nil refuses replies with a body (503).
	Contents Contents
	// Model is the current configuration, which intake checks a ticket's
	// names against; nil checks only their syntax.
	Model   func() *model.Config
	Metrics *Metrics
	Log     *slog.Logger
}

// Handler returns the API: the routes of apiv1.Routes (see mux), and a
// JSON answer for any other request.
func (s *Server) Handler() http.Handler {
	return jsonFallback(s.mux())
}

// request is an authenticated request.
type request struct {
	*http.Request
	principal policy.Principal
}

// auth authenticates the request, and authorises action on it. Ticket
// actions on one ticket are authorised once the ticket's assignee and team
// are known (see authorizeTicket).
func (s *Server) auth(action string, h func(http.ResponseWriter, request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := auth.BearerToken(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="supportops"`)
			writeError(w, http.StatusUnauthorized, "no bearer token: send Authorization: Bearer <token>")
			return
		}
		p, err := s.Tokens.Authenticate(token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="supportops", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unknown token")
			return
		}
		req := request{Request: r, principal: p}
		if status, msg := checkPath(r); status != 0 {
			writeError(w, status, msg)
			return
		}
		if r.PathValue("id") == "" {
			if !s.allowed(w, req, action, nil) {
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h(w, req)
	}
}

// allowed asks the authz policy; on a denial it answers 403 with the
// policy's reasons. A policy that fails denies too (see policyError).
func (s *Server) allowed(w http.ResponseWriter, r request, action string, res *policy.Resource) bool {
	d, err := s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: action, Resource: res})
	if err != nil {
		s.policyError(w, r, action, err)
		return false
	}
	if !d.Allow {
		writeJSON(w, http.StatusForbidden, apiv1.Error{Message: "forbidden", Reasons: d.Reasons})
		return false
	}
	return true
}

// ticketFor loads the ticket of the request's path and authorises action
// on it: an agent only acts on the tickets assigned to them or their team.
func (s *Server) ticketFor(w http.ResponseWriter, r request, action string) (ticketwf.State, bool) {
	id := r.PathValue("id")
	return s.loadAndAuthorize(w, r, id, action)
}

// authorizeTicket authorises action on ticket id, reading the ticket only
// when the decision depends on it: a principal allowed on a ticket that
// belongs to nobody they could be (the assignee and team "\x00") is allowed
// on any; only one restricted to their own and their team's tickets needs
// the ticket read.
func (s *Server) authorizeTicket(w http.ResponseWriter, r request, id, action string) bool {
	nobodys := &policy.Resource{Assignee: "\x00", Team: "\x00"}
	d, err := s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: action, Resource: nobodys})
	if err == nil && d.Allow {
		return true // allowed whatever ticket it is
	}
	_, ok := s.loadAndAuthorize(w, r, id, action)
	return ok
}

func (s *Server) loadAndAuthorize(w http.ResponseWriter, r request, id, action string) (ticketwf.State, bool) {
	var st ticketwf.State
	err := ErrNotFound // an id outside the grammar (e.g. a merge's into) names no ticket
	if tkt.CheckID(id) == nil {
		st, err = s.Tickets.State(r.Context(), id)
	}
	if errors.Is(err, ErrNotFound) {
		// Say nothing about the ticket to someone who may not see it.
		if !s.allowed(w, r, action, &policy.Resource{}) {
			return st, false
		}
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q", id))
		return st, false
	}
	if err != nil {
		s.internal(w, r, fmt.Errorf("read ticket %s: %w", id, err))
		return st, false
	}
	res := &policy.Resource{Assignee: st.Agent, Team: s.Authz().TeamOf(st.Queue)}
	return st, s.allowed(w, r, action, res)
}

func (s *Server) openTicket(w http.ResponseWriter, r request) {
	var t tkt.Ticket
	if !decode(w, r.Request, &t) {
		return
	}
	// The source of an external id is who the token names (see tkt.Intake).
	t, err := tkt.Intake(s.config(), t, r.principal.ID)
	if err != nil {
		writeError(w, http.StatusBadRequest, strings.ReplaceAll(err.Error(), "\n", "; "))
		return
	}
	id, created, err := s.Tickets.Open(r.Context(), t)
	var conflict *ConflictError
	var rej *RejectedError
	switch {
	case errors.As(err, &conflict):
		writeError(w, http.StatusConflict, conflict.Reason)
		return
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
		return
	case err != nil:
		s.internal(w, r, fmt.Errorf("open ticket: %w", err))
		return
	}
	s.Metrics.opened.WithLabelValues(strconv.FormatBool(created)).Inc()
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	writeJSON(w, status, apiv1.OpenedTicket{ID: id, Created: created})
}

// config is the configuration intake checks tickets against; nil when the
// server has none, which checks only their syntax.
func (s *Server) config() *model.Config {
	if s.Model == nil {
		return nil
	}
	return s.Model()
}

func (s *Server) getTicket(w http.ResponseWriter, r request) {
	st, ok := s.ticketFor(w, r, policy.ActionTicketsRead)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// listLimit reads a list's ?limit=, answering 400 for one out of range.
func listLimit(w http.ResponseWriter, q url.Values) (int, bool) {
	if !q.Has("limit") {
		return apiv1.DefaultListLimit, true
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > apiv1.MaxListLimit {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("limit: %q is not a number from 1 to %d", q.Get("limit"), apiv1.MaxListLimit))
		return 0, false
	}
	return n, true
}

// listTickets answers GET /v1/tickets?status=&queue=&priority=&agent=
// &channel=&breached=&drill=&limit=&page_token= with the tickets the
// principal may read, newest first.
func (s *Server) listTickets(w http.ResponseWriter, r request) {
	q, ok := query(w, r, apiv1.QueryParams(apiv1.TicketListQuery{})...)
	if !ok {
		return
	}
	f := ticketwf.Filter{Status: q.Get("status"), Queue: q.Get("queue"), Priority: q.Get("priority"), Agent: q.Get("agent"), Channel: q.Get("channel")}
	for _, b := range []struct {
		name string
		set  func(bool)
	}{
		{"breached", func(v bool) { f.Breached = &v }},
		{"drill", func(v bool) { f.Drill = v }},
	} {
		if !q.Has(b.name) {
			continue
		}
		v, perr := strconv.ParseBool(q.Get(b.name))
		if perr != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s: %q is not true or false", b.name, q.Get(b.name)))
			return
		}
		b.set(v)
	}
	limit, ok := listLimit(w, q)
	if !ok {
		return
	}
	page, err := s.Tickets.List(r.Context(), f, limit, q.Get("page_token"))
	var rej *RejectedError
	var unavailable *UnavailableError
	switch {
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
		return
	case errors.As(err, &unavailable):
		writeError(w, http.StatusServiceUnavailable, unavailable.Reason)
		return
	case err != nil:
		s.internal(w, r, fmt.Errorf("list tickets: %w", err))
		return
	}
	// The list shows what the principal may read: an agent sees their
	// own tickets and their team's. A page may so hold fewer than limit.
	nobodys := &policy.Resource{Assignee: "\x00", Team: "\x00"}
	d, err := s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: policy.ActionTicketsRead, Resource: nobodys})
	if err != nil {
		s.policyError(w, r, policy.ActionTicketsRead, err)
		return
	}
	if !d.Allow {
		visible := page.Tickets[:0]
		for _, t := range page.Tickets {
			res := &policy.Resource{Assignee: t.Agent, Team: s.Authz().TeamOf(t.Queue)}
			d, err = s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: policy.ActionTicketsRead, Resource: res})
			if err != nil {
				s.policyError(w, r, policy.ActionTicketsRead, err)
				return
			}
			if d.Allow {
				visible = append(visible, t)
			}
		}
		page.Tickets = visible
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) postEvent(w http.ResponseWriter, r request) {
	var req apiv1.EventRequest
	if !decode(w, r.Request, &req) || refuse(w, checkEventRequest(req)) {
		return
	}
	if !s.authorizeTicket(w, r, r.PathValue("id"), policy.ActionTicketsEvent) {
		return
	}
	if s.storeBody(w, r, r.PathValue("id"), &req) {
		return
	}
	ev := req.Event
	if ev.Kind == ticketwf.EventApprovalRequest || ev.Kind == ticketwf.EventApprovalDecision {
		writeError(w, http.StatusBadRequest, "approvals go to POST /v1/tickets/{id}/approvals and POST /v1/approvals/{id}/decisions")
		return
	}
	if ev.Kind == ticketwf.EventMigrate {
		writeError(w, http.StatusBadRequest, "migrations go to POST /v1/tickets/{id}/migrate")
		return
	}
	// A merge acts on both tickets: the one it goes into must exist, and
	// the principal must be allowed to act on it too.
	if ev.Kind == ticketwf.EventMerge && ev.Into != "" && ev.Into != r.PathValue("id") {
		if _, ok := s.loadAndAuthorize(w, r, ev.Into, policy.ActionTicketsEvent); !ok {
			return
		}
	}
	// Giving the ticket to a named agent is a decision of its own: the
	// policy sees the agent and their team.
	if ev.Kind == ticketwf.EventReassign && ev.Agent != "" && !s.authorizeReassign(w, r, r.PathValue("id"), ev.Agent) {
		return
	}
	ev.By = nil // only the API's approval routes say who acts
	// The actor is who the token names. Naming someone else (in actor or
	// on_behalf_of) is acting for them, a permission of its own; the
	// event then records both.
	named := ev.OnBehalfOf
	if named == "" && ev.Actor != r.principal.ID {
		named = ev.Actor
	}
	ev.Actor, ev.OnBehalfOf = r.principal.ID, ""
	if named != "" && named != r.principal.ID {
		if !s.allowed(w, r, policy.ActionTicketsActFor, &policy.Resource{OnBehalfOf: named}) {
			return
		}
		ev.OnBehalfOf = named
	}
	s.sendEvent(w, r, r.PathValue("id"), ev, http.StatusOK)
}

// authorizeReassign asks the policy whether the principal may give ticket
// id to agent (tickets.reassign), with the ticket's assignee and team and
// the agent's team ("" for an agent the configuration does not have).
func (s *Server) authorizeReassign(w http.ResponseWriter, r request, id, agent string) bool {
	st, err := s.Tickets.State(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q", id))
		return false
	}
	if err != nil {
		s.internal(w, r, fmt.Errorf("read ticket %s: %w", id, err))
		return false
	}
	var team string
	if cfg := s.config(); cfg != nil {
		team = cfg.Agents[agent].Team
	}
	res := &policy.Resource{Assignee: st.Agent, Team: s.Authz().TeamOf(st.Queue), TargetAgent: agent, TargetTeam: team}
	return s.allowed(w, r, policy.ActionTicketsReassign, res)
}

// kindLabel is an event kind as a metric label: the known kinds, and
// "other" for anything else, so that requests cannot grow the label set.
func kindLabel(kind string) string {
	switch kind {
	case ticketwf.EventReply, ticketwf.EventStatus, ticketwf.EventReassign, ticketwf.EventPriority, ticketwf.EventCSAT,
		ticketwf.EventClose, ticketwf.EventReopen, ticketwf.EventApprovalRequest, ticketwf.EventApprovalDecision, ticketwf.EventMerge, ticketwf.EventMigrate:
		return kind
	}
	return "other"
}

// migrateTicket moves a running ticket to another configuration version:
// an operator's explicit choice, so it needs the right to reload the
// configuration (config.reload), whoever the ticket belongs to.
func (s *Server) migrateTicket(w http.ResponseWriter, r request) {
	var body apiv1.MigrateRequest
	if r.ContentLength != 0 && !decode(w, r.Request, &body) {
		return
	}
	if refuse(w, checkMigrateRequest(body)) {
		return
	}
	if !s.authorizeTicket(w, r, r.PathValue("id"), policy.ActionConfigReload) {
		return
	}
	st, err := s.Tickets.Migrate(r.Context(), r.PathValue("id"), body.Config, r.principal.ID)
	var rej *RejectedError
	switch {
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q", r.PathValue("id")))
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
	case err != nil:
		s.internal(w, r, fmt.Errorf("migrate ticket %s: %w", r.PathValue("id"), err))
	default:
		writeJSON(w, http.StatusOK, st)
	}
}

// sendEvent applies ev and answers with the ticket's state. A request
// with an Idempotency-Key header that repeats one the principal sent
// before for the ticket is applied once.
func (s *Server) sendEvent(w http.ResponseWriter, r request, id string, ev ticketwf.Event, status int) {
	key := r.Header.Get(apiv1.IdempotencyKeyHeader)
	if len(key) > apiv1.MaxIdempotencyKey || strings.ContainsFunc(key, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("Idempotency-Key: at most %d printable ASCII characters without spaces", apiv1.MaxIdempotencyKey))
		return
	}
	if key != "" {
		key = r.principal.ID + "\x00" + key
	}
	st, err := s.Tickets.Event(r.Context(), id, ev, key)
	var rej *RejectedError
	var reused *KeyReusedError
	outcome := "applied"
	if err != nil {
		outcome = "refused"
	}
	s.Metrics.events.WithLabelValues(kindLabel(ev.Kind), outcome).Inc()
	switch {
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q", id))
	case errors.As(err, &reused):
		writeError(w, http.StatusUnprocessableEntity, reused.Reason)
	case errors.As(err, &rej):
		writeError(w, http.StatusBadRequest, rej.Reason)
	case err != nil:
		s.internal(w, r, fmt.Errorf("apply %s to ticket %s: %w", ev.Kind, id, err))
	default:
		writeJSON(w, status, st)
	}
}

func (s *Server) reload(w http.ResponseWriter, r request) {
	version, err := s.Reloader.Reload(r.Context())
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, apiv1.Error{Message: "configuration refused; the running one stays", Reasons: strings.Split(strings.TrimSpace(err.Error()), "\n")})
		return
	}
	writeJSON(w, http.StatusOK, apiv1.Reloaded{Config: version})
}

// policyError answers a request whose authz decision failed: closed, 403
// with the error as the reason, and logged at ERROR, since the policy
// needs fixing.
func (s *Server) policyError(w http.ResponseWriter, r request, action string, err error) {
	s.Log.Error("authz policy failed; request denied", "method", r.Method, "path", r.URL.Path, "principal", r.principal.ID, "action", action, "error", err)
	writeJSON(w, http.StatusForbidden, apiv1.Error{Message: "forbidden", Reasons: []string{"policy error: " + err.Error()}})
}

func (s *Server) internal(w http.ResponseWriter, r request, err error) {
	s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "principal", r.principal.ID, "error", err)
	writeError(w, http.StatusInternalServerError, "internal error; see the daemon's log")
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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
