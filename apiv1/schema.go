package apiv1

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
)

// schemaRefPrefix is where a document's $refs point: its named schemas.
const schemaRefPrefix = "#/components/schemas/"

// schemas turns Go types into the JSON Schemas of an OpenAPI 3.1
// document, as encoding/json writes them: json tags, omitempty and
// omitzero fields not required, embedded structs flattened, time.Time a
// date-time string, a time.Duration an integer of nanoseconds. Every
// struct type is a named component, referenced by $ref.
type schemas struct {
	// names are the components' names by type, given by name before
	// anything is generated, so that names are stable and unique.
	names map[reflect.Type]string
	// components are the generated schemas by name.
	components map[string]any
}

// wellKnown are the names of the domain types the API knows under
// another name (its aliases); other structs are named as Go names them,
// qualified by their package when two share a name.
func wellKnown() map[reflect.Type]string {
	return map[reflect.Type]string{
		reflect.TypeFor[TicketState]():   "TicketState",
		reflect.TypeFor[TicketEvent]():   "TicketEvent",
		reflect.TypeFor[TicketPage]():    "TicketPage",
		reflect.TypeFor[TicketSummary](): "TicketSummary",
		reflect.TypeFor[DrillState]():    "DrillState",
		reflect.TypeFor[DrillSummary]():  "DrillSummary",
		reflect.TypeFor[DrillResult]():   "DrillResult",
	}
}

// newSchemas names every struct type reachable from roots.
func newSchemas(roots ...reflect.Type) *schemas {
	s := &schemas{names: wellKnown(), components: map[string]any{}}
	var found []reflect.Type
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			if t.Kind() == reflect.Map {
				walk(t.Key())
			}
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] || special(t) != nil {
			return
		}
		seen[t] = true
		found = append(found, t)
		for _, f := range fields(t) {
			walk(f.typ)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	byName := map[string][]reflect.Type{}
	for _, t := range found {
		if _, ok := s.names[t]; !ok {
			byName[t.Name()] = append(byName[t.Name()], t)
		}
	}
	taken := map[string]bool{}
	for _, n := range s.names {
		taken[n] = true
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		ts := byName[name]
		if len(ts) == 1 && !taken[name] {
			s.names[ts[0]] = name
			continue
		}
		// Qualify by as many trailing elements of the package path as
		// it takes: ticket.Entry and drill.Entry are TicketEntry and
		// DrillEntry.
		for _, t := range ts {
			s.names[t] = qualified(t, taken)
			taken[s.names[t]] = true
		}
	}
	return s
}

// qualified names t by its package path's trailing elements and its name,
// with as few elements as make a name not taken.
func qualified(t reflect.Type, taken map[string]bool) string {
	elems := strings.Split(t.PkgPath(), "/")
	name := t.Name()
	for i := len(elems) - 1; i >= 0; i-- {
		name = title(elems[i]) + name
		if !taken[name] {
			break
		}
	}
	return name
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// special is the schema of a type encoding/json writes otherwise than by
// its kind, or nil.
func special(t reflect.Type) map[string]any {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case t == reflect.TypeFor[time.Duration]():
		return map[string]any{"type": "integer", "format": "int64", "description": "a duration in nanoseconds"}
	case t == reflect.TypeFor[json.RawMessage]():
		return map[string]any{}
	case t.Implements(reflect.TypeFor[json.Marshaler]()):
		return map[string]any{}
	case t.Implements(reflect.TypeFor[encoding.TextMarshaler]()):
		return map[string]any{"type": "string"}
	}
	return nil
}

// field is a field of a struct as encoding/json writes it.
type field struct {
	name     string
	typ      reflect.Type
	optional bool // omitempty or omitzero
}

// fields are the JSON fields of struct t, embedded structs' fields
// flattened; a field of the outer struct wins over an embedded one of
// the same name.
func fields(t reflect.Type) []field {
	var out []field
	var promoted []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				promoted = append(promoted, fields(et)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		out = append(out, field{name: name, typ: ft, optional: optional})
	}
	for _, p := range promoted {
		if !slices.ContainsFunc(out, func(f field) bool { return f.name == p.name }) {
			out = append(out, p)
		}
	}
	return out
}

// schema returns the schema of t: a $ref for a struct, whose component
// it generates once.
func (s *schemas) schema(t reflect.Type) map[string]any {
	if sp := special(t); sp != nil {
		return sp
	}
	switch t.Kind() {
	case reflect.Pointer:
		return s.schema(t.Elem())
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Uint64, reflect.Uint:
		sc := map[string]any{"type": "integer", "format": "int64"}
		if t.Kind() == reflect.Uint || t.Kind() == reflect.Uint64 {
			sc["minimum"] = 0
		}
		return sc
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": s.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name, ok := s.names[t]
		if !ok {
			panic(fmt.Sprintf("apiv1: struct %s was not named (not reachable from the routes)", t))
		}
		if _, done := s.components[name]; !done {
			s.components[name] = nil // a recursive type refers to itself
			s.components[name] = s.object(t)
		}
		return map[string]any{"$ref": schemaRefPrefix + name}
	}
	panic(fmt.Sprintf("apiv1: no JSON schema for %s", t))
}

// object is the schema of struct t.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fields(t) {
		sc := s.schema(f.typ)
		if !f.optional && nullable(f.typ) {
			sc = map[string]any{"oneOf": []any{sc, map[string]any{"type": "null"}}}
		}
		props[f.name] = sc
		if !f.optional {
			required = append(required, f.name)
		}
	}
	obj := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		obj["required"] = required
	}
	return obj
}

// nullable reports whether encoding/json may write a value of t as null.
func nullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}
