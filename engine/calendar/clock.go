package calendar

import (
	"slices"
	"time"
)

const (
	secPerDay = 24 * 60 * 60
	// margin is how far from a change of UTC offset a day must lie for its
	// windows to map linearly onto real time. Two days is more than any
	// difference between two offsets of one zone.
	margin = 2 * secPerDay
	// horizonDays is how far past its start Due searches.
	horizonDays = 3660
	// minUnix and maxUnix bound the supported instants: the years 1 to 9999.
	minUnix = -62135596800
	maxUnix = 253402300800 - 1
	// minSec and maxSec stand for the beginning and the end of time in zone
	// bounds, far enough from the supported instants not to overflow.
	minSec = -1 << 60
	maxSec = 1 << 60
)

// span is a stretch of time with one UTC offset, from start to the start of
// the next span.
type span struct {
	start, off int64
}

// zones answers "what is the UTC offset at this instant, and from when to
// when does it hold" from a table precomputed for the years 1900 to 2200,
// asking the time package outside them. Consecutive zones with the same
// offset (summer time renamed, tzdata's year boundaries) are merged.
type zones struct {
	loc   *time.Location
	spans []span
	end   int64 // end of the last span
}

func newZones(loc *time.Location) zones {
	z := zones{loc: loc}
	lo := time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2200, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	x := lo
	for range 10000 {
		off, s, e := zoneAt(loc, x)
		if n := len(z.spans); n == 0 || z.spans[n-1].off != off {
			z.spans = append(z.spans, span{start: s, off: off})
		}
		z.end = e
		if e >= hi || e <= x {
			break
		}
		x = e
	}
	z.spans = slices.Clip(z.spans)
	return z
}

// zoneAt asks the time package for the offset at the Unix second x and the
// bounds of the zone holding it.
func zoneAt(loc *time.Location, x int64) (off, start, end int64) {
	t := time.Unix(x, 0).In(loc)
	_, o := t.Zone()
	s, e := t.ZoneBounds()
	start, end = minSec, maxSec
	if !s.IsZero() {
		start = s.Unix()
	}
	if !e.IsZero() {
		end = e.Unix()
	}
	// Past the last transition in its tables, the time package derives zones
	// from a rule and ends the last zone of a leap year a day early (the
	// start of the year plus 365 days), so that x lies outside its own zone.
	// The offset is right and holds until the year really ends.
	if end <= x {
		end = x + 1
		if x < e.Unix()+secPerDay {
			end = e.Unix() + secPerDay
		}
	}
	start = min(start, x)
	return int64(o), start, end
}

// at returns the offset at the Unix second x and the bounds of the span of
// that offset holding x.
func (z *zones) at(x int64) (off, start, end int64) {
	sp := z.spans
	if len(sp) == 0 || x < sp[0].start || x >= z.end {
		return zoneAt(z.loc, x)
	}
	lo, hi := 0, len(sp)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if sp[m].start <= x {
			lo = m
		} else {
			hi = m
		}
	}
	end = z.end
	if lo+1 < len(sp) {
		end = sp[lo+1].start
	}
	return sp[lo].off, sp[lo].start, end
}

// cursor walks a calendar day by day. Day d spans the real time from the
// first instant the local clock reads d 00:00 or later (mid) to the same for
// d+1 (next); the spans of consecutive days tile the time line.
//
// On a uniform day the offset is the same from two days before mid to two
// days after next, so a window offset o is simply mid+o. Other days (near a
// clock change) find each bound by walking the zone table.
type cursor struct {
	c         *Calendar
	day       int64 // days since 1970-01-01 of the local date
	wd        int   // weekday of day
	oi        int   // index of the first override day >= day
	mid, next int64 // Unix seconds
	uniform   bool
	// zoff, zs and ze cache the span of one offset looked up last.
	zoff, zs, ze int64
}

// seek places cur on the day holding the instant t and returns the offset of
// t from that day's start.
func (cur *cursor) seek(c *Calendar, t time.Time) time.Duration {
	cur.c = c
	sec := t.Unix()
	off, _, _ := cur.zone(sec)
	cur.setDay(floorDiv(sec+off, secPerDay))
	// The local date of t names its day except around odd clock changes
	// (a jump back across midnight); step to the day whose span holds t.
	for range 4 {
		switch {
		case sec < cur.mid:
			cur.setDay(cur.day - 1)
		case sec >= cur.next:
			cur.setDay(cur.day + 1)
		default:
			return time.Duration(sec-cur.mid)*time.Second + time.Duration(t.Nanosecond())
		}
	}
	return time.Duration(sec-cur.mid)*time.Second + time.Duration(t.Nanosecond())
}

// zone returns the offset at the Unix second x and the bounds of its span,
// from the cache when it holds x.
func (cur *cursor) zone(x int64) (off, start, end int64) {
	if x < cur.zs || x >= cur.ze {
		cur.zoff, cur.zs, cur.ze = cur.c.zones.at(x)
	}
	return cur.zoff, cur.zs, cur.ze
}

// first returns the first instant at which the local clock reads the wall
// time w (seconds since 1970-01-01 00:00 local) or later, and whether the
// clock reads exactly w then (false when w was skipped by a jump forward).
func (cur *cursor) first(w int64) (int64, bool) {
	x := w - margin
	for {
		off, s, e := cur.zone(x)
		t := w - off
		if t < s {
			return s, false
		}
		if t < e {
			return t, true
		}
		x = e
	}
}

// setDay moves cur to day d from anywhere.
func (cur *cursor) setDay(d int64) {
	cur.day = d
	cur.wd = weekdayOf(d)
	cur.oi, _ = slices.BinarySearch(cur.c.overrideDays, d)
	w := d * secPerDay
	if m := w - cur.zoff; m-margin >= cur.zs && m+secPerDay+margin <= cur.ze {
		cur.mid = m
	} else {
		cur.mid, _ = cur.first(w)
	}
	cur.enter()
}

// enter works out next and uniform for a day whose mid is set.
func (cur *cursor) enter() {
	_, s, e := cur.zone(cur.mid)
	if cur.mid-margin >= s && cur.mid+secPerDay+margin <= e {
		cur.uniform = true
		cur.next = cur.mid + secPerDay
		return
	}
	cur.uniform = false
	cur.next, _ = cur.first((cur.day + 1) * secPerDay)
}

// advance moves cur to the next day.
func (cur *cursor) advance() {
	cur.day++
	if cur.wd++; cur.wd == 7 {
		cur.wd = 0
	}
	if od := cur.c.overrideDays; cur.oi < len(od) && od[cur.oi] < cur.day {
		cur.oi++
	}
	cur.mid = cur.next
	cur.enter()
}

// skippableWeeks returns how many whole weeks from the start of the current
// day are uniform days without holidays or special days, so that each holds
// exactly the weekly business time. cur must be on a uniform day.
func (cur *cursor) skippableWeeks() int64 {
	_, _, e := cur.zone(cur.mid)
	k := (e - margin - cur.mid) / (7 * secPerDay)
	if od := cur.c.overrideDays; cur.oi < len(od) {
		k = min(k, (od[cur.oi]-cur.day)/7)
	}
	return k
}

// skip moves cur k weeks ahead; those weeks must be skippable.
func (cur *cursor) skip(k int64) {
	cur.day += 7 * k
	cur.mid += 7 * k * secPerDay
	cur.enter()
}

// windows returns the wall-clock windows of the current day.
func (cur *cursor) windows() []Window {
	if od := cur.c.overrideDays; cur.oi < len(od) && od[cur.oi] == cur.day {
		return cur.c.overrideWindows[cur.oi]
	}
	return cur.c.weekly[cur.wd]
}

// bound returns the real time from the start of the current day to the
// window bound at wall-clock offset o.
func (cur *cursor) bound(o time.Duration) time.Duration {
	if cur.uniform {
		return o
	}
	x, exact := cur.first(cur.day*secPerDay + int64(o/time.Second))
	r := time.Duration(x-cur.mid) * time.Second
	if exact {
		r += o % time.Second
	}
	return r
}

// at returns the instant r after the start of the current day.
func (cur *cursor) at(r time.Duration) time.Time {
	return time.Unix(cur.mid, int64(r)).In(cur.c.loc)
}

// exhausted reports whether no working time can follow the current day: the
// weekly hours are empty and no special day lies ahead.
func (cur *cursor) exhausted() bool {
	return cur.c.weekTotal == 0 && cur.oi >= len(cur.c.overrideDays)
}

// skipIdle moves cur, when the weekly hours are empty, straight to the next
// special day, but not past the day last.
func (cur *cursor) skipIdle(last int64) {
	od := cur.c.overrideDays
	if cur.c.weekTotal != 0 || cur.oi >= len(od) || od[cur.oi] == cur.day {
		return
	}
	if d := min(od[cur.oi], last); d > cur.day {
		cur.setDay(d)
	}
}
