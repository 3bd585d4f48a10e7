package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/calendar"
)

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{
		"mon-fri 09:00-17:00", "fri-mon 10:00-14:00", "mon,wed,fri 09:00-12:00,13:00-17:00", "sat 10:00-14:00",
		"daily 00:00-24:00", "MON-Fri 18:00-24:00", "mon-wed,fri 09:00-12:00, 12:00-17:00", "mon-fri 9:00-17:00",
		"mon 22:00-06:00", "mon 09:00-12:00,11:00-13:00", "", "mon", "mon-tue-wed 09:00-10:00", "mon,,fri 24:00-24:00",
	} {
		f.Add(s)
	}
	names := map[time.Weekday]string{time.Sunday: "sun", time.Monday: "mon", time.Tuesday: "tue", time.Wednesday: "wed", time.Thursday: "thu", time.Friday: "fri", time.Saturday: "sat"}
	f.Fuzz(func(t *testing.T, spec string) {
		days, windows, err := calendar.ParseHours(spec)
		var w calendar.Weekly
		addErr := w.AddHours(spec)
		if (err == nil) != (addErr == nil) {
			t.Fatalf("ParseHours(%q) error %v, AddHours error %v", spec, err, addErr)
		}
		if err != nil {
			return
		}
		if len(days) == 0 || len(windows) == 0 {
			t.Fatalf("ParseHours(%q) = %v, %v without an error", spec, days, windows)
		}
		var dayNames, windowTexts []string
		for _, d := range days {
			dayNames = append(dayNames, names[d])
		}
		for i, win := range windows {
			if win.Start < 0 || win.End > 24*time.Hour || win.Start >= win.End || win.Start%time.Minute != 0 || win.End%time.Minute != 0 {
				t.Fatalf("ParseHours(%q) gave a bad window %s", spec, win)
			}
			if i > 0 && win.Start < windows[i-1].End {
				t.Fatalf("ParseHours(%q) gave overlapping or unsorted windows %v", spec, windows)
			}
			windowTexts = append(windowTexts, win.String())
		}
		canonical := strings.Join(dayNames, ",") + " " + strings.Join(windowTexts, ",")
		days2, windows2, err := calendar.ParseHours(canonical)
		if err != nil {
			t.Fatalf("ParseHours(%q) (from %q): %v", canonical, spec, err)
		}
		if diff := cmp.Diff(days, days2); diff != "" {
			t.Errorf("days of %q and %q differ: -first +second:\n%s", spec, canonical, diff)
		}
		if diff := cmp.Diff(windows, windows2); diff != "" {
			t.Errorf("windows of %q and %q differ: -first +second:\n%s", spec, canonical, diff)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-24", "2028-02-29", "2100-02-29", "2026-13-01", "0000-01-01", "2026-1-5", "+026-01-05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %s", s, d)
		}
		if tm := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC); tm.Year() != d.Year || tm.Month() != d.Month || tm.Day() != d.Day {
			t.Fatalf("ParseDate(%q) accepted a date time.Date normalises to %s", s, tm.Format(time.DateOnly))
		}
	})
}

// fuzzCalendar builds a calendar from fuzzed bytes, three at a time: a day
// (or, with the top bit set, a date in 2025-2027 made a holiday or special
// day), a start and a length in quarter hours.
func fuzzCalendar(t *testing.T, data []byte, zone uint8) (*calendar.Calendar, bool) {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu"}
	l := loc(t, zones[int(zone)%len(zones)])
	var weekQuarters [7][96]bool
	special := map[int][96]bool{}
	var holidays []calendar.Date
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i+2 < len(data); i += 3 {
		start, length := int(data[i+1])%96, 1+int(data[i+2])%96
		mark := func(q *[96]bool) {
			for j := start; j < min(96, start+length); j++ {
				q[j] = true
			}
		}
		switch b := data[i]; {
		case b < 0x80:
			mark(&weekQuarters[b%7])
		case b < 0xC0:
			day := int(b-0x80)*17 + int(data[i+2])
			holidays = append(holidays, toDate(base.AddDate(0, 0, day)))
		default:
			day := int(b-0xC0)*23 + int(data[i+1])
			q := special[day]
			mark(&q)
			special[day] = q
		}
	}
	spec := calendar.Spec{Location: l, Holidays: holidays}
	for d := range weekQuarters {
		spec.Weekly[d] = runs(weekQuarters[d])
	}
	for day, q := range special {
		spec.SpecialDays = append(spec.SpecialDays, calendar.SpecialDay{Date: toDate(base.AddDate(0, 0, day)), Windows: runs(q)})
	}
	c, err := calendar.New(spec)
	return c, err == nil
}

func toDate(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// runs turns marked quarter hours into windows; every second run is split
// in two touching windows, to exercise their merging.
func runs(q [96]bool) []calendar.Window {
	var ws []calendar.Window
	for i := 0; i < 96; {
		if !q[i] {
			i++
			continue
		}
		j := i
		for j < 96 && q[j] {
			j++
		}
		w := calendar.Window{Start: time.Duration(i) * 15 * time.Minute, End: time.Duration(j) * 15 * time.Minute}
		if len(ws)%2 == 1 && j-i > 1 {
			mid := w.Start + 15*time.Minute
			ws = append(ws, calendar.Window{Start: w.Start, End: mid}, calendar.Window{Start: mid, End: w.End})
		} else {
			ws = append(ws, w)
		}
		i = j
	}
	return ws
}

func FuzzDue(f *testing.F) {
	f.Add([]byte{1, 36, 32, 2, 36, 32, 3, 36, 32, 4, 36, 32, 5, 36, 32}, int64(1774000000), uint32(0), int64(4*time.Hour), uint8(1))
	f.Add([]byte{0, 0, 95, 1, 0, 95, 2, 0, 95, 3, 0, 95, 4, 0, 95, 5, 0, 95, 6, 0, 95}, int64(1774740000), uint32(5), int64(25*time.Hour), uint8(2))
	f.Add([]byte{6, 4, 12, 0x81, 3, 9, 0xC2, 40, 8}, int64(1800000000), uint32(999999999), int64(1000*time.Hour), uint8(3))
	f.Add([]byte{0xC0, 20, 8}, int64(1735689600), uint32(0), int64(time.Hour), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, fromSec int64, fromNsec uint32, d int64, zone uint8) {
		c, ok := fuzzCalendar(t, data, zone)
		if !ok {
			return
		}
		lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		span := int64(40 * 365 * 24 * 3600)
		from := time.Unix(lo+((fromSec%span)+span)%span, int64(fromNsec%1e9))
		target := time.Duration(d % int64(3000*time.Hour))
		due := c.Due(from, target)
		if target <= 0 {
			if due != from {
				t.Fatalf("Due(%s, %s) = %s, want from", from, target, due)
			}
			return
		}
		if due.IsZero() {
			return // no working time within the horizon
		}
		if due.Before(from) {
			t.Fatalf("Due(%s, %s) = %s, before from", from, target, due)
		}
		if got := c.Between(from, due); got != target {
			t.Fatalf("Between(%s, Due(%s) = %s) = %s, want %s", from, target, due, got, target)
		}
		if got := c.Between(from, due.Add(-1)); got >= target {
			t.Fatalf("Due(%s, %s) = %s is not the earliest: a nanosecond earlier already has %s", from, target, due, got)
		}
	})
}
