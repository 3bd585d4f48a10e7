package kpi

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Kind is a kind of period.
type Kind string

// The kinds of period.
const (
	Day     Kind = "day"
	Week    Kind = "week"
	Month   Kind = "month"
	Quarter Kind = "quarter"
	Year    Kind = "year"
)

// Period is one calendar period in the center's time zone: [Start, End).
type Period struct {
	Kind       Kind
	Start, End time.Time
}

// String names the period: "2026-11-23", "2026-W48", "2026-11", "2026-Q4"
// or "2026".
func (p Period) String() string {
	switch p.Kind {
	case Day:
		return p.Start.Format("2006-01-02")
	case Week:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return p.Start.Format("2006-01")
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Start.Year(), (int(p.Start.Month())-1)/3+1)
	case Year:
		return fmt.Sprintf("%04d", p.Start.Year())
	}
	return fmt.Sprintf("%s %s..%s", p.Kind, p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339))
}

// Contains reports whether t falls in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// Prev is the period of the same kind just before p.
func (p Period) Prev() Period {
	return PeriodOf(p.Kind, p.Start.Add(-time.Nanosecond), p.Start.Location())
}

// Next is the period of the same kind just after p.
func (p Period) Next() Period {
	return PeriodOf(p.Kind, p.End, p.Start.Location())
}

// PeriodOf is the period of kind k, in loc, that t falls in.
func PeriodOf(k Kind, t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	y, m, d := t.Date()
	var start, end time.Time
	switch k {
	case Day:
		start, end = midnight(y, m, d, loc), midnight(y, m, d+1, loc)
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		start, end = midnight(y, m, d-back, loc), midnight(y, m, d-back+7, loc)
	case Month:
		start, end = midnight(y, m, 1, loc), midnight(y, m+1, 1, loc)
	case Quarter:
		q := (m-1)/3*3 + 1
		start, end = midnight(y, q, 1, loc), midnight(y, q+3, 1, loc)
	default:
		k = Year
		start, end = midnight(y, 1, 1, loc), midnight(y+1, 1, 1, loc)
	}
	return Period{Kind: k, Start: start, End: end}
}

// midnight is the start of the local day y-m-d (normalised) in loc.
func midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// errPeriod is the hint every period parse error carries.
var errPeriod = errors.New(`want YYYY-MM-DD (day), YYYY-Www (ISO week), YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year)`)

// ParsePeriod parses a period name as Period.String writes it, in loc.
func ParsePeriod(s string, loc *time.Location) (Period, error) {
	if loc == nil {
		return Period{}, fmt.Errorf("parse period %q: no time zone", s)
	}
	p, err := parsePeriod(s, loc)
	if err != nil {
		return Period{}, fmt.Errorf("parse period %q: %w", s, err)
	}
	return p, nil
}

func parsePeriod(s string, loc *time.Location) (Period, error) {
	if len(s) < 4 {
		return Period{}, errPeriod
	}
	y, ok := number(s[:4])
	if !ok || y < 1 {
		return Period{}, fmt.Errorf("year %q: %w", s[:4], errPeriod)
	}
	rest := s[4:]
	switch {
	case rest == "":
		return PeriodOf(Year, midnight(y, 1, 1, loc), loc), nil
	case len(rest) == 3 && rest[:2] == "-Q":
		q, ok := number(rest[2:])
		if !ok || q < 1 || q > 4 {
			return Period{}, fmt.Errorf("quarter %q is not 1-4", rest[2:])
		}
		return PeriodOf(Quarter, midnight(y, time.Month(3*q-2), 1, loc), loc), nil
	case len(rest) == 4 && rest[:2] == "-W":
		w, ok := number(rest[2:])
		if !ok || w < 1 || w > isoWeeks(y) {
			return Period{}, fmt.Errorf("week %q: %d has ISO weeks 01-%02d", rest[2:], y, isoWeeks(y))
		}
		// 4 January is always in ISO week 1.
		jan4 := midnight(y, 1, 4, loc)
		back := (int(jan4.Weekday()) + 6) % 7
		return PeriodOf(Week, midnight(y, 1, 4-back+7*(w-1), loc), loc), nil
	case len(rest) == 3 && rest[0] == '-':
		m, ok := number(rest[1:])
		if !ok || m < 1 || m > 12 {
			return Period{}, fmt.Errorf("month %q is not 01-12", rest[1:])
		}
		return PeriodOf(Month, midnight(y, time.Month(m), 1, loc), loc), nil
	case len(rest) == 6 && rest[0] == '-' && rest[3] == '-':
		m, ok1 := number(rest[1:3])
		d, ok2 := number(rest[4:])
		if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
			return Period{}, fmt.Errorf("%q is not a date", s)
		}
		return PeriodOf(Day, midnight(y, time.Month(m), d, loc), loc), nil
	}
	return Period{}, errPeriod
}

// number parses a string of ASCII digits only.
func number(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// isoWeeks is the number of ISO weeks of year y: 53 when 28 December is
// in week 53.
func isoWeeks(y int) int {
	_, w := time.Date(y, 12, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}
