package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/impact"
	"github.com/supportops/supportops/engine/revision"
)

// outputMarkdownComment is impact's pull-request comment format (the
// issue's name for it; scorecard's page is "md").
const outputMarkdownComment = "markdown"

// dateLayout is a day, for --since and --until.
const dateLayout = "2006-01-02"

// impactOptions are the settings of impact.
type impactOptions struct {
	Base    string   `mapstructure:"base"`
	BaseRef string   `mapstructure:"base-ref"`
	Head    string   `mapstructure:"head"`
	History string   `mapstructure:"history"`
	Since   string   `mapstructure:"since"`
	Until   string   `mapstructure:"until"`
	Output  string   `mapstructure:"output"`
	FailOn  []string `mapstructure:"fail-on"`
}

func newImpactCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "impact",
		Short: "Replay a ticket history through the base and the changed configuration and show what the change does",
		Long: `impact decides every ticket of a history (--history: JSON Lines or CSV of
ticket records, gzip-compressed when the name ends in .gz, as "supportops
history export" writes it) twice, with the base and with the changed (--head)
configuration and their policies, and shows what the change would have done:
how many tickets go to another queue or team, get another priority, select
another SLA policy, have a due time moved, would have breached or met
otherwise, fire other escalations; the routing from × to, the breach rate per
SLA metric and queue before → after, the weekly tickets per team, and the
staffing effect when forecasts exist.

The base is a directory (--base) or the head directory as it was at a git
revision (--base-ref, e.g. origin/main; the directory's policies/ with it).
--since and --until bound the tickets by created_at, [since, until): RFC 3339
times or days (2026-11-01, midnight in the head center's time zone).

--output markdown is written to be a pull request's comment: a headline,
tables, example ticket ids in <details>; a change that moves nothing is "No
impact". --output json is the whole result: tickets, changed, counts per kind
of change, examples, routing, breaches, workload, staffing, no_queue.

` + impact.ThresholdHelp + `

A history with a bad line is refused as a whole: every bad line is reported as
FILE:LINE: field: message and nothing is shown.

Exit codes: 0 shown (no --fail-on threshold crossed), 1 a threshold crossed
(each named on stderr) or an invalid history or configuration, 2 usage error
(a bad --fail-on expression among them).`,
		Example: `  supportops impact --base-ref origin/main --head examples/acme-shop --history examples/acme-shop/history/2026-11.jsonl.gz
  supportops impact --base old/ --head new/ --history november.csv.gz --output markdown --fail-on breach-rate+2pp --fail-on no-queue
  supportops impact --base old/ --head new/ --history november.jsonl --since 2026-11-15 --output json`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o impactOptions) error {
			thresholds, err := parseThresholds(o.FailOn)
			if err != nil {
				return err
			}
			if (o.Base == "") == (o.BaseRef == "") {
				return usagef("give exactly one of --base DIR or --base-ref GIT_REF")
			}
			if o.History == "" {
				return usagef("--history is required")
			}
			return runImpact(cmd, o, thresholds)
		}),
	}
	f := cmd.Flags()
	f.String("base", "", "directory of the base configuration")
	f.String("base-ref", "", "git revision of --head to use as the base")
	f.String("head", ".", "directory of the changed configuration")
	f.String("history", "", "ticket history file (.jsonl, .csv, optionally .gz)")
	f.String("since", "", "first creation time, RFC 3339 or YYYY-MM-DD (inclusive)")
	f.String("until", "", "last creation time, RFC 3339 or YYYY-MM-DD (exclusive)")
	f.StringArray("fail-on", nil, "exit 1 when the change crosses this threshold (repeatable; see --help)")
	outputFlag(f, outputText, outputJSON, outputMarkdownComment)
	return cmd
}

// parseThresholds parses every --fail-on; a bad one is a usage error.
func parseThresholds(exprs []string) ([]impact.Threshold, error) {
	var out []impact.Threshold
	for _, e := range exprs {
		t, err := impact.ParseThreshold(e)
		if err != nil {
			return nil, usagef("--fail-on: %w", err)
		}
		out = append(out, t)
	}
	return out, nil
}

func runImpact(cmd *cobra.Command, o impactOptions, thresholds []impact.Threshold) error {
	f, err := os.Open(o.History)
	if err != nil {
		return usagef("--history: %w", err)
	}
	defer f.Close()
	baseDir, baseName := o.Base, o.Base
	if o.BaseRef != "" {
		dir, cleanup, cerr := revision.CheckoutWith(cmd.Context(), o.Head, o.BaseRef, bundle.PolicyDir)
		if cerr != nil {
			return cerr
		}
		defer cleanup()
		baseDir, baseName = dir, o.BaseRef
	}
	base, err := openSide(cmd, "base", baseName, baseDir)
	if err != nil {
		return err
	}
	head, err := openSide(cmd, "head", o.Head, o.Head)
	if err != nil {
		return err
	}
	opts := impact.Options{}
	loc, err := time.LoadLocation(head.Snapshot.Config.Center.Timezone)
	if err != nil {
		return fmt.Errorf("load the head center's time zone: %w", err)
	}
	if opts.Since, err = parseBound("--since", o.Since, loc); err != nil {
		return err
	}
	if opts.Until, err = parseBound("--until", o.Until, loc); err != nil {
		return err
	}
	c, err := impact.New(cmd.Context(), base, head, opts)
	if err != nil {
		return fmt.Errorf("prepare the comparison: %w", err)
	}
	// The records stream through the comparer, whose result is shown only
	// when the whole file read well.
	err = history.Each(o.History, f, func(r *history.Record) error {
		return c.Add(cmd.Context(), r)
	})
	if lines, ok := errors.AsType[history.Errors](err); ok {
		fmt.Fprintln(cmd.ErrOrStderr(), lines.Error())
		return errFindings
	}
	if err != nil {
		return findings{fmt.Errorf("compare %s: %w", o.History, err)}
	}
	res := c.Result()
	switch o.Output {
	case outputJSON:
		err = writeJSON(cmd, res)
	case outputMarkdownComment:
		err = res.WriteMarkdown(cmd.OutOrStdout())
	default:
		err = res.WriteText(cmd.OutOrStdout())
	}
	if err != nil {
		return fmt.Errorf("write the impact: %w", err)
	}
	var crossed []string
	for _, t := range thresholds {
		what := t.Crossed(res)
		for _, c := range what {
			fmt.Fprintf(cmd.ErrOrStderr(), "fail-on %s\n", c)
		}
		if len(what) > 0 {
			crossed = append(crossed, t.String())
		}
	}
	if len(crossed) > 0 {
		return findings{fmt.Errorf("--fail-on crossed: %s", strings.Join(crossed, ", "))}
	}
	return nil
}

// openSide opens one side of the comparison; an invalid side is reported
// as findings, naming the side.
func openSide(cmd *cobra.Command, side, name, dir string) (*bundle.Bundle, error) {
	b, err := bundle.Open(cmd.Context(), dir)
	if err == nil {
		return b, nil
	}
	if ds, ok := errors.AsType[diag.Diagnostics](bundle.Cause(err)); ok {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s configuration %s is invalid:\n", side, name)
		ds.WriteText(cmd.ErrOrStderr())
		return nil, errFindings
	}
	return nil, fmt.Errorf("open %s %s: %w", side, name, err)
}

// parseBound reads --since or --until: an RFC 3339 time, or a day at
// midnight in loc; zero when empty.
func parseBound(flag, s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation(dateLayout, s, loc)
	if err != nil {
		return time.Time{}, usagef("%s %q: want an RFC 3339 time or YYYY-MM-DD", flag, strings.TrimSpace(s))
	}
	return t, nil
}
