package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/change"
	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/revision"
	"github.com/supportops/supportops/engine/staffing"
)

// planOptions are the settings of plan.
type planOptions struct {
	Base    string `mapstructure:"base"`
	BaseRef string `mapstructure:"base-ref"`
	Head    string `mapstructure:"head"`
	Output  string `mapstructure:"output"`
}

func newPlanCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what a configuration change does, entity by entity",
		Long: `plan validates two versions of a configuration and prints their semantic
difference: per entity (agent, queue, SLA policy, ...) whether it is added,
removed or changed, and for a change every field with its value before and
after. Reordering a list that is a set (an agent's languages, a queue's
channels) is not a change; moving an SLA policy (first match wins) is.

The base is a directory (--base) or the head directory as it was at a git
revision (--base-ref, e.g. origin/main).

When either side has forecasts, plan also shows the change's staffing effect:
both sides laid on the same week (the head's staffing week, as validate and
staffing take it) and analysed, and the intervals of each queue channel that go
from met to short or from short to met, consecutive ones of a day merged
("after-sales phone Mon 08:00–09:30: met → short (needs 5 on roster, 3
scheduled)"; JSON: "staffing").

Exit codes: 0 planned (with or without changes), 1 a version is invalid,
2 usage or internal error.`,
		Example: `  supportops plan --base-ref origin/main --head config/
  supportops plan --base old/ --head new/ --output json`,
		Args: cobra.NoArgs,
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, opts planOptions) error {
			if (opts.Base == "") == (opts.BaseRef == "") {
				return usagef("give exactly one of --base DIR or --base-ref GIT_REF")
			}
			return runPlan(cmd, opts)
		}),
	}
	cmd.Flags().String("base", "", "directory of the base configuration")
	cmd.Flags().String("base-ref", "", "git revision of --head to use as the base")
	cmd.Flags().String("head", ".", "directory of the changed configuration")
	outputFlag(cmd.Flags(), outputText, outputJSON)
	return cmd
}

// planResult is plan's JSON output.
type planResult struct {
	Base     string         `json:"base"`
	Head     string         `json:"head"`
	BaseHash string         `json:"base_hash"`
	HeadHash string         `json:"head_hash"`
	Summary  map[string]int `json:"summary"`
	change.Set
	// Staffing is the change's staffing effect, when a side has
	// forecasts.
	Staffing *staffingEffect `json:"staffing,omitempty"`
}

// staffingEffect is the intervals a change takes from met to short or
// back, in the week both sides were analysed on.
type staffingEffect struct {
	Week        string                `json:"week"`
	Transitions []staffing.Transition `json:"transitions"`
}

func runPlan(cmd *cobra.Command, opts planOptions) error {
	baseDir, baseName := opts.Base, opts.Base
	if opts.BaseRef != "" {
		dir, cleanup, err := revision.Checkout(cmd.Context(), opts.Head, opts.BaseRef)
		if err != nil {
			return err
		}
		defer cleanup()
		baseDir, baseName = dir, opts.BaseRef
	}
	base, err := loadVersion(cmd, "base", baseName, baseDir)
	if err != nil {
		return err
	}
	head, err := loadVersion(cmd, "head", opts.Head, opts.Head)
	if err != nil {
		return err
	}
	p := change.Compare(base.Config, head.Config)
	effect, err := staffingEffectOf(base.Config, head.Config)
	if err != nil {
		return err
	}
	if opts.Output == outputJSON {
		added, changed, removed := p.Counts()
		return writeJSONOut(cmd.OutOrStdout(), planResult{
			Base: baseName, Head: opts.Head, BaseHash: base.Hash, HeadHash: head.Hash,
			Summary: map[string]int{"add": added, "change": changed, "remove": removed},
			Set:     p, Staffing: effect,
		})
	}
	if err := p.WriteText(cmd.OutOrStdout()); err != nil {
		return err
	}
	return effect.writeText(cmd.OutOrStdout())
}

// staffingEffectOf analyses both sides on the head's staffing week (the
// base's when the head has no staffing settings) and compares them; nil
// when neither side has forecasts.
func staffingEffectOf(base, head *model.Config) (*staffingEffect, error) {
	if len(base.Forecasts) == 0 && len(head.Forecasts) == 0 {
		return nil, nil
	}
	weekOf := head
	if head.Staffing == nil {
		weekOf = base
	}
	week, err := staffing.CheckWeek(weekOf, time.Now())
	if err != nil {
		return nil, err
	}
	before, err := staffing.AnalyseWeek(base, week)
	if err != nil {
		return nil, fmt.Errorf("staffing of the base: %w", err)
	}
	after, err := staffing.AnalyseWeek(head, week)
	if err != nil {
		return nil, fmt.Errorf("staffing of the head: %w", err)
	}
	return &staffingEffect{Week: week.String(), Transitions: append([]staffing.Transition{}, staffing.Effect(before, after)...)}, nil
}

// writeText prints the staffing effect after the plan: nothing without
// forecasts.
func (e *staffingEffect) writeText(w io.Writer) error {
	if e == nil {
		return nil
	}
	var err error
	if len(e.Transitions) == 0 {
		_, err = fmt.Fprintf(w, "\nStaffing %s: no interval goes from met to short or back.\n", e.Week)
		return err
	}
	if _, err = fmt.Fprintf(w, "\nStaffing %s:\n", e.Week); err != nil {
		return err
	}
	for _, t := range e.Transitions {
		if _, err = fmt.Fprintf(w, "  %s\n", t); err != nil {
			return err
		}
	}
	return nil
}

// loadVersion loads one side of a plan; an invalid side is reported as
// findings, naming the side.
func loadVersion(cmd *cobra.Command, side, name, dir string) (*config.Snapshot, error) {
	snap, ds, err := loadConfig(cmd, dir)
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", side, name, err)
	}
	if snap == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s configuration %s is invalid:\n", side, name)
		ds.WriteText(cmd.ErrOrStderr())
		return nil, errFindings
	}
	return snap, nil
}
