package staffing

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// This file holds the week report as text, what `supportops staffing`
// prints: per queue channel a table a day, the shortfalls, then a summary
// per day.

// Text writes rep as people read it in a terminal: per queue channel a
// table for each day with a forecast or agents on shift, of the intervals
// that have either (the forecast contacts, the agents Erlang C and Erlang A
// require, on roster with shrinkage, scheduled, the service level the
// scheduled agents reach and the gap, short rows marked SHORT); then the
// shortfalls, consecutive short intervals merged; then a summary per day.
func Text(w io.Writer, rep Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Staffing week %s (%s), %s intervals, %s %% shrinkage\n", rep.Week, rep.Timezone, rep.Interval, formatNumber(rep.Shrinkage))
	if len(rep.Queues) == 0 {
		b.WriteString("\nNo forecasts: nothing to staff.\n")
	}
	for _, q := range rep.Queues {
		fmt.Fprintf(&b, "\n%s\n", queueTitle(q))
		for _, day := range splitDays(q.Intervals) {
			if !dayOpen(day) {
				continue
			}
			fmt.Fprintf(&b, "\n  %s\n", day[0].Start.Format("Mon 2006-01-02"))
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "  \ttime\tcontacts\terlang C\terlang A\ton roster\tscheduled\treaches\tgap\t")
			for _, in := range day {
				if in.Contacts == 0 && in.Scheduled == 0 {
					continue
				}
				fmt.Fprintf(tw, "  \t%s\t%.1f\t%d\t%s\t%d\t%s\t%s\t%s\t%s\n", in.Start.Format("15:04"), in.Contacts, in.ErlangC,
					erlangA(in), in.OnRoster, formatNumber(in.Scheduled), reached(in), signed(in.Gap), mark(in))
			}
			if err := tw.Flush(); err != nil {
				return fmt.Errorf("write the staffing of %s/%s: %w", q.Queue, q.Channel, err)
			}
		}
	}
	writeShortfalls(&b, rep)
	if err := writeDays(&b, rep); err != nil {
		return err
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write the staffing report: %w", err)
	}
	return nil
}

// writeShortfalls lists the shortfalls with their messages.
func writeShortfalls(b *strings.Builder, rep Report) {
	if len(rep.Shortfalls) == 0 {
		b.WriteString("\nShortfalls: none, every interval has the agents it needs.\n")
		return
	}
	fmt.Fprintf(b, "\nShortfalls (%d):\n", len(rep.Shortfalls))
	for _, s := range rep.Shortfalls {
		kind := "warning"
		if s.Gate {
			kind = "error (gate)"
		}
		fmt.Fprintf(b, "  %s: %s\n", kind, s.Message(rep.Shrinkage))
	}
}

// writeDays writes the summary per day of each queue channel.
func writeDays(b *strings.Builder, rep Report) error {
	if len(rep.Queues) == 0 {
		return nil
	}
	b.WriteString("\nPer day (agent hours on roster with shrinkage, and on shift):\n")
	for _, q := range rep.Queues {
		fmt.Fprintf(b, "\n  %s %s\n", q.Queue, q.Channel)
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  \tday\tcontacts\trequired h\tscheduled h\tpeak on roster\tshort\tservice level\t")
		for _, d := range q.Days {
			day, level := d.Date, "-"
			if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
				day = t.Format("Mon 01-02")
			}
			if d.Contacts > 0 {
				level = fmt.Sprintf("%.1f %%", d.ServiceLevel)
			}
			fmt.Fprintf(tw, "  \t%s\t%.1f\t%.1f\t%.1f\t%d\t%d\t%s\t\n", day, d.Contacts, d.RequiredHours, d.ScheduledHours, d.PeakOnRoster, d.ShortIntervals, level)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("write the staffing of %s/%s per day: %w", q.Queue, q.Channel, err)
		}
	}
	return nil
}

// queueTitle is a queue channel's heading: "after-sales phone: 80 %
// within 20s, Erlang A (gate)".
func queueTitle(q QueueReport) string {
	s := fmt.Sprintf("%s %s: %s, %s", q.Queue, q.Channel, q.Goal, modelName(q.Model))
	if q.Gate {
		s += " (gate: a shortfall fails validate)"
	}
	return s
}

// modelName names a model: "Erlang C", "Erlang A".
func modelName(m string) string {
	if m == "erlang_a" {
		return "Erlang A"
	}
	return "Erlang C"
}

// splitDays cuts the week's intervals into local days.
func splitDays(ins []IntervalReport) [][]IntervalReport {
	var out [][]IntervalReport
	from := 0
	for k := 1; k <= len(ins); k++ {
		if k == len(ins) || ins[k].Start.Format(time.DateOnly) != ins[from].Start.Format(time.DateOnly) {
			out = append(out, ins[from:k])
			from = k
		}
	}
	return out
}

// dayOpen reports whether a day has a forecast or agents on shift.
func dayOpen(day []IntervalReport) bool {
	for _, in := range day {
		if in.Contacts > 0 || in.Scheduled > 0 {
			return true
		}
	}
	return false
}

// erlangA is Erlang A's count, or "-" without patience.
func erlangA(in IntervalReport) string {
	if in.ErlangA == nil {
		return "-"
	}
	return fmt.Sprint(*in.ErlangA)
}

// reached is the service level an interval's agents reach, "56.4 %", or
// "-" without contacts.
func reached(in IntervalReport) string {
	if in.Contacts == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", in.ServiceLevel)
}

// signed prints a gap with its sign: "+1", "-2", "+0.5".
func signed(x float64) string {
	if x < 0 {
		return "-" + formatNumber(-x)
	}
	return "+" + formatNumber(x)
}

// mark flags a short interval, or one no headcount meets, after the gap.
func mark(in IntervalReport) string {
	switch {
	case in.Short:
		return "  SHORT"
	case in.Unreachable != "":
		return "  UNREACHABLE"
	}
	return ""
}
