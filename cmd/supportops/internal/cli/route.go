package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/ticket"
)

// routeOptions are the settings of route.
type routeOptions struct {
	Config  string `mapstructure:"config"`
	Ticket  string `mapstructure:"ticket"`
	Agents  string `mapstructure:"agents"`
	Now     string `mapstructure:"now"`
	Explain bool   `mapstructure:"explain"`
	Output  string `mapstructure:"output"`
}

func newRouteCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "route",
		Short: "Show where the routing policy sends a ticket, and why",
		Long: `route evaluates the routing policy of a configuration for one ticket: the
priority, the queue, the agent (when somebody qualifies) and the reasons, and
for every member of the queue's team who was passed over, why.

--ticket is a ticket as JSON (see README, "Tickets and agent state"); --agents
is the live state of the agents as a JSON object keyed by agent id (without
it, nobody has live state and the ticket waits in its queue). --now defaults
to the ticket's created_at. "-" reads a file from standard input.

Exit codes: 0 a decision was made, 1 the configuration or policies are
invalid, 2 usage or internal error (including a malformed ticket).`,
		Example: `  supportops route --config examples/acme-shop --ticket examples/acme-shop/tickets/vip-refund-complaint.json --agents examples/acme-shop/state/day.json
  supportops route --config examples/acme-shop --ticket t.json --output json`,
		Args: cobra.NoArgs,
		RunE: withOptions(a, func(cmd *cobra.Command, _ []string, opts routeOptions) error {
			var in policy.RouteInput
			if err := readJSON("--ticket", opts.Ticket, &in.Ticket); err != nil {
				return err
			}
			var agents map[string]ticket.AgentState
			if opts.Agents != "" {
				if err := readJSON("--agents", opts.Agents, &agents); err != nil {
					return err
				}
			}
			in.Now, in.Explain = in.Ticket.CreatedAt, true
			if opts.Now != "" {
				now, err := parseInstant("--now", opts.Now)
				if err != nil {
					return err
				}
				in.Now = now
			}
			if in.Now.IsZero() {
				in.Now = time.Now()
			}
			return runRoute(cmd, opts, in, agents)
		}),
	}
	cmd.Flags().String("config", ".", "configuration directory")
	cmd.Flags().String("ticket", "", "ticket JSON file, or - for standard input (required)")
	cmd.Flags().String("agents", "", "agent state JSON file")
	cmd.Flags().String("now", "", "evaluation time, RFC 3339 (default: the ticket's created_at)")
	outputFlag(cmd.Flags(), outputText, outputJSON)
	return cmd
}

func runRoute(cmd *cobra.Command, opts routeOptions, in policy.RouteInput, agents map[string]ticket.AgentState) error {
	_, eng, err := loadEngine(cmd, opts.Config)
	if err != nil {
		return err
	}
	in.Roster = eng.Roster(agents)
	d, err := eng.Route(cmd.Context(), in)
	if err != nil {
		return err
	}
	if opts.Output == outputJSON {
		return writeJSON(cmd, d)
	}
	out := cmd.OutOrStdout()
	target := "waits in queue " + orNone(d.Queue)
	if d.Agent != "" {
		target = fmt.Sprintf("queue %s, agent %s", d.Queue, d.Agent)
	}
	fmt.Fprintf(out, "ticket %s: %s (priority %s)\n", in.Ticket.ID, target, orNone(d.Priority))
	for _, r := range d.Reasons {
		fmt.Fprintf(out, "  - %s\n", r)
	}
	if len(d.Excluded) > 0 {
		fmt.Fprintln(out, "passed over:")
		for _, id := range model.SortedKeys(d.Excluded) {
			fmt.Fprintf(out, "  %s:", id)
			for i, r := range d.Excluded[id] {
				sep := ";"
				if i == 0 {
					sep = ""
				}
				fmt.Fprintf(out, "%s %s", sep, r)
			}
			fmt.Fprintln(out)
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
