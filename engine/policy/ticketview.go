package policy

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/ticket"
)

// TicketView is the part of a routing decision that depends on the
// ticket alone: what a decision without agent state gives it.
type TicketView struct {
	Priority string
	Queue    string
	Team     string
}

// RouteTicket returns the routing policy's ticket view of t (its
// ticket_view; see policies/README.md): the priority, queue and team
// every routing decision of t takes, whatever the agents' state. It is
// evaluated once per distinct value of the view's fields and cached, as
// for Route. ok is false when the policy declares no view or the view is
// undefined for t; then only Route decides.
func (e *Engine) RouteTicket(ctx context.Context, t ticket.Ticket) (v TicketView, ok bool, err error) {
	tt := ticketTerm(t)
	term, err := e.views.view(ctx, tt.Value.(ast.Object))
	if err != nil || term == nil {
		return TicketView{}, false, err
	}
	obj, isObj := term.Value.(ast.Object)
	if !isObj {
		return TicketView{}, false, fmt.Errorf("routing ticket view is %v, want an object", term)
	}
	for _, f := range []struct {
		key  string
		into *string
	}{{"priority", &v.Priority}, {"queue", &v.Queue}, {"team", &v.Team}} {
		x := obj.Get(ast.InternedTerm(f.key))
		if x == nil {
			continue
		}
		s, isStr := x.Value.(ast.String)
		if !isStr {
			return TicketView{}, false, fmt.Errorf("routing ticket view: %s is %v, want a string", f.key, x)
		}
		*f.into = string(s)
	}
	return v, true, nil
}
