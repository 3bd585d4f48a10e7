package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/calendar"
)

// propertyCalendars are calendars of many shapes, in zones with ordinary and
// odd clock changes.
func propertyCalendars(t testing.TB) map[string]*calendar.Calendar {
	t.Helper()
	berlin, ny := loc(t, "Europe/Berlin"), loc(t, "America/New_York")
	return map[string]*calendar.Calendar{
		"BerlinOffice": newCal(t, calendar.Spec{
			Location: berlin, Weekly: weekly(t, "mon-fri 09:00-17:00"), Holidays: germanHolidays(t),
			SpecialDays: []calendar.SpecialDay{
				{Date: date(t, "2026-12-24"), Windows: []calendar.Window{window(t, "09:00-12:00")}},
				{Date: date(t, "2026-03-28"), Windows: []calendar.Window{window(t, "01:00-05:00")}},
			},
		}),
		"NewYorkSplit": newCal(t, calendar.Spec{
			Location: ny, Weekly: weekly(t, "mon-fri 08:00-12:00,13:00-18:00", "sat 10:00-14:00"),
			Holidays: dates(t, "2026-01-01", "2026-07-03", "2026-11-26", "2026-11-27", "2026-12-25"),
		}),
		"BerlinAroundTheClock": newCal(t, calendar.Spec{Location: berlin, Weekly: calendar.AlwaysOpen()}),
		"NewYorkNights": newCal(t, calendar.Spec{
			Location: ny, Weekly: weekly(t, "mon-fri 18:00-24:00", "tue-sat 00:00-06:00"),
			SpecialDays: []calendar.SpecialDay{{Date: date(t, "2026-03-08"), Windows: []calendar.Window{window(t, "00:00-24:00")}}},
		}),
		"BerlinInTheGaps": newCal(t, calendar.Spec{Location: berlin, Weekly: weekly(t, "daily 00:00-02:15,02:45-03:30,23:00-24:00")}),
		"LordHowe":        newCal(t, calendar.Spec{Location: loc(t, "Australia/Lord_Howe"), Weekly: weekly(t, "daily 01:15-01:45,01:50-02:10,09:00-17:00")}),
		"Samoa":           newCal(t, calendar.Spec{Location: loc(t, "Pacific/Apia"), Weekly: weekly(t, "daily 09:00-17:00")}),
		"SparseUTC":       newCal(t, calendar.Spec{Weekly: weekly(t, "sat-sun 10:00-11:00")}),
		"SpecialDaysOnly": newCal(t, calendar.Spec{Location: berlin, SpecialDays: []calendar.SpecialDay{
			{Date: date(t, "2009-06-06"), Windows: []calendar.Window{window(t, "10:00-12:00")}},
			{Date: date(t, "2031-10-26"), Windows: []calendar.Window{window(t, "00:00-24:00")}},
		}}),
	}
}

// germanHolidays are fifteen holidays of 2026 and 2027.
func germanHolidays(t testing.TB) []calendar.Date {
	return dates(t,
		"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
		"2026-10-03", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
		"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01")
}

// randomInstant returns an instant, mostly between 2009 and 2031, often on
// a whole quarter hour or near a clock change, read in one of several zones.
func randomInstant(r *rand.Rand) time.Time {
	lo := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2031, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
	var t time.Time
	switch r.IntN(5) {
	case 0: // anywhere, to the nanosecond
		t = time.Unix(lo+r.Int64N(hi-lo), r.Int64N(1e9))
	case 4: // the far future, around the end of the precomputed zone table
		// and the last days of leap years
		year := 2190 + r.IntN(220)
		t = time.Date(year, 12, 20+r.IntN(12), r.IntN(24), 0, 0, 0, time.UTC)
	case 1: // a whole quarter hour, as window bounds are
		t = time.Unix((lo+r.Int64N(hi-lo))/900*900, 0)
	default: // within four days of a clock change in Europe or America
		year := 2009 + r.IntN(22)
		days := []time.Time{
			time.Date(year, 3, 8, 0, 0, 0, 0, time.UTC), time.Date(year, 3, 29, 0, 0, 0, 0, time.UTC),
			time.Date(year, 10, 25, 0, 0, 0, 0, time.UTC), time.Date(year, 11, 1, 0, 0, 0, 0, time.UTC),
			time.Date(year, 4, 5, 0, 0, 0, 0, time.UTC),
		}
		t = days[r.IntN(len(days))].Add(time.Duration(r.Int64N(int64(8*24*time.Hour))) - 4*24*time.Hour).Truncate(15 * time.Minute)
	}
	zones := []*time.Location{time.UTC, time.FixedZone("X", -7*3600), time.Local}
	return t.In(zones[r.IntN(len(zones))])
}

// randomTarget returns a business time from a nanosecond to 1000 hours.
func randomTarget(r *rand.Rand) time.Duration {
	switch r.IntN(5) {
	case 0:
		return 1 + time.Duration(r.Int64N(int64(time.Minute)))
	case 1:
		return time.Duration(1+r.IntN(4*60)) * time.Minute
	case 2:
		return 1 + time.Duration(r.Int64N(int64(8*time.Hour)))
	case 3:
		return time.Duration(1+r.IntN(72)) * time.Hour
	}
	return 1 + time.Duration(r.Int64N(int64(1000*time.Hour)))
}

// TestDueBetweenProperties checks, over random starts and targets, that Due
// and Between agree: Between(from, Due(from, d)) is exactly d, nothing
// earlier than Due reaches d, Due is monotonic in d and Between is additive.
func TestDueBetweenProperties(t *testing.T) {
	iterations := 1500
	if testing.Short() {
		iterations = 200
	}
	for name, c := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(name))))
			for range iterations {
				from, d := randomInstant(r), randomTarget(r)
				due := c.Due(from, d)
				if due.IsZero() {
					if name != "SpecialDaysOnly" {
						t.Fatalf("Due(%s, %s) gave up", from, d)
					}
					continue
				}
				if due.Before(from) {
					t.Fatalf("Due(%s, %s) = %s, before from", from, d, due)
				}
				if due.Location() != c.Location() {
					t.Fatalf("Due(%s, %s) is in %s, want %s", from, d, due.Location(), c.Location())
				}
				if got := c.Between(from, due); got != d {
					t.Fatalf("Between(%s, Due(%s) = %s) = %s, want %s", from, d, due, got, d)
				}
				if got := c.Between(from, due.Add(-1)); got >= d {
					t.Fatalf("Between(%s, %s - 1ns) = %s: Due(%s) = %s is not the earliest", from, due, got, d, due)
				}
				more := d + randomTarget(r)
				if later := c.Due(from, more); !later.IsZero() && later.Before(due) {
					t.Fatalf("Due(%s, %s) = %s is before Due(%s) = %s", from, more, later, d, due)
				}
				if span := due.Sub(from); span > 0 {
					mid := from.Add(time.Duration(r.Int64N(int64(span))))
					if a, b := c.Between(from, mid), c.Between(mid, due); a+b != d {
						t.Fatalf("Between(%s, %s) + Between(%s, %s) = %s + %s, want %s", from, mid, mid, due, a, b, d)
					}
				}
			}
		})
	}
}

// TestPauseProperties checks that DueExcluding and BetweenExcluding agree
// over random pauses.
func TestPauseProperties(t *testing.T) {
	iterations := 500
	if testing.Short() {
		iterations = 100
	}
	for name, c := range propertyCalendars(t) {
		if name == "SpecialDaysOnly" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(2, uint64(len(name))))
			for range iterations {
				from, d := randomInstant(r), randomTarget(r)
				var pauses []calendar.Interval
				for range r.IntN(5) {
					start := from.Add(time.Duration(r.Int64N(int64(30*24*time.Hour))) - 2*24*time.Hour)
					pauses = append(pauses, calendar.Interval{Start: start, End: start.Add(time.Duration(r.Int64N(int64(4 * 24 * time.Hour))))})
				}
				due := c.DueExcluding(from, d, pauses)
				if due.IsZero() {
					t.Fatalf("DueExcluding(%s, %s, %v) gave up", from, d, pauses)
				}
				if got := c.BetweenExcluding(from, due, pauses); got != d {
					t.Fatalf("BetweenExcluding(%s, DueExcluding(%s) = %s, %v) = %s, want %s", from, d, due, pauses, got, d)
				}
				if plain := c.Due(from, d); due.Before(plain) {
					t.Fatalf("DueExcluding(%s, %s) = %s is before Due = %s", from, d, due, plain)
				}
			}
		})
	}
}
