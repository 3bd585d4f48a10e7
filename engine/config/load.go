package config

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/cuecontext"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/token"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/schemas"
)

// schemaDir is where the embedded schema files appear in positions.
const schemaDir = "schemas/"

// Snapshot is a validated configuration: the model plus what identifies the
// version it was loaded from.
type Snapshot struct {
	// Config is the decoded model.
	Config *model.Config
	// Root is the configuration directory as given to Load.
	Root string
	// Hash is the hex SHA-256 of the configuration's CUE files (names and
	// contents): the files' hash, which validate prints. The version of a
	// configuration covers its policies too (engine/bundle).
	Hash string
	// Calendars are the configuration's calendars, built and checked.
	Calendars map[string]*calendar.Calendar
	// Plans are the configuration's emergency plans, checked and compiled
	// for running, their escalation resolved (drill.PlanOf).
	Plans drill.Plans
	// Warnings found while loading; they do not make a snapshot invalid.
	Warnings diag.Diagnostics
	// Positions are where each forecast and each agent's shift is written,
	// by path as diagnostics print it (forecasts.vip.phone,
	// agents."jonas-weber".shifts[0]), for checks run on the loaded
	// configuration (validate's staffing check).
	Positions map[string][]diag.Position
}

// Loader loads configurations. It builds the schema once and can be used for
// many loads, but not concurrently.
type Loader struct {
	ctx    *cue.Context
	schema cue.Value
	top    cue.Value // _, to probe the schema's pattern constraints
}

// NewLoader builds the embedded schema.
func NewLoader() (*Loader, error) {
	ctx := cuecontext.New()
	insts := load.Instances([]string{"."}, &load.Config{
		FS:         schemas.FS(),
		Dir:        "/",
		FromFSPath: func(p string) string { return schemaDir + strings.TrimPrefix(p, "/") },
	})
	if len(insts) != 1 || insts[0].Err != nil {
		return nil, fmt.Errorf("load embedded schema: %w", insts[0].Err)
	}
	v := ctx.BuildInstance(insts[0])
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("build embedded schema: %w", err)
	}
	def := v.LookupPath(cue.ParsePath(schemas.Definition))
	if !def.Exists() {
		return nil, fmt.Errorf("embedded schema has no %s", schemas.Definition)
	}
	return &Loader{ctx: ctx, schema: def, top: ctx.CompileString("_")}, nil
}

// Load reads the CUE package in dir, validates it, and returns the snapshot.
// When the configuration is invalid, the error is a diag.Diagnostics listing
// every problem found; other errors (an unreadable directory) are returned
// as they are.
func (l *Loader) Load(ctx context.Context, dir string) (*Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("load config %s: not a directory", dir)
	}
	hash, files, err := hashFiles(abs)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("load config %s: no .cue files", dir)
	}

	pos := &positions{root: abs, files: files, schema: l.schema, top: l.top}
	insts := load.Instances([]string{"."}, &load.Config{Dir: abs})
	inst := insts[0]
	if inst.Err != nil {
		return nil, pos.complete(pos.loadDiagnostics(inst.Err))
	}
	user := l.ctx.BuildInstance(inst)
	if err := user.Err(); err != nil {
		return nil, pos.complete(pos.diagnostics(err, user))
	}
	pos.user = user

	v := l.schema.Unify(user)
	if err := v.Validate(cue.Concrete(true), cue.Final()); err != nil {
		return nil, pos.complete(pos.diagnostics(err, user))
	}
	var cfg model.Config
	if err := v.Decode(&cfg); err != nil {
		// Decode fails on a number the model cannot hold, saying neither
		// which nor where.
		if ds := pos.checkNumbers(v, reflect.TypeFor[model.Config](), nil); len(ds) > 0 {
			return nil, pos.complete(ds)
		}
		return nil, pos.complete(pos.diagnostics(err, user))
	}

	ds, cals, plans := check(&cfg, pos)
	if inst.PkgName != "" && inst.PkgName != "_" {
		ds = append(ds, pos.unpackaged(inst.PkgName)...)
	}
	ds = pos.complete(ds)
	if ds.HasErrors() {
		return nil, ds
	}
	return &Snapshot{Config: &cfg, Root: dir, Hash: hash, Calendars: cals, Plans: plans, Warnings: ds, Positions: pos.staffing}, nil
}

// hashFiles returns the hash of the .cue files directly in dir and their
// names.
func hashFiles(dir string) (string, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", nil, err
	}
	h := sha256.New()
	var names []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".cue") || strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", nil, err
		}
		names = append(names, e.Name())
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), names, nil
}

// positions turns CUE positions into diagnostics positions relative to the
// configuration root, and finds the position of a path in the user's files.
type positions struct {
	root   string
	files  []string // the configuration's .cue files, sorted
	user   cue.Value
	schema cue.Value
	top    cue.Value
	// staffing holds the positions checkStaffing records (Snapshot.Positions).
	staffing map[string][]diag.Position
}

// rel returns the position relative to the root, or false for a position
// outside the user's files (the embedded schema, or none).
func (p *positions) rel(tp token.Pos) (diag.Position, bool) {
	if !tp.IsValid() || tp.Filename() == "" || strings.HasPrefix(tp.Filename(), schemaDir) {
		return diag.Position{}, false
	}
	name := tp.Filename()
	if r, err := filepath.Rel(p.root, name); err == nil && !strings.HasPrefix(r, "..") {
		name = r
	}
	return diag.Position{File: filepath.ToSlash(name), Line: tp.Line(), Column: tp.Column()}, true
}

// at returns the position of the value at path in the user's files, or of
// the nearest enclosing value that has one.
func (p *positions) at(path cue.Path) []diag.Position {
	if !p.user.Exists() {
		return nil
	}
	sels := path.Selectors()
	for n := len(sels); n > 0; n-- {
		v := p.user.LookupPath(cue.MakePath(sels[:n]...))
		if !v.Exists() {
			continue
		}
		if dp, ok := p.rel(valuePos(v)); ok {
			return []diag.Position{dp}
		}
	}
	return nil
}

// diagnostics converts a CUE error into diagnostics with the user's
// positions. The failed alternatives of a disjunction, which CUE reports one
// by one under an "N errors in empty disjunction" header, become one
// diagnostic.
func (p *positions) diagnostics(err error, user cue.Value) diag.Diagnostics {
	p.user = user
	type cueErr struct {
		labels []string
		format string
		args   []any
		ps     []diag.Position
	}
	var order []string
	groups := map[string][]cueErr{}
	disjunction := map[string]bool{}
	cyc := &cycles{p: p, diags: map[string]*diag.Diagnostic{}}
	for _, e := range cueerrors.Errors(err) {
		labels := e.Path()
		if len(labels) > 0 && labels[0] == schemas.Definition {
			labels = labels[1:]
		}
		if slices.Equal(labels, []string{""}) {
			labels = nil // an error of a file or an import, not of a value
		}
		key := strings.Join(labels, ".")
		format, args := e.Msg()
		if strings.HasSuffix(format, "errors in empty disjunction:") {
			disjunction[key] = true
			continue
		}
		if strings.HasPrefix(format, "incomplete value") && cyc.add(labels) {
			continue
		}
		if strings.TrimSpace(fmt.Sprintf(format, args...)) == "" {
			// A Go error promoted to a CUE error keeps its text only in
			// what it wraps.
			format, args = "%s", []any{e.Error()}
		}
		var ps []diag.Position
		for _, tp := range cueerrors.Positions(e) {
			if dp, ok := p.rel(tp); ok && !slices.Contains(ps, dp) {
				ps = append(ps, dp)
			}
		}
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], cueErr{labels: labels, format: format, args: args, ps: ps})
	}
	var ds diag.Diagnostics
	for _, key := range order {
		errs := groups[key]
		if !disjunction[key] || len(errs) == 1 {
			for _, e := range errs {
				ds = append(ds, p.diagnostic(e.labels, fmt.Sprintf(e.format, e.args...), e.ps))
			}
			continue
		}
		// One value matched none of the alternatives.
		var want, msgs []string
		var ps []diag.Position
		got, sameValue := "", true
		for _, e := range errs {
			msgs = append(msgs, fmt.Sprintf(e.format, e.args...))
			for _, dp := range e.ps {
				if !slices.Contains(ps, dp) {
					ps = append(ps, dp)
				}
			}
			if e.format != "conflicting values %s and %s" || len(e.args) != 2 {
				sameValue = false
				continue
			}
			want = append(want, fmt.Sprint(e.args[0]))
			if v := fmt.Sprint(e.args[1]); got == "" || got == v {
				got = v
			} else {
				sameValue = false
			}
		}
		d := p.diagnostic(errs[0].labels, "", ps)
		if sameValue {
			slices.Sort(want)
			d.Summary = got + " is not allowed"
			d.Detail = "want one of " + strings.Join(want, ", ")
		} else {
			d.Summary = "value matches none of the allowed forms"
			d.Detail = strings.Join(msgs, "; ")
		}
		ds = append(ds, d)
	}
	ds = append(ds, cyc.diagnostics()...)
	if len(ds) == 0 {
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, Summary: err.Error()})
	}
	ds.Sort()
	return ds
}

// diagnostic builds the diagnostic of one CUE error at labels. An error
// without a position in the user's files is placed at the nearest enclosing
// value that has one; an incomplete value the user never wrote is a missing
// required field.
func (p *positions) diagnostic(labels []string, msg string, ps []diag.Position) diag.Diagnostic {
	path := cue.MakePath(selectors(labels)...)
	d := diag.Diagnostic{Severity: diag.Error, Path: path.String(), Summary: msg, Positions: ps}
	if len(labels) == 0 {
		d.Path = ""
	}
	if len(ps) == 0 && len(labels) > 0 {
		d.Positions = p.at(path)
	}
	if msg == "field not allowed" && len(labels) > 0 {
		d.Detail = p.allowed(labels[:len(labels)-1], labels[len(labels)-1])
	}
	if strings.HasPrefix(msg, "incomplete value") && p.user.Exists() && len(labels) > 0 && !p.user.LookupPath(path).Exists() {
		d.Summary = "required field is missing"
		if want := strings.TrimPrefix(msg, "incomplete value "); want != msg {
			d.Detail = "want " + want
		}
	}
	return d
}

// allowed says what the schema allows where field was written under
// parent: the field names of a struct (with a suggestion), or the form of
// the keys of a map of entities.
func (p *positions) allowed(parent []string, field string) string {
	if !p.schema.Exists() {
		return ""
	}
	top, cur := p.top, p.schema
	for _, sel := range selectors(parent) {
		path := cue.MakePath(sel)
		if sel.Type() == cue.IndexLabel {
			path = cue.MakePath(cue.AnyIndex)
		}
		next := cur.LookupPath(path)
		if !next.Exists() {
			// An entity of a map: what its pattern constraint makes of a key.
			next = cur.FillPath(path, top).LookupPath(path)
		}
		if !next.Exists() {
			return ""
		}
		cur = next
	}
	var names []string
	it, err := cur.Fields(cue.Optional(true))
	if err != nil {
		return ""
	}
	for it.Next() {
		names = append(names, it.Selector().Unquoted())
	}
	if len(names) == 0 {
		if probe := cue.MakePath(cue.Str("probe")); cur.FillPath(probe, top).LookupPath(probe).Err() == nil {
			return `ids are lower case letters, digits, "_" and "-", starting with a letter`
		}
		return ""
	}
	slices.Sort(names)
	return diag.Known("fields", field, names)
}

// valuePos returns the position of a value as written: for a field, where
// its value starts rather than its label, as cue vet reports it.
func valuePos(v cue.Value) token.Pos {
	if f, ok := v.Source().(*ast.Field); ok && f.Value != nil {
		return f.Value.Pos()
	}
	return v.Pos()
}

// selectors parses the labels of an error path back into selectors.
func selectors(labels []string) []cue.Selector {
	sels := make([]cue.Selector, 0, len(labels))
	for _, l := range labels {
		switch n, err := strconv.Atoi(l); {
		case err == nil && n >= 0 && strconv.Itoa(n) == l:
			sels = append(sels, cue.Index(n))
		case strings.HasPrefix(l, "#"):
			sels = append(sels, cue.Def(l))
		case strings.HasPrefix(l, `"`):
			if u, err := strconv.Unquote(l); err == nil {
				l = u
			}
			sels = append(sels, cue.Str(l))
		default:
			sels = append(sels, cue.Str(l))
		}
	}
	return sels
}
