package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
)

// testOptions are the settings of test.
type testOptions struct {
	CoverageMin float64 `mapstructure:"coverage-min"`
	Output      string  `mapstructure:"output"`
}

func newTestCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the Rego unit tests of the policies, with coverage",
		Long: `test runs the Rego unit tests (*_test.rego) of the default policies overlaid
with DIR/policies (a file with the same path as a default replaces it, others
extend the set), and reports coverage per file. With DIR, the configuration
there is loaded and validated first and is the tests' data
(data.supportops.config and data.supportops.index), so a repository's own
tests can check its real rules. Without DIR it tests the defaults alone.

Exit codes: 0 all tests pass (and coverage is at least --coverage-min),
1 a test fails, errors or coverage is below --coverage-min, 2 usage or
internal error.`,
		Example: `  supportops test
  supportops test examples/acme-shop --coverage-min 90
  supportops test config/ --output json`,
		Args: maxArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, opts testOptions) error {
			if opts.CoverageMin < 0 || opts.CoverageMin > 100 {
				return usagef("--coverage-min must be between 0 and 100, got %g", opts.CoverageMin)
			}
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return runTest(cmd, dir, opts)
		}),
	}
	cmd.Flags().Float64("coverage-min", 0, "fail when coverage is below this percentage")
	outputFlag(cmd.Flags(), outputText, outputJSON)
	return cmd
}

func runTest(cmd *cobra.Command, dir string, opts testOptions) error {
	var cfg *model.Config
	var mods []policy.Module
	var err error
	if dir == "" {
		mods, err = policy.Defaults()
	} else {
		snap, ds, lerr := loadConfig(cmd, dir)
		if lerr != nil {
			return lerr
		}
		if snap == nil {
			ds.WriteText(cmd.ErrOrStderr())
			return errFindings
		}
		cfg = snap.Config
		mods, err = policy.Modules(filepath.Join(dir, bundle.PolicyDir))
	}
	if err != nil {
		return err
	}
	rep, err := policy.Test(cmd.Context(), cfg, mods)
	if ds, ok := errors.AsType[diag.Diagnostics](err); ok {
		ds.WriteText(cmd.ErrOrStderr())
		return errFindings
	}
	if err != nil {
		return err
	}
	covered := rep.Coverage >= opts.CoverageMin
	if opts.Output == outputJSON {
		if err := writeJSON(cmd, rep); err != nil {
			return err
		}
	} else {
		out := cmd.OutOrStdout()
		for _, f := range rep.Failures {
			fmt.Fprintf(out, "FAIL %s.%s (%s)\n", f.Package, f.Name, f.Location)
			if f.Message != "" {
				fmt.Fprintf(out, "    %s\n", f.Message)
			}
		}
		for _, f := range rep.Files {
			fmt.Fprintf(out, "%6.1f%%  %s", f.Coverage, f.Path)
			if len(f.NotCovered) > 0 {
				fmt.Fprintf(out, "  (not covered: lines %s)", lineList(f.NotCovered))
			}
			fmt.Fprintln(out)
		}
		fmt.Fprintf(out, "%d passed, %d failed, %d errored; coverage %.1f%%\n", rep.Passed, rep.Failed, rep.Errored, rep.Coverage)
		if !covered {
			fmt.Fprintf(cmd.ErrOrStderr(), "coverage %.1f%% is below --coverage-min %g%%\n", rep.Coverage, opts.CoverageMin)
		}
	}
	if rep.Failed > 0 || rep.Errored > 0 || !covered {
		return errFindings
	}
	return nil
}

// lineList renders line numbers compactly: 3-5, 9.
func lineList(lines []int) string {
	var s string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if s != "" {
			s += ", "
		}
		if j > i {
			s += fmt.Sprintf("%d-%d", lines[i], lines[j])
		} else {
			s += fmt.Sprint(lines[i])
		}
		i = j + 1
	}
	return s
}
