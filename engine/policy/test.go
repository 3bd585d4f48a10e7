package policy

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/supportops/supportops/engine/model"
)

// TestReport is the outcome of running the Rego unit tests of a set of
// modules.
type TestReport struct {
	// Passed, Failed and Errored count the tests by outcome.
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Errored int `json:"errored"`
	// Failures describes each failed or errored test, in file order.
	Failures []TestFailure `json:"failures,omitempty"`
	// Coverage is the percentage of the policy lines (test files
	// excluded) that the tests evaluated.
	Coverage float64 `json:"coverage"`
	// Files is the coverage of each policy file, sorted by path.
	Files []FileCoverage `json:"files"`
}

// TestFailure is one failed or errored test.
type TestFailure struct {
	// Name is the test rule's name, Package its package.
	Name    string `json:"name"`
	Package string `json:"package"`
	// Location is "policies/file.rego:line".
	Location string `json:"location"`
	// Message is the error, or "fail" for a test that was false.
	Message string `json:"message"`
}

// FileCoverage is the test coverage of one policy file.
type FileCoverage struct {
	// Path is the file as diagnostics name it, e.g. "policies/routing/routing.rego".
	Path string `json:"path"`
	// Coverage is the percentage of its lines evaluated.
	Coverage float64 `json:"coverage"`
	// NotCovered lists the lines no test evaluated.
	NotCovered []int `json:"not_covered,omitempty"`
}

// OK reports whether every test passed.
func (r TestReport) OK() bool { return r.Failed == 0 && r.Errored == 0 }

// Total is the number of tests run.
func (r TestReport) Total() int { return r.Passed + r.Failed + r.Errored }

// testTimeout bounds one test, as opa test does.
const testTimeout = 5 * time.Second

// Test compiles mods and runs their tests (rules named test_*) with the
// policies' data for cfg, so that a repository's own tests may use its
// configuration; the default tests bring their own data with `with`. A nil
// cfg runs the tests without data. Compile errors come back as
// diag.Diagnostics.
func Test(ctx context.Context, cfg *model.Config, mods []Module) (TestReport, error) {
	_, parsed, err := compile(mods)
	if err != nil {
		return TestReport{}, err
	}
	store := inmem.New()
	if cfg != nil {
		data, derr := Data(cfg)
		if derr != nil {
			return TestReport{}, derr
		}
		store = inmem.NewFromASTObject(data)
	}
	cov := cover.New()
	runner := tester.NewRunner().
		SetStore(store).
		SetModules(parsed).
		SetDefaultRegoVersion(regoVersion).
		SetCoverageQueryTracer(cov).
		SetCoverageRuns(nil).
		SetTimeout(testTimeout)
	txn, err := store.NewTransaction(ctx, storage.TransactionParams{})
	if err != nil {
		return TestReport{}, fmt.Errorf("run policy tests: %w", err)
	}
	defer store.Abort(ctx, txn)
	results, err := runner.RunTests(ctx, txn)
	if err != nil {
		return TestReport{}, fmt.Errorf("run policy tests: %w", err)
	}
	var rep TestReport
	for r := range results {
		switch {
		case r.Skip:
		case r.Error != nil:
			rep.Errored++
			rep.Failures = append(rep.Failures, failure(r, r.Error.Error()))
		case r.Fail:
			rep.Failed++
			rep.Failures = append(rep.Failures, failure(r, "fail"))
		default:
			rep.Passed++
		}
	}
	slices.SortFunc(rep.Failures, func(a, b TestFailure) int {
		return cmp.Or(strings.Compare(a.Location, b.Location), strings.Compare(a.Name, b.Name))
	})
	policyMods := make(map[string]*ast.Module)
	for _, m := range mods {
		if !m.IsTest() {
			policyMods[m.displayPath()] = parsed[m.displayPath()]
		}
	}
	rep.Coverage, rep.Files = coverage(cov.Report(policyMods), policyMods)
	return rep, nil
}

func failure(r *tester.Result, msg string) TestFailure {
	f := TestFailure{Name: r.Name, Package: strings.TrimPrefix(r.Package, "data."), Message: msg}
	if r.Location != nil {
		f.Location = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
	}
	return f
}

// coverage summarises a report: the overall percentage, and per file.
// Only the policy files count; the tests cover themselves.
func coverage(rep cover.Report, policyMods map[string]*ast.Module) (float64, []FileCoverage) {
	files := make([]FileCoverage, 0, len(policyMods))
	covered, total := 0, 0
	for _, path := range model.SortedKeys(policyMods) {
		fr := rep.Files[path]
		if fr == nil {
			fr = &cover.FileReport{}
		}
		fc := FileCoverage{Path: path, Coverage: 100}
		n := fr.CoveredLines + fr.NotCoveredLines
		if n > 0 {
			fc.Coverage = 100 * float64(fr.CoveredLines) / float64(n)
		}
		for _, rg := range fr.NotCovered {
			for row := rg.Start.Row; row <= rg.End.Row; row++ {
				fc.NotCovered = append(fc.NotCovered, row)
			}
		}
		slices.Sort(fc.NotCovered)
		fc.NotCovered = slices.Compact(fc.NotCovered)
		covered += fr.CoveredLines
		total += n
		files = append(files, fc)
	}
	if total == 0 {
		return 100, files
	}
	return 100 * float64(covered) / float64(total), files
}
