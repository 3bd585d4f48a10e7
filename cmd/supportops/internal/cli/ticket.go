package cli

import (
	"context"
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
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o serverOptions) error {
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
		}),
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
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o serverOptions) error {
			return showTickets(cmd, o, args, (*apiv1.Client).Ticket, summary)
		}),
	}
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// migrateOptions are the settings of ticket migrate.
type migrateOptions struct {
	serverOptions `mapstructure:",squash"`
	Config        string `mapstructure:"config"`
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
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o migrateOptions) error {
			migrate := func(c *apiv1.Client, ctx context.Context, id string) (apiv1.TicketState, error) {
				return c.Migrate(ctx, id, apiv1.MigrateRequest{Config: o.Config})
			}
			return showTickets(cmd, o.serverOptions, args, migrate, func(w io.Writer, states []apiv1.TicketState) error {
				for _, st := range states {
					fmt.Fprintf(w, "%s: configuration %s, SLA policy %s\n", st.Ticket.ID, st.Config, orDash(st.SLAPolicy))
				}
				return nil
			})
		}),
	}
	cmd.Flags().String("config", "", "configuration version (default: the one supportopsd runs)")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// showTickets asks the daemon about each ticket of ids in turn with ask
// (a method of the client, such as Ticket), stopping at the first error,
// and renders the states it answers (show).
func showTickets(cmd *cobra.Command, o serverOptions, ids []string, ask func(*apiv1.Client, context.Context, string) (apiv1.TicketState, error),
	text func(io.Writer, []apiv1.TicketState) error) error {
	return show(cmd, o, func(ctx context.Context, c *apiv1.Client) ([]apiv1.TicketState, error) {
		states := make([]apiv1.TicketState, 0, len(ids))
		for _, id := range ids {
			st, err := ask(c, ctx, id)
			if err != nil {
				return nil, err
			}
			states = append(states, st)
		}
		return states, nil
	}, text)
}
