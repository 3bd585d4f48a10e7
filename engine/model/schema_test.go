package model_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/load"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/schemas"
)

// TestModelMatchesSchema walks #Config and model.Config side by side: every
// schema field has a Go field with the same json name and vice versa, a
// field is optional in CUE exactly when its Go tag has omitempty, and leaf
// kinds agree. The schema is the source of truth; this test keeps the Go
// types in step with it.
func TestModelMatchesSchema(t *testing.T) {
	insts := load.Instances([]string{"."}, &load.Config{FS: schemas.FS(), Dir: "/"})
	if err := insts[0].Err; err != nil {
		t.Fatalf("load schema: %v", err)
	}
	ctx := cuecontext.New()
	v := ctx.BuildInstance(insts[0])
	def := v.LookupPath(cue.ParsePath(schemas.Definition))
	if err := def.Err(); err != nil {
		t.Fatalf("build schema: %v", err)
	}
	w := &walker{t: t, top: ctx.CompileString("_")}
	w.walk(schemas.Definition, def, reflect.TypeFor[model.Config]())
	if w.structs < 20 {
		t.Errorf("walked only %d structs; the walk is not reaching the schema", w.structs)
	}
}

type walker struct {
	t       *testing.T
	top     cue.Value
	structs int
}

func (w *walker) walk(path string, v cue.Value, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	kind := v.IncompleteKind()
	switch typ.Kind() {
	case reflect.Struct:
		w.walkStruct(path, v, typ)
	case reflect.Map:
		if kind != cue.StructKind {
			w.t.Errorf("%s: Go map, CUE %v", path, kind)
			return
		}
		// Fill a key that the pattern constraint accepts and read back what
		// the pattern makes of it.
		key := "probe"
		if typ.Key() == reflect.TypeFor[model.ApprovalAction]() {
			key = string(model.Refund)
		}
		probe := cue.MakePath(cue.Str(key))
		elem := v.FillPath(probe, w.top).LookupPath(probe)
		if !elem.Exists() || elem.Err() != nil {
			w.t.Errorf("%s: Go map, CUE struct without a pattern constraint", path)
			return
		}
		w.walk(path+".[_]", elem, typ.Elem())
	case reflect.Slice:
		if kind != cue.ListKind {
			w.t.Errorf("%s: Go slice, CUE %v", path, kind)
			return
		}
		w.walk(path+"[_]", v.LookupPath(cue.MakePath(cue.AnyIndex)), typ.Elem())
	case reflect.String:
		w.leaf(path, kind, cue.StringKind)
	case reflect.Int:
		w.leaf(path, kind, cue.IntKind)
	case reflect.Float64:
		w.leaf(path, kind, cue.NumberKind)
	case reflect.Bool:
		w.leaf(path, kind, cue.BoolKind)
	default:
		w.t.Errorf("%s: unexpected Go kind %v", path, typ.Kind())
	}
}

func (w *walker) leaf(path string, got, want cue.Kind) {
	if got&^want != 0 || got&want == 0 {
		w.t.Errorf("%s: CUE kind %v, Go wants %v", path, got, want)
	}
}

// walkStruct compares the fields of a CUE struct (or a disjunction of
// structs) with the json fields of a Go struct.
func (w *walker) walkStruct(path string, v cue.Value, typ reflect.Type) {
	w.structs++
	alts := []cue.Value{v}
	if op, args := cue.Dereference(v).Expr(); op == cue.OrOp {
		alts = args
	}
	type cueField struct {
		v        cue.Value
		optional bool
	}
	fields := map[string]cueField{}
	for _, alt := range alts {
		it, err := alt.Fields(cue.Optional(true))
		if err != nil {
			w.t.Errorf("%s: not a struct in CUE: %v", path, err)
			return
		}
		for it.Next() {
			sel := it.Selector()
			// A field of one alternative of a disjunction is optional in Go.
			optional := sel.ConstraintType() == cue.OptionalConstraint || len(alts) > 1
			fields[sel.Unquoted()] = cueField{v: it.Value(), optional: optional}
		}
	}
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			w.t.Errorf("%s: Go field %s has no json name", path, f.Name)
			continue
		}
		seen[name] = true
		cf, ok := fields[name]
		if !ok {
			w.t.Errorf("%s.%s: Go field %s.%s is not in the schema", path, name, typ.Name(), f.Name)
			continue
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		if cf.optional != omitempty {
			w.t.Errorf("%s.%s: optional in CUE = %v, omitempty in Go = %v", path, name, cf.optional, omitempty)
		}
		w.walk(path+"."+name, cf.v, f.Type)
	}
	for name := range fields {
		if !seen[name] {
			w.t.Errorf("%s.%s: schema field has no Go field in %s", path, name, typ.Name())
		}
	}
}
