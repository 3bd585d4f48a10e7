package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"

	"github.com/supportops/supportops/engine/diag"
)

// checkNumbers finds the numbers of v that the Go value of type t cannot
// hold: an integer beyond int64, a number beyond float64 (1e400) or too
// small for it to tell from zero (1e-400). CUE's numbers are arbitrary
// precision and the schema cannot say "fits a float64", so such a number
// passes validation and only Decode fails, with an error that names
// neither the value nor its place. checkNumbers walks v along the model's
// fields (their json names), so each finding has the path and position of
// the number as written.
func (p *positions) checkNumbers(v cue.Value, t reflect.Type, at path) diag.Diagnostics {
	var ds diag.Diagnostics
	switch t.Kind() {
	case reflect.Pointer:
		return p.checkNumbers(v, t.Elem(), at)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if fv := v.LookupPath(cue.MakePath(cue.Str(name))); fv.Exists() {
				ds = append(ds, p.checkNumbers(fv, f.Type, at.at(name))...)
			}
		}
	case reflect.Map:
		it, err := v.Fields()
		if err != nil {
			return nil
		}
		for it.Next() {
			ds = append(ds, p.checkNumbers(it.Value(), t.Elem(), at.at(it.Selector().Unquoted()))...)
		}
	case reflect.Slice, reflect.Array:
		it, err := v.List()
		if err != nil {
			return nil
		}
		for i := 0; it.Next(); i++ {
			ds = append(ds, p.checkNumbers(it.Value(), t.Elem(), at.at(i))...)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.IncompleteKind() != cue.IntKind {
			return nil
		}
		bits := t.Bits()
		lo := int64(math.MinInt64) >> (64 - bits)
		hi := ^lo
		if n, err := v.Int64(); err == nil && n >= lo && n <= hi {
			return nil
		}
		return diag.Diagnostics{p.numberDiag(v, at, "%s does not fit an int"+fmt.Sprint(bits),
			fmt.Sprintf("an integer here must be between %d and %d", lo, hi))}
	case reflect.Float32, reflect.Float64:
		if v.IncompleteKind()&cue.NumberKind == 0 {
			return nil
		}
		f, err := v.Float64()
		switch {
		case err == nil && (t.Kind() == reflect.Float64 || math.Abs(f) <= math.MaxFloat32):
			return nil
		case errors.Is(err, cue.ErrBelow) && !math.IsInf(f, 0), errors.Is(err, cue.ErrAbove) && !math.IsInf(f, 0):
			return diag.Diagnostics{p.numberDiag(v, at, "%s is too close to zero to be represented",
				"the smallest number that can be represented is about 5e-324; write 0 if zero is meant")}
		}
		return diag.Diagnostics{p.numberDiag(v, at, "%s is out of range",
			"a number must be less than about 1.8e308 in size")}
	}
	return ds
}

// numberDiag is the error of the number v at the path at; summary has a
// %s for the number as the user wrote it.
func (p *positions) numberDiag(v cue.Value, at path, summary, detail string) diag.Diagnostic {
	written := v
	if u := p.user.LookupPath(at.cue()); u.Exists() {
		written = u
	}
	d := diag.Diagnostic{Severity: diag.Error, Path: at.String(), Summary: fmt.Sprintf(summary, literal(written)), Detail: detail}
	if dp, ok := p.rel(valuePos(written)); ok {
		d.Positions = []diag.Position{dp}
	} else {
		d.Positions = p.at(at.cue())
	}
	return d
}

// literal returns a number as the user wrote it, or as CUE prints it.
func literal(v cue.Value) string {
	src := v.Source()
	if f, ok := src.(*ast.Field); ok {
		src = f.Value
	}
	if lit, ok := src.(*ast.BasicLit); ok {
		return lit.Value
	}
	return fmt.Sprint(v)
}
