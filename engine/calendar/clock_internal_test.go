package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

var internalZones = []string{
	"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
	"Asia/Kathmandu", "America/Sao_Paulo", "Africa/Casablanca", "Europe/Dublin", "Antarctica/Troll",
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// bruteFirst is the definition of a window bound, answered with the time
// package alone: the first instant at which the local clock reads wall time
// w (seconds since 1970-01-01 00:00 local) or later. It also counts the
// instants at which the clock reads exactly w.
func bruteFirst(loc *time.Location, w int64) (first int64, count int) {
	first = maxSec
	for x := w - 3*secPerDay; x < w+3*secPerDay; {
		t := time.Unix(x, 0).In(loc)
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		e := int64(maxSec)
		if !end.IsZero() {
			e = end.Unix()
		}
		if e <= x {
			// The time package's rule-based zones can end before x on the
			// last day of a leap year; step a minute at a time (no clock
			// changes on that day).
			e = x + 60
		}
		if x+int64(off) >= w {
			first = min(first, x)
		}
		if c := w - int64(off); c >= x && c < e {
			first = min(first, c)
			count++
		}
		x = e
	}
	return first, count
}

func TestZonesMatchTimePackage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, name := range internalZones {
		l := mustLoad(t, name)
		z := newZones(l)
		for range 20000 {
			x := time.Date(1800+r.IntN(700), 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(366*secPerDay)
			off, s, e := z.at(x)
			_, want := time.Unix(x, 0).In(l).Zone()
			if off != int64(want) || x < s || x >= e {
				t.Fatalf("%s: at(%d) = %d [%d, %d), want offset %d", name, x, off, s, e, want)
			}
			if s > z.spans[0].start && x < z.end {
				if _, before := time.Unix(s-1, 0).In(l).Zone(); int64(before) == off {
					t.Fatalf("%s: span of %d starts at %d, but the offset is the same a second earlier", name, x, s)
				}
			}
		}
	}
}

func TestFirstMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, name := range internalZones {
		l := mustLoad(t, name)
		c := &Calendar{loc: l, zones: newZones(l)}
		for range 20000 {
			var w int64
			if r.IntN(2) == 0 {
				// Near a clock change, where it matters.
				x := time.Date(1900+r.IntN(300), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
				_, end := x.In(l).ZoneBounds()
				if end.IsZero() {
					continue
				}
				_, off := end.Zone()
				w = end.Unix() + int64(off) + r.Int64N(4*3600) - 2*3600
			} else {
				w = time.Date(1850+r.IntN(500), 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(366*secPerDay)
			}
			cur := cursor{c: c}
			got, exact := cur.first(w)
			want, count := bruteFirst(l, w)
			if got != want {
				t.Fatalf("%s: first(%s) = %s, want %s", name, time.Unix(w, 0).UTC(), time.Unix(got, 0).In(l), time.Unix(want, 0).In(l))
			}
			tm := time.Unix(got, 0).In(l)
			_, off := tm.Zone()
			if exact != (got+int64(off) == w) {
				t.Fatalf("%s: first(%s) = %s, exact = %v", name, time.Unix(w, 0).UTC(), tm, exact)
			}
			// Where the wall time names one instant, time.Date agrees.
			if count == 1 {
				wall := time.Unix(w, 0).UTC()
				d := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, l)
				if d.Unix() != got {
					t.Fatalf("%s: first(%s) = %s, time.Date gives %s", name, wall, tm, d)
				}
			}
		}
	}
}

// TestUniformDaysAreLinear checks the fast path: on every day between 1900
// and 2400 (past the precomputed table) that the cursor treats as uniform,
// midnight, next midnight and every quarter-hour bound are what the slow
// path finds.
func TestUniformDaysAreLinear(t *testing.T) {
	for _, name := range internalZones {
		l := mustLoad(t, name)
		c := &Calendar{loc: l, zones: newZones(l)}
		first := Date{Year: 1900, Month: time.January, Day: 1}.days()
		last := Date{Year: 2400, Month: time.January, Day: 1}.days()
		var walk, slow cursor
		walk.c, slow.c = c, c
		walk.setDay(first)
		uniform := 0
		for day := first; day < last; day++ {
			if walk.day != day {
				t.Fatalf("%s: walking cursor on day %d, want %d", name, walk.day, day)
			}
			mid, _ := slow.first(day * secPerDay)
			next, _ := slow.first((day + 1) * secPerDay)
			if walk.mid != mid || walk.next != next {
				t.Fatalf("%s: %s: span [%d, %d), want [%d, %d)", name, civilFromDays(day), walk.mid, walk.next, mid, next)
			}
			if walk.uniform {
				uniform++
			}
			if walk.uniform && day%5 == 0 {
				for o := time.Duration(0); o <= 24*time.Hour; o += 15 * time.Minute {
					x, _ := slow.first(day*secPerDay + int64(o/time.Second))
					if got := walk.bound(o); got != time.Duration(x-mid)*time.Second {
						t.Fatalf("%s: %s: bound(%s) = %s, want %s", name, civilFromDays(day), o, got, time.Duration(x-mid)*time.Second)
					}
				}
			}
			var jump cursor
			jump.c = c
			jump.setDay(day)
			if jump.mid != mid || jump.next != next || jump.uniform != walk.uniform {
				t.Fatalf("%s: %s: setDay gives [%d, %d) uniform %v, walking gives [%d, %d) uniform %v", name, civilFromDays(day), jump.mid, jump.next, jump.uniform, mid, next, walk.uniform)
			}
			walk.advance()
		}
		if uniform < int(last-first)*9/10 {
			t.Errorf("%s: only %d of %d days take the fast path", name, uniform, last-first)
		}
	}
}

func TestCivilDays(t *testing.T) {
	for d := int64(-800000); d < 3000000; d += 7 {
		date := civilFromDays(d)
		if got := date.days(); got != d {
			t.Fatalf("civilFromDays(%d) = %s, which is day %d", d, date, got)
		}
		want := time.Unix(d*secPerDay, 0).UTC()
		if date.Year != want.Year() || date.Month != want.Month() || date.Day != want.Day() {
			t.Fatalf("civilFromDays(%d) = %s, want %s", d, date, want.Format(time.DateOnly))
		}
		if wd := weekdayOf(d); time.Weekday(wd) != want.Weekday() {
			t.Fatalf("weekdayOf(%d) = %d, want %s", d, wd, want.Weekday())
		}
	}
}
