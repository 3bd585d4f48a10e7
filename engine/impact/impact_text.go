package impact

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// This file prints a Result as text for a terminal: the headline, then a
// table per aggregate that moved. impact_markdown.go prints the same as a
// pull-request comment.

// noQueueName is how the tables show "no queue" or "no team".
const noQueueName = "(none)"

// Headline sums a Result up in one line: "1,284 of 21,530 tickets change;
// first-reply breaches on chat 4.1 % → 9.8 %", the breach rate that moves
// most named (per channel, else per queue); "No impact: ..." when no
// record changes.
func (r Result) Headline() string {
	if r.Changed == 0 {
		return fmt.Sprintf("No impact: none of the %s tickets compared change.", formatCount(r.Tickets))
	}
	h := fmt.Sprintf("%s of %s tickets change", formatCount(r.Changed), formatCount(r.Tickets))
	b, ok := biggestMove(r.BreachesByChannel)
	if !ok {
		b, ok = biggestMove(r.Breaches)
	}
	if ok {
		h += fmt.Sprintf("; %s breaches on %s %s → %s", strings.ReplaceAll(b.Metric, "_", "-"), b.Queue+b.Channel,
			formatPercent(b.Before), formatPercent(b.After))
	} else if len(r.Breaches)+len(r.BreachesByChannel) > 0 {
		h += "; no breach rate moves"
	}
	return h
}

// biggestMove is the breach rate of rates that moves most (the first in
// their order among equals).
func biggestMove(rates []BreachRate) (BreachRate, bool) {
	var best BreachRate
	found := false
	for _, b := range rates {
		if b.After == b.Before {
			continue
		}
		if !found || math.Abs(b.After-b.Before) > math.Abs(best.After-best.Before) {
			best, found = b, true
		}
	}
	return best, found
}

// where is "queue after-sales" or "channel chat".
func (b BreachRate) where() string {
	if b.Channel != "" {
		return "channel " + b.Channel
	}
	return "queue " + orNone(b.Queue)
}

// movedFlows are the routing matrix's cells whose queue or team differs.
func (r Result) movedFlows() []Flow {
	var out []Flow
	for _, f := range r.Routing {
		if f.FromQueue != f.ToQueue || f.FromTeam != f.ToTeam {
			out = append(out, f)
		}
	}
	return out
}

// movedBreaches are the breach rates of rates that move or have records
// flipping.
func movedBreaches(rates []BreachRate) []BreachRate {
	var out []BreachRate
	for _, b := range rates {
		if b.Before != b.After || b.FlippedToBreach > 0 || b.FlippedToMet > 0 {
			out = append(out, b)
		}
	}
	return out
}

// movedWorkload are the team weeks whose tickets differ.
func (r Result) movedWorkload() []TeamWeek {
	var out []TeamWeek
	for _, w := range r.Workload {
		if w.Before != w.After {
			out = append(out, w)
		}
	}
	return out
}

// countRow is one kind of change with its count.
type countRow struct {
	kind  string
	count int
}

// countRows are the kinds of change that any record shows, in the order
// of Counts.
func (r Result) countRows() []countRow {
	c := r.Counts
	all := []countRow{
		{KindQueue, c.Queue}, {KindTeam, c.Team}, {KindPriority, c.Priority}, {KindSLAPolicy, c.SLAPolicy},
		{KindDue, c.Due}, {KindBreach, c.Breach}, {KindEscalation, c.Escalation}, {KindApproval, c.Approval},
		{KindNoQueue, r.NoQueue},
	}
	var out []countRow
	for _, row := range all {
		if row.count > 0 {
			out = append(out, row)
		}
	}
	return out
}

// WriteText prints r for a terminal: the headline, the records skipped,
// then the kinds of change with example ids, the tickets that move queue,
// the breach rates and weekly workloads that move, and the staffing
// effect. Only what moved is shown.
func (r Result) WriteText(w io.Writer) error {
	p := &printer{w: w}
	p.printf("%s\n", r.Headline())
	if r.Skipped > 0 {
		p.printf("(%s skipped: drills or outside --since/--until)\n", plural(r.Skipped, "record"))
	}
	if r.Changed > 0 {
		p.printf("\nChanges:\n")
		p.table("KIND\tTICKETS\tEXAMPLES", len(r.countRows()), func(i int) []string {
			row := r.countRows()[i]
			return []string{row.kind, formatCount(row.count), strings.Join(r.Examples[row.kind], ", ")}
		})
	}
	if flows := r.movedFlows(); len(flows) > 0 {
		p.printf("\nRouting (tickets that move):\n")
		p.table("FROM\tTO\tTICKETS", len(flows), func(i int) []string {
			f := flows[i]
			return []string{queueTeam(f.FromQueue, f.FromTeam), queueTeam(f.ToQueue, f.ToTeam), formatCount(f.Tickets)}
		})
	}
	for _, rates := range []struct {
		title, column string
		rates         []BreachRate
	}{{"channel", "CHANNEL", r.BreachesByChannel}, {"the head's queue", "QUEUE", r.Breaches}} {
		bs := movedBreaches(rates.rates)
		if len(bs) == 0 {
			continue
		}
		p.printf("\nBreach rates by %s:\n", rates.title)
		p.table("METRIC\t"+rates.column+"\tTICKETS\tBEFORE\tAFTER\tCHANGE\tTO BREACH\tTO MET", len(bs), func(i int) []string {
			b := bs[i]
			return []string{b.Metric, orNone(b.Queue + b.Channel), formatCount(b.Tickets), formatPercent(b.Before), formatPercent(b.After),
				formatPoints(b.After - b.Before), formatCount(b.FlippedToBreach), formatCount(b.FlippedToMet)}
		})
	}
	r.writeApprovalsText(p)
	if ws := r.movedWorkload(); len(ws) > 0 {
		p.printf("\nWeekly workload (tickets created in the week):\n")
		p.table("TEAM\tWEEK\tBEFORE\tAFTER\tCHANGE", len(ws), func(i int) []string {
			t := ws[i]
			return []string{orNone(t.Team), t.Week, formatCount(t.Before), formatCount(t.After), fmt.Sprintf("%+d", t.After-t.Before)}
		})
	}
	if vs := r.movedVolumes(); len(vs) > 0 {
		p.printf("\nStaffing volumes (tickets routed to each forecast queue channel; the head's forecast is scaled by the factor):\n")
		p.table("QUEUE\tCHANNEL\tBASE\tHEAD\tFACTOR", len(vs), func(i int) []string {
			v := vs[i]
			return []string{v.Queue, v.Channel, formatCount(v.Base), formatCount(v.Head), formatFactor(v)}
		})
	}
	if len(r.Staffing) > 0 {
		p.printf("\nStaffing%s:\n", weekSuffix(r.StaffingWeek))
		for _, t := range r.Staffing {
			p.printf("  %s\n", t)
		}
	}
	if len(r.Staffing) == 0 && r.StaffingWeek != "" && r.Changed > 0 {
		p.printf("\nStaffing %s: no interval goes from met to short or back.\n", r.StaffingWeek)
	}
	if r.StaffingError != "" {
		p.printf("\nStaffing: not computed: %s\n", r.StaffingError)
	}
	return p.err
}

// movedVolumes are the staffing volumes the head's routing moves, when
// the staffing effect was computed.
func (r Result) movedVolumes() []StaffingVolume {
	if r.StaffingWeek == "" || r.StaffingError != "" {
		return nil
	}
	var out []StaffingVolume
	for _, v := range r.StaffingVolumes {
		if v.moved() {
			out = append(out, v)
		}
	}
	return out
}

// formatFactor writes a volume's factor, "0.5", or says the forecast was
// kept.
func formatFactor(v StaffingVolume) string {
	if v.Kept() {
		return "1 (kept: no base tickets)"
	}
	return strconv.FormatFloat(v.Factor, 'f', -1, 64)
}

// weekSuffix is " 2026-W49" for a week, "" for none.
func weekSuffix(week string) string {
	if week == "" {
		return ""
	}
	return " " + week
}

// printer writes to w and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// table prints a header and n rows, aligned in columns two spaces apart.
func (p *printer) table(header string, n int, row func(int) []string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for i := range n {
		fmt.Fprintln(tw, strings.Join(row(i), "\t"))
	}
	p.err = tw.Flush()
}

// queueTeam is "queue (team)", "(none)" for no queue.
func queueTeam(queue, team string) string {
	if queue == "" {
		return noQueueName
	}
	if team == "" {
		return queue
	}
	return queue + " (" + team + ")"
}

// orNone is s, "(none)" when empty.
func orNone(s string) string {
	if s == "" {
		return noQueueName
	}
	return s
}

// formatCount writes n with thousands separators: 21,530.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatPercent writes a rate in percent with one decimal: "4.1 %".
func formatPercent(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64) + " %"
}

// formatPoints writes a difference of rates in signed percentage points:
// "+5.7 pp".
func formatPoints(v float64) string {
	return fmt.Sprintf("%+.1f pp", v)
}

// plural is "1 record", "3 records".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return formatCount(n) + " " + noun + "s"
}
