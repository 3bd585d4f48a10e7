package config

import (
	"errors"
	"fmt"
	"path/filepath"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"

	"github.com/supportops/supportops/engine/diag"
)

// loadDiagnostics converts the error of loading the package, before it is
// built: files of two packages, a failed import, a syntax error. cue/load
// reports the first two without a position or without what failed.
func (p *positions) loadDiagnostics(err error) diag.Diagnostics {
	var ds diag.Diagnostics
	var rest cueerrors.Error
	for _, e := range cueerrors.Errors(err) {
		var multi *load.MultiplePackageError
		var pkg *load.PackageError
		switch {
		case errors.As(e, &multi):
			ds = append(ds, p.packageDiagnostics()...)
		case errors.As(e, &pkg) && pkg.Pos.IsValid():
			ds = append(ds, p.importDiagnostic(pkg))
		default:
			rest = cueerrors.Append(rest, e)
		}
	}
	if rest != nil {
		ds = append(ds, p.diagnostics(rest, cue.Value{})...)
	}
	ds.Sort()
	return ds
}

// conventionalPackage is the package configurations are written in, like
// the examples and the schema; it wins a tie between two packages.
const conventionalPackage = "supportops"

// packageDiagnostics reports every file that is not in the configuration's
// package, at its package clause. The configuration's package is the one
// most files are in (on a tie, supportops, or else the first file's).
func (p *positions) packageDiagnostics() diag.Diagnostics {
	type clause struct {
		name string
		pos  token.Pos
	}
	clauses := map[string]clause{}
	count := map[string]int{}
	want := ""
	for _, name := range p.files {
		f, err := parser.ParseFile(filepath.Join(p.root, name), nil, parser.PackageClauseOnly)
		if err != nil || f.PackageName() == "" {
			continue
		}
		pkg := f.PackageName()
		pos := f.Pos()
		for _, d := range f.Decls {
			if c, ok := d.(*ast.Package); ok {
				pos = c.Name.Pos()
			}
		}
		clauses[name] = clause{pkg, pos}
		count[pkg]++
		if want == "" || count[pkg] > count[want] || (count[pkg] == count[want] && pkg == conventionalPackage) {
			want = pkg
		}
	}
	var ds diag.Diagnostics
	for _, name := range p.files {
		c, ok := clauses[name]
		if !ok || c.name == want {
			continue
		}
		d := diag.Diagnostic{
			Severity: diag.Error,
			Summary:  fmt.Sprintf("%s is in package %q, not %q", name, c.name, want),
			Detail:   fmt.Sprintf("every .cue file of a configuration is in one package: write package %s, or move the file out of the directory", want),
		}
		if dp, ok := p.rel(c.pos); ok {
			d.Positions = []diag.Position{dp}
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		// cue/load saw two packages where the package clauses do not show
		// them: report what it said, placed by complete.
		ds = append(ds, diag.Diagnostic{Severity: diag.Error, Summary: "the configuration's files are in more than one package"})
	}
	return ds
}

// unpackaged warns of every file without a package clause: cue/load
// leaves such a file out of the package without a word, so what it says
// would silently not apply.
func (p *positions) unpackaged(pkg string) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, name := range p.files {
		f, err := parser.ParseFile(filepath.Join(p.root, name), nil, parser.PackageClauseOnly)
		if err != nil || f.PackageName() != "" {
			continue
		}
		ds = append(ds, diag.Diagnostic{
			Severity:  diag.Warning,
			Summary:   fmt.Sprintf("%s has no package clause, so it is not part of the configuration", name),
			Detail:    fmt.Sprintf("start it with package %s", pkg),
			Positions: []diag.Position{{File: name, Line: 1, Column: 1}},
		})
	}
	return ds
}

// importDiagnostic reports a failed import with the path it names.
func (p *positions) importDiagnostic(e *load.PackageError) diag.Diagnostic {
	format, args := e.Msg()
	d := diag.Diagnostic{Severity: diag.Error, Summary: "import failed: " + fmt.Sprintf(format, args...)}
	if imp := importAt(e.Pos); imp != "" {
		d.Summary = fmt.Sprintf("import %s failed: %s", imp, fmt.Sprintf(format, args...))
	}
	if dp, ok := p.rel(e.Pos); ok {
		d.Positions = []diag.Position{dp}
	}
	return d
}

// importAt returns the quoted import path written at pos, or "".
func importAt(pos token.Pos) string {
	f, err := parser.ParseFile(pos.Filename(), nil, parser.ImportsOnly)
	if err != nil {
		return ""
	}
	var found string
	for spec := range f.ImportSpecs() {
		sp := spec.Path.Pos()
		if sp.Line() == pos.Line() && (found == "" || sp.Column() == pos.Column()) {
			found = spec.Path.Value
		}
	}
	return found
}

// complete makes sure every diagnostic says something and says where: an
// error from CUE or from cue/load may come without a message (a number
// that a conversion rounded) or without a position (a package-level
// error). A diagnostic without a position of its own is placed at its
// path's nearest enclosing value, or else at the start of the first file.
// It sorts the result.
func (p *positions) complete(ds diag.Diagnostics) diag.Diagnostics {
	for i := range ds {
		d := &ds[i]
		if d.Summary == "" {
			d.Summary = "invalid value"
		}
		if len(d.Positions) > 0 {
			continue
		}
		if d.Path != "" {
			if sels := cue.ParsePath(d.Path); sels.Err() == nil {
				d.Positions = p.at(sels)
			}
		}
		if len(d.Positions) == 0 && len(p.files) > 0 {
			d.Positions = []diag.Position{{File: p.files[0], Line: 1, Column: 1}}
		}
	}
	ds.Sort()
	return ds
}
