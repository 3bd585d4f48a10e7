package policy

import (
	"context"
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
)

// The decision entry points, one per policy.
const (
	routingQuery  = "data.supportops.routing.decision"
	viewQuery     = "data.supportops.routing.ticket_view"
	viewFields    = "data.supportops.routing.view_fields"
	approvalQuery = "data.supportops.approval.decision"
	authzQuery    = "data.supportops.authz.decision"
)

// Engine evaluates the decisions of one configuration version with one set
// of policies. It is safe for concurrent use.
type Engine struct {
	cfg     *model.Config
	ix      *Index
	route   rego.PreparedEvalQuery
	views   *viewCache
	approve rego.PreparedEvalQuery
	authz   rego.PreparedEvalQuery
}

// New compiles mods (see [Modules]) against the configuration cfg and
// prepares the decisions. Parse and compile errors come back as
// [diag.Diagnostics] with the modules' positions.
func New(ctx context.Context, cfg *model.Config, mods []Module) (*Engine, error) {
	compiler, _, err := compile(mods)
	if err != nil {
		return nil, err
	}
	ix, err := NewIndex(cfg)
	if err != nil {
		return nil, fmt.Errorf("index configuration: %w", err)
	}
	data, err := dataOf(cfg, ix)
	if err != nil {
		return nil, err
	}
	store := inmem.NewFromASTObject(data)
	e := &Engine{cfg: cfg, ix: &ix}
	for _, q := range []struct {
		query string
		into  *rego.PreparedEvalQuery
	}{
		{routingQuery, &e.route},
		{approvalQuery, &e.approve},
		{authzQuery, &e.authz},
	} {
		pq, perr := rego.New(
			rego.Query(q.query),
			rego.Compiler(compiler),
			rego.Store(store),
		).PrepareForEval(ctx)
		if perr != nil {
			return nil, fmt.Errorf("prepare %s: %w", q.query, perr)
		}
		*q.into = pq
	}
	if e.views, err = newViewCache(ctx, compiler, store); err != nil {
		return nil, err
	}
	return e, nil
}

// compile parses and compiles mods, tests included, so that an error in
// any file is reported. It returns the parsed modules by display path.
func compile(mods []Module) (*ast.Compiler, map[string]*ast.Module, error) {
	parsed := make(map[string]*ast.Module, len(mods))
	var ds diag.Diagnostics
	for _, m := range mods {
		name := m.displayPath()
		mod, err := ast.ParseModuleWithOpts(name, string(m.Source), ast.ParserOptions{
			RegoVersion:       regoVersion,
			ProcessAnnotation: true,
		})
		if err != nil {
			// The parser's first error is the one to fix; the rest of a
			// file's errors usually follow from it.
			ds = append(ds, diagnose(err)[0])
			continue
		}
		parsed[name] = mod
	}
	if len(ds) > 0 {
		ds.Sort()
		return nil, nil, ds
	}
	c := ast.NewCompiler().
		WithDefaultRegoVersion(regoVersion).
		WithEnablePrintStatements(false)
	c.Compile(parsed)
	if c.Failed() {
		ds = diagnose(c.Errors)
		ds.Sort()
		return nil, nil, ds
	}
	return c, parsed, nil
}

// diagnose turns OPA's errors into diagnostics; an error of another kind
// becomes one diagnostic without a position.
func diagnose(err error) diag.Diagnostics {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		var one *ast.Error
		if !errors.As(err, &one) {
			return diag.Diagnostics{{Summary: err.Error()}}
		}
		errs = ast.Errors{one}
	}
	if len(errs) == 0 {
		return diag.Diagnostics{{Summary: err.Error()}}
	}
	ds := make(diag.Diagnostics, 0, len(errs))
	for _, e := range errs {
		d := diag.Diagnostic{Summary: e.Message}
		if e.Code != "" {
			d.Detail = e.Code
		}
		if e.Location != nil && e.Location.File != "" {
			d.Positions = []diag.Position{{File: e.Location.File, Line: e.Location.Row, Column: max(e.Location.Col, 1)}}
		}
		ds = append(ds, d)
	}
	return ds
}

// eval runs a prepared query on input and returns its single value.
func eval(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value, what string) (map[string]any, error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate %s policy: %w", what, err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, fmt.Errorf("evaluate %s policy: the policy made no decision", what)
	}
	m, ok := rs[0].Expressions[0].Value.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("evaluate %s policy: decision is %T, want an object", what, rs[0].Expressions[0].Value)
	}
	return m, nil
}

// regoVersion is the Rego dialect of every module: OPA v1.
const regoVersion = ast.RegoV1
