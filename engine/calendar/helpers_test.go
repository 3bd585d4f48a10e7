package calendar_test

import (
	"testing"
	"time"

	"github.com/supportops/supportops/engine/calendar"
)

// loc loads a time zone or fails the test.
func loc(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load location %s: %v", name, err)
	}
	return l
}

// at reads "2006-01-02 15:04" (optionally with seconds) as a wall time in l.
// It fails the test for a wall time that does not exist exactly once, so
// that expectations written as wall times are never ambiguous.
func at(t testing.TB, l *time.Location, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout = "2006-01-02 15:04:05.999999999"
	}
	tm, err := time.ParseInLocation(layout, s, l)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	if tm.In(l).Format(layout) != s || tm.Add(-time.Hour).In(l).Format(layout) == s || tm.Add(time.Hour).In(l).Format(layout) == s {
		t.Fatalf("%q does not name exactly one instant in %s", s, l)
	}
	return tm
}

// utc reads an RFC 3339 instant.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return tm
}

// weekly builds weekly hours from specs or fails the test.
func weekly(t testing.TB, specs ...string) calendar.Weekly {
	t.Helper()
	var w calendar.Weekly
	if err := w.AddHours(specs...); err != nil {
		t.Fatal(err)
	}
	return w
}

// newCal builds a calendar or fails the test.
func newCal(t testing.TB, spec calendar.Spec) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// date parses YYYY-MM-DD or fails the test.
func date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dates parses several dates.
func dates(t testing.TB, ss ...string) []calendar.Date {
	t.Helper()
	out := make([]calendar.Date, len(ss))
	for i, s := range ss {
		out[i] = date(t, s)
	}
	return out
}

// window parses HH:MM-HH:MM or fails the test.
func window(t testing.TB, s string) calendar.Window {
	t.Helper()
	w, err := calendar.ParseWindow(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// errString returns the text of err, or "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
