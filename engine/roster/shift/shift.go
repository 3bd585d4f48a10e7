package shift

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/model"
)

// Shift is one entry of an agent's shifts, resolved: the days it is worked
// on and, on each, its windows less its breaks.
type Shift struct {
	// Ref is the entry as written: a shift pattern id or an inline shift.
	Ref string
	// Pattern is the shift pattern's id; empty for an inline shift.
	Pattern string
	// Days are the weekdays the shift is worked on.
	Days []time.Weekday
	// Windows are the shift's windows on each of its days, sorted.
	Windows []calendar.Window
	// Breaks are the windows within the shift the agent is off the queues.
	Breaks []calendar.Window
}

// Inline reports whether ref is an inline shift ("sat 09:00-13:00") rather
// than a shift pattern id: an inline shift has a space, an id never has.
func Inline(ref string) bool { return strings.ContainsAny(ref, " \t") }

// Resolve reads one entry of an agent's shifts: a shift pattern of cfg by
// id, or an inline shift in the calendar hours syntax.
func Resolve(cfg *model.Config, ref string) (Shift, error) {
	if Inline(ref) {
		return parse(ref, ref, "", nil)
	}
	p, ok := cfg.ShiftPatterns[ref]
	if !ok {
		return Shift{}, fmt.Errorf("unknown shift pattern %q", ref)
	}
	return parse(ref, p.Hours, ref, p.Breaks)
}

// Pattern reads a shift pattern: its hours and its breaks, each break
// within one of its windows and none overlapping another. The error names the break at fault by its
// index, via BreakError.
func Pattern(id string, p model.ShiftPattern) (Shift, error) {
	return parse(id, p.Hours, id, p.Breaks)
}

// BreakError is a break that does not parse or lies outside the shift.
type BreakError struct {
	// Index of the break in the pattern's breaks.
	Index int
	// Err says what is wrong.
	Err error
}

// Error implements error.
func (e *BreakError) Error() string { return e.Err.Error() }

func parse(ref, hours, pattern string, breaks []string) (Shift, error) {
	days, windows, err := calendar.ParseHours(hours)
	if err != nil {
		return Shift{}, fmt.Errorf("shift %q: %w", ref, err)
	}
	s := Shift{Ref: ref, Pattern: pattern, Days: days, Windows: windows}
	for i, b := range breaks {
		w, err := calendar.ParseWindow(b)
		if err != nil {
			return Shift{}, &BreakError{Index: i, Err: err}
		}
		inside := false
		for _, sw := range windows {
			if w.Start >= sw.Start && w.End <= sw.End {
				inside = true
			}
		}
		if !inside {
			return Shift{}, &BreakError{Index: i, Err: fmt.Errorf("break %s is not within the shift's hours %q", b, hours)}
		}
		s.Breaks = append(s.Breaks, w)
	}
	order := make([]int, len(s.Breaks))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(s.Breaks[a].Start, s.Breaks[b].Start) })
	sorted := make([]calendar.Window, len(order))
	for i, o := range order {
		sorted[i] = s.Breaks[o]
		if i > 0 && sorted[i].Start < sorted[i-1].End {
			return Shift{}, &BreakError{Index: o, Err: fmt.Errorf("break %s overlaps break %s", breaks[o], breaks[order[i-1]])}
		}
	}
	s.Breaks = sorted
	return s, nil
}

// Span is a stretch of absolute time an agent is on the queues.
type Span struct {
	Start, End time.Time
}

// On returns the spans the shift puts the agent on the queues on the local
// date y-m-d in loc, if the shift is worked on that weekday: its windows
// less its breaks. Clock times are wall-clock in loc: on a day the clocks
// change, a window over the change is an hour shorter or longer.
func (s Shift) On(y int, m time.Month, d int, loc *time.Location) []Span {
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	worked := false
	for _, wd := range s.Days {
		worked = worked || wd == day.Weekday()
	}
	if !worked {
		return nil
	}
	at := func(off time.Duration) time.Time {
		return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute), int(off%time.Minute/time.Second), 0, loc)
	}
	var out []Span
	for _, w := range s.Windows {
		cur := w.Start
		for _, b := range s.Breaks {
			if b.Start >= cur && b.End <= w.End {
				if b.Start > cur {
					out = append(out, Span{at(cur), at(b.Start)})
				}
				cur = b.End
			}
		}
		if cur < w.End {
			out = append(out, Span{at(cur), at(w.End)})
		}
	}
	return out
}

// Zone is the time zone an agent's shifts are written in: the agent's own
// timezone when set, else the timezone of their team's calendar, else the
// center's. The most specific wins.
func Zone(cfg *model.Config, a model.Agent) string {
	if a.Timezone != "" {
		return a.Timezone
	}
	if t, ok := cfg.Teams[a.Team]; ok && t.Calendar != "" {
		if c, ok := cfg.Calendars[t.Calendar]; ok && c.Timezone != "" {
			return c.Timezone
		}
	}
	return cfg.Center.Timezone
}
