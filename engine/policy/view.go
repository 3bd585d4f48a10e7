package policy

import (
	"context"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
)

// maxViews bounds the ticket views an engine keeps; beyond it, views are
// computed per decision.
const maxViews = 4096

// viewCache holds the routing policy's ticket views: the part of a routing
// decision that depends on the ticket alone (priority, queue, their
// reasons). The policy names the ticket fields its view reads
// (view_fields); the view is evaluated once per distinct value of those
// fields, with an input that holds nothing else, so a cached view is
// exactly what the decision would compute itself.
type viewCache struct {
	// fields are the paths of the view's fields; nil when the policy
	// declares none, and then nothing is cached.
	fields [][]string
	query  rego.PreparedEvalQuery

	mu    sync.RWMutex
	views map[string]*ast.Term
}

func newViewCache(ctx context.Context, compiler *ast.Compiler, store storage.Store) (*viewCache, error) {
	c := &viewCache{views: map[string]*ast.Term{}}
	rs, err := rego.New(rego.Query(viewFields), rego.Compiler(compiler), rego.Store(store)).Eval(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", viewFields, err)
	}
	if len(rs) == 0 {
		return c, nil // the routing policy has no ticket view
	}
	paths, ok := rs[0].Expressions[0].Value.([]any)
	if !ok {
		return nil, fmt.Errorf("%s is %T, want a list of paths", viewFields, rs[0].Expressions[0].Value)
	}
	c.fields = make([][]string, 0, len(paths))
	for i, p := range paths {
		path, perr := stringList(p)
		if perr != nil || len(path) == 0 {
			return nil, fmt.Errorf("%s: item %d is not a path (a non-empty list of strings)", viewFields, i)
		}
		c.fields = append(c.fields, path)
	}
	if c.query, err = rego.New(rego.Query(viewQuery), rego.Compiler(compiler), rego.Store(store)).PrepareForEval(ctx); err != nil {
		return nil, fmt.Errorf("prepare %s: %w", viewQuery, err)
	}
	return c, nil
}

// view returns the ticket view of ticket (the policy's input.ticket), or
// nil when the policy declares none.
func (c *viewCache) view(ctx context.Context, ticket ast.Object) (*ast.Term, error) {
	if c.fields == nil {
		return nil, nil
	}
	part := project(ticket, c.fields)
	key := part.String()
	c.mu.RLock()
	v, ok := c.views[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	rs, err := c.query.Eval(ctx, rego.EvalParsedInput(ast.NewObject(ast.Item(ast.InternedTerm("ticket"), ast.NewTerm(part)))))
	if err != nil {
		return nil, fmt.Errorf("evaluate the routing policy's ticket view: %w", err)
	}
	if len(rs) == 0 {
		return nil, nil // undefined for this ticket: the decision computes it
	}
	val, err := ast.InterfaceToValue(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, fmt.Errorf("convert the routing policy's ticket view: %w", err)
	}
	v = ast.NewTerm(val)
	c.mu.Lock()
	if len(c.views) < maxViews {
		c.views[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// project returns the parts of obj at paths, in the same places.
func project(obj ast.Object, paths [][]string) ast.Object {
	out := ast.NewObject()
	for _, path := range paths {
		var x ast.Value = obj
		for _, k := range path {
			o, ok := x.(ast.Object)
			if !ok {
				x = nil
				break
			}
			t := o.Get(ast.StringTerm(k))
			if t == nil {
				x = nil
				break
			}
			x = t.Value
		}
		if x != nil {
			put(out, path, ast.NewTerm(x))
		}
	}
	return out
}

// put sets obj's value at path to v, creating objects on the way.
func put(obj ast.Object, path []string, v *ast.Term) {
	for _, k := range path[:len(path)-1] {
		key := ast.StringTerm(k)
		var next ast.Object
		if t := obj.Get(key); t != nil {
			next, _ = t.Value.(ast.Object)
		}
		if next == nil {
			next = ast.NewObject()
			obj.Insert(key, ast.NewTerm(next))
		}
		obj = next
	}
	obj.Insert(ast.StringTerm(path[len(path)-1]), v)
}
