package history

import (
	"math"
	"time"
)

// rfc3339 parses an RFC 3339 time without making a string, as
// time.Parse(time.RFC3339Nano, s) does when it takes its fast path
// (same checks, same location: local's, time.Local, when its offset
// then is the time's, UTC for "Z", else a fixed zone); false for anything else,
// which parseTime then judges.
func rfc3339(b []byte, local *localZone) (time.Time, bool) {
	if len(b) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	ok := true
	num := func(b []byte, lo, hi int) int {
		x := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				ok = false
				return lo
			}
			x = x*10 + int(c-'0')
		}
		if x < lo || x > hi {
			ok = false
			return lo
		}
		return x
	}
	year := num(b[0:4], 0, 9999)
	month := num(b[5:7], 1, 12)
	day := num(b[8:10], 1, daysIn(time.Month(month), year))
	hour := num(b[11:13], 0, 23)
	minute := num(b[14:16], 0, 59)
	sec := num(b[17:19], 0, 59)
	if !ok || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	b = b[19:]
	nsec := 0
	if len(b) >= 2 && b[0] == '.' && isDigit(b[1]) {
		n := 2
		for n < len(b) && isDigit(b[n]) {
			n++
		}
		digits := b[1:min(n, 10)] // time.Parse reads nine digits at most
		for _, c := range digits {
			nsec = nsec*10 + int(c-'0')
		}
		for range 9 - len(digits) {
			nsec *= 10
		}
		b = b[n:]
	}
	unix := unixDays(year, month, day)*secondsPerDay + int64(hour*3600+minute*60+sec)
	if len(b) == 1 && b[0] == 'Z' {
		return time.Unix(unix, int64(nsec)).UTC(), true
	}
	if len(b) != len("-07:00") {
		return time.Time{}, false
	}
	hr, mm := num(b[1:3], 0, 23), num(b[4:6], 0, 59)
	if !ok || b[0] != '-' && b[0] != '+' || b[3] != ':' {
		return time.Time{}, false
	}
	offset := (hr*60 + mm) * 60
	if b[0] == '-' {
		offset = -offset
	}
	t := time.Unix(unix-int64(offset), int64(nsec))
	if local.offset(t) == offset {
		return t.In(local.loc), true
	}
	return t.In(time.FixedZone("", offset)), true
}

// localZone caches the offset of loc (time.Local) over the span of Unix
// seconds [from, to) it holds for, so that most times are not looked up.
type localZone struct {
	loc      *time.Location
	from, to int64
	off      int
}

// offset is the offset of loc at t.
func (z *localZone) offset(t time.Time) int {
	sec := t.Unix()
	if sec >= z.from && sec < z.to {
		return z.off
	}
	lt := t.In(z.loc)
	_, z.off = lt.Zone()
	start, end := lt.ZoneBounds()
	z.from, z.to = math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
	return z.off
}

// secondsPerDay is the length of a day in Unix time.
const secondsPerDay = 24 * 60 * 60

// daysIn is the number of days of month m (1-12) of year y.
func daysIn(m time.Month, y int) int {
	if m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}

// unixDays is the number of days from 1970-01-01 to the date y-m-d of
// the proleptic Gregorian calendar (negative before), for years 0-9999
// (H. Hinnant's days_from_civil, shifted by 400 years to stay positive).
func unixDays(y, m, d int) int64 {
	const daysPer400Years = 146097
	yy := int64(y) + 400
	if m <= 2 {
		yy--
	}
	era := yy / 400
	yoe := yy - era*400
	doy := int64((153*((m+9)%12)+2)/5 + d - 1)
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*daysPer400Years + doe - 719468 - daysPer400Years
}
