package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/calendar"
)

// officeHours is Mon-Fri 09:00-17:00.
func officeHours(t testing.TB, l *time.Location) *calendar.Calendar {
	t.Helper()
	return newCal(t, calendar.Spec{Location: l, Weekly: weekly(t, "mon-fri 09:00-17:00")})
}

func TestPublishedExamples(t *testing.T) {
	c := officeHours(t, time.UTC)
	// 2026-01-05 is a Monday.
	due := map[string]struct {
		reason string
		from   string
		d      time.Duration
		want   string
	}{
		"EndsAtCloseOnFriday": {
			reason: "time used up exactly at a window's end is due at that end, not at the next window's start",
			from:   "2026-01-09 16:00", d: time.Hour, want: "2026-01-09 17:00",
		},
		"RollsOverWeekend": {
			reason: "the half hour left at Friday's close is counted from Monday's opening",
			from:   "2026-01-09 16:30", d: time.Hour, want: "2026-01-12 09:30",
		},
		"WithinOneDay": {
			reason: "from inside a window counts from from",
			from:   "2026-01-07 10:00", d: 2 * time.Hour, want: "2026-01-07 12:00",
		},
		"StartsBeforeOpening": {
			reason: "from before opening counts from the opening",
			from:   "2026-01-07 07:00", d: 2 * time.Hour, want: "2026-01-07 11:00",
		},
	}
	for name, tc := range due {
		t.Run("Due/"+name, func(t *testing.T) {
			got := c.Due(at(t, time.UTC, tc.from), tc.d)
			if diff := cmp.Diff(at(t, time.UTC, tc.want), got); diff != "" {
				t.Errorf("%s\nDue(%s, %s): -want +got:\n%s", tc.reason, tc.from, tc.d, diff)
			}
		})
	}
	t.Run("Between/FridayToMonday", func(t *testing.T) {
		got := c.Between(at(t, time.UTC, "2026-01-09 16:00"), at(t, time.UTC, "2026-01-12 10:00"))
		if diff := cmp.Diff(120*time.Minute, got); diff != "" {
			t.Errorf("Friday 16:00 to Monday 10:00 is Friday's last hour and Monday's first\nBetween: -want +got:\n%s", diff)
		}
	})
}

// dueCase is one Due expectation, checked together with Between.
type dueCase struct {
	reason string
	cal    *calendar.Calendar
	from   time.Time
	d      time.Duration
	want   time.Time
}

// checkDue runs Due cases and, for each, that Between from from to the
// result gives d back.
func checkDue(t *testing.T, cases map[string]dueCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := tc.cal.Due(tc.from, tc.d)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nDue(%s, %s): -want +got:\n%s", tc.reason, tc.from, tc.d, diff)
			}
			if !got.IsZero() && tc.d > 0 {
				if diff := cmp.Diff(tc.d, tc.cal.Between(tc.from, got)); diff != "" {
					t.Errorf("%s\nBetween(%s, Due): -want +got:\n%s", tc.reason, tc.from, diff)
				}
			}
		})
	}
}

func TestDue(t *testing.T) {
	u := time.UTC
	office := officeHours(t, u)
	split := newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 09:00-12:00,13:00-17:00")})
	touching := newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 09:00-12:00", "mon-fri 12:00-17:00")})
	night := newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 18:00-24:00", "tue-sat 00:00-06:00")})
	tokyo := loc(t, "Asia/Tokyo")
	japan := newCal(t, calendar.Spec{Location: tokyo, Weekly: weekly(t, "mon-fri 09:00-18:00")})
	holidays := newCal(t, calendar.Spec{
		Weekly:   weekly(t, "mon-fri 09:00-17:00"),
		Holidays: dates(t, "2026-05-01", "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"),
		SpecialDays: []calendar.SpecialDay{
			{Date: date(t, "2026-12-24"), Windows: []calendar.Window{window(t, "09:00-12:00")}},
			{Date: date(t, "2026-12-19"), Windows: []calendar.Window{window(t, "10:00-14:00")}},
		},
	})
	checkDue(t, map[string]dueCase{
		"StartAtOpening": {
			reason: "a whole day from its opening ends at its close",
			cal:    office, from: at(t, u, "2026-01-05 09:00"), d: 8 * time.Hour, want: at(t, u, "2026-01-05 17:00"),
		},
		"StartAtClose": {
			reason: "from exactly at a close counts from the next opening",
			cal:    office, from: at(t, u, "2026-01-05 17:00"), d: time.Minute, want: at(t, u, "2026-01-06 09:01"),
		},
		"StartOnSaturday": {
			reason: "from on a weekend counts from Monday's opening",
			cal:    office, from: at(t, u, "2026-01-10 12:00"), d: time.Hour, want: at(t, u, "2026-01-12 10:00"),
		},
		"ThirtySecondsOverNight": {
			reason: "seconds left at close carry over to the next morning",
			cal:    office, from: at(t, u, "2026-01-07 16:59:45"), d: 30 * time.Second, want: at(t, u, "2026-01-08 09:00:15"),
		},
		"SubSecond": {
			reason: "fractions of a second are kept",
			cal:    office, from: at(t, u, "2026-01-07 10:00:00.5"), d: time.Second, want: at(t, u, "2026-01-07 10:00:01.5"),
		},
		"ThreeBusinessDays": {
			reason: "24h of business time on 8h days is three business days, over the weekend",
			cal:    office, from: at(t, u, "2026-01-07 10:00"), d: 24 * time.Hour, want: at(t, u, "2026-01-12 10:00"),
		},
		"OneBusinessWeekFromOpening": {
			reason: "40h from Monday's opening is due at Friday's close, not next Monday",
			cal:    office, from: at(t, u, "2026-01-05 09:00"), d: 40 * time.Hour, want: at(t, u, "2026-01-09 17:00"),
		},
		"OneBusinessWeekMidMorning": {
			reason: "40h from Monday 10:00 is the next Monday 10:00",
			cal:    office, from: at(t, u, "2026-01-05 10:00"), d: 40 * time.Hour, want: at(t, u, "2026-01-12 10:00"),
		},
		"TenBusinessWeeks": {
			reason: "whole weeks are skipped, and a target ending at a close stays at that close",
			cal:    office, from: at(t, u, "2026-01-05 09:00"), d: 400 * time.Hour, want: at(t, u, "2026-03-13 17:00"),
		},
		"ABusinessYear": {
			reason: "52 weeks of 40h from a Monday opening end 52 weeks later on a Friday",
			cal:    office, from: at(t, u, "2026-01-05 09:00"), d: 52 * 40 * time.Hour, want: at(t, u, "2027-01-01 17:00"),
		},
		"SplitShiftOverLunch": {
			reason: "the lunch break does not count",
			cal:    split, from: at(t, u, "2026-01-05 11:00"), d: 2 * time.Hour, want: at(t, u, "2026-01-05 14:00"),
		},
		"SplitShiftEndsAtLunch": {
			reason: "time used up at the start of lunch is due then, not after lunch",
			cal:    split, from: at(t, u, "2026-01-05 11:00"), d: time.Hour, want: at(t, u, "2026-01-05 12:00"),
		},
		"SplitShiftFromLunch": {
			reason: "from inside the break counts from the afternoon window",
			cal:    split, from: at(t, u, "2026-01-05 12:30"), d: 30 * time.Minute, want: at(t, u, "2026-01-05 13:30"),
		},
		"SplitShiftWholeDay": {
			reason: "a split day holds 7h",
			cal:    split, from: at(t, u, "2026-01-05 09:00"), d: 7*time.Hour + time.Minute, want: at(t, u, "2026-01-06 09:01"),
		},
		"TouchingWindowsEndAtBoundary": {
			reason: "09:00-12:00 and 12:00-17:00 act as one window, and time used up at 12:00 is due at 12:00",
			cal:    touching, from: at(t, u, "2026-01-05 11:00"), d: time.Hour, want: at(t, u, "2026-01-05 12:00"),
		},
		"TouchingWindowsCross": {
			reason: "counting goes straight through the boundary of touching windows",
			cal:    touching, from: at(t, u, "2026-01-05 11:00"), d: 2 * time.Hour, want: at(t, u, "2026-01-05 13:00"),
		},
		"NightShiftThroughMidnight": {
			reason: "a window ending at 24:00 runs into one starting at 00:00 the next day",
			cal:    night, from: at(t, u, "2026-01-05 23:00"), d: 2 * time.Hour, want: at(t, u, "2026-01-06 01:00"),
		},
		"NightShiftEndsAtMidnight": {
			reason: "a window ending at 24:00 ends at the next midnight",
			cal:    night, from: at(t, u, "2026-01-05 23:00"), d: time.Hour, want: at(t, u, "2026-01-06 00:00"),
		},
		"NightShiftOverWeekend": {
			reason: "Friday night runs into Saturday morning, then nothing until Monday 18:00",
			cal:    night, from: at(t, u, "2026-01-09 23:00"), d: 8 * time.Hour, want: at(t, u, "2026-01-12 19:00"),
		},
		"StartInOtherZone": {
			reason: "a UTC instant is read on the calendar's clock: 23:00Z Monday is 08:00 Tuesday in Tokyo",
			cal:    japan, from: utc(t, "2026-01-05T23:00:00Z"), d: 2 * time.Hour, want: at(t, tokyo, "2026-01-06 11:00"),
		},
		"StartInOtherZoneAfterClose": {
			reason: "08:30Z Friday is 17:30 in Tokyo, half an hour before close",
			cal:    japan, from: utc(t, "2026-01-09T08:30:00Z"), d: time.Hour, want: at(t, tokyo, "2026-01-12 09:30"),
		},
		"HolidayFridayBeforeWeekend": {
			reason: "a Friday holiday joins the weekend",
			cal:    holidays, from: at(t, u, "2026-04-30 16:00"), d: 2 * time.Hour, want: at(t, u, "2026-05-04 10:00"),
		},
		"StartOnHoliday": {
			reason: "from on a holiday counts from the next working day",
			cal:    holidays, from: at(t, u, "2026-05-01 10:00"), d: time.Hour, want: at(t, u, "2026-05-04 10:00"),
		},
		"HolidayOverriddenBySpecialDay": {
			reason: "Christmas Eve is both a holiday and a special day 09:00-12:00: the special day wins; Christmas is closed",
			cal:    holidays, from: at(t, u, "2026-12-23 16:00"), d: 5 * time.Hour, want: at(t, u, "2026-12-28 10:00"),
		},
		"SpecialWorkingSaturday": {
			reason: "the special Saturday 10:00-14:00 works",
			cal:    holidays, from: at(t, u, "2026-12-18 16:00"), d: 2 * time.Hour, want: at(t, u, "2026-12-19 11:00"),
		},
		"ConsecutiveHolidaysOverNewYear": {
			reason: "New Year's Eve and Day are holidays, then a weekend",
			cal:    holidays, from: at(t, u, "2026-12-30 16:00"), d: 2 * time.Hour, want: at(t, u, "2027-01-04 10:00"),
		},
		"WeeksSkippedUpToHoliday": {
			reason: "skipping whole weeks stops before a holiday, which is still honoured",
			cal:    holidays, from: at(t, u, "2026-03-02 09:00"), d: 9 * 40 * time.Hour, want: at(t, u, "2026-05-04 17:00"),
		},
	})
}

func TestDueZeroOrNegative(t *testing.T) {
	c := officeHours(t, loc(t, "Europe/Berlin"))
	from := time.Date(2026, 1, 10, 3, 4, 5, 6, time.FixedZone("X", 3600))
	for _, d := range []time.Duration{0, -time.Hour, math.MinInt64} {
		// == rather than Equal: from comes back untouched, zone and all.
		if got := c.Due(from, d); got != from {
			t.Errorf("Due(%v, %v) = %v, want from unchanged", from, d, got)
		}
		if got := c.DueExcluding(from, d, nil); got != from {
			t.Errorf("DueExcluding(%v, %v) = %v, want from unchanged", from, d, got)
		}
	}
}

func TestDueLocation(t *testing.T) {
	berlin := loc(t, "Europe/Berlin")
	c := officeHours(t, berlin)
	if c.Location() != berlin {
		t.Errorf("Location() = %v, want %v", c.Location(), berlin)
	}
	got := c.Due(utc(t, "2026-01-05T08:00:00Z"), time.Hour)
	if got.Location() != berlin {
		t.Errorf("Due returned a time in %v, want %v", got.Location(), berlin)
	}
	if utcCal := officeHours(t, nil); utcCal.Location() != time.UTC {
		t.Errorf("a nil Location gives %v, want UTC", utcCal.Location())
	}
}

func TestBetween(t *testing.T) {
	u := time.UTC
	office := officeHours(t, u)
	split := newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 09:00-12:00,13:00-17:00")})
	night := newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 18:00-24:00", "tue-sat 00:00-06:00")})
	holidays := newCal(t, calendar.Spec{
		Weekly:      weekly(t, "mon-fri 09:00-17:00"),
		Holidays:    dates(t, "2026-12-24", "2026-12-25"),
		SpecialDays: []calendar.SpecialDay{{Date: date(t, "2026-12-24"), Windows: []calendar.Window{window(t, "09:00-12:00")}}},
	})
	tests := map[string]struct {
		reason string
		cal    *calendar.Calendar
		a, b   time.Time
		want   time.Duration
	}{
		"Reversed": {
			reason: "b before a is no time",
			cal:    office, a: at(t, u, "2026-01-06 12:00"), b: at(t, u, "2026-01-06 10:00"), want: 0,
		},
		"Equal": {
			reason: "an empty span is no time",
			cal:    office, a: at(t, u, "2026-01-06 12:00"), b: at(t, u, "2026-01-06 12:00"), want: 0,
		},
		"InsideOneWindow": {
			reason: "real time inside a window",
			cal:    office, a: at(t, u, "2026-01-06 10:00"), b: at(t, u, "2026-01-06 12:30"), want: 150 * time.Minute,
		},
		"OutsideHours": {
			reason: "a night holds no business time",
			cal:    office, a: at(t, u, "2026-01-06 17:00"), b: at(t, u, "2026-01-07 09:00"), want: 0,
		},
		"Weekend": {
			reason: "a weekend holds no business time",
			cal:    office, a: at(t, u, "2026-01-09 17:00"), b: at(t, u, "2026-01-12 09:00"), want: 0,
		},
		"LunchBreak": {
			reason: "a split shift does not count its break",
			cal:    split, a: at(t, u, "2026-01-05 11:30"), b: at(t, u, "2026-01-05 13:30"), want: time.Hour,
		},
		"NightShift": {
			reason: "18:00-24:00 and 00:00-06:00 the next day make twelve hours",
			cal:    night, a: at(t, u, "2026-01-05 12:00"), b: at(t, u, "2026-01-06 12:00"), want: 12 * time.Hour,
		},
		"AYear": {
			reason: "2026 has 261 weekdays",
			cal:    office, a: at(t, u, "2026-01-01 00:00"), b: at(t, u, "2027-01-01 00:00"), want: 261 * 8 * time.Hour,
		},
		"ChristmasWeek": {
			reason: "Christmas Eve is a half day, Christmas a holiday",
			cal:    holidays, a: at(t, u, "2026-12-21 00:00"), b: at(t, u, "2026-12-28 00:00"), want: 3*8*time.Hour + 3*time.Hour,
		},
		"CenturySaturates": {
			reason: "300 years of 24x7 overflow a Duration, which saturates",
			cal:    newCal(t, calendar.Spec{Weekly: calendar.AlwaysOpen()}), a: at(t, u, "2000-01-01 00:00"), b: at(t, u, "2300-01-01 00:00"), want: time.Duration(math.MaxInt64),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := tc.cal.Between(tc.a, tc.b)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nBetween(%s, %s): -want +got:\n%s", tc.reason, tc.a, tc.b, diff)
			}
		})
	}
}

func TestAlwaysOpen(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"} {
		l := loc(t, name)
		c := newCal(t, calendar.Spec{Location: l, Weekly: calendar.AlwaysOpen()})
		for _, from := range []time.Time{
			utc(t, "2026-03-28T23:59:59.5Z"), // the night of Berlin's spring forward
			utc(t, "2026-03-08T06:30:00Z"),   // half an hour before New York's
			utc(t, "2026-10-24T22:00:00Z"),   // Berlin's fall back
			utc(t, "2026-11-01T05:00:00Z"),   // New York's fall back
			utc(t, "2026-04-04T14:00:00Z"),   // Lord Howe's half-hour fall back
		} {
			for _, d := range []time.Duration{time.Nanosecond, 30 * time.Second, time.Hour, 3 * time.Hour, 25 * time.Hour, 24 * 7 * time.Hour, 200 * 24 * time.Hour, 9 * 365 * 24 * time.Hour} {
				got := c.Due(from, d)
				if !got.Equal(from.Add(d)) {
					t.Errorf("%s: Due(%s, %s) = %s, want %s", name, from, d, got, from.Add(d))
				}
				if got := c.Between(from, from.Add(d)); got != d {
					t.Errorf("%s: Between(%s, +%s) = %s, want %s", name, from, d, got, d)
				}
			}
		}
	}
}

func TestDueGivesUp(t *testing.T) {
	u := time.UTC
	var everyDay []calendar.Date
	for d := at(t, u, "2026-01-01 00:00"); d.Year() < 2037; d = d.AddDate(0, 0, 1) {
		everyDay = append(everyDay, calendar.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()})
	}
	var year2026 []calendar.Date
	for _, d := range everyDay {
		if d.Year == 2026 {
			year2026 = append(year2026, d)
		}
	}
	specialOnly := newCal(t, calendar.Spec{SpecialDays: []calendar.SpecialDay{{Date: date(t, "2026-06-06"), Windows: []calendar.Window{window(t, "10:00-12:00")}}}})
	checkDue(t, map[string]dueCase{
		"YearOfHolidays": {
			reason: "a whole year of holidays is walked through to the next working day",
			cal:    newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 09:00-17:00"), Holidays: year2026}),
			from:   at(t, u, "2025-12-31 16:30"), d: time.Hour, want: at(t, u, "2027-01-01 09:30"),
		},
		"ElevenYearsOfHolidays": {
			reason: "when no working time comes within ten years Due gives up with the zero Time",
			cal:    newCal(t, calendar.Spec{Weekly: weekly(t, "mon-fri 09:00-17:00"), Holidays: everyDay}),
			from:   at(t, u, "2026-01-01 00:00"), d: time.Hour, want: time.Time{},
		},
		"AbsurdTarget": {
			reason: "a target of centuries of business time gives up at the horizon",
			cal:    officeHours(t, loc(t, "Europe/Berlin")), from: at(t, u, "2026-01-01 00:00"), d: time.Duration(math.MaxInt64), want: time.Time{},
		},
		"AbsurdTarget24x7": {
			reason: "even around the clock, 200 years is past the horizon",
			cal:    newCal(t, calendar.Spec{Location: loc(t, "Europe/Berlin"), Weekly: calendar.AlwaysOpen()}), from: at(t, u, "2026-01-01 00:00"), d: 200 * 365 * 24 * time.Hour, want: time.Time{},
		},
		"SpecialDayOnly": {
			reason: "a calendar working only on a special day works then",
			cal:    specialOnly, from: at(t, u, "2026-06-01 00:00"), d: time.Hour, want: at(t, u, "2026-06-06 11:00"),
		},
		"SpecialDayOnlyRunsOut": {
			reason: "after its last special day such a calendar has no working time",
			cal:    specialOnly, from: at(t, u, "2026-06-01 00:00"), d: 3 * time.Hour, want: time.Time{},
		},
		"SpecialDayYearsAhead": {
			reason: "days without working time are jumped over, up to the special day six years ahead",
			cal:    specialOnly, from: at(t, u, "2020-01-01 00:00"), d: time.Hour, want: at(t, u, "2026-06-06 11:00"),
		},
		"SpecialDayPastHorizon": {
			reason: "a special day more than ten years ahead is past the horizon",
			cal:    specialOnly, from: at(t, u, "2016-01-01 00:00"), d: time.Hour, want: time.Time{},
		},
		"FromBeforeYearOne": {
			reason: "instants outside the years 1 to 9999 are not supported",
			cal:    officeHours(t, u), from: time.Date(-5, 1, 1, 0, 0, 0, 0, u), d: time.Hour, want: time.Time{},
		},
	})
	for _, span := range [][2]time.Time{
		{at(t, u, "2020-01-01 00:00"), at(t, u, "2030-01-01 00:00")},
		{time.Date(1, 1, 1, 0, 0, 0, 0, u), time.Date(9999, 12, 31, 0, 0, 0, 0, u)},
		{time.Date(-500, 1, 1, 0, 0, 0, 0, u), time.Date(30000, 1, 1, 0, 0, 0, 0, u)},
	} {
		if got := specialOnly.Between(span[0], span[1]); got != 2*time.Hour {
			t.Errorf("Between(%s, %s) over a calendar working one special day = %s, want 2h", span[0], span[1], got)
		}
	}
}

func TestNew(t *testing.T) {
	h := func(d time.Duration) time.Duration { return d * time.Hour }
	tests := map[string]struct {
		reason  string
		spec    calendar.Spec
		wantErr string
	}{
		"Valid": {
			reason: "weekly hours, a holiday and a special day",
			spec: calendar.Spec{
				Weekly:      calendar.Weekly{time.Monday: {{Start: h(13), End: h(17)}, {Start: h(9), End: h(12)}}},
				Holidays:    dates(t, "2026-12-25"),
				SpecialDays: []calendar.SpecialDay{{Date: date(t, "2026-12-24"), Windows: []calendar.Window{{Start: h(9), End: h(12)}}}},
			},
		},
		"Overlap": {
			reason:  "overlapping windows name the day and both windows",
			spec:    calendar.Spec{Weekly: calendar.Weekly{time.Monday: {{Start: h(11), End: h(13)}, {Start: h(9), End: h(12)}}}},
			wantErr: "build calendar: Monday: windows 09:00-12:00 and 11:00-13:00 overlap",
		},
		"Backwards": {
			reason:  "a window may not run backwards",
			spec:    calendar.Spec{Weekly: calendar.Weekly{time.Tuesday: {{Start: h(17), End: h(9)}}}},
			wantErr: "build calendar: Tuesday: window 17:00-09:00 ends before it starts (a window may not cross midnight: split it into 17:00-24:00 and 00:00-09:00 on the next day)",
		},
		"Empty": {
			reason:  "a window must hold some time",
			spec:    calendar.Spec{Weekly: calendar.Weekly{time.Friday: {{Start: h(9), End: h(9)}}}},
			wantErr: "build calendar: Friday: window 09:00-09:00 is empty",
		},
		"PastMidnight": {
			reason:  "a window ends by 24:00",
			spec:    calendar.Spec{Weekly: calendar.Weekly{time.Sunday: {{Start: h(20), End: h(25)}}}},
			wantErr: "build calendar: Sunday: window 20:00-25:00 ends after 24:00",
		},
		"BeforeMidnight": {
			reason:  "a window starts at 00:00 or later",
			spec:    calendar.Spec{Weekly: calendar.Weekly{time.Sunday: {{Start: -h(1), End: h(2)}}}},
			wantErr: "build calendar: Sunday: window -01:00-02:00 starts before 00:00",
		},
		"NoWorkingTime": {
			reason:  "a calendar without working time would make Due search forever",
			spec:    calendar.Spec{Holidays: dates(t, "2026-12-25")},
			wantErr: "build calendar: no working time: the weekly hours are empty and no special day has windows",
		},
		"OnlyClosedSpecialDays": {
			reason:  "special days without windows are no working time either",
			spec:    calendar.Spec{SpecialDays: []calendar.SpecialDay{{Date: date(t, "2026-12-24")}}},
			wantErr: "build calendar: no working time: the weekly hours are empty and no special day has windows",
		},
		"BadHoliday": {
			reason:  "a holiday must be a real date",
			spec:    calendar.Spec{Weekly: calendar.AlwaysOpen(), Holidays: []calendar.Date{{Year: 2026, Month: time.February, Day: 29}}},
			wantErr: "build calendar: holiday 2026-02-29: February 2026 has 28 days",
		},
		"BadSpecialDay": {
			reason:  "a special day must be a real date",
			spec:    calendar.Spec{Weekly: calendar.AlwaysOpen(), SpecialDays: []calendar.SpecialDay{{Date: calendar.Date{Year: 2026, Month: 13, Day: 1}}}},
			wantErr: "build calendar: special day 2026-13-01: month 13 out of range 01-12",
		},
		"SpecialDayTwice": {
			reason: "two special days on one date contradict each other",
			spec: calendar.Spec{Weekly: calendar.AlwaysOpen(), SpecialDays: []calendar.SpecialDay{
				{Date: date(t, "2026-12-24")}, {Date: date(t, "2026-12-24"), Windows: []calendar.Window{{Start: h(9), End: h(12)}}},
			}},
			wantErr: "build calendar: special day 2026-12-24 is listed twice",
		},
		"SpecialDayOverlap": {
			reason: "a special day's windows are checked like weekly ones",
			spec: calendar.Spec{Weekly: calendar.AlwaysOpen(), SpecialDays: []calendar.SpecialDay{
				{Date: date(t, "2026-12-24"), Windows: []calendar.Window{{Start: h(9), End: h(12)}, {Start: h(10), End: h(11)}}},
			}},
			wantErr: "build calendar: special day 2026-12-24: windows 09:00-12:00 and 10:00-11:00 overlap",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := calendar.New(tc.spec)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("%s\nNew: -want +got error:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestNewCopiesSpec(t *testing.T) {
	w := weekly(t, "mon-fri 09:00-17:00")
	c := newCal(t, calendar.Spec{Weekly: w})
	w[time.Monday][0].End = 10 * time.Hour
	got := c.Due(at(t, time.UTC, "2026-01-05 09:00"), 8*time.Hour)
	if diff := cmp.Diff(at(t, time.UTC, "2026-01-05 17:00"), got); diff != "" {
		t.Errorf("editing the spec after New changed the calendar\nDue: -want +got:\n%s", diff)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := officeHours(t, loc(t, "Europe/Berlin"))
	from := at(t, time.UTC, "2026-03-20 10:00")
	want := make([]time.Time, 200)
	for i := range want {
		want[i] = c.Due(from.Add(time.Duration(i)*time.Hour), time.Duration(i)*time.Hour)
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for i := range want {
				if got := c.Due(from.Add(time.Duration(i)*time.Hour), time.Duration(i)*time.Hour); !got.Equal(want[i]) {
					errs <- "Due from several goroutines differs from Due from one"
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}
