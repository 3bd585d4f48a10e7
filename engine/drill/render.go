package drill

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// JSON writes the result as indented JSON.
func JSON(w io.Writer, r Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write the result of drill %s as JSON: %w", r.Drill, err)
	}
	return nil
}

// Markdown writes the report of a run of p: the run, the score, a table of
// the steps, the action items and each step's checklist, notes, reminders
// and escalations. Times within the run are on the drill clock, from
// activation.
func Markdown(w io.Writer, r Result, p *Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s report: %s\n\n", modeTitle(r.Mode), mdText(r.PlanName))
	b.WriteString("| | |\n|---|---|\n")
	for _, kv := range header(r) {
		fmt.Fprintf(&b, "| %s | %s |\n", kv[0], mdCell(kv[1]))
	}
	fmt.Fprintf(&b, "\n## Score: %.1f / 100\n\n", r.Score.Total)
	b.WriteString("| Component | Weight | Value |\n|---|---:|---:|\n")
	for _, c := range components(r, p) {
		fmt.Fprintf(&b, "| %s | %g | %.0f%% |\n", mdCell(c.name), c.weight, 100*c.value)
	}
	fmt.Fprintf(&b, "\n%s\n\n", mdText(responseTimes(r, p)))
	b.WriteString("## Steps\n\n")
	b.WriteString("| Step | Owner | Deadline | Notified | Acknowledged | Done | State |\n|---|---|---:|---:|---:|---:|---|\n")
	all := outcomes(p, r.Steps)
	for i, s := range p.Steps {
		o := all[i]
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", mdCell(s.ID+": "+s.Title), mdCell(owner(o)), FormatDuration(s.Deadline),
			markCell(o.Notified, false), markCell(o.Acknowledged, true), markCell(o.Done, true), stateText(o, s))
	}
	b.WriteString("\n## Action items\n\n")
	if len(r.ActionItems) == 0 {
		b.WriteString("None.\n")
	}
	for i, it := range r.ActionItems {
		fmt.Fprintf(&b, "%d. %s\n", i+1, mdText(it.Text))
	}
	if len(p.AbortConditions) > 0 {
		b.WriteString("\n## Abort conditions\n\n")
		for _, c := range p.AbortConditions {
			fmt.Fprintf(&b, "- %s\n", mdText(c))
		}
	}
	b.WriteString("\n## Step details\n")
	for i, s := range p.Steps {
		o := all[i]
		fmt.Fprintf(&b, "\n### %s: %s\n\n", s.ID, mdText(s.Title))
		fmt.Fprintf(&b, "- Owner: %s; deadline %s; on miss: %s; weight %g\n", mdText(owner(o)), FormatDuration(s.Deadline), s.OnMiss, s.Weight)
		if len(s.Checklist) > 0 {
			fmt.Fprintf(&b, "- Checklist: %d of %d ticked\n", len(o.Checked), len(s.Checklist))
			for _, item := range s.Checklist {
				mark := " "
				if slices.Contains(o.Checked, item) {
					mark = "x"
				}
				fmt.Fprintf(&b, "  - [%s] %s\n", mark, mdText(item))
			}
		}
		for _, n := range o.Notes {
			fmt.Fprintf(&b, "- Note by %s at %s: %s\n", mdText(n.By), clock(r, n.At), mdText(n.Text))
		}
		if o.Reminders > 0 {
			fmt.Fprintf(&b, "- Reminders: %d\n", o.Reminders)
		}
		for _, e := range o.Escalations {
			fmt.Fprintf(&b, "- Escalated at %s to %s%s\n", clock(r, e.At), mdText(strings.Join(e.Targets, ", ")), pathText(e.Path))
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write the report of drill %s: %w", r.Drill, err)
	}
	return nil
}

func modeTitle(m Mode) string {
	if m == ModeLive {
		return "Incident"
	}
	return "Drill"
}

// header is the table describing the run.
func header(r Result) [][2]string {
	mode := string(r.Mode)
	if r.Simulated {
		mode += " (simulated participants)"
	}
	run := FormatDuration(r.Elapsed)
	if r.Paused > 0 {
		run += ", paused " + FormatDuration(r.Paused)
	}
	outcome := r.Outcome.Words()
	if r.Outcome == Aborted {
		outcome = fmt.Sprintf("aborted by %s: %s", r.AbortedBy, r.AbortReason)
	}
	rows := [][2]string{{"Drill", r.Drill}, {"Plan", r.Plan}, {"Mode", mode}}
	if r.Owner != "" {
		rows = append(rows, [2]string{"Owner", r.Owner})
	}
	return append(rows,
		[2]string{"Started", r.StartedAt.UTC().Format(time.DateTime + " MST")},
		[2]string{"Ended", r.EndedAt.UTC().Format(time.DateTime + " MST")},
		[2]string{"Drill clock", run}, [2]string{"Outcome", outcome})
}

type component struct {
	name   string
	weight float64
	value  float64
}

func components(r Result, p *Plan) []component {
	w := r.Score.Weights
	return []component{
		{"On time", w.OnTime, r.Score.OnTime},
		{"Acknowledge", w.Acknowledge, r.Score.Acknowledge},
		{"Mitigate (" + p.Mitigation + ")", w.Mitigate, r.Score.Mitigate},
	}
}

// responseTimes is the line with the time to acknowledge and to mitigate
// and the missed steps.
func responseTimes(r Result, p *Plan) string {
	mit := "not mitigated"
	if r.Mitigated {
		mit = FormatDuration(r.TimeToMitigate)
	}
	if s, ok := p.Step(p.Mitigation); ok {
		mit += fmt.Sprintf(" (%s, deadline %s)", s.ID, FormatDuration(s.Deadline))
	}
	missed := "none"
	if len(r.MissedSteps) > 0 {
		missed = strings.Join(r.MissedSteps, ", ")
	}
	return fmt.Sprintf("Mean time to acknowledge: %s. Time to mitigate: %s. Missed steps: %s.", FormatDuration(r.TimeToAcknowledge), mit, missed)
}

func owner(o StepOutcome) string {
	if o.Assignee == "" {
		return o.Owner
	}
	return o.Owner + " (" + o.Assignee + ")"
}

// markCell shows a mark's drill clock and, with by, who.
func markCell(m Mark, by bool) string {
	if m.IsZero() {
		return "–"
	}
	s := FormatDuration(m.Elapsed)
	if by && m.By != "" {
		s += " by " + mdCell(m.By)
	}
	return s
}

// stateText is a step's state, with "late" for one done late.
func stateText(o StepOutcome, s Step) string {
	if o.State == Done && !o.OnTime(s) {
		return "done late"
	}
	return string(o.State)
}

// clock is t as the time since activation (wall time, pauses included).
func clock(r Result, t time.Time) string {
	return "+" + FormatDuration(t.Sub(r.StartedAt))
}

func pathText(path string) string {
	if path == "" {
		return ""
	}
	return " (escalation path " + path + ")"
}

// mdText makes s one line of Markdown text that reads as written.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`)
	return r.Replace(s)
}

// mdCell is mdText safe in a table cell.
func mdCell(s string) string { return strings.ReplaceAll(mdText(s), "|", `\|`) }
