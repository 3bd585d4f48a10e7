package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/calendar"
)

// benchCalendar is Mon-Fri 09:00-17:00 in Europe/Berlin with fifteen
// holidays.
func benchCalendar(b *testing.B) *calendar.Calendar {
	b.Helper()
	return newCal(b, calendar.Spec{Location: loc(b, "Europe/Berlin"), Weekly: weekly(b, "mon-fri 09:00-17:00"), Holidays: germanHolidays(b)})
}

// benchStarts returns 1000 instants spread over 2026, in UTC as they would
// come from a database.
func benchStarts() []time.Time {
	r := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]time.Time, 1000)
	for i := range out {
		out[i] = start.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	}
	return out
}

func BenchmarkDue(b *testing.B) {
	c := benchCalendar(b)
	starts := benchStarts()
	targets := []time.Duration{30 * time.Second, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour}
	b.Run("Mixed", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c.Due(starts[i%len(starts)], targets[(i+i/len(starts))%len(targets)])
		}
	})
	for _, d := range append(targets, 40*time.Hour, 1000*time.Hour) {
		b.Run(d.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				c.Due(starts[i%len(starts)], d)
			}
		})
	}
	always := newCal(b, calendar.Spec{Location: loc(b, "Europe/Berlin"), Weekly: calendar.AlwaysOpen()})
	b.Run("AroundTheClock/24h", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			always.Due(starts[i%len(starts)], 24*time.Hour)
		}
	})
}

func BenchmarkBetween(b *testing.B) {
	c := benchCalendar(b)
	starts := benchStarts()
	r := rand.New(rand.NewPCG(9, 10))
	ends := make([]time.Time, len(starts))
	for i, s := range starts {
		ends[i] = s.Add(time.Duration(r.Int64N(int64(5 * 24 * time.Hour))))
	}
	b.Run("UpToFiveDays", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c.Between(starts[i%len(starts)], ends[i%len(ends)])
		}
	})
	b.Run("AYear", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			s := starts[i%len(starts)]
			c.Between(s, s.AddDate(1, 0, 0))
		}
	})
}

func BenchmarkDueExcluding(b *testing.B) {
	c := benchCalendar(b)
	starts := benchStarts()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := starts[i%len(starts)]
		pauses := []calendar.Interval{{Start: s.Add(2 * time.Hour), End: s.Add(20 * time.Hour)}, {Start: s.Add(time.Hour), End: s.Add(3 * time.Hour)}}
		c.DueExcluding(s, 8*time.Hour, pauses)
	}
}

func BenchmarkNew(b *testing.B) {
	berlin := loc(b, "Europe/Berlin")
	w := weekly(b, "mon-fri 09:00-17:00")
	holidays := germanHolidays(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := calendar.New(calendar.Spec{Location: berlin, Weekly: w, Holidays: holidays}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseHours(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := calendar.ParseHours("mon-fri 09:00-12:00,13:00-17:00"); err != nil {
			b.Fatal(err)
		}
	}
}
