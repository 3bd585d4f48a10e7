package cli

import (
	"fmt"
	"io"
	"strings"

	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

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
	err := printTable(w, "STEP\tOWNER\tNOTIFIED\tACKNOWLEDGED\tDONE\tSTATE", r.Steps, func(o edrill.StepOutcome) []string {
		return []string{o.Step, ownerText(o.Owner, o.Assignee), markText(o.Notified), markText(o.Acknowledged), markText(o.Done), stepStateText(o)}
	})
	if err != nil {
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
	return printTable(w, "STEP\tOWNER\tDEADLINE\tSTATE\tNOTIFIED\tACKNOWLEDGED\tDONE", st.Steps, func(s drillwf.StepState) []string {
		return []string{s.Step, ownerText(s.Owner, s.Assignee), edrill.FormatDuration(s.Deadline), stepStateText(s.StepOutcome),
			markText(s.Notified), markBy(s.Acknowledged), markBy(s.Done)}
	})
}

func markBy(m edrill.Mark) string {
	if m.IsZero() || m.By == "" {
		return markText(m)
	}
	return markText(m) + " " + m.By
}
