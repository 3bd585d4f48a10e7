package calendar

import (
	"fmt"
	"time"
)

// Date is a local calendar date, such as a holiday, without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a date written as YYYY-MM-DD, such as 2026-12-24.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("parse date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("parse date %q: want YYYY-MM-DD", s)
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if err := date.check(); err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return date, nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// check reports whether d names a real date of the proleptic Gregorian
// calendar in the years 1 to 9999.
func (d Date) check() error {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return fmt.Errorf("year %d out of range 0001-9999", d.Year)
	case d.Month < time.January || d.Month > time.December:
		return fmt.Errorf("month %d out of range 01-12", int(d.Month))
	case d.Day < 1 || d.Day > 31:
		return fmt.Errorf("day %d out of range 01-31", d.Day)
	case d.Day > daysIn(d.Year, d.Month):
		return fmt.Errorf("%s %04d has %d days", d.Month, d.Year, daysIn(d.Year, d.Month))
	}
	return nil
}

// days returns the number of days from 1970-01-01 to d.
func (d Date) days() int64 {
	return daysFromCivil(int64(d.Year), int64(d.Month), int64(d.Day))
}

// digits parses a string made only of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (Howard Hinnant's days_from_civil).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Year: int(y), Month: time.Month(m), Day: int(d)}
}

// weekdayOf returns the weekday of the day number z (1970-01-01 was a Thursday).
func weekdayOf(z int64) int {
	return int((z%7 + 7 + 4) % 7)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
