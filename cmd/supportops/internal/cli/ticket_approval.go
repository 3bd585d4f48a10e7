package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

// requestOptions are the settings of ticket request.
type requestOptions struct {
	serverOptions `mapstructure:",squash"`
	Action        string  `mapstructure:"action"`
	Amount        float64 `mapstructure:"amount"`
	Comment       string  `mapstructure:"comment"`
}

func newTicketRequestCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "request ID",
		Short: "Ask for approval of a refund, compensation or SLA exception on a ticket",
		Long: `request asks for approval of an action on a ticket; the approval policy says who
must approve, level by level. It prints the approval's id and what it needs.`,
		Example: `  supportops ticket request T-1001 --action refund --amount 800 --comment "parcel lost twice"`,
		Args:    exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o requestOptions) error {
			req := apiv1.ApprovalRequest{Action: o.Action, Comment: o.Comment}
			if cmd.Flags().Changed("amount") {
				req.Amount = &o.Amount
			}
			st, err := o.client().RequestApproval(cmd.Context(), args[0], req)
			if err != nil {
				return daemonError(err)
			}
			return printApproval(cmd.OutOrStdout(), st.Approvals[len(st.Approvals)-1])
		}),
	}
	cmd.Flags().String("action", "", "refund, compensation, sla_exception, escalation_override or incentive_payout (required)")
	cmd.Flags().Float64("amount", 0, "the amount, for actions that have one")
	cmd.Flags().String("comment", "", "why")
	serverFlags(cmd)
	return cmd
}

// decideOptions are the settings of ticket approve.
type decideOptions struct {
	serverOptions `mapstructure:",squash"`
	Reject        bool   `mapstructure:"reject"`
	Comment       string `mapstructure:"comment"`
}

func newTicketApproveCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "approve APPROVAL",
		Short: "Approve (or --reject) the next open level of an approval",
		Long: `approve records your decision on the next open level of an approval, as the
principal of your token. The approval policy checks it again: nobody approves
their own request, and one person cannot fill two levels.`,
		Example: `  supportops ticket approve T-1001.A1
  supportops ticket approve T-1001.A1 --reject --comment "not covered by the return policy"`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o decideOptions) error {
			decision := apiv1.ApprovalDecision{Decision: apiv1.DecisionApprove, Comment: o.Comment}
			if o.Reject {
				decision.Decision = apiv1.DecisionReject
			}
			st, err := o.client().Decide(cmd.Context(), args[0], decision)
			if err != nil {
				return daemonError(err)
			}
			for _, ap := range st.Approvals {
				if ap.ID == args[0] {
					return printApproval(cmd.OutOrStdout(), ap)
				}
			}
			return fmt.Errorf("the daemon's answer lacks approval %s", args[0])
		}),
	}
	cmd.Flags().Bool("reject", false, "reject instead of approve")
	cmd.Flags().String("comment", "", "why")
	serverFlags(cmd)
	return cmd
}
