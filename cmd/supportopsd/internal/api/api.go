package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/access"
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
	Tickets Tickets
	Drills  Drills // nil answers the drill routes with 503
	// Reports computes the history, the KPIs and the scorecards; nil
	// answers their routes with 503.
	Reports  Reports
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
	if err != nil {
		s.serviceError(w, r, err, "", "open ticket")
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
	st, ok := s.ticketFor(w, r, access.ActionTicketsRead)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, st)
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
	if err != nil {
		s.serviceError(w, r, err, "", "list tickets")
		return
	}
	// The list shows what the principal may read: an agent sees their
	// own tickets and their team's. A page may so hold fewer than limit.
	nobodys := &policy.Resource{Assignee: "\x00", Team: "\x00"}
	d, err := s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: access.ActionTicketsRead, Resource: nobodys})
	if err != nil {
		s.policyError(w, r, access.ActionTicketsRead, err)
		return
	}
	if !d.Allow {
		visible := page.Tickets[:0]
		for _, t := range page.Tickets {
			res := &policy.Resource{Assignee: t.Agent, Team: s.Authz().TeamOf(t.Queue)}
			d, err = s.Authz().Authorize(r.Context(), policy.APIRequest{Principal: r.principal, Action: access.ActionTicketsRead, Resource: res})
			if err != nil {
				s.policyError(w, r, access.ActionTicketsRead, err)
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
	req, ok := checkedBody(w, r, bodyRequired, checkEventRequest)
	if !ok {
		return
	}
	// A quality review is an action of its own (tickets.qa), for the
	// roles that review; the ticket refuses one by its own agent.
	action := access.ActionTicketsEvent
	if req.Kind == ticketwf.EventQA {
		action = access.ActionTicketsQA
	}
	if !s.authorizeTicket(w, r, r.PathValue("id"), action) {
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
		if _, ok := s.loadAndAuthorize(w, r, ev.Into, access.ActionTicketsEvent); !ok {
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
		if !s.allowed(w, r, access.ActionTicketsActFor, &policy.Resource{OnBehalfOf: named}) {
			return
		}
		ev.OnBehalfOf = named
	}
	s.sendEvent(w, r, r.PathValue("id"), ev, http.StatusOK)
}

// kindLabel is an event kind as a metric label: the known kinds, and
// "other" for anything else, so that requests cannot grow the label set.
func kindLabel(kind string) string {
	switch kind {
	case ticketwf.EventReply, ticketwf.EventStatus, ticketwf.EventReassign, ticketwf.EventPriority, ticketwf.EventCSAT,
		ticketwf.EventClose, ticketwf.EventReopen, ticketwf.EventApprovalRequest, ticketwf.EventApprovalDecision, ticketwf.EventMerge, ticketwf.EventMigrate,
		ticketwf.EventAnswer, ticketwf.EventAbandon, ticketwf.EventHandle, ticketwf.EventQA, ticketwf.EventComplaint, ticketwf.EventDifficult,
		ticketwf.EventCommendation:
		return kind
	}
	return "other"
}

// migrateTicket moves a running ticket to another configuration version:
// an operator's explicit choice, so it needs the right to reload the
// configuration (config.reload), whoever the ticket belongs to.
func (s *Server) migrateTicket(w http.ResponseWriter, r request) {
	body, ok := authorizedBody(s, w, r, bodyOptional, checkMigrateRequest, access.ActionConfigReload)
	if !ok {
		return
	}
	id := r.PathValue("id")
	st, err := s.Tickets.Migrate(r.Context(), id, body.Config, r.principal.ID)
	if err != nil {
		s.serviceError(w, r, err, fmt.Sprintf("no ticket %q", id), "migrate ticket "+id)
		return
	}
	writeJSON(w, http.StatusOK, st)
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
	outcome := "applied"
	if err != nil {
		outcome = "refused"
	}
	s.Metrics.events.WithLabelValues(kindLabel(ev.Kind), outcome).Inc()
	if err != nil {
		s.serviceError(w, r, err, fmt.Sprintf("no ticket %q", id), fmt.Sprintf("apply %s to ticket %s", ev.Kind, id))
		return
	}
	writeJSON(w, status, st)
}

func (s *Server) reload(w http.ResponseWriter, r request) {
	version, err := s.Reloader.Reload(r.Context())
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, apiv1.Error{Message: "configuration refused; the running one stays", Reasons: strings.Split(strings.TrimSpace(err.Error()), "\n")})
		return
	}
	writeJSON(w, http.StatusOK, apiv1.Reloaded{Config: version})
}
