package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

// eventOptions are the settings of ticket event.
type eventOptions struct {
	serverOptions `mapstructure:",squash"`
	Kind          string `mapstructure:"kind"`
	From          string `mapstructure:"from"`
	Public        bool   `mapstructure:"public"`
	Status        string `mapstructure:"status"`
	Agent         string `mapstructure:"agent"`
	Priority      string `mapstructure:"priority"`
	Rating        int    `mapstructure:"rating"`
	Comment       string `mapstructure:"comment"`
	Into          string `mapstructure:"into"`
}

func newTicketEventCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "event ID",
		Short: "Send an event to a ticket: a reply, a status change, a reassignment, a rating ...",
		Long: `event sends one event to a ticket and prints the ticket afterwards. Kinds:
reply (--from agent|customer, --public for a public agent reply), status
(--status open|pending_customer|pending_internal|solved), reassign (--agent,
or none to route again), priority (--priority), csat (--rating 1-5,
--comment), close, reopen, merge (--into: the ticket this one goes into;
this one closes).`,
		Example: `  supportops ticket event T-1002 --kind reply --from agent --public
  supportops ticket event T-1002 --kind status --status solved
  supportops ticket event T-1002 --kind csat --rating 5 --comment "quick and kind"`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o eventOptions) error {
			ev := apiv1.TicketEvent{Kind: o.Kind, From: o.From, Public: o.Public, Status: o.Status, Agent: o.Agent,
				Priority: o.Priority, Rating: o.Rating, Comment: o.Comment, Into: o.Into}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) (apiv1.TicketState, error) {
				return c.PostEvent(ctx, args[0], apiv1.EventRequest{Event: ev})
			}, func(w io.Writer, st apiv1.TicketState) error { return summary(w, []apiv1.TicketState{st}) })
		}),
	}
	f := cmd.Flags()
	f.String("kind", "", "event kind (required)")
	f.String("from", "agent", "who replies: agent or customer")
	f.Bool("public", false, "a public agent reply (else an internal note)")
	f.String("status", "", "new status")
	f.String("agent", "", "new assignee; empty routes again")
	f.String("priority", "", "new priority")
	f.Int("rating", 0, "CSAT rating, 1-5")
	f.String("comment", "", "CSAT comment")
	f.String("into", "", "the ticket a merge goes into")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}
