package cli

import (
	"fmt"
	"io"
	"strings"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// summary prints one line per ticket: where it went, its SLA outcome,
// escalation and rating.
func summary(w io.Writer, states []tkt.State) error {
	return printTable(w, "TICKET\tSTATUS\tPRIORITY\tQUEUE\tAGENT\tSLA\tESCALATION\tAPPROVALS\tCSAT", states, func(s tkt.State) []string {
		var sla []string
		for _, c := range s.Clocks {
			switch {
			case c.Breached:
				sla = append(sla, c.Metric+" breached")
			case c.State == tkt.ClockMet:
				sla = append(sla, c.Metric+" met")
			case c.State == tkt.ClockRunning:
				sla = append(sla, c.Metric+" due "+c.Due.Local().Format("Mon 15:04:05"))
			case c.State == tkt.ClockPaused:
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
		return []string{s.Ticket.ID, s.Status, s.Priority, s.Queue,
			orDash(s.Agent), orDash(strings.Join(sla, ", ")), esc, orDash(strings.Join(approvals, ", ")), csat}
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func printApproval(w io.Writer, ap tkt.ApprovalState) error {
	fmt.Fprintf(w, "%s: %s\n", ap.ID, ap.Outcome)
	for _, r := range ap.Reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	return nil
}
