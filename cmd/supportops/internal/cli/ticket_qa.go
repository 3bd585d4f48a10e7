package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// qaOptions are the settings of ticket qa.
type qaOptions struct {
	serverOptions `mapstructure:",squash"`
	Score         int    `mapstructure:"score"`
	Note          string `mapstructure:"note"`
}

func newTicketQACmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qa ID",
		Short: "Review the quality of a ticket's handling: a score from 0 to 100 and a note",
		Long: `qa records a quality review (质检) of a ticket as the principal of your token:
--score from 0 to 100 (required) and --note. The authz policy says who reviews
(tickets.qa: supervisors, managers, team leads and QA reviewers), and nobody
reviews a ticket of their own: the ticket refuses a review by its agent. A
ticket's qa_score, in its history and the qa_score KPI, is its last review's.`,
		Example: `  supportops ticket qa T-1 --score 85 --note "clear and kind, but no order number asked"`,
		Args:    exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o qaOptions) error {
			if !cmd.Flags().Changed("score") {
				return usagef("--score is required: the review's score, 0 to 100")
			}
			if o.Score < tkt.MinQAScore || o.Score > tkt.MaxQAScore {
				return usagef("--score %d: want %d to %d", o.Score, tkt.MinQAScore, tkt.MaxQAScore)
			}
			ev := apiv1.TicketEvent{Kind: tkt.EventQA, Score: &o.Score, Comment: o.Note}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) (apiv1.TicketState, error) {
				return c.PostEvent(ctx, args[0], apiv1.EventRequest{Event: ev})
			}, func(w io.Writer, st apiv1.TicketState) error { return summary(w, []apiv1.TicketState{st}) })
		}),
	}
	cmd.Flags().Int("score", 0, "the review's score, 0 to 100 (required)")
	cmd.Flags().String("note", "", "the reviewer's notes")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}
