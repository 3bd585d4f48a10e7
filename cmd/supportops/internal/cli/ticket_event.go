package cli

import (
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
		RunE: func(cmd *cobra.Command, args []string) error {
			var o eventOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			ev := apiv1.TicketEvent{Kind: o.Kind, From: o.From, Public: o.Public, Status: o.Status, Agent: o.Agent,
				Priority: o.Priority, Rating: o.Rating, Comment: o.Comment, Into: o.Into}
			st, err := o.client().PostEvent(cmd.Context(), args[0], apiv1.EventRequest{Event: ev})
			if err != nil {
				return daemonError(err)
			}
			return render(cmd, o.Output, st, func(w io.Writer) error { return summary(w, []apiv1.TicketState{st}) })
		},
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
	serverFlags(cmd)
	outputFlag(f, "text", "json")
	return cmd
}
