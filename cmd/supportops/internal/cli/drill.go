package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

func newDrillCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "drill",
		Short: "Run emergency plans as drills in a running supportopsd, answer their steps, report",
		Long: `drill runs an emergency plan of the configuration supportopsd runs, as a drill
(or, with --live, for real), and acts on it: acknowledge and complete steps,
pause, resume and abort, show its state, list drills and render the report.
It talks to the HTTP API of supportopsd (--server, SUPPORTOPS_SERVER) with a
bearer token (--token, SUPPORTOPS_TOKEN); you act as the principal of the token.

Exit codes: 0 done, 1 the daemon refused (unauthorised, forbidden, an unknown
plan, a step that cannot be answered) or, for run --wait, the drill did not
pass (see drill run --help), 2 usage or internal error.`,
	}
	cmd.AddCommand(newDrillRunCmd(a), newDrillStatusCmd(a), newDrillListCmd(a),
		newDrillStepCmd(a, drillwf.UpdateAck), newDrillStepCmd(a, drillwf.UpdateDone),
		newDrillControlCmd(a, drillwf.UpdateAbort), newDrillControlCmd(a, drillwf.UpdatePause), newDrillControlCmd(a, drillwf.UpdateResume),
		newDrillReportCmd(a), newDrillScheduleCmd(a), newDrillSimulateCmd(a))
	return cmd
}

// scheduleReport is the daemon's answer to a schedule sync.
type scheduleReport struct {
	Created   []string `json:"created"`
	Updated   []string `json:"updated"`
	Deleted   []string `json:"deleted"`
	Unchanged []string `json:"unchanged"`
	Cadences  []struct {
		Plan     string `json:"plan"`
		Source   string `json:"source"`
		Cron     string `json:"cron"`
		TimeZone string `json:"time_zone"`
	} `json:"cadences"`
}

func newDrillScheduleCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Recurring drills: the plans' drill cadences as Temporal Schedules",
	}
	sync := &cobra.Command{
		Use:   "sync",
		Short: "Make the drill schedules match the configuration supportopsd runs",
		Long: `sync creates a Temporal Schedule "drill-schedule/<plan>" for every plan with a
drill cadence (weekly, monthly, quarterly and yearly run at 10:00 in the
center's time zone; a cron expression as written), updates those whose plan
or cadence changed (an operator's pause stays), and deletes those whose plan
lost its cadence. Other schedules are left alone. Running it again changes
nothing. Each scheduled run is a real drill: the roles are filled from the
on-duty data as the configuration has it when synced, so sync again after a
change of the rota.`,
		Example: `  supportops drill schedule sync`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			var rep scheduleReport
			if err := call(cmd.Context(), o, http.MethodPost, "/v1/drills/schedules/sync", nil, &rep); err != nil {
				return err
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), rep)
			}
			what := map[string]string{}
			for outcome, plans := range map[string][]string{"created": rep.Created, "updated": rep.Updated, "deleted": rep.Deleted, "unchanged": rep.Unchanged} {
				for _, p := range plans {
					what[p] = outcome
				}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PLAN\tSCHEDULE\tCADENCE\tCRON\tTIME ZONE")
			seen := map[string]bool{}
			for _, c := range rep.Cadences {
				seen[c.Plan] = true
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Plan, what[c.Plan], c.Source, c.Cron, c.TimeZone)
			}
			for _, p := range rep.Deleted {
				if !seen[p] {
					fmt.Fprintf(tw, "%s\tdeleted\t-\t-\t-\n", p)
				}
			}
			return tw.Flush()
		},
	}
	serverFlags(sync)
	outputFlag(sync.Flags(), "text", "json")
	cmd.AddCommand(sync)
	return cmd
}

// drillRunOptions are the settings of drill run.
type drillRunOptions struct {
	serverOptions `mapstructure:",squash"`
	Simulate      bool     `mapstructure:"simulate"`
	Seed          uint64   `mapstructure:"seed"`
	FailureRate   float64  `mapstructure:"failure-rate"`
	Speed         float64  `mapstructure:"speed"`
	As            []string `mapstructure:"as"`
	Live          bool     `mapstructure:"live"`
	ID            string   `mapstructure:"id"`
	Wait          bool     `mapstructure:"wait"`
	PassMark      float64  `mapstructure:"pass-mark"`
}

// drillStarted is the daemon's answer to starting a drill.
type drillStarted struct {
	ID          string            `json:"id"`
	Plan        string            `json:"plan"`
	Mode        string            `json:"mode"`
	Speed       float64           `json:"speed"`
	Seed        *uint64           `json:"seed,omitempty"`
	Assignments map[string]string `json:"assignments"`
	Unfilled    []string          `json:"unfilled"`
}

func newDrillRunCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run PLAN",
		Short: "Start a drill of an emergency plan and print its id (with --wait, its result)",
		Long: `run starts a drill of PLAN, an emergency plan of the configuration supportopsd
runs, owned by you, and prints its id. Each role of the plan is filled by the
first person of its on_duty rota, else by the first agent (by id) holding it;
--as ROLE=PERSON overrides (repeatable). Roles nobody fills are listed on
standard error: anyone may answer their steps.

--simulate fills the roles with simulated participants who answer at random
times within the plan's deadlines, seeded by --seed (random when not given;
the seed is printed on standard error so a run can be repeated), and who never
answer a step with the probability --failure-rate. --speed runs the drill
clock faster: 60 (the default when simulated) runs a minute of the drill in a
second, up to 3600; 1 (the default otherwise) is real time. Times in the
state and the report are on the drill clock, as if the drill ran in real time.
A Temporal server fires timers up to about a second late (the embedded one
about 20 ms), which a high speed multiplies: at 3600 expect steps done late.

--live runs the plan for real: no simulation, real time, and its events count
in KPIs.

With --wait, run waits for the drill to end and prints its score, the
outcome of every step and the action items (--output json: the result).
Exit codes with --wait: 0 when the drill completed (every step done or
skipped) with a score of at least --pass-mark (default 0), 1 when it timed
out, was aborted or scored below the mark; as ever 2 for usage or internal
errors. Plans carry no pass mark of their own, so CI sets one.`,
		Example: `  supportops drill run outage-major --simulate --wait
  supportops drill run outage-major --simulate --seed 7 --speed 600 --wait --pass-mark 70
  supportops drill run public-complaint --as comms-lead=lea-hoffmann`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o drillRunOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			req, err := drillRequest(cmd, args[0], o)
			if err != nil {
				return err
			}
			var started drillStarted
			if err = call(cmd.Context(), o.serverOptions, http.MethodPost, "/v1/drills", req, &started); err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			if started.Seed != nil {
				fmt.Fprintf(stderr, "simulated with seed %d at speed %g\n", *started.Seed, started.Speed)
			}
			if len(started.Unfilled) > 0 {
				fmt.Fprintf(stderr, "nobody fills %s: anyone may answer their steps\n", strings.Join(started.Unfilled, ", "))
			}
			if !o.Wait {
				if o.Output == "json" {
					return writeJSONOut(cmd.OutOrStdout(), started)
				}
				fmt.Fprintln(cmd.OutOrStdout(), started.ID)
				return nil
			}
			if o.Output == "text" {
				fmt.Fprintln(cmd.OutOrStdout(), started.ID)
			}
			res, err := waitDrill(cmd, o.serverOptions, started.ID)
			if err != nil {
				return err
			}
			if o.Output == "json" {
				err = writeJSONOut(cmd.OutOrStdout(), res)
			} else {
				err = printResult(cmd.OutOrStdout(), res)
			}
			if err != nil {
				return err
			}
			if res.Outcome != edrill.Completed || res.Score.Total < o.PassMark {
				fmt.Fprintf(stderr, "drill %s %s with score %.1f (pass mark %g)\n", res.Drill, outcomeText(res.Outcome), res.Score.Total, o.PassMark)
				return errFindings // reported above
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.Bool("simulate", false, "fill the roles with simulated participants")
	f.Uint64("seed", 0, "seed of the simulation (default random)")
	f.Float64("failure-rate", 0, "probability, 0 to 1, that a simulated participant never answers a step")
	f.Float64("speed", 0, "drill clock speed, 1 to 3600 (default 60 simulated, else 1)")
	f.StringArray("as", nil, "ROLE=PERSON: who fills a role (repeatable)")
	f.Bool("live", false, "run the plan for real, not as a drill")
	f.String("id", "", "the drill's id (default D-<plan>-<8 hex digits>)")
	f.Bool("wait", false, "wait for the result and print it")
	f.Float64("pass-mark", 0, "with --wait, exit 1 when the score is below it")
	serverFlags(cmd)
	outputFlag(f, "text", "json")
	return cmd
}

// drillRequest is the body of POST /v1/drills for run's settings; only
// the flags given are sent, so the daemon's defaults apply to the others.
func drillRequest(cmd *cobra.Command, plan string, o drillRunOptions) (map[string]any, error) {
	req := map[string]any{"plan": plan}
	if o.Simulate {
		req["simulate"] = true
	}
	if o.Live {
		req["mode"] = string(edrill.ModeLive)
	}
	if o.ID != "" {
		req["id"] = o.ID
	}
	if cmd.Flags().Changed("seed") {
		req["seed"] = o.Seed
	}
	if cmd.Flags().Changed("failure-rate") {
		req["failure_rate"] = o.FailureRate
	}
	if cmd.Flags().Changed("speed") {
		req["speed"] = o.Speed
	}
	if len(o.As) > 0 {
		roles := map[string]string{}
		for _, as := range o.As {
			role, person, ok := strings.Cut(as, "=")
			if !ok || strings.TrimSpace(role) == "" || strings.TrimSpace(person) == "" {
				return nil, usagef("--as %q: want ROLE=PERSON", as)
			}
			roles[strings.TrimSpace(role)] = strings.TrimSpace(person)
		}
		req["assignments"] = roles
	}
	return req, nil
}

// resultWait is how long one request for a drill's result waits; within
// call's minute.
const resultWait = 30 * time.Second

// waitDrill asks for the drill's result until it has one.
func waitDrill(cmd *cobra.Command, o serverOptions, id string) (edrill.Result, error) {
	for {
		var raw json.RawMessage
		if err := call(cmd.Context(), o, http.MethodGet, "/v1/drills/"+url.PathEscape(id)+"/result?wait="+resultWait.String(), nil, &raw); err != nil {
			return edrill.Result{}, err
		}
		// 200 answers the result, 202 the state of the drill still running.
		var probe struct {
			Outcome string `json:"outcome"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return edrill.Result{}, fmt.Errorf("decode the answer of supportopsd: %w", err)
		}
		if probe.Outcome == "" {
			if err := cmd.Context().Err(); err != nil {
				return edrill.Result{}, err
			}
			continue
		}
		var res edrill.Result
		if err := json.Unmarshal(raw, &res); err != nil {
			return edrill.Result{}, fmt.Errorf("decode the result of drill %s: %w", id, err)
		}
		return res, nil
	}
}

// printResult prints a drill's result: the outcome and score, the steps
// and the action items.
func printResult(w io.Writer, r edrill.Result) error {
	fmt.Fprintf(w, "%s of %s (%s): %s after %s on the drill clock\n", modeWord(r.Mode), r.Plan, r.PlanName, outcomeText(r.Outcome), edrill.FormatDuration(r.Elapsed))
	if r.Outcome == edrill.Aborted {
		fmt.Fprintf(w, "aborted by %s: %s\n", r.AbortedBy, r.AbortReason)
	}
	fmt.Fprintf(w, "score %.1f / 100: on time %.0f%%, acknowledge %.0f%%, mitigate %.0f%%\n",
		r.Score.Total, 100*r.Score.OnTime, 100*r.Score.Acknowledge, 100*r.Score.Mitigate)
	mitigated := "not mitigated"
	if r.Mitigated {
		mitigated = edrill.FormatDuration(r.TimeToMitigate)
	}
	fmt.Fprintf(w, "mean time to acknowledge %s, time to mitigate %s\n\n", edrill.FormatDuration(r.TimeToAcknowledge), mitigated)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tOWNER\tNOTIFIED\tACKNOWLEDGED\tDONE\tSTATE")
	for _, o := range r.Steps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.Step, ownerText(o.Owner, o.Assignee), markText(o.Notified), markText(o.Acknowledged), markText(o.Done), stepStateText(o))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(r.ActionItems) == 0 {
		fmt.Fprintln(w, "action items: none")
		return nil
	}
	fmt.Fprintln(w, "action items:")
	for i, it := range r.ActionItems {
		fmt.Fprintf(w, "  %d. %s\n", i+1, it.Text)
	}
	return nil
}

func modeWord(m edrill.Mode) string {
	if m == edrill.ModeLive {
		return "live run"
	}
	return "drill"
}

func outcomeText(o edrill.Outcome) string { return strings.ReplaceAll(string(o), "_", " ") }

func ownerText(role, person string) string {
	if person == "" {
		return role
	}
	return role + " " + person
}

func markText(m edrill.Mark) string {
	if m.IsZero() {
		return "-"
	}
	return edrill.FormatDuration(m.Elapsed)
}

func stepStateText(o edrill.StepOutcome) string {
	if o.State == edrill.Done && o.Late {
		return "done late"
	}
	return string(o.State)
}

func newDrillStatusCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status ID",
		Short: "Show a drill's live state: every step, who did what, the drill clock",
		Long: `status shows the state of a drill: its status, the drill clock, and every step
with its owner, deadline and state; --output json adds the whole history.`,
		Example: `  supportops drill status D-outage-major-1a2b3c4d
  supportops drill status D-outage-major-1a2b3c4d --output json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o serverOptions
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			var st drillwf.State
			if err := call(cmd.Context(), o, http.MethodGet, "/v1/drills/"+url.PathEscape(args[0]), nil, &st); err != nil {
				return err
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), st)
			}
			return printState(cmd.OutOrStdout(), st)
		},
	}
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

// printState prints a drill's state: a line on the drill and a line per
// step.
func printState(w io.Writer, st drillwf.State) error {
	speed := ""
	if st.Speed > 1 {
		speed = fmt.Sprintf(", speed %gx", st.Speed)
	}
	fmt.Fprintf(w, "%s %s of %s (%s), owner %s: %s at %s of %s%s\n", modeWord(st.Mode), st.Drill, st.Plan, st.PlanName, orDash(st.Owner),
		outcomeText(edrill.Outcome(st.Status)), edrill.FormatDuration(st.Elapsed), edrill.FormatDuration(st.TimeLimit), speed)
	for _, c := range st.AbortConditions {
		fmt.Fprintf(w, "abort if: %s\n", c)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tOWNER\tDEADLINE\tSTATE\tNOTIFIED\tACKNOWLEDGED\tDONE")
	for _, s := range st.Steps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Step, ownerText(s.Owner, s.Assignee), edrill.FormatDuration(s.Deadline), stepStateText(s.StepOutcome),
			markText(s.Notified), markBy(s.Acknowledged), markBy(s.Done))
	}
	return tw.Flush()
}

func markBy(m edrill.Mark) string {
	if m.IsZero() || m.By == "" {
		return markText(m)
	}
	return markText(m) + " " + m.By
}

func newDrillListCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List drills, newest first",
		Long: `list shows the most recent drills (--limit, at most 500), newest first, with
their plan, owner, status (running, paused, or how they ended) and score.`,
		Example: `  supportops drill list
  supportops drill list --limit 5 --output json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Limit         int `mapstructure:"limit"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			var page struct {
				Drills []drillwf.Summary `json:"drills"`
			}
			if err := call(cmd.Context(), o.serverOptions, http.MethodGet, "/v1/drills?limit="+strconv.Itoa(o.Limit), nil, &page); err != nil {
				return err
			}
			if o.Output == "json" {
				return writeJSONOut(cmd.OutOrStdout(), append([]drillwf.Summary{}, page.Drills...))
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DRILL\tPLAN\tMODE\tOWNER\tSTATUS\tSCORE\tSTARTED")
			for _, d := range page.Drills {
				mode := string(d.Mode)
				if d.Simulated {
					mode += " (simulated)"
				}
				score := "-"
				if d.Score != nil {
					score = fmt.Sprintf("%.1f", *d.Score)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, orDash(d.Plan), orDash(mode), orDash(d.Owner), outcomeText(edrill.Outcome(d.Status)),
					score, d.StartedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().Int("limit", 50, "drills to list, 1-500")
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

// newDrillStepCmd is drill ack (update drillwf.UpdateAck) or drill done.
func newDrillStepCmd(a *app, update string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   update + " ID STEP",
		Short: "Acknowledge a step of a drill: you have taken it on",
		Long: `ack acknowledges a step you own (or, as the drill's owner or the commander,
any step); --as answers for someone else, which only an ops_admin or the
drill's owner may. It prints the drill's state afterwards.`,
		Example: `  supportops drill ack D-outage-major-1a2b3c4d declare --note "on the bridge"`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Note          string   `mapstructure:"note"`
				As            string   `mapstructure:"as"`
				Check         []string `mapstructure:"check"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			body := map[string]any{"note": o.Note, "as": o.As}
			if len(o.Check) > 0 {
				body["checklist"] = o.Check
			}
			path := "/v1/drills/" + url.PathEscape(args[0]) + "/steps/" + url.PathEscape(args[1]) + "/" + update
			return drillUpdate(cmd, o.serverOptions, path, body)
		},
	}
	f := cmd.Flags()
	f.String("note", "", "what you did")
	f.String("as", "", "answer as PERSON (ops_admin or the drill's owner only)")
	if update == drillwf.UpdateDone {
		cmd.Short = "Complete a step of a drill, ticking checklist items"
		cmd.Long = `done completes a step you own (or, as the drill's owner or the commander, any
step), with the checklist items done (--check, by text or number from 1,
repeatable); a step not acknowledged is acknowledged by it. --as answers for
someone else, which only an ops_admin or the drill's owner may. It prints the
drill's state afterwards.`
		cmd.Example = `  supportops drill done D-outage-major-1a2b3c4d declare --check 1 --check 2 --check 3 --note "bridge open"`
		f.StringArray("check", nil, "a checklist item ticked, by text or number from 1 (repeatable)")
	}
	serverFlags(cmd)
	outputFlag(f, "text", "json")
	return cmd
}

// newDrillControlCmd is drill abort (update drillwf.UpdateAbort), pause
// or resume.
func newDrillControlCmd(a *app, update string) *cobra.Command {
	cmd := &cobra.Command{
		Use:  update + " ID",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Reason        string `mapstructure:"reason"`
				As            string `mapstructure:"as"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			if err := checkOutput(o.Output, "text", "json"); err != nil {
				return err
			}
			if update == drillwf.UpdateAbort && strings.TrimSpace(o.Reason) == "" {
				return usagef("drill abort needs --reason")
			}
			return drillUpdate(cmd, o.serverOptions, "/v1/drills/"+url.PathEscape(args[0])+"/"+update, map[string]any{"reason": o.Reason, "as": o.As})
		},
	}
	switch update {
	case drillwf.UpdateAbort:
		cmd.Short = "Abort a drill, with a reason"
		cmd.Long = `abort ends a drill at once, with what was done so far; only the drill's owner
or the commander may. Its result and report say who aborted it and why.`
		cmd.Example = `  supportops drill abort D-outage-major-1a2b3c4d --reason "real outage: stop the drill"`
	case drillwf.UpdatePause:
		cmd.Short = "Pause a drill's clock"
		cmd.Long = `pause stops the drill clock: deadlines, reminders and the time limit wait until
resume, while answers are still taken. Only the drill's owner or the commander
may.`
		cmd.Example = `  supportops drill pause D-outage-major-1a2b3c4d --reason "fire alarm"`
	default:
		cmd.Short = "Resume a paused drill"
		cmd.Long = `resume runs the drill clock on; every deadline moves by the pause. Only the
drill's owner or the commander may.`
		cmd.Example = `  supportops drill resume D-outage-major-1a2b3c4d`
	}
	cmd.Flags().String("reason", "", "why (required to abort)")
	cmd.Flags().String("as", "", "act as PERSON (ops_admin or the drill's owner only)")
	serverFlags(cmd)
	outputFlag(cmd.Flags(), "text", "json")
	return cmd
}

// drillUpdate posts body to path and prints the drill's state.
func drillUpdate(cmd *cobra.Command, o serverOptions, path string, body map[string]any) error {
	for k, v := range body {
		if v == "" {
			delete(body, k)
		}
	}
	var st drillwf.State
	if err := call(cmd.Context(), o, http.MethodPost, path, body, &st); err != nil {
		return err
	}
	if o.Output == "json" {
		return writeJSONOut(cmd.OutOrStdout(), st)
	}
	return printState(cmd.OutOrStdout(), st)
}

func newDrillReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report ID",
		Short: "Render a drill's report: Markdown, a self-contained HTML page with a timeline, or JSON",
		Long: `report renders the report of a drill: the run, the score with its components,
every step with its times on the drill clock, the action items and each step's
checklist, notes and escalations. --format html is one self-contained page
with an SVG timeline (a lane per role, a bar per step, deadline marks, late
steps highlighted); json is the result. A drill still running gets a
provisional report, as if it ended now.`,
		Example: `  supportops drill report D-outage-major-1a2b3c4d
  supportops drill report D-outage-major-1a2b3c4d --format html -o drill.html`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o struct {
				serverOptions `mapstructure:",squash"`
				Format        string `mapstructure:"format"`
				Out           string `mapstructure:"out"`
			}
			if err := a.decode(&o); err != nil {
				return err
			}
			switch o.Format {
			case "md", "html", "json":
			default:
				return usagef("unknown --format %q: want md, html, json", o.Format)
			}
			var body []byte
			if err := call(cmd.Context(), o.serverOptions, http.MethodGet, "/v1/drills/"+url.PathEscape(args[0])+"/report?format="+o.Format, nil, &body); err != nil {
				return err
			}
			if o.Out == "" {
				_, err := cmd.OutOrStdout().Write(body)
				return err
			}
			if err := os.WriteFile(o.Out, body, 0o644); err != nil {
				return fmt.Errorf("write the report of drill %s: %w", args[0], err)
			}
			return nil
		},
	}
	cmd.Flags().String("format", "md", "md, html or json")
	cmd.Flags().StringP("out", "o", "", "write the report to FILE instead of standard output")
	serverFlags(cmd)
	return cmd
}
