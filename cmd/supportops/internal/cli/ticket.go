package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

func newTicketCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ticket",
		Short: "Open, show and act on tickets in a running supportopsd",
		Long: `ticket talks to the HTTP API of supportopsd (--server, SUPPORTOPS_SERVER) with a
bearer token (--token, SUPPORTOPS_TOKEN).

Exit codes: 0 done, 1 the daemon refused (unauthorised, forbidden, a rejected
event), 2 usage or internal error.`,
	}
	cmd.AddCommand(newTicketOpenCmd(a), newTicketShowCmd(a), newTicketListCmd(a), newTicketEventCmd(a), newTicketRequestCmd(a), newTicketApproveCmd(a), newTicketMigrateCmd(a))
	return cmd
}

func newTicketOpenCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "open FILE",
		Short:   "Open a ticket from a JSON file (- for standard input) and print its id",
		Example: `  supportops ticket open examples/acme-shop/tickets/abusive-customer.json`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			var t apiv1.Ticket
			if err := readJSON("ticket", args[0], &t); err != nil {
				return err
			}
			out, err := o.client().OpenTicket(cmd.Context(), t)
			if err != nil {
				return daemonError(err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), out.ID)
			return nil
		},
	}
	serverFlags(cmd)
	return cmd
}

func newTicketShowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID...",
		Short: "Show tickets: one line each, or their whole state as JSON",
		Example: `  supportops ticket show T-1002
  supportops ticket show T-1002 --output json`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			c := o.client()
			states, err := eachTicket(args, func(id string) (apiv1.TicketState, error) { return c.Ticket(cmd.Context(), id) })
			if err != nil {
				return err
			}
			return render(cmd, o.Output, states, func(w io.Writer) error { return summary(w, states) })
		},
	}
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

func newTicketMigrateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate ID...",
		Short: "Move running tickets to the configuration supportopsd runs now (or --config VERSION)",
		Long: `A ticket keeps the configuration version it was opened with. migrate moves it
to another: its SLA terms are selected there and its clocks keep the time they
counted against the new targets; the assignee and approvals stay. It needs the
right to reload the configuration (config.reload).`,
		Example: `  supportops ticket migrate T-1001 T-1002
  supportops ticket migrate T-1001 --config 3f9a...`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Config        string `mapstructure:"config"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			c := o.client()
			states, err := eachTicket(args, func(id string) (apiv1.TicketState, error) {
				return c.Migrate(cmd.Context(), id, apiv1.MigrateRequest{Config: o.Config})
			})
			if err != nil {
				return err
			}
			return render(cmd, o.Output, states, func(w io.Writer) error {
				for _, st := range states {
					fmt.Fprintf(w, "%s: configuration %s, SLA policy %s\n", st.Ticket.ID, st.Config, orDash(st.SLAPolicy))
				}
				return nil
			})
		},
	}
	cmd.Flags().String("config", "", "configuration version (default: the one supportopsd runs)")
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

// eachTicket asks the daemon about each ticket of ids in turn and returns
// the states it answers, stopping at the first error.
func eachTicket(ids []string, ask func(id string) (apiv1.TicketState, error)) ([]apiv1.TicketState, error) {
	states := make([]apiv1.TicketState, 0, len(ids))
	for _, id := range ids {
		st, err := ask(id)
		if err != nil {
			return nil, daemonError(err)
		}
		states = append(states, st)
	}
	return states, nil
}
