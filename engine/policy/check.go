package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/ticket"
)

// Fixtures are a configuration's example inputs of its decisions, read by
// [ReadFixtures]: [Engine.Check] evaluates the policies on them as well as
// on the inputs it derives from the configuration.
type Fixtures struct {
	// Tickets are tickets to route, by file.
	Tickets map[string]ticket.Ticket
	// States are the agents' live states to route them against, by file.
	States map[string]map[string]ticket.AgentState
	// Approvals are approval requests, by file.
	Approvals map[string]ApprovalRequest
}

// The fixture directories of a configuration, each of JSON files.
const (
	ticketFixtures   = "tickets"
	stateFixtures    = "state"
	approvalFixtures = "approvals"
)

// ReadFixtures reads the fixtures of the configuration in dir: the JSON
// files in its tickets/ (tickets), state/ (agent states by agent id) and
// approvals/ (approval requests) directories, each of which may be
// missing. Keys are file paths relative to dir.
func ReadFixtures(dir string) (Fixtures, error) {
	f := Fixtures{
		Tickets:   map[string]ticket.Ticket{},
		States:    map[string]map[string]ticket.AgentState{},
		Approvals: map[string]ApprovalRequest{},
	}
	if err := readFixtureDir(dir, ticketFixtures, f.Tickets); err != nil {
		return f, err
	}
	if err := readFixtureDir(dir, stateFixtures, f.States); err != nil {
		return f, err
	}
	if err := readFixtureDir(dir, approvalFixtures, f.Approvals); err != nil {
		return f, err
	}
	return f, nil
}

// readFixtureDir decodes the JSON files of dir/sub into into, keyed by
// their path relative to dir.
func readFixtureDir[T any](dir, sub string, into map[string]T) error {
	paths, err := filepath.Glob(filepath.Join(dir, sub, "*.json"))
	if err != nil {
		return fmt.Errorf("list fixtures in %s: %w", filepath.Join(dir, sub), err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read fixture %s: %w", p, err)
		}
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("decode fixture %s: %w", p, err)
		}
		into[filepath.ToSlash(filepath.Join(sub, filepath.Base(p)))] = v
	}
	return nil
}

// checkNow is the time of the generated routing decisions: fixed, so that
// a check is reproducible.
func checkNow() time.Time { return time.Date(2026, time.January, 5, 10, 0, 0, 0, time.UTC) }

// Check evaluates every decision of the engine (routing, approval,
// authz) on the fixtures and on inputs derived from the configuration:
// every channel × category × priority × tier × language ticket (against
// no agent state, everyone available, and each state fixture); every
// action for a principal of each role (and of none), on tickets of their
// own, their team's and another team's; every approval action at each
// tier's edges and beyond, without and with approvals. A policy that
// passes its unit tests can still fail at run time (a complete rule or
// function with two values for some input, eval_conflict_error): Check
// finds such a failure before the policies go live. It returns one error
// diagnostic per failing decision, naming the policy's position, the
// decision and the first input that broke it; none when every decision
// evaluates.
func (e *Engine) Check(ctx context.Context, fx Fixtures) diag.Diagnostics {
	var ds diag.Diagnostics
	if d, failed := e.checkRouting(ctx, fx); failed {
		ds = append(ds, d)
	}
	if d, failed := e.checkApproval(ctx, fx); failed {
		ds = append(ds, d)
	}
	if d, failed := e.checkAuthz(ctx); failed {
		ds = append(ds, d)
	}
	return ds
}

// checkRouting routes the fixture tickets against no agent state, every
// agent available and each state fixture, and the generated tickets
// against every agent available (the edge tickets also against no
// state), with a view cache of its own, so the engine's stays for real
// tickets.
func (e *Engine) checkRouting(ctx context.Context, fx Fixtures) (diag.Diagnostic, bool) {
	views := &viewCache{fields: e.views.fields, query: e.views.query, views: map[string]*ast.Term{}}
	everyone := map[string]ticket.AgentState{}
	for id := range e.cfg.Agents {
		everyone[id] = ticket.AgentState{Status: ticket.Available}
	}
	type roster struct {
		name   string
		roster *Roster
	}
	available := roster{"every agent available", e.Roster(everyone)}
	rosters := []roster{{"no agent state", nil}, available}
	all := rosters
	for _, name := range model.SortedKeys(fx.States) {
		all = append(all, roster{name, e.Roster(fx.States[name])})
	}
	try := func(t ticket.Ticket, from string, rosters []roster) (diag.Diagnostic, bool) {
		for _, r := range rosters {
			in := RouteInput{Ticket: t, Roster: r.roster, Now: checkNow()}
			if _, err := e.decideRoute(ctx, in, views); err != nil {
				return checkFailure(routingQuery, err, fmt.Sprintf("%s, %s", from, r.name), t), true
			}
		}
		return diag.Diagnostic{}, false
	}
	for _, name := range model.SortedKeys(fx.Tickets) {
		if d, failed := try(fx.Tickets[name], "fixture "+name, all); failed {
			return d, true
		}
	}
	tickets := generatedTickets(e.cfg)
	for _, t := range edgeTickets(tickets) {
		if d, failed := try(t, "generated ticket", rosters); failed {
			return d, true
		}
	}
	for _, t := range tickets {
		if d, failed := try(t, "generated ticket", []roster{available}); failed {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// generatedTickets are one ticket per channel × category × priority ×
// tier × language of cfg. The priority "" (a ticket without one) takes
// the impact and urgency of the matrix's cells in turn; every other ticket
// is escalated and every third one's customer is flagged abusive, so both
// sides of those rules are reached.
func generatedTickets(cfg *model.Config) []ticket.Ticket {
	var languages []string
	for _, a := range cfg.Agents {
		languages = append(languages, a.Languages...)
	}
	for _, q := range cfg.Queues {
		languages = append(languages, q.Languages...)
	}
	slices.Sort(languages)
	languages = slices.Compact(languages)
	priorities := []string{""}
	var cells [][2]string
	if m := cfg.Priorities; m != nil {
		for _, l := range m.Levels {
			priorities = append(priorities, l.ID)
		}
		for _, i := range m.Impacts {
			for _, u := range m.Urgencies {
				cells = append(cells, [2]string{i, u})
			}
		}
	}
	var out []ticket.Ticket
	for _, ch := range model.SortedKeys(cfg.Channels) {
		for _, cat := range model.SortedKeys(cfg.Categories) {
			for _, p := range priorities {
				for _, tier := range model.SortedKeys(cfg.Tiers) {
					for _, lang := range languages {
						n := len(out)
						t := ticket.Ticket{
							ID: fmt.Sprintf("CHECK-%d", n), Channel: ch, Category: cat, Priority: p, Language: lang,
							Customer: ticket.Customer{ID: "check", Tier: tier}, CreatedAt: checkNow(), Escalated: n%2 == 1,
						}
						if p == "" && len(cells) > 0 {
							t.Impact, t.Urgency = cells[n%len(cells)][0], cells[n%len(cells)][1]
						}
						if n%3 == 2 {
							t.Customer.Flags = []string{ticket.FlagAbusive}
						}
						out = append(out, t)
					}
				}
			}
		}
	}
	return out
}

// edgeTickets are the tickets a request may bring that the configuration
// does not foresee: an empty one, and the first of tickets without each
// of its channel, category, priority, tier and language in turn.
func edgeTickets(tickets []ticket.Ticket) []ticket.Ticket {
	out := []ticket.Ticket{{ID: "CHECK-EMPTY", CreatedAt: checkNow()}}
	if len(tickets) == 0 {
		return out
	}
	for _, blank := range []func(*ticket.Ticket){
		func(t *ticket.Ticket) { t.Channel = "" },
		func(t *ticket.Ticket) { t.Category = "" },
		func(t *ticket.Ticket) { t.Priority, t.Impact, t.Urgency = "", "", "" },
		func(t *ticket.Ticket) { t.Customer.Tier = "" },
		func(t *ticket.Ticket) { t.Language = "" },
	} {
		t := tickets[0]
		blank(&t)
		out = append(out, t)
	}
	return out
}

// checkApproval decides the fixture and generated approval requests.
func (e *Engine) checkApproval(ctx context.Context, fx Fixtures) (diag.Diagnostic, bool) {
	for _, name := range model.SortedKeys(fx.Approvals) {
		req := fx.Approvals[name]
		if _, err := e.Approve(ctx, req); err != nil {
			return checkFailure(approvalQuery, err, "fixture "+name, req), true
		}
	}
	for _, req := range generatedApprovals(e.cfg) {
		if _, err := e.Approve(ctx, req); err != nil {
			return checkFailure(approvalQuery, err, "generated request", req), true
		}
	}
	return diag.Diagnostic{}, false
}

// generatedApprovals are, for every approval action of cfg, requests with
// no amount, 0, -1, 1, and each tier's up_to and just above it, each
// without approvals, approved at every level of the tier that covers it
// by someone holding the level's role, and rejected at its first level.
func generatedApprovals(cfg *model.Config) []ApprovalRequest {
	requester := Principal{ID: "check-requester", Roles: []string{"agent"}}
	var out []ApprovalRequest
	for _, action := range model.SortedKeys(cfg.Approvals) {
		p := cfg.Approvals[action]
		amounts := []*float64{nil, ptr(0.0), ptr(-1.0), ptr(1.0)}
		approvers := map[string]bool{}
		for _, t := range p.Tiers {
			if t.UpTo != nil {
				amounts = append(amounts, ptr(*t.UpTo), ptr(*t.UpTo+0.01), ptr(*t.UpTo+1))
			}
			for _, r := range t.Approvers {
				approvers[r] = true
			}
		}
		roles := model.SortedKeys(approvers)
		for _, amount := range amounts {
			base := ApprovalRequest{Action: action, Amount: amount, Requester: requester}
			out = append(out, base)
			var approved []Approval
			for level, role := range roles {
				approved = append(approved, Approval{Level: level, Approver: Principal{ID: "check-" + role, Roles: []string{role}}, Decision: "approve"})
			}
			for level := range approved {
				with := base
				with.Approvals = approved[:level+1]
				out = append(out, with)
			}
			if len(roles) > 0 {
				rejected := base
				rejected.Approvals = []Approval{{Level: 0, Approver: Principal{ID: "check-" + roles[0], Roles: []string{roles[0]}}, Decision: "reject", Comment: "check"}}
				out = append(out, rejected)
			}
		}
	}
	return out
}

// checkAuthz decides every action for a principal of each role.
func (e *Engine) checkAuthz(ctx context.Context) (diag.Diagnostic, bool) {
	for _, req := range generatedAPIRequests(e.cfg) {
		if _, err := e.Authorize(ctx, req); err != nil {
			return checkFailure(authzQuery, err, "generated request", req), true
		}
	}
	return diag.Diagnostic{}, false
}

// generatedAPIRequests are every action for a principal of each role of
// cfg, of the built-in roles and of none, in the first team, on no
// ticket, on a ticket of their own, of their team and of another team,
// and for a reassignment within and beyond their team.
func generatedAPIRequests(cfg *model.Config) []APIRequest {
	teams := withEmpty(model.SortedKeys(cfg.Teams))
	own, other := teams[len(teams)-1], teams[0]
	if len(teams) > 1 {
		own, other = teams[1], teams[len(teams)-1]
	}
	roles := append(model.SortedKeys(cfg.Roles), "ops_admin", "integration", "")
	slices.Sort(roles)
	roles = slices.Compact(roles)
	resources := []*Resource{
		nil,
		{},
		{Assignee: "check-principal", Team: other},
		{Assignee: "someone", Team: own},
		{Assignee: "someone", Team: other},
		{Assignee: "check-principal", Team: own, TargetAgent: "someone", TargetTeam: own},
		{Assignee: "check-principal", Team: own, TargetAgent: "someone", TargetTeam: other},
	}
	var out []APIRequest
	for _, action := range append(Actions(), "no.such.action") {
		for _, role := range roles {
			p := Principal{ID: "check-principal", Team: own}
			if role != "" {
				p.Roles = []string{role}
			}
			for _, r := range resources {
				out = append(out, APIRequest{Principal: p, Action: action, Resource: r})
			}
		}
	}
	return out
}

// checkFailure is the diagnostic of a decision that failed on input: it
// names the decision and the input, and points at the rule that failed
// when the error says where.
func checkFailure(query string, err error, from string, input any) diag.Diagnostic {
	b, jerr := json.Marshal(input)
	if jerr != nil {
		b = []byte(fmt.Sprintf("%+v", input))
	}
	d := diag.Diagnostic{
		Severity: diag.Error,
		Summary:  fmt.Sprintf("%s fails at run time on a %s: %v", query, from, err),
		Detail:   "input: " + string(b),
	}
	if te, ok := errors.AsType[*topdown.Error](err); ok && te.Location != nil && te.Location.File != "" {
		d.Positions = []diag.Position{{File: te.Location.File, Line: te.Location.Row, Column: max(te.Location.Col, 1)}}
	}
	return d
}

// withEmpty returns xs sorted, without duplicates, with "" first.
func withEmpty(xs []string) []string {
	out := append([]string{""}, xs...)
	slices.Sort(out)
	return slices.Compact(out)
}

func ptr[T any](v T) *T { return &v }
