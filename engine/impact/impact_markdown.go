package impact

import (
	"fmt"
	"io"
	"strings"
)

// This file prints a Result as GitHub-flavoured Markdown, written to be a
// pull request's comment: the headline, the tables a reviewer reads, and
// the example ticket ids collapsed in <details>.

// markdownTitle heads the comment.
const markdownTitle = "### supportops impact preview"

// maxMarkdownRows bounds a table of the comment; the rest is counted in a
// last line (the JSON output has every row).
const maxMarkdownRows = 30

// WriteMarkdown prints r as a pull-request comment. A change that moves
// nothing is "No impact".
func (r Result) WriteMarkdown(w io.Writer) error {
	p := &printer{w: w}
	p.printf("%s\n\n", markdownTitle)
	if r.Changed == 0 {
		p.printf("**No impact**: none of the %s tickets compared would be routed, prioritised, timed or escalated differently.\n",
			formatCount(r.Tickets))
		r.writeSkipped(p)
		return p.err
	}
	p.printf("**%s**\n", r.Headline())
	r.writeSkipped(p)

	p.printf("\n| change | tickets | share |\n|---|--:|--:|\n")
	for _, row := range r.countRows() {
		p.printf("| %s | %s | %s |\n", row.kind, formatCount(row.count), formatPercent(share(row.count, r.Tickets)))
	}

	if flows := r.movedFlows(); len(flows) > 0 {
		p.printf("\n#### Routing: tickets that move\n\n| from | to | tickets |\n|---|---|--:|\n")
		markdownRows(p, len(flows), 3, func(i int) []string {
			f := flows[i]
			return []string{queueTeam(f.FromQueue, f.FromTeam), queueTeam(f.ToQueue, f.ToTeam), formatCount(f.Tickets)}
		})
	}
	for _, rates := range []struct {
		title, column string
		rates         []BreachRate
	}{{"channel", "channel", r.BreachesByChannel}, {"queue", "queue", r.Breaches}} {
		bs := movedBreaches(rates.rates)
		if len(bs) == 0 {
			continue
		}
		p.printf("\n#### Breach rates by %s, before → after\n\n| metric | %s | tickets | before | after | change | met → breach | breach → met |\n|---|---|--:|--:|--:|--:|--:|--:|\n",
			rates.title, rates.column)
		markdownRows(p, len(bs), 8, func(i int) []string {
			b := bs[i]
			return []string{b.Metric, orNone(b.Queue + b.Channel), formatCount(b.Tickets), formatPercent(b.Before), formatPercent(b.After),
				formatPoints(b.After - b.Before), formatCount(b.FlippedToBreach), formatCount(b.FlippedToMet)}
		})
	}
	r.writeApprovalsMarkdown(p)
	if ws := r.movedWorkload(); len(ws) > 0 {
		p.printf("\n#### Weekly workload per team\n\n| team | week | before | after | change |\n|---|---|--:|--:|--:|\n")
		markdownRows(p, len(ws), 5, func(i int) []string {
			t := ws[i]
			return []string{orNone(t.Team), t.Week, formatCount(t.Before), formatCount(t.After), fmt.Sprintf("%+d", t.After-t.Before)}
		})
	}
	vs := r.movedVolumes()
	if len(r.Staffing) > 0 || len(vs) > 0 {
		p.printf("\n#### Staffing%s\n", weekSuffix(r.StaffingWeek))
	}
	if len(vs) > 0 {
		p.printf("\nTickets routed to each forecast queue channel; the head's forecast is scaled by the factor:\n\n| queue | channel | base | head | factor |\n|---|---|--:|--:|--:|\n")
		markdownRows(p, len(vs), 5, func(i int) []string {
			v := vs[i]
			return []string{v.Queue, v.Channel, formatCount(v.Base), formatCount(v.Head), formatFactor(v)}
		})
	}
	if len(r.Staffing) > 0 {
		p.printf("\n")
		for _, t := range r.Staffing {
			p.printf("- %s\n", markdownEscape(t.String()))
		}
	}
	switch {
	case len(r.Staffing) == 0 && len(vs) > 0:
		p.printf("\n_No interval goes from met to short or back._\n")
	case len(r.Staffing) == 0 && r.StaffingWeek != "":
		p.printf("\n_Staffing %s: no interval goes from met to short or back._\n", r.StaffingWeek)
	}
	if r.StaffingError != "" {
		p.printf("\n_Staffing not computed: %s._\n", markdownEscape(r.StaffingError))
	}
	examples := false
	for _, row := range r.countRows() {
		ids := r.Examples[row.kind]
		if len(ids) == 0 {
			continue
		}
		if !examples {
			p.printf("\n<details><summary>Example tickets per kind of change</summary>\n\n")
			examples = true
		}
		p.printf("- %s: `%s`\n", row.kind, strings.Join(ids, "`, `"))
	}
	if examples {
		p.printf("\n</details>\n")
	}
	return p.err
}

// writeSkipped says how many records were left out, if any.
func (r Result) writeSkipped(p *printer) {
	if r.Skipped > 0 {
		p.printf("\n_%s skipped: drills or outside --since/--until._\n", plural(r.Skipped, "record"))
	}
}

// markdownRows prints the first maxMarkdownRows of n rows of a table with
// cols columns, and a last row counting the others.
func markdownRows(p *printer, n, cols int, row func(int) []string) {
	for i := range min(n, maxMarkdownRows) {
		cells := row(i)
		for j, c := range cells {
			cells[j] = markdownEscape(c)
		}
		p.printf("| %s |\n", strings.Join(cells, " | "))
	}
	if n > maxMarkdownRows {
		p.printf("| … %d more (--output json has every row) |%s\n", n-maxMarkdownRows, strings.Repeat(" |", cols-1))
	}
}

// markdownEscape keeps a cell's text from being read as Markdown or HTML.
func markdownEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "`", "\\`")
	return r.Replace(s)
}

// share is n in percent of total, 0 when total is 0.
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}
