package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// serverOptions reach supportopsd.
type serverOptions struct {
	Server string `mapstructure:"server"`
	Token  string `mapstructure:"token"`
	Output string `mapstructure:"output"`
}

func serverFlags(cmd *cobra.Command) {
	cmd.Flags().String("server", "http://127.0.0.1:8420", "URL of supportopsd")
	cmd.Flags().String("token", "", "API token (supportopsd token add); better set as SUPPORTOPS_TOKEN")
}

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
			var t ticket.Ticket
			if err := readJSON("ticket", args[0], &t); err != nil {
				return err
			}
			var out struct {
				ID      string `json:"id"`
				Created bool   `json:"created"`
			}
			if err := call(cmd.Context(), o, http.MethodPost, "/v1/tickets", t, &out); err != nil {
				return err
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
			states := make([]ticketwf.State, 0, len(args))
			for _, id := range args {
				var st ticketwf.State
				if err := call(cmd.Context(), o, http.MethodGet, "/v1/tickets/"+id, nil, &st); err != nil {
					return err
				}
				states = append(states, st)
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), states)
			}
			return summary(cmd.OutOrStdout(), states)
		},
	}
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

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
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o listOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			q := url.Values{}
			for k, v := range map[string]string{"status": o.Status, "queue": o.Queue, "priority": o.Priority, "agent": o.Agent,
				"channel": o.Channel, "limit": strconv.Itoa(o.Limit), "page_token": o.PageToken} {
				if v != "" {
					q.Set(k, v)
				}
			}
			if cmd.Flags().Changed("breached") {
				q.Set("breached", strconv.FormatBool(o.Breached))
			}
			if o.Drill {
				q.Set("drill", "true")
			}
			var rows []ticketwf.Summary
			for {
				var page ticketwf.Page
				if err := call(cmd.Context(), o.serverOptions, http.MethodGet, "/v1/tickets?"+q.Encode(), nil, &page); err != nil {
					return err
				}
				rows = append(rows, page.Tickets...)
				if page.NextPageToken == "" {
					break
				}
				if !o.All {
					fmt.Fprintf(cmd.ErrOrStderr(), "more tickets: --page-token %s (or --all)\n", page.NextPageToken)
					break
				}
				q.Set("page_token", page.NextPageToken)
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), append([]ticketwf.Summary{}, rows...))
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "TICKET\tSTATUS\tPRIORITY\tQUEUE\tAGENT\tCHANNEL\tBREACHED\tOPENED")
			for _, r := range rows {
				breached := "-"
				if r.Breached {
					breached = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, orDash(r.Priority), orDash(r.Queue),
					orDash(r.Agent), orDash(r.Channel), breached, r.OpenedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
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
	serverFlags(cmd)
	outputFlag(f, "text", "json")
	return cmd
}

// summary prints one line per ticket: where it went, its SLA outcome,
// escalation and rating.
func summary(w io.Writer, states []ticketwf.State) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TICKET\tSTATUS\tPRIORITY\tQUEUE\tAGENT\tSLA\tESCALATION\tAPPROVALS\tCSAT")
	for _, s := range states {
		var sla []string
		for _, c := range s.Clocks {
			switch {
			case c.Breached:
				sla = append(sla, c.Metric+" breached")
			case c.State == ticketwf.ClockMet:
				sla = append(sla, c.Metric+" met")
			case c.State == ticketwf.ClockRunning:
				sla = append(sla, c.Metric+" due "+c.Due.Local().Format("Mon 15:04:05"))
			case c.State == ticketwf.ClockPaused:
				sla = append(sla, c.Metric+" paused")
			}
		}
		csat := "-"
		if s.CSAT != nil {
			csat = fmt.Sprintf("%d/5", s.CSAT.Rating)
		}
		esc := "-"
		if s.Escalation > 0 {
			esc = fmt.Sprintf("level %d", s.Escalation)
		}
		var approvals []string
		for _, ap := range s.Approvals {
			what := ap.Action
			if ap.Amount != nil {
				what = fmt.Sprintf("%s %v", ap.Action, *ap.Amount)
			}
			approvals = append(approvals, what+" "+ap.Outcome)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Ticket.ID, s.Status, s.Priority, s.Queue,
			orDash(s.Agent), orDash(strings.Join(sla, ", ")), esc, orDash(strings.Join(approvals, ", ")), csat)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
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

func newTicketMigrateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate ID...",
		Short: "Move running tickets to the configuration supportopsd runs now (or --config VERSION)",
		Long: `A ticket keeps the configuration version it was opened with. migrate moves it
to another: its SLA plan is selected there and its clocks keep the time they
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
			states := make([]ticketwf.State, 0, len(args))
			for _, id := range args {
				var st ticketwf.State
				if err := call(cmd.Context(), o.serverOptions, http.MethodPost, "/v1/tickets/"+id+"/migrate", map[string]string{"config": o.Config}, &st); err != nil {
					return err
				}
				states = append(states, st)
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), states)
			}
			for _, st := range states {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: configuration %s, SLA policy %s\n", st.Ticket.ID, st.Config, orDash(st.SLAPolicy))
			}
			return nil
		},
	}
	cmd.Flags().String("config", "", "configuration version (default: the one supportopsd runs)")
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

func printApproval(w io.Writer, ap ticketwf.ApprovalState) error {
	fmt.Fprintf(w, "%s: %s\n", ap.ID, ap.Outcome)
	for _, r := range ap.Reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	return nil
}

// apiError is the daemon's answer to a request it refused.
type apiError struct {
	status  int
	Message string   `json:"error"`
	Reasons []string `json:"reasons"`
}

func (e *apiError) Error() string {
	msg := fmt.Sprintf("%s (HTTP %d)", e.Message, e.status)
	if len(e.Reasons) > 0 {
		msg += ": " + strings.Join(e.Reasons, "; ")
	}
	return msg
}

// call sends a request to the daemon and decodes its answer into out, or
// copies it there as it is when out is a *[]byte. A refusal (4xx) is
// reported as findings (exit 1), anything else as an error.
func call(ctx context.Context, o serverOptions, method, path string, body, out any) error {
	var data []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		data = b
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	// A request that changes nothing, or one the daemon applies once by
	// its Idempotency-Key, is sent again when the connection fails (the
	// daemon restarting): the key makes a resend that did arrive a no-op.
	key, retry := "", method == http.MethodGet
	if method == http.MethodPost && idempotentRoute(path) {
		key, retry = newIdempotencyKey(), true
	}
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(o.Server, "/")+path, bytes.NewReader(data))
		if err != nil {
			return usagef("--server: %w", err)
		}
		if o.Token != "" {
			req.Header.Set("Authorization", "Bearer "+o.Token)
		}
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			break
		}
		if !retry || attempt == maxAttempts-1 || ctx.Err() != nil {
			return fmt.Errorf("reach supportopsd: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("reach supportopsd: %w", err)
		case <-time.After(time.Duration(attempt+1) * 500 * time.Millisecond):
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		e := &apiError{status: resp.StatusCode}
		if err := json.NewDecoder(resp.Body).Decode(e); err != nil || e.Message == "" {
			e.Message = resp.Status
		}
		if resp.StatusCode < 500 {
			return findings{e}
		}
		return e
	}
	if raw, ok := out.(*[]byte); ok {
		b, rerr := io.ReadAll(resp.Body)
		if rerr != nil {
			return fmt.Errorf("read the answer of supportopsd: %w", rerr)
		}
		*raw = b
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode the answer of supportopsd: %w", err)
	}
	return nil
}

// maxAttempts is how often call sends a request it may send again.
const maxAttempts = 4

// idempotentRoute holds for the routes that apply a request once by its
// Idempotency-Key: a ticket's events and approvals, and decisions.
func idempotentRoute(path string) bool {
	return strings.HasPrefix(path, "/v1/tickets/") && (strings.HasSuffix(path, "/events") || strings.HasSuffix(path, "/approvals")) ||
		strings.HasPrefix(path, "/v1/approvals/") && strings.HasSuffix(path, "/decisions")
}

// newIdempotencyKey is a random key for one command's request.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "cli-" + hex.EncodeToString(b[:])
}

// findings is an error already described that exits with ExitFindings.
type findings struct{ err error }

func (f findings) Error() string { return f.err.Error() }
func (f findings) Unwrap() error { return errFindings }

func writeJSONOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
