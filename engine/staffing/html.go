package staffing

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file lays out the week report's HTML page: the header, per queue
// channel a heat map of the surplus or shortfall (weekday × interval) and a
// small chart a day of the agents on roster against those scheduled, and
// the shortfalls. html_chart.go draws the charts, html_template.go is the
// page.

// The heat map's colour classes, by the gap (scheduled − on roster): three
// shades of short, three of met, and the cells without a forecast.
const (
	classShort3  = "short3"  // 3 or more agents short
	classShort2  = "short2"  // 1 to 3 short
	classShort1  = "short1"  // under 1 short
	classTight   = "tight"   // met, under 1 to spare
	classMet     = "met"     // 1 to 3 to spare
	classComfy   = "comfy"   // 3 or more to spare
	classClosed  = "closed"  // no forecast
	classUnreach = "unreach" // no headcount meets the goal
)

// Gap thresholds of the heat map's classes, in agents.
const (
	gapMany = 3
	gapSome = 1
)

// htmlPage is the laid-out page the template renders.
type htmlPage struct {
	Title, Subtitle string
	Facts           []htmlFact
	Legend          []htmlLegend
	Queues          []htmlQueue
	Shortfalls      []htmlShortfall
}

// htmlFact is one figure of the header.
type htmlFact struct {
	Label, Value, Class string
}

// htmlLegend is one colour of the heat map's scale.
type htmlLegend struct {
	Class, Label string
}

// htmlQueue is one queue channel's section.
type htmlQueue struct {
	ID, Title, Goal, Model string
	Gate                   bool
	Verdict, VerdictClass  string
	Heat                   heatChart
	Lines                  []lineChart
	Days                   []htmlDay
}

// htmlDay is a row of a queue channel's table of days.
type htmlDay struct {
	Day, Contacts, Required, Scheduled, Peak, Short, ServiceLevel string
	ShortClass                                                    string
}

// htmlShortfall is a row of the shortfalls' table.
type htmlShortfall struct {
	Queue, When, Needs, Scheduled, Add, Reaches, Goal, Shifts string
	Gate                                                      bool
}

// HTML writes rep as one self-contained page (inline CSS and SVG, no
// scripts or links), readable at 1280 px: a header with center, week,
// shrinkage and interval; per queue channel a heat map of weekday ×
// interval coloured by scheduled − on roster (shortfalls red, surplus
// green, no forecast grey; each cell's figures in its tooltip), a chart a
// day of the agents on roster against those scheduled, and the days
// summed; then the shortfalls with what each needs. center names the
// center in the title. All text is escaped by html/template; the output
// is deterministic.
func HTML(w io.Writer, center string, rep Report) error {
	t, err := template.New("staffing").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("parse the staffing template: %w", err)
	}
	if err := t.Execute(w, layoutPage(center, rep)); err != nil {
		return fmt.Errorf("write the staffing of %s as HTML: %w", rep.Week, err)
	}
	return nil
}

// layoutPage lays out the page of rep.
func layoutPage(center string, rep Report) htmlPage {
	pg := htmlPage{Title: strings.TrimSpace(center + " staffing " + rep.Week)}
	short, gated := 0, 0
	for _, s := range rep.Shortfalls {
		if s.Gate {
			gated++
		}
	}
	for _, q := range rep.Queues {
		for _, in := range q.Intervals {
			if in.Short {
				short++
			}
		}
	}
	pg.Subtitle = weekSpan(rep)
	pg.Facts = []htmlFact{
		{Label: "time zone", Value: rep.Timezone},
		{Label: "interval", Value: rep.Interval},
		{Label: "shrinkage", Value: formatNumber(rep.Shrinkage) + " %"},
		{Label: "queue channels", Value: fmt.Sprint(len(rep.Queues))},
		{Label: "short intervals", Value: fmt.Sprint(short), Class: okClass(short == 0)},
		{Label: "shortfalls", Value: fmt.Sprintf("%d (%d gated)", len(rep.Shortfalls), gated), Class: okClass(len(rep.Shortfalls) == 0)},
	}
	pg.Legend = []htmlLegend{
		{classShort3, "3+ short"}, {classShort2, "1–3 short"}, {classShort1, "under 1 short"},
		{classTight, "met, under 1 spare"}, {classMet, "1–3 spare"}, {classComfy, "3+ spare"},
		{classClosed, "no forecast"}, {classUnreach, "goal unreachable"},
	}
	cols := openColumns(rep)
	for _, q := range rep.Queues {
		pg.Queues = append(pg.Queues, layoutQueue(q, cols))
	}
	for _, s := range rep.Shortfalls {
		pg.Shortfalls = append(pg.Shortfalls, layoutShortfall(s, rep.Shrinkage))
	}
	return pg
}

// okClass is the class of a header figure: "good" or "bad".
func okClass(ok bool) string {
	if ok {
		return "good"
	}
	return "bad"
}

// weekSpan says what the week is: "Monday 30 November to Sunday 6
// December 2026".
func weekSpan(rep Report) string {
	if len(rep.Queues) == 0 || len(rep.Queues[0].Intervals) == 0 {
		return "No forecasts: nothing to staff."
	}
	ins := rep.Queues[0].Intervals
	first, last := ins[0].Start, ins[len(ins)-1].Start
	return fmt.Sprintf("%s to %s: per queue channel the agents required against those on shift, interval by interval.",
		first.Format("Monday 2 January"), last.Format("Monday 2 January 2006"))
}

// layoutQueue lays out one queue channel's section.
func layoutQueue(q QueueReport, cols []string) htmlQueue {
	hq := htmlQueue{
		ID: q.Queue + "-" + q.Channel, Title: q.Queue + " · " + q.Channel, Goal: q.Goal, Model: modelName(q.Model), Gate: q.Gate,
		Heat: heatOf(q, cols), Lines: linesOf(q, cols),
	}
	short := 0
	for _, d := range q.Days {
		short += d.ShortIntervals
	}
	hq.Verdict, hq.VerdictClass = "every interval met", "good"
	if short > 0 {
		hq.Verdict, hq.VerdictClass = fmt.Sprintf("%d short intervals", short), "bad"
		if short == 1 {
			hq.Verdict = "1 short interval"
		}
	}
	for _, d := range q.Days {
		day := d.Date
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			day = t.Format("Mon 2 Jan")
		}
		hd := htmlDay{Day: day, Contacts: fmt.Sprintf("%.1f", d.Contacts), Required: fmt.Sprintf("%.1f", d.RequiredHours),
			Scheduled: fmt.Sprintf("%.1f", d.ScheduledHours), Peak: fmt.Sprint(d.PeakOnRoster), Short: fmt.Sprint(d.ShortIntervals),
			ServiceLevel: fmt.Sprintf("%.1f %%", d.ServiceLevel)}
		if d.ShortIntervals > 0 {
			hd.ShortClass = "bad"
		}
		if d.Contacts == 0 {
			hd.ServiceLevel = "–"
		}
		hq.Days = append(hq.Days, hd)
	}
	return hq
}

// layoutShortfall lays out a row of the shortfalls' table.
func layoutShortfall(s Shortfall, shrinkage float64) htmlShortfall {
	end := s.End.Format("15:04")
	if end == "00:00" {
		end = "24:00"
	}
	hs := htmlShortfall{
		Queue: s.Queue + " · " + s.Channel, When: s.Start.Format("Mon 2 Jan 15:04") + "–" + end,
		Needs:     fmt.Sprintf("%s answering, %d on roster with %s %% shrinkage", agents(s.Required), s.OnRoster, formatNumber(shrinkage)),
		Scheduled: formatNumber(s.Scheduled), Add: fmt.Sprintf("+%d", int(math.Ceil(float64(s.OnRoster)-s.Scheduled-shortTolerance))),
		Goal: s.Goal, Gate: s.Gate, Shifts: shiftList(s.Shifts),
	}
	switch {
	case s.ASASeconds < 0:
		hs.Reaches = "cannot keep up"
	case s.ASA > 0:
		hs.Reaches = "ASA " + (time.Duration(s.ASASeconds * float64(time.Second))).Round(time.Second).String()
	default:
		hs.Reaches = fmt.Sprintf("%s %% within %s", formatNumber(s.ServiceLevel), formatDuration(s.Within))
	}
	return hs
}

// maxShifts is the most shifts a shortfall's row names: a big center's
// shortfall can have a hundred agents on shift.
const maxShifts = 6

// shiftList names a shortfall's shifts by their agents (shiftOwner), the
// first maxShifts and how many more.
func shiftList(shifts []string) string {
	names := make([]string, 0, min(len(shifts), maxShifts))
	for _, sh := range shifts[:min(len(shifts), maxShifts)] {
		names = append(names, shiftOwner(sh))
	}
	if len(shifts) <= maxShifts {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names, ", "), len(shifts)-maxShifts)
}

// shiftOwner names a shift by its path as people read it: the agent of
// agents."julia-wagner".shifts[0], with the shift's index after the
// first ("julia-wagner", "julia-wagner (shift 2)"); any other path as it
// is.
func shiftOwner(path string) string {
	rest, ok := strings.CutPrefix(path, "agents.")
	i := strings.LastIndex(rest, ".shifts[")
	if !ok || i < 0 || !strings.HasSuffix(rest, "]") {
		return path
	}
	id := strings.Trim(rest[:i], `"`)
	if n := rest[i+len(".shifts[") : len(rest)-1]; n != "0" {
		if k, err := strconv.Atoi(n); err == nil {
			return fmt.Sprintf("%s (shift %d)", id, k+1)
		}
	}
	return id
}

// openColumns are the clock times of the intervals the heat map and the
// charts show: from the first to the last interval of the day that has a
// forecast or an agent on shift on any day of any queue channel, so that
// the night stays out when nobody works it.
func openColumns(rep Report) []string {
	var all []string
	first, last := "", ""
	for _, q := range rep.Queues {
		for _, in := range q.Intervals {
			c := in.Start.Format("15:04")
			all = append(all, c)
			if in.Contacts == 0 && in.Scheduled == 0 {
				continue
			}
			if first == "" || c < first {
				first = c
			}
			if c > last {
				last = c
			}
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	if first == "" {
		return all
	}
	i, _ := slices.BinarySearch(all, first)
	j, _ := slices.BinarySearch(all, last)
	return all[i : j+1]
}

// cellClass is the heat map class of an interval.
func cellClass(in IntervalReport) string {
	switch {
	case in.Unreachable != "":
		return classUnreach
	case in.Contacts == 0:
		return classClosed
	case in.Gap <= -gapMany:
		return classShort3
	case in.Gap <= -gapSome:
		return classShort2
	case in.Short:
		return classShort1
	case in.Gap < gapSome:
		return classTight
	case in.Gap < gapMany:
		return classMet
	}
	return classComfy
}
