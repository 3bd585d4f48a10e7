package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func newDrillReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report ID",
		Short: "Render a drill's report: Markdown, a self-contained HTML page with a timeline, or JSON",
		Long: `report renders the report of a drill: the run, the score with its components,
every step with its times on the drill clock, the action items and each step's
checklist, notes and escalations. --format html is one self-contained page
with an SVG timeline (a lane per role, a bar per step, deadline marks, late
steps highlighted); json is the result. A drill still running gets a
provisional report, as if it ended now.`,
		Example: `  supportops drill report D-outage-major-1a2b3c4d
  supportops drill report D-outage-major-1a2b3c4d --format html -o drill.html`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Format        string `mapstructure:"format"`
				Out           string `mapstructure:"out"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			switch o.Format {
			case "md", "html", "json":
			default:
				return usagef("unknown --format %q: want md, html, json", o.Format)
			}
			rep, err := o.client().DrillReport(cmd.Context(), args[0], o.Format)
			if err != nil {
				return daemonError(err)
			}
			if o.Out == "" {
				_, err = cmd.OutOrStdout().Write(rep.Body)
				return err
			}
			if err = os.WriteFile(o.Out, rep.Body, 0o644); err != nil {
				return fmt.Errorf("write the report of drill %s: %w", args[0], err)
			}
			return nil
		},
	}
	cmd.Flags().String("format", "md", "md, html or json")
	cmd.Flags().StringP("out", "o", "", "write the report to FILE instead of standard output")
	serverFlags(cmd)
	return cmd
}
