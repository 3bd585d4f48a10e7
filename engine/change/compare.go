package change

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The names of the transformers the reporter recognises in a path.
const (
	setTransform   = "set"   // a diff:"set" list as a map keyed by member
	indexTransform = "index" // an ordered list as a map keyed by index
	nonNilMap      = "nonNil"
)

// differ compares two entities with go-cmp and collects the changed leaves
// through its reporter. It is not safe for concurrent use; Compare makes one per
// call.
type differ struct {
	rep  reporter
	opts cmp.Options
}

func newDiffer() *differ {
	d := &differ{}
	d.opts = cmp.Options{
		// nil and empty lists and maps are the same.
		cmpopts.EquateEmpty(),
		// A nil pointer to a struct and a pointer to an empty struct are the same.
		cmp.FilterValues(nilVersusEmptyStruct, cmp.Comparer(func(_, _ any) bool { return true })),
		// A nil map against a filled one is compared entry by entry.
		cmp.FilterValues(oneNilMap, cmp.Transformer(nonNilMap, nonNil)),
		// Lists tagged diff:"set" are compared as sets of members.
		cmp.FilterPath(isSetField, cmp.FilterValues(notBothEmpty, cmp.Transformer(setTransform, toSet))),
		// Every other list is compared index by index. (go-cmp's own slice
		// diff aligns elements with an edit script that is deliberately
		// unstable between runs, which a change set cannot be.)
		cmp.FilterPath(isOrderedList, cmp.FilterValues(notBothEmpty, cmp.Transformer(indexTransform, toIndexed))),
		cmp.Reporter(&d.rep),
	}
	return d
}

// compare returns the changed leaves between x and y, sorted by path.
func (d *differ) compare(x, y reflect.Value) []FieldChange {
	xi, yi := x.Interface(), y.Interface()
	if reflect.DeepEqual(xi, yi) {
		return nil // identical, so equal as sets too; skips go-cmp's walk
	}
	d.rep.steps, d.rep.fields = d.rep.steps[:0], nil
	cmp.Equal(xi, yi, d.opts)
	fields := d.rep.fields
	d.rep.fields = nil
	slices.SortStableFunc(fields, func(a, b FieldChange) int { return compareNatural(a.Path, b.Path) })
	return fields
}

// reporter is a cmp.Reporter that records every unequal leaf with its path.
type reporter struct {
	steps  []cmp.PathStep
	fields []FieldChange
}

// PushStep implements cmp.Reporter.
func (r *reporter) PushStep(s cmp.PathStep) { r.steps = append(r.steps, s) }

// PopStep implements cmp.Reporter.
func (r *reporter) PopStep() { r.steps = r.steps[:len(r.steps)-1] }

// Report implements cmp.Reporter.
func (r *reporter) Report(res cmp.Result) {
	if res.Equal() {
		return
	}
	vx, vy := r.steps[len(r.steps)-1].Values()
	r.fields = append(r.fields, FieldChange{Path: r.path(), Before: plain(vx), After: plain(vy)})
}

// path renders the current path relative to the root entity, CUE style.
func (r *reporter) path() string {
	var b strings.Builder
	for i := 1; i < len(r.steps); i++ {
		switch s := r.steps[i].(type) {
		case cmp.StructField:
			f := r.steps[i-1].Type().Field(s.Index())
			writeLabel(&b, jsonName(f))
		case cmp.MapIndex:
			tr, _ := r.steps[i-1].(cmp.Transform)
			switch transformName(tr) {
			case setTransform:
				// A set member: the path is the list's own.
			case indexTransform:
				fmt.Fprintf(&b, "[%d]", s.Key().Int())
			default:
				writeLabel(&b, keyString(s.Key()))
			}
		case cmp.SliceIndex:
			ix, iy := s.SplitKeys()
			fmt.Fprintf(&b, "[%d]", max(ix, iy))
		}
		// Transform, Indirect and TypeAssertion steps do not show.
	}
	return b.String()
}

// writeLabel appends a field selector, quoted the way CUE quotes labels that
// are not identifiers.
func writeLabel(b *strings.Builder, name string) {
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	if ast.StringLabelNeedsQuoting(name) {
		name = literal.Label.Quote(name)
	}
	b.WriteString(name)
}

// transformName returns the name of a transform step, "" for the zero step.
func transformName(t cmp.Transform) string {
	if t == (cmp.Transform{}) {
		return ""
	}
	return t.Name()
}

func keyString(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	return fmt.Sprint(k.Interface())
}

// jsonName returns the json name of a struct field.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// isSetField reports whether the last step selects a list field tagged
// diff:"set".
func isSetField(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	if !ok || sf.Type().Kind() != reflect.Slice {
		return false
	}
	return p.Index(-2).Type().Field(sf.Index()).Tag.Get("diff") == "set"
}

// isOrderedList reports whether the last step is a list that is not a set.
func isOrderedList(p cmp.Path) bool {
	return p.Last().Type().Kind() == reflect.Slice && !isSetField(p)
}

func notBothEmpty(x, y any) bool {
	return reflect.ValueOf(x).Len() > 0 || reflect.ValueOf(y).Len() > 0
}

func oneNilMap(x, y any) bool {
	vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
	if vx.Kind() != reflect.Map || vy.Kind() != reflect.Map {
		return false
	}
	return (vx.IsNil() && vy.Len() > 0) || (vy.IsNil() && vx.Len() > 0)
}

// nonNil returns the map itself, or an empty map of its type when it is nil.
func nonNil(m any) any {
	v := reflect.ValueOf(m)
	if v.IsNil() {
		return reflect.MakeMap(v.Type()).Interface()
	}
	return m
}

func nilVersusEmptyStruct(x, y any) bool {
	vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
	if vx.Kind() != reflect.Pointer || vy.Kind() != reflect.Pointer || vx.Type().Elem().Kind() != reflect.Struct {
		return false
	}
	return (vx.IsNil() && isDeepEmpty(vy)) || (vy.IsNil() && isDeepEmpty(vx))
}

// toSet turns a list into a map keyed by the canonical form of its members,
// so that go-cmp reports members that were added or removed, whatever their
// order.
func toSet(l any) map[string]any {
	v := reflect.ValueOf(l)
	out := make(map[string]any, v.Len())
	for i := range v.Len() {
		e := v.Index(i)
		out[setKey(e)] = e.Interface()
	}
	return out
}

// toIndexed turns a list into a map keyed by index.
func toIndexed(l any) map[int]any {
	v := reflect.ValueOf(l)
	out := make(map[int]any, v.Len())
	for i := range v.Len() {
		out[i] = v.Index(i).Interface()
	}
	return out
}

// setKey returns the canonical form of a set member: the value itself for
// strings, otherwise a JSON-like encoding in which empty fields are left out
// and nested sets are sorted, so that two members have the same key exactly
// when go-cmp, with the options above, finds them equal.
func setKey(v reflect.Value) string {
	if v.Kind() == reflect.String {
		return v.String()
	}
	var b strings.Builder
	canon(&b, v, false)
	return b.String()
}

func canon(b *strings.Builder, v reflect.Value, set bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		canon(b, v.Elem(), set)
	case reflect.Struct:
		b.WriteByte('{')
		first := true
		for i := range v.NumField() {
			f, fv := v.Type().Field(i), v.Field(i)
			if isDeepEmpty(fv) {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(strconv.Quote(jsonName(f)))
			b.WriteByte(':')
			canon(b, fv, f.Tag.Get("diff") == "set")
		}
		b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		elems := make([]string, v.Len())
		for i := range v.Len() {
			var e strings.Builder
			canon(&e, v.Index(i), false)
			elems[i] = e.String()
		}
		if set {
			slices.Sort(elems)
		}
		b.WriteByte('[')
		b.WriteString(strings.Join(elems, ","))
		b.WriteByte(']')
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, c reflect.Value) int { return strings.Compare(keyString(a), keyString(c)) })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(keyString(k)))
			b.WriteByte(':')
			canon(b, v.MapIndex(k), false)
		}
		b.WriteByte('}')
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	default:
		fmt.Fprint(b, plain(v))
	}
}

// isDeepEmpty reports whether v is absent: the zero value, an empty list or
// map, a nil pointer, or a pointer to or a struct of such values. A non-nil
// pointer to a scalar is not empty: business_hours: false is not unset.
func isDeepEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Pointer:
		return v.IsNil() || (v.Elem().Kind() == reflect.Struct && isDeepEmpty(v.Elem()))
	case reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		for i := range v.NumField() {
			if !isDeepEmpty(v.Field(i)) {
				return false
			}
		}
		return true
	default:
		return v.IsZero()
	}
}

// plain returns v as a plain, JSON-marshalable Go value: nil when absent,
// string, int, float64 or bool for scalars of any named type, and the JSON
// form (map[string]any, []any) for structs, maps and lists.
func plain(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return plain(v.Elem())
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Bool:
		return v.Bool()
	}
	raw, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface()) // not reachable with model types
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return string(raw)
	}
	return out
}
