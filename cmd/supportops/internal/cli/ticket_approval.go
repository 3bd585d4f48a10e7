package cli

import (
	"fmt"
	"net/http"

	"github.com/spf13/cobra"

	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

func newTicketRequestCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "request ID",
		Short: "Ask for approval of a refund, compensation or SLA exception on a ticket",
		Long: `request asks for approval of an action on a ticket; the approval policy says who
must approve, level by level. It prints the approval's id and what it needs.`,
		Example: `  supportops ticket request T-1001 --action refund --amount 800 --comment "parcel lost twice"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Action        string  `mapstructure:"action"`
				Amount        float64 `mapstructure:"amount"`
				Comment       string  `mapstructure:"comment"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			body := map[string]any{"action": o.Action, "comment": o.Comment}
			if cmd.Flags().Changed("amount") {
				body["amount"] = o.Amount
			}
			var st ticketwf.State
			if err := call(cmd.Context(), o.serverOptions, http.MethodPost, "/v1/tickets/"+args[0]+"/approvals", body, &st); err != nil {
				return err
			}
			return printApproval(cmd.OutOrStdout(), st.Approvals[len(st.Approvals)-1])
		},
	}
	cmd.Flags().String("action", "", "refund, compensation, sla_exception, escalation_override or incentive_payout (required)")
	cmd.Flags().Float64("amount", 0, "the amount, for actions that have one")
	cmd.Flags().String("comment", "", "why")
	serverFlags(cmd)
	return cmd
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
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Reject        bool   `mapstructure:"reject"`
				Comment       string `mapstructure:"comment"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			decision := "approve"
			if o.Reject {
				decision = "reject"
			}
			var st ticketwf.State
			if err := call(cmd.Context(), o.serverOptions, http.MethodPost, "/v1/approvals/"+args[0]+"/decisions",
				map[string]string{"decision": decision, "comment": o.Comment}, &st); err != nil {
				return err
			}
			for _, ap := range st.Approvals {
				if ap.ID == args[0] {
					return printApproval(cmd.OutOrStdout(), ap)
				}
			}
			return fmt.Errorf("the daemon's answer lacks approval %s", args[0])
		},
	}
	cmd.Flags().Bool("reject", false, "reject instead of approve")
	cmd.Flags().String("comment", "", "why")
	serverFlags(cmd)
	return cmd
}
