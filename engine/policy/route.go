package policy

import (
	"context"
	"fmt"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/ticket"
)

// RouteInput is one routing request.
type RouteInput struct {
	// Ticket is the ticket to route.
	Ticket ticket.Ticket
	// Roster is the live state of the agents who may take it (see
	// [Engine.Roster]). An agent without state there is not routed to; a
	// nil Roster means nobody has state.
	Roster *Roster
	// Now is the time of the decision; wellbeing cool-downs end relative
	// to it.
	Now time.Time
	// Explain asks for the reasons of every passed-over agent even when an
	// agent is found.
	Explain bool
}

// RoutingDecision is where the routing policy sends a ticket.
type RoutingDecision struct {
	// Priority is the ticket's priority: its own or the matrix's; "" when
	// neither gives one.
	Priority string `json:"priority"`
	// Queue is the queue that takes the ticket; "" when none does.
	Queue string `json:"queue"`
	// Agent is who takes the ticket; "" when nobody qualifies and the
	// ticket waits in Queue.
	Agent string `json:"agent,omitempty"`
	// Reasons say how the priority, queue and agent were chosen.
	Reasons []string `json:"reasons"`
	// Excluded gives, for each member of the queue's team who does not
	// qualify, every reason why. It is set when Explain was asked or
	// nobody qualifies.
	Excluded map[string][]string `json:"excluded,omitempty"`
}

// Route decides the priority, queue and agent of a ticket.
func (e *Engine) Route(ctx context.Context, in RouteInput) (RoutingDecision, error) {
	return e.decideRoute(ctx, in, e.views)
}

// decideRoute routes in with the ticket views of views.
func (e *Engine) decideRoute(ctx context.Context, in RouteInput, views *viewCache) (RoutingDecision, error) {
	tt := ticketTerm(in.Ticket)
	view, err := views.view(ctx, tt.Value.(ast.Object))
	if err != nil {
		return RoutingDecision{}, err
	}
	m, err := eval(ctx, e.route, routeInput(in, tt, view), "routing")
	if err != nil {
		return RoutingDecision{}, err
	}
	var d RoutingDecision
	var ok bool
	d.Priority, ok = m["priority"].(string)
	if !ok {
		return d, fmt.Errorf("routing decision: priority is %T, want a string", m["priority"])
	}
	if d.Queue, ok = m["queue"].(string); !ok {
		return d, fmt.Errorf("routing decision: queue is %T, want a string", m["queue"])
	}
	if a, present := m["agent"]; present {
		if d.Agent, ok = a.(string); !ok {
			return d, fmt.Errorf("routing decision: agent is %T, want a string", a)
		}
	}
	if d.Reasons, err = stringList(m["reasons"]); err != nil {
		return d, fmt.Errorf("routing decision: reasons: %w", err)
	}
	if x, present := m["excluded"]; present {
		obj, ok := x.(map[string]any)
		if !ok {
			return d, fmt.Errorf("routing decision: excluded is %T, want an object", x)
		}
		if len(obj) > 0 {
			d.Excluded = make(map[string][]string, len(obj))
		}
		for id, rs := range obj {
			if d.Excluded[id], err = stringList(rs); err != nil {
				return d, fmt.Errorf("routing decision: excluded %s: %w", id, err)
			}
		}
	}
	return d, nil
}

// routeInput builds the policy's input as an OPA value, without a JSON
// round trip: the roster is already converted, and the ticket view, when
// not nil, comes from the engine's cache.
func routeInput(in RouteInput, ticket, view *ast.Term) ast.Value {
	r := in.Roster
	if r == nil {
		r = newRoster(&model.Config{}, &Index{}, nil)
	}
	input := ast.NewObject(
		ast.Item(ast.InternedTerm("ticket"), ticket),
		ast.Item(ast.InternedTerm("state"), r.term),
		ast.Item(ast.InternedTerm("now"), ast.IntNumberTerm(int(unix(in.Now)))),
		ast.Item(ast.InternedTerm("explain"), ast.BooleanTerm(in.Explain)),
	)
	if view != nil {
		input.Insert(ast.InternedTerm("view"), view)
	}
	return input
}

func ticketTerm(t ticket.Ticket) *ast.Term {
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("id"), ast.StringTerm(t.ID)),
		ast.Item(ast.InternedTerm("external_id"), ast.StringTerm(t.ExternalID)),
		ast.Item(ast.InternedTerm("channel"), ast.StringTerm(t.Channel)),
		ast.Item(ast.InternedTerm("category"), ast.StringTerm(t.Category)),
		ast.Item(ast.InternedTerm("impact"), ast.StringTerm(t.Impact)),
		ast.Item(ast.InternedTerm("urgency"), ast.StringTerm(t.Urgency)),
		ast.Item(ast.InternedTerm("priority"), ast.StringTerm(t.Priority)),
		ast.Item(ast.InternedTerm("language"), ast.StringTerm(t.Language)),
		ast.Item(ast.InternedTerm("subject"), ast.StringTerm(t.Subject)),
		ast.Item(ast.InternedTerm("customer"), ast.ObjectTerm(
			ast.Item(ast.InternedTerm("id"), ast.StringTerm(t.Customer.ID)),
			ast.Item(ast.InternedTerm("tier"), ast.StringTerm(t.Customer.Tier)),
			ast.Item(ast.InternedTerm("flags"), stringsTerm(t.Customer.Flags)),
		)),
		ast.Item(ast.InternedTerm("created_at"), ast.StringTerm(t.CreatedAt.Format(time.RFC3339))),
		ast.Item(ast.InternedTerm("tags"), stringsTerm(t.Tags)),
		ast.Item(ast.InternedTerm("escalated"), ast.BooleanTerm(t.Escalated)),
	)
}

func stringsTerm(ss []string) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(ts...)
}

// stringList decodes a JSON array of strings.
func stringList(v any) ([]string, error) {
	xs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("got %T, want an array", v)
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("item %d is %T, want a string", i, x)
		}
		out[i] = s
	}
	return out, nil
}
