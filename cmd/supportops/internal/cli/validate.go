package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/staffing"
)

// validateOptions are the settings of validate.
type validateOptions struct {
	Output string `mapstructure:"output"`
}

func newValidateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a configuration against the schema and cross-references",
		Long: `validate loads the CUE package in DIR (the current directory by default),
checks it against the supportops schema and every cross-reference rule (unknown
names, duplicate ids, escalation levels out of order, cycles between plan steps,
KPI bands out of order, bad time zones, overlapping calendar windows, queues no
agent can reach, ...), and reports every problem in one run, each with the
./file.cue:line:col it comes from. It then compiles the policies (the defaults
overlaid with DIR/policies), evaluates every decision (routing, approval,
authz) on the fixtures in DIR/tickets, DIR/state and DIR/approvals and on
inputs generated from the configuration (every channel, category, priority,
tier and language; every action for each role; every approval action at its
tiers' edges), so that a policy that would fail at run time is refused, and
runs their Rego unit tests.

With forecasts, it lays them and the agents' shifts on the staffing week
(staffing.week, else the next full ISO week) and reports each shortfall,
consecutive short intervals of a queue's channel merged: the agents required
(Erlang C, or Erlang A with patience), on roster with shrinkage, scheduled, and
the service level they reach; a warning, or an error where the goal sets gate.

Output formats: text (cue vet's shape, on stderr), json (on stdout) and github
(GitHub Actions annotations, on stdout).

Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage or internal error.`,
		Example: `  supportops validate examples/acme-shop
  supportops validate --output github .
  SUPPORTOPS_OUTPUT=json supportops validate config/`,
		Args: maxArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, opts validateOptions) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runValidate(cmd, dir, opts)
		}),
	}
	outputFlag(cmd.Flags(), outputText, outputJSON, outputGitHub)
	return cmd
}

// validateResult is validate's JSON output.
type validateResult struct {
	Root        string           `json:"root"`
	Valid       bool             `json:"valid"`
	Hash        string           `json:"hash,omitempty"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Diagnostics diag.Diagnostics `json:"diagnostics"`
	// PolicyTests is the result of the policies' unit tests, when the
	// configuration was valid and the policies compiled.
	PolicyTests *policy.TestReport `json:"policy_tests,omitempty"`
}

func runValidate(cmd *cobra.Command, dir string, opts validateOptions) error {
	snap, ds, err := loadConfig(cmd, dir)
	if err != nil {
		return err
	}
	if snap != nil {
		// The staffing check: each shortfall of the roster against the
		// forecasts, on the staffing week (staffing.CheckWeek).
		sds, err := staffing.Check(snap.Config, snap.Positions, time.Now())
		if err != nil {
			return err
		}
		ds = append(ds, sds...)
	}
	res := validateResult{Root: dir, Valid: snap != nil, Diagnostics: ds}
	if snap != nil {
		res.Hash = snap.Hash
		pds, rep, err := checkPolicies(cmd, snap)
		if err != nil {
			return err
		}
		res.Diagnostics = append(res.Diagnostics, pds...)
		res.Valid = !res.Diagnostics.HasErrors()
		res.PolicyTests = rep
		ds = res.Diagnostics
	}
	res.Errors, res.Warnings = ds.Count()
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	switch opts.Output {
	case outputJSON:
		if err := writeJSON(cmd, res); err != nil {
			return err
		}
	case outputGitHub:
		ds.WriteGitHub(out, dir)
	default:
		ds.WriteText(errOut)
		if res.Valid {
			c := snap.Config
			fmt.Fprintf(out, "%s: valid (%d teams, %d agents, %d queues, %d SLA policies, %d escalation paths, %d KPIs, %d emergency plans, %d incentives; %s)\n",
				dir, len(c.Teams), len(c.Agents), len(c.Queues), len(c.SLAPolicies), len(c.EscalationPaths), len(c.KPIs), len(c.EmergencyPlans), len(c.Incentives), plural(res.Warnings, "warning"))
			fmt.Fprintf(out, "%s: policies compile, %s pass\n", dir, plural(res.PolicyTests.Passed, "test"))
		} else {
			fmt.Fprintf(errOut, "%s: invalid: %s, %s\n", dir, plural(res.Errors, "error"), plural(res.Warnings, "warning"))
		}
	}
	if !res.Valid {
		return errFindings
	}
	return nil
}

// checkPolicies compiles the policies of a valid configuration
// (bundle.Compile), checks them on its fixtures and runs
// their tests; compile errors and failing tests come back as diagnostics.
func checkPolicies(cmd *cobra.Command, snap *config.Snapshot) (diag.Diagnostics, *policy.TestReport, error) {
	b, err := bundle.Compile(cmd.Context(), snap)
	if ds, ok := errors.AsType[diag.Diagnostics](bundle.Cause(err)); ok {
		return ds, nil, nil
	}
	if err != nil {
		return nil, nil, bundle.Cause(err)
	}
	// A policy can compile and pass its tests and still fail at run time:
	// every decision is evaluated on the fixtures and generated inputs.
	cds, err := b.Check(cmd.Context())
	if err != nil {
		return diag.Diagnostics{{Severity: diag.Error, Summary: err.Error()}}, nil, nil
	}
	if len(cds) > 0 {
		return cds, nil, nil
	}
	rep, err := policy.Test(cmd.Context(), snap.Config, b.Modules)
	if ds, ok := errors.AsType[diag.Diagnostics](err); ok {
		return ds, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var ds diag.Diagnostics
	for _, f := range rep.Failures {
		d := diag.Diagnostic{Severity: diag.Error, Summary: fmt.Sprintf("policy test %s.%s failed", f.Package, f.Name), Detail: f.Message}
		if file, line, ok := splitLocation(f.Location); ok {
			d.Positions = []diag.Position{{File: file, Line: line, Column: 1}}
		}
		ds = append(ds, d)
	}
	return ds, &rep, nil
}

// splitLocation splits "file:line".
func splitLocation(loc string) (string, int, bool) {
	i := strings.LastIndexByte(loc, ':')
	if i < 0 {
		return "", 0, false
	}
	line, err := strconv.Atoi(loc[i+1:])
	return loc[:i], line, err == nil
}

// loadConfig loads and validates dir. An invalid configuration returns a nil
// snapshot and its diagnostics; other failures return an error.
func loadConfig(cmd *cobra.Command, dir string) (*config.Snapshot, diag.Diagnostics, error) {
	l, err := config.NewLoader()
	if err != nil {
		return nil, nil, err
	}
	snap, err := l.Load(cmd.Context(), dir)
	var ds diag.Diagnostics
	if errors.As(err, &ds) {
		return nil, ds, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return snap, snap.Warnings, nil
}

// plural returns "1 error" or "2 errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
