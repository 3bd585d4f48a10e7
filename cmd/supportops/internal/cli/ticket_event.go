package cli

import (
	"net/http"

	"github.com/spf13/cobra"

	ticketwf "github.com/supportops/supportops/workflows/ticket"
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
			ev := ticketwf.Event{Kind: o.Kind, From: o.From, Public: o.Public, Status: o.Status, Agent: o.Agent,
				Priority: o.Priority, Rating: o.Rating, Comment: o.Comment, Into: o.Into}
			var st ticketwf.State
			if err := call(cmd.Context(), o.serverOptions, http.MethodPost, "/v1/tickets/"+args[0]+"/events", ev, &st); err != nil {
				return err
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), st)
			}
			return summary(cmd.OutOrStdout(), []ticketwf.State{st})
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
