package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Window is one span of working time within a local day, as offsets from
// local midnight: 0 <= Start < End <= 24h. An End of 24h is the next local
// midnight.
type Window struct {
	Start, End time.Duration
}

// String formats w as HH:MM-HH:MM, the form ParseWindow reads. Seconds and
// fractions of a second are added only when present.
func (w Window) String() string {
	return clock(w.Start) + "-" + clock(w.End)
}

// Weekly holds the windows of each weekday, indexed by time.Weekday
// (Sunday = 0).
type Weekly [7][]Window

// AlwaysOpen returns weekly hours of 00:00-24:00 on every day: a 24x7
// calendar, on which Due(from, d) is from.Add(d).
func AlwaysOpen() Weekly {
	var w Weekly
	for i := range w {
		w[i] = []Window{{Start: 0, End: 24 * time.Hour}}
	}
	return w
}

// dayNames holds the three-letter names ParseHours accepts, in
// time.Weekday order.
const dayNames = "sunmontuewedthufrisat"

const hoursSyntax = `want DAYS HH:MM-HH:MM[,HH:MM-HH:MM...], such as "mon-fri 09:00-17:00"`

// ParseHours parses one hours spec, DAYS HH:MM-HH:MM[,HH:MM-HH:MM...], such
// as "mon-fri 09:00-12:00,13:00-17:00". DAYS is "daily", one day ("sat"), a
// range ("mon-fri"; a range may wrap, as in "fri-mon") or a comma-separated
// list of days and ranges ("mon,wed,fri"). Day names are mon tue wed thu fri
// sat sun, in any case. "24:00" ends a window at midnight; a window may not
// cross midnight, so night shifts take two specs.
//
// It returns the days in the order written, without repeats, and the windows
// sorted by start. Windows of one spec must not overlap. Weekly.AddHours
// merges several specs into weekly hours.
func ParseHours(spec string) (days []time.Weekday, windows []Window, err error) {
	fields := strings.Fields(spec)
	if len(fields) < 2 {
		return nil, nil, fmt.Errorf("parse hours %q: %s", spec, hoursSyntax)
	}
	days, err = parseDays(fields[0])
	if err != nil {
		return nil, nil, fmt.Errorf("parse hours %q: %w", spec, err)
	}
	for _, item := range strings.Split(strings.Join(fields[1:], " "), ",") {
		var w Window
		if w, err = ParseWindow(strings.TrimSpace(item)); err != nil {
			return nil, nil, fmt.Errorf("parse hours %q: %w", spec, err)
		}
		windows = append(windows, w)
	}
	sortWindows(windows)
	if err = checkOverlap(windows); err != nil {
		return nil, nil, fmt.Errorf("parse hours %q: %w", spec, err)
	}
	return days, windows, nil
}

// parseDays parses the DAYS part of an hours spec.
func parseDays(s string) ([]time.Weekday, error) {
	var seen [7]bool
	var days []time.Weekday
	add := func(d time.Weekday) {
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	for _, item := range strings.Split(s, ",") {
		if strings.EqualFold(item, "daily") {
			for d := time.Monday; d <= time.Saturday; d++ {
				add(d)
			}
			add(time.Sunday)
			continue
		}
		parts := strings.Split(item, "-")
		if len(parts) > 2 {
			return nil, fmt.Errorf("days %q: want daily, a day such as mon, a range such as mon-fri or a list such as mon,wed,fri", s)
		}
		first, err := parseDay(parts[0])
		if err != nil {
			return nil, err
		}
		last := first
		if len(parts) == 2 {
			if last, err = parseDay(parts[1]); err != nil {
				return nil, err
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			add(d)
			if d == last {
				break
			}
		}
	}
	return days, nil
}

func parseDay(s string) (time.Weekday, error) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(s, dayNames[3*d:3*d+3]) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("day %q: want mon, tue, wed, thu, fri, sat or sun", s)
}

// ParseWindow parses one window written HH:MM-HH:MM, such as "09:00-17:00"
// or "18:00-24:00".
func ParseWindow(s string) (Window, error) {
	if len(s) != 11 || s[5] != '-' {
		return Window{}, fmt.Errorf("window %q: want HH:MM-HH:MM", s)
	}
	start, ok1 := parseClock(s[:5])
	end, ok2 := parseClock(s[6:])
	if !ok1 || !ok2 {
		return Window{}, fmt.Errorf("window %q: want HH:MM-HH:MM", s)
	}
	w := Window{Start: start, End: end}
	if err := checkWindow(w); err != nil {
		return Window{}, err
	}
	return w, nil
}

// parseClock parses HH:MM with 00 <= HH <= 23 and 00 <= MM <= 59, or 24:00.
func parseClock(s string) (time.Duration, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[:2])
	m, ok2 := digits(s[3:])
	if !ok1 || !ok2 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, true
}

// checkWindow reports what is wrong with one window on its own.
func checkWindow(w Window) error {
	switch {
	case w.Start < 0:
		return fmt.Errorf("window %s starts before 00:00", w)
	case w.End > 24*time.Hour:
		return fmt.Errorf("window %s ends after 24:00", w)
	case w.End == w.Start:
		return fmt.Errorf("window %s is empty", w)
	case w.End < w.Start:
		return fmt.Errorf("window %s ends before it starts (a window may not cross midnight: split it into %s and %s on the next day)",
			w, Window{Start: w.Start, End: 24 * time.Hour}, Window{Start: 0, End: w.End})
	}
	return nil
}

// sortWindows sorts windows by start, then end.
func sortWindows(ws []Window) {
	slices.SortFunc(ws, func(a, b Window) int {
		if a.Start != b.Start {
			return compare(a.Start, b.Start)
		}
		return compare(a.End, b.End)
	})
}

func compare(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkOverlap reports the first pair of overlapping windows in ws, which
// must be sorted. Windows that only touch (09:00-12:00 and 12:00-17:00) do
// not overlap.
func checkOverlap(ws []Window) error {
	for i := 1; i < len(ws); i++ {
		if ws[i].Start < ws[i-1].End {
			return fmt.Errorf("windows %s and %s overlap", ws[i-1], ws[i])
		}
	}
	return nil
}

// AddHours parses each spec with ParseHours and adds its windows to the days
// it names, keeping every day's windows sorted. A window that overlaps one
// already on the same day is an error naming the day and both windows. On
// error w is left unchanged.
func (w *Weekly) AddHours(specs ...string) error {
	next := *w
	for i := range next {
		next[i] = slices.Clone(next[i])
	}
	for _, spec := range specs {
		days, windows, err := ParseHours(spec)
		if err != nil {
			return err
		}
		for _, d := range days {
			ws := append(next[d], windows...)
			sortWindows(ws)
			if err = checkOverlap(ws); err != nil {
				return fmt.Errorf("add hours %q: %s: %w", spec, d, err)
			}
			next[d] = ws
		}
	}
	*w = next
	return nil
}

// clock formats an offset from midnight as HH:MM, adding :SS and a fraction
// of a second only when present.
func clock(d time.Duration) string {
	if d < 0 {
		if d == -d { // math.MinInt64
			return "-" + clock(-(d + 1))
		}
		return "-" + clock(-d)
	}
	h, m := d/time.Hour, d%time.Hour/time.Minute
	rest := d % time.Minute
	if rest == 0 {
		return fmt.Sprintf("%02d:%02d", h, m)
	}
	s := fmt.Sprintf("%02d:%02d:%02d", h, m, rest/time.Second)
	if ns := rest % time.Second; ns != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
	}
	return s
}
