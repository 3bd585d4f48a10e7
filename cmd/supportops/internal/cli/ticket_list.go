package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/apiv1"
)

// listOptions are the settings of ticket list.
type listOptions struct {
	serverOptions `mapstructure:",squash"`
	Status        string `mapstructure:"status"`
	Queue         string `mapstructure:"queue"`
	Priority      string `mapstructure:"priority"`
	Agent         string `mapstructure:"agent"`
	Channel       string `mapstructure:"channel"`
	Breached      bool   `mapstructure:"breached"`
	Drill         bool   `mapstructure:"drill"`
	Limit         int    `mapstructure:"limit"`
	PageToken     string `mapstructure:"page-token"`
	All           bool   `mapstructure:"all"`
}

func newTicketListCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List tickets by status, queue, priority, agent, channel or breach, newest first",
		Long: `list shows the tickets you may read (an agent: their own and their team's),
newest first, from the search attributes the ticket workflows keep current; a
change shows within a moment. One page of --limit tickets, or every page with
--all; without --all the token of the next page goes to standard error.`,
		Example: `  supportops ticket list --status open --queue after-sales
  supportops ticket list --breached --all --output json`,
		Args: exactArgs(0),
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, o listOptions) error {
			if err := checkLimit(o.Limit); err != nil {
				return err
			}
			q := apiv1.TicketListQuery{Status: o.Status, Queue: o.Queue, Priority: o.Priority, Agent: o.Agent,
				Channel: o.Channel, Drill: o.Drill, Limit: o.Limit, PageToken: o.PageToken}
			if cmd.Flags().Changed("breached") {
				q.Breached = &o.Breached
			}
			return show(cmd, o.serverOptions, func(ctx context.Context, c *apiv1.Client) ([]apiv1.TicketSummary, error) {
				rows := []apiv1.TicketSummary{}
				for {
					page, err := c.ListTickets(ctx, q)
					if err != nil {
						return nil, err
					}
					rows = append(rows, page.Tickets...)
					switch {
					case page.NextPageToken == "":
						return rows, nil
					case !o.All:
						fmt.Fprintf(cmd.ErrOrStderr(), "more tickets: --page-token %s (or --all)\n", page.NextPageToken)
						return rows, nil
					}
					q.PageToken = page.NextPageToken
				}
			}, printTickets)
		}),
	}
	f := cmd.Flags()
	f.String("status", "", "open, pending_customer, pending_internal, solved or closed")
	f.String("queue", "", "queue id")
	f.String("priority", "", "priority, e.g. P1")
	f.String("agent", "", "assignee's id")
	f.String("channel", "", "channel id")
	f.Bool("breached", false, "only tickets with a breached SLA clock (--breached=false: none breached)")
	f.Bool("drill", false, "list drill tickets instead of real ones")
	f.Int("limit", 50, "tickets per page, 1-500")
	f.String("page-token", "", "continue from a page token that list printed")
	f.Bool("all", false, "follow every page")
	serverFlags(cmd, outputText, outputJSON)
	return cmd
}

// printTickets prints a line per ticket of a list.
func printTickets(w io.Writer, rows []apiv1.TicketSummary) error {
	return printTable(w, "TICKET\tSTATUS\tPRIORITY\tQUEUE\tAGENT\tCHANNEL\tBREACHED\tOPENED", rows, func(r apiv1.TicketSummary) []string {
		breached := "-"
		if r.Breached {
			breached = "yes"
		}
		return []string{r.ID, r.Status, orDash(r.Priority), orDash(r.Queue), orDash(r.Agent), orDash(r.Channel), breached, r.OpenedAt.Format(time.RFC3339)}
	})
}
