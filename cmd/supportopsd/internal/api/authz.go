package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

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
	return s.allowed(w, r, access.ActionTicketsReassign, res)
}

// policyError answers a request whose authz decision failed: closed, 403
// with the error as the reason, and logged at ERROR, since the policy
// needs fixing.
func (s *Server) policyError(w http.ResponseWriter, r request, action string, err error) {
	s.Log.Error("authz policy failed; request denied", "method", r.Method, "path", r.URL.Path, "principal", r.principal.ID, "action", action, "error", err)
	writeJSON(w, http.StatusForbidden, apiv1.Error{Message: "forbidden", Reasons: []string{"policy error: " + err.Error()}})
}
