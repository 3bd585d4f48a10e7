package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

// This file holds ticket and the commands on one ticket or more: open,
// show, migrate, event, request and approve (qa is in ticket_qa.go).

func newTicketCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ticket",
		Short: "Open, show and act on tickets in a running supportopsd",
		Long: `ticket talks to the HTTP API of supportopsd (--server, SUPPORTOPS_SERVER) with a
bearer token (--token, SUPPORTOPS_TOKEN).

Exit codes: 0 done, 1 the daemon refused (unauthorised, forbidden, a rejected
event), 2 usage or internal error.`,
	}
	cmd.AddCommand(newTicketOpenCmd(a), newTicketShowCmd(a), newTicketListCmd(a), newTicketEventCmd(a), newTicketRequestCmd(a), newTicketApproveCmd(a), newTicketMigrateCmd(a),
		newTicketQACmd(a))
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
	HandleSeconds int    `mapstructure:"handle-seconds"`
	Seconds       int    `mapstructure:"seconds"`
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
this one closes); for the performance measures: answer and abandon (a phone
or chat contact picked up, or left by the customer unanswered), handle
(--seconds of handle time; a reply takes --handle-seconds), complaint,
difficult, commendation (and qa: see ticket qa).`,
		Example: `  supportops ticket event T-1002 --kind reply --from agent --public
  supportops ticket event T-1002 --kind status --status solved
  supportops ticket event T-1002 --kind csat --rating 5 --comment "quick and kind"
  supportops ticket event T-1002 --kind reply --from agent --public --handle-seconds 240
  supportops ticket event T-1002 --kind complaint`,
		Args: exactArgs(1),
		RunE: withOptions(a, func(cmd *cobra.Command, args []string, o eventOptions) error {
			ev := apiv1.TicketEvent{Kind: o.Kind, From: o.From, Public: o.Public, Status: o.Status, Agent: o.Agent,
				Priority: o.Priority, Rating: o.Rating, Comment: o.Comment, Into: o.Into, HandleSeconds: o.HandleSeconds, Seconds: o.Seconds}
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
	f.Int("handle-seconds", 0, "an agent reply's handle time, in seconds")
	f.Int("seconds", 0, "a handle event's handle time, in seconds")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

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
