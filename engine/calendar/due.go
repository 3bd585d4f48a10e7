package calendar

import (
	"math"
	"slices"
	"time"
)

// maxDuration is where Between saturates.
const maxDuration = time.Duration(math.MaxInt64)

// Due returns the earliest instant at which the business time counted from
// from reaches d, expressed in c.Location(). Counting starts at from when
// from is inside a window, and otherwise (at night, at a weekend, on a
// holiday) at the start of the next window. When d is used up exactly at the
// end of a window, Due returns that end, not the start of the next window: on
// Mon-Fri 09:00-17:00, Friday 16:00 plus one hour is Friday 17:00, while
// Friday 16:30 plus one hour is Monday 09:30.
//
// A d <= 0 returns from unchanged. Due returns the zero Time when d is not
// reached within ten years (3,660 days) of from, or when from is outside the
// years 1 to 9999 (see the package documentation).
func (c *Calendar) Due(from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	if sec := from.Unix(); sec < minUnix || sec > maxUnix {
		return time.Time{}
	}
	var cur cursor
	pos := cur.seek(c, from)
	limit := cur.day + horizonDays
	rem := d
	for {
		for _, w := range cur.windows() {
			e := cur.bound(w.End)
			if e <= pos {
				continue
			}
			s := max(cur.bound(w.Start), pos)
			avail := e - s
			if rem <= avail {
				return cur.at(s + rem)
			}
			rem -= avail
		}
		cur.advance()
		pos = 0
		if cur.day > limit || cur.exhausted() {
			return time.Time{}
		}
		cur.skipIdle(limit)
		if rem > c.weekTotal && c.weekTotal > 0 && cur.uniform {
			k := min(cur.skippableWeeks(), int64((rem-1)/c.weekTotal), (limit-cur.day)/7)
			if k > 0 {
				rem -= time.Duration(k) * c.weekTotal
				cur.skip(k)
			}
		}
	}
}

// Between returns the business time from a to b, or 0 if b is not after a.
// On Mon-Fri 09:00-17:00, Friday 16:00 to Monday 10:00 is two hours. It
// saturates at the largest Duration, and its cost grows with the number of
// holidays, special days and clock changes between a and b, not with the
// length of the span.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	a, b = clampTime(a), clampTime(b)
	var end cursor
	endPos := end.seek(c, b)
	var cur cursor
	pos := cur.seek(c, a)
	var sum time.Duration
	for {
		last := cur.day >= end.day
		for _, w := range cur.windows() {
			e := cur.bound(w.End)
			if last {
				e = min(e, endPos)
			}
			if e <= pos {
				continue
			}
			s := max(cur.bound(w.Start), pos)
			if e > s {
				if sum > maxDuration-(e-s) {
					return maxDuration
				}
				sum += e - s
			}
		}
		if last {
			return sum
		}
		cur.advance()
		pos = 0
		if cur.exhausted() {
			return sum
		}
		cur.skipIdle(end.day)
		if c.weekTotal > 0 && cur.uniform && end.day-cur.day >= 7 {
			k := min(cur.skippableWeeks(), (end.day-cur.day)/7)
			if k > 0 {
				if k > int64((maxDuration-sum)/c.weekTotal) {
					return maxDuration
				}
				sum += time.Duration(k) * c.weekTotal
				cur.skip(k)
			}
		}
	}
}

// clampTime moves t into the supported years 1 to 9999.
func clampTime(t time.Time) time.Time {
	switch sec := t.Unix(); {
	case sec < minUnix:
		return time.Unix(minUnix, 0)
	case sec > maxUnix:
		return time.Unix(maxUnix, 0)
	}
	return t
}

// Interval is a half-open span of real time [Start, End), such as a pause of
// an SLA timer while a ticket waits for the customer.
type Interval struct {
	Start, End time.Time
}

// BetweenExcluding is Between less the business time inside pauses. Pauses
// may overlap each other, come in any order and reach outside [a, b).
func (c *Calendar) BetweenExcluding(a, b time.Time, pauses []Interval) time.Duration {
	if !b.After(a) {
		return 0
	}
	total := c.Between(a, b)
	for _, p := range mergePauses(pauses, a, b) {
		total -= c.Between(p.Start, p.End)
	}
	return total
}

// DueExcluding is Due where business time inside pauses does not count.
// Pauses may overlap each other and come in any order. When d is used up
// exactly where a pause starts, DueExcluding returns the start of the pause.
// It returns the zero Time in the same cases as Due.
func (c *Calendar) DueExcluding(from time.Time, d time.Duration, pauses []Interval) time.Time {
	if d <= 0 {
		return from
	}
	start, rem := from, d
	for _, p := range mergePauses(pauses, from, time.Time{}) {
		if p.Start.After(start) {
			t := c.Due(start, rem)
			if t.IsZero() || !t.After(p.Start) {
				return t
			}
			rem -= c.Between(start, p.Start)
		}
		start = p.End
	}
	return c.Due(start, rem)
}

// mergePauses returns the pauses clipped to [lo, hi) (no upper bound when hi
// is zero), without empty ones, sorted and with overlapping or touching
// pauses merged.
func mergePauses(pauses []Interval, lo, hi time.Time) []Interval {
	if len(pauses) == 0 {
		return nil
	}
	out := make([]Interval, 0, len(pauses))
	for _, p := range pauses {
		if p.Start.Before(lo) {
			p.Start = lo
		}
		if !hi.IsZero() && p.End.After(hi) {
			p.End = hi
		}
		if p.End.After(p.Start) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(x, y Interval) int { return x.Start.Compare(y.Start) })
	merged := out[:0]
	for _, p := range out {
		if n := len(merged); n > 0 && !p.Start.After(merged[n-1].End) {
			if p.End.After(merged[n-1].End) {
				merged[n-1].End = p.End
			}
			continue
		}
		merged = append(merged, p)
	}
	return merged
}
