package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/calendar"
)

func TestBetweenExcluding(t *testing.T) {
	u := time.UTC
	c := officeHours(t, u)
	p := func(a, b string) calendar.Interval {
		return calendar.Interval{Start: at(t, u, a), End: at(t, u, b)}
	}
	mon9, mon17 := at(t, u, "2026-01-05 09:00"), at(t, u, "2026-01-05 17:00")
	tests := map[string]struct {
		reason string
		a, b   time.Time
		pauses []calendar.Interval
		want   time.Duration
	}{
		"NoPauses": {
			reason: "no pauses is Between",
			a:      mon9, b: mon17, want: 8 * time.Hour,
		},
		"OnePause": {
			reason: "an hour's pause inside the day",
			a:      mon9, b: mon17, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00")}, want: 7 * time.Hour,
		},
		"OverlappingUnsorted": {
			reason: "10:00-11:00 and 10:30-12:00 overlap into 10:00-12:00; 13:00-15:00 comes first in the list",
			a:      mon9, b: mon17,
			pauses: []calendar.Interval{p("2026-01-05 13:00", "2026-01-05 15:00"), p("2026-01-05 10:00", "2026-01-05 11:00"), p("2026-01-05 10:30", "2026-01-05 12:00")},
			want:   4 * time.Hour,
		},
		"Nested": {
			reason: "a pause inside another counts once",
			a:      mon9, b: mon17,
			pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 14:00"), p("2026-01-05 11:00", "2026-01-05 12:00")},
			want:   4 * time.Hour,
		},
		"Duplicate": {
			reason: "the same pause twice counts once",
			a:      mon9, b: mon17,
			pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00"), p("2026-01-05 10:00", "2026-01-05 11:00")},
			want:   7 * time.Hour,
		},
		"StartsBeforeA": {
			reason: "a pause from the weekend to 10:00 only takes Monday's first hour",
			a:      mon9, b: mon17, pauses: []calendar.Interval{p("2026-01-03 00:00", "2026-01-05 10:00")}, want: 7 * time.Hour,
		},
		"EndsAfterB": {
			reason: "a pause running past b only takes what lies before b",
			a:      mon9, b: mon17, pauses: []calendar.Interval{p("2026-01-05 16:00", "2026-01-07 00:00")}, want: 7 * time.Hour,
		},
		"CoversEverything": {
			reason: "a pause round the whole span leaves nothing",
			a:      mon9, b: mon17, pauses: []calendar.Interval{p("2026-01-01 00:00", "2026-02-01 00:00")}, want: 0,
		},
		"Outside": {
			reason: "pauses outside [a, b) and outside hours change nothing",
			a:      mon9, b: mon17,
			pauses: []calendar.Interval{p("2026-01-04 10:00", "2026-01-04 12:00"), p("2026-01-05 17:00", "2026-01-06 09:00"), p("2026-01-05 07:00", "2026-01-05 09:00")},
			want:   8 * time.Hour,
		},
		"Backwards": {
			reason: "a pause ending before it starts is ignored",
			a:      mon9, b: mon17, pauses: []calendar.Interval{p("2026-01-05 12:00", "2026-01-05 10:00")}, want: 8 * time.Hour,
		},
		"OverSeveralDays": {
			reason: "Monday to Wednesday with a pause from Monday 16:00 to Tuesday 10:00",
			a:      mon9, b: at(t, u, "2026-01-07 17:00"), pauses: []calendar.Interval{p("2026-01-05 16:00", "2026-01-06 10:00")}, want: 22 * time.Hour,
		},
		"Reversed": {
			reason: "b before a is no time, pauses or not",
			a:      mon17, b: mon9, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00")}, want: 0,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := c.BetweenExcluding(tc.a, tc.b, tc.pauses)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nBetweenExcluding: -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestDueExcluding(t *testing.T) {
	u := time.UTC
	c := officeHours(t, u)
	p := func(a, b string) calendar.Interval {
		return calendar.Interval{Start: at(t, u, a), End: at(t, u, b)}
	}
	tests := map[string]struct {
		reason string
		from   string
		d      time.Duration
		pauses []calendar.Interval
		want   string
	}{
		"NoPauses": {
			reason: "no pauses is Due",
			from:   "2026-01-05 09:00", d: 2 * time.Hour, want: "2026-01-05 11:00",
		},
		"PauseInside": {
			reason: "an hour's pause pushes the target by an hour",
			from:   "2026-01-05 09:00", d: 2 * time.Hour, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00")}, want: "2026-01-05 12:00",
		},
		"DueAtPauseStart": {
			reason: "time used up where a pause starts is due then",
			from:   "2026-01-05 09:00", d: time.Hour, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00")}, want: "2026-01-05 10:00",
		},
		"FromInsidePause": {
			reason: "from inside a pause counts from its end",
			from:   "2026-01-05 10:30", d: time.Hour, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-05 11:00")}, want: "2026-01-05 12:00",
		},
		"OverlappingUnsortedOverNight": {
			reason: "Monday 16:30 to Tuesday 10:00 and Tuesday 09:30 to 11:00 overlap into one pause; half an hour before, 90 minutes after",
			from:   "2026-01-05 16:00", d: 2 * time.Hour,
			pauses: []calendar.Interval{p("2026-01-06 09:30", "2026-01-06 11:00"), p("2026-01-05 16:30", "2026-01-06 10:00")},
			want:   "2026-01-06 12:30",
		},
		"PausesBeforeFrom": {
			reason: "pauses over before from change nothing",
			from:   "2026-01-05 09:00", d: time.Hour, pauses: []calendar.Interval{p("2026-01-02 09:00", "2026-01-05 09:00")}, want: "2026-01-05 10:00",
		},
		"PausesOutsideHours": {
			reason: "a pause over the weekend changes nothing",
			from:   "2026-01-09 16:00", d: 2 * time.Hour, pauses: []calendar.Interval{p("2026-01-10 00:00", "2026-01-11 00:00")}, want: "2026-01-12 10:00",
		},
		"PauseAfterDue": {
			reason: "a pause after the target is reached changes nothing",
			from:   "2026-01-05 09:00", d: time.Hour, pauses: []calendar.Interval{p("2026-01-05 15:00", "2026-01-06 12:00")}, want: "2026-01-05 10:00",
		},
		"LongPause": {
			reason: "a week-long pause from Monday 10:00 pushes the rest past it",
			from:   "2026-01-05 09:00", d: 2 * time.Hour, pauses: []calendar.Interval{p("2026-01-05 10:00", "2026-01-12 10:00")}, want: "2026-01-12 11:00",
		},
		"ManyPauses": {
			reason: "a pause each day from 09:00 to 16:00 leaves an hour a day",
			from:   "2026-01-05 09:00", d: 3 * time.Hour,
			pauses: []calendar.Interval{p("2026-01-07 09:00", "2026-01-07 16:00"), p("2026-01-05 09:00", "2026-01-05 16:00"), p("2026-01-06 09:00", "2026-01-06 16:00")},
			want:   "2026-01-07 17:00",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			from := at(t, u, tc.from)
			got := c.DueExcluding(from, tc.d, tc.pauses)
			if diff := cmp.Diff(at(t, u, tc.want), got); diff != "" {
				t.Errorf("%s\nDueExcluding(%s, %s): -want +got:\n%s", tc.reason, tc.from, tc.d, diff)
			}
			if diff := cmp.Diff(tc.d, c.BetweenExcluding(from, got, tc.pauses)); diff != "" {
				t.Errorf("%s\nBetweenExcluding(from, DueExcluding): -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}
