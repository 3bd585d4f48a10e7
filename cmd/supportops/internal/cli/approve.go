package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/policy"
)

// approveOptions are the settings of approve.
type approveOptions struct {
	Config  string `mapstructure:"config"`
	Request string `mapstructure:"request"`
	Output  string `mapstructure:"output"`
}

func newApproveCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "approve",
		Short: "Show who must approve a request, and whether it is approved",
		Long: `approve evaluates the approval policy of a configuration for one request (a
refund, compensation, SLA exception, escalation override or incentive payout)
with the approvals recorded so far: allowed, needs approval (with the roles
still pending, in order) or denied, each with reasons. Nobody approves their
own request and one person cannot fill two levels.

Exit codes: 0 allowed or needs approval, 1 denied (or invalid configuration
or policies), 2 usage or internal error (including a malformed request).`,
		Example: `  supportops approve --config examples/acme-shop --request examples/acme-shop/approvals/refund-two-levels.json`,
		Args:    cobra.NoArgs,
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, opts approveOptions) error {
			var req policy.ApprovalRequest
			if err := readJSON("--request", opts.Request, &req); err != nil {
				return err
			}
			return runApprove(cmd, opts, req)
		}),
	}
	cmd.Flags().String("config", ".", "configuration directory")
	cmd.Flags().String("request", "", "approval request JSON file, or - for standard input (required)")
	outputFlag(cmd.Flags(), outputText, outputJSON)
	return cmd
}

func runApprove(cmd *cobra.Command, opts approveOptions, req policy.ApprovalRequest) error {
	_, eng, err := loadEngine(cmd, opts.Config)
	if err != nil {
		return err
	}
	d, err := eng.Approve(cmd.Context(), req)
	if err != nil {
		return err
	}
	if opts.Output == outputJSON {
		if err := writeJSON(cmd, d); err != nil {
			return err
		}
	} else {
		out := cmd.OutOrStdout()
		amount := ""
		if req.Amount != nil {
			amount = fmt.Sprintf(" %g", *req.Amount)
		}
		fmt.Fprintf(out, "%s%s by %s: %s", req.Action, amount, req.Requester.ID, d.Outcome)
		if len(d.Pending) > 0 {
			fmt.Fprintf(out, " (pending: %s)", strings.Join(d.Pending, " then "))
		}
		fmt.Fprintln(out)
		if len(d.Required) > 0 {
			fmt.Fprintf(out, "  required: %s\n", strings.Join(d.Required, " then "))
		}
		for _, r := range d.Reasons {
			fmt.Fprintf(out, "  - %s\n", r)
		}
	}
	if d.Outcome == "denied" {
		return errFindings
	}
	return nil
}
