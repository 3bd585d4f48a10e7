package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/staffing"
)

// staffingOptions are the settings of staffing, the week report.
type staffingOptions struct {
	Config string `mapstructure:"config"`
	Week   string `mapstructure:"week"`
	Output string `mapstructure:"output"`
	Out    string `mapstructure:"out"`
}

// staffingReportFlags adds the week report's flags to the staffing group.
// --output has no shorthand here: -o is --out, the file, as in kpi report.
func staffingReportFlags(fs *pflag.FlagSet) {
	fs.String("config", ".", "configuration repository")
	fs.String("week", "", "ISO week, e.g. 2026-W49 (default: staffing.week, else the next full week)")
	formats := []string{outputText, outputJSON, outputHTML}
	fs.String(outputFlagName, outputText, "output format: text|json|html")
	// The flag was just added: SetAnnotation cannot fail.
	_ = fs.SetAnnotation(outputFlagName, outputFormats, formats)
	fs.StringP("out", "o", "", "write the report to FILE instead of standard output")
}

// runStaffingReport runs staffing: the configuration's week, analysed and
// rendered; a gated queue channel left short is a finding (exit 1).
func runStaffingReport(cmd *cobra.Command, _ []string, o staffingOptions) error {
	snap, ds, err := loadConfig(cmd, o.Config)
	if err != nil {
		return err
	}
	if snap == nil {
		ds.WriteText(cmd.ErrOrStderr())
		return errFindings
	}
	cfg := snap.Config
	week, err := staffingWeek(cfg, o.Week)
	if err != nil {
		return err
	}
	rep, err := staffing.AnalyseWeek(cfg, week)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	switch o.Output {
	case outputJSON:
		err = writeJSONOut(&b, rep)
	case outputHTML:
		err = staffing.HTML(&b, cfg.Center.Name, rep)
	default:
		err = staffing.Text(&b, rep)
	}
	if err != nil {
		return err
	}
	if o.Out == "" {
		if _, err = cmd.OutOrStdout().Write(b.Bytes()); err != nil {
			return fmt.Errorf("write the staffing of %s: %w", rep.Week, err)
		}
	} else if err = writeOut(o.Out, b.Bytes()); err != nil {
		return fmt.Errorf("write the staffing of %s: %w", rep.Week, err)
	}
	return staffingGate(cmd, rep)
}

// writeOut writes a report to the file --out names, creating its
// directory (bin/ on a fresh clone).
func writeOut(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// staffingWeek is the week of the report: --week, else the week validate
// checks (staffing.CheckWeek).
func staffingWeek(cfg *model.Config, week string) (kpi.Period, error) {
	if week == "" {
		return staffing.CheckWeek(cfg, time.Now())
	}
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return kpi.Period{}, fmt.Errorf("staffing week: %w", err)
	}
	p, err := kpi.ParsePeriod(week, loc)
	if err != nil {
		return kpi.Period{}, usagef("--week: %w", err)
	}
	if p.Kind != kpi.Week {
		return kpi.Period{}, usagef("--week %q is a %s: want an ISO week, e.g. 2026-W49", week, p.Kind)
	}
	return p, nil
}

// staffingGate reports the shortfalls of gated queue channels, and gated
// goals no headcount reaches, on stderr, as validate's errors: findings.
func staffingGate(cmd *cobra.Command, rep staffing.Report) error {
	failed := 0
	for _, s := range rep.Shortfalls {
		if s.Gate {
			failed++
			fmt.Fprintf(cmd.ErrOrStderr(), "gate: %s\n", s.Message(rep.Shrinkage))
		}
	}
	for _, q := range rep.Queues {
		if !q.Gate {
			continue
		}
		for _, in := range q.Intervals {
			if in.Unreachable != "" {
				failed++
				fmt.Fprintf(cmd.ErrOrStderr(), "gate: queue %s, %s: no number of agents reaches %s from %s\n", q.Queue, q.Channel, q.Goal, in.Start.Format("Mon 15:04"))
				break
			}
		}
	}
	if failed > 0 {
		return findings{fmt.Errorf("%s of gated queue channels", plural(failed, "shortfall"))}
	}
	return nil
}
