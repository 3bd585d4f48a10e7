package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/calendar"
)

// Clock changes in 2026: Europe/Berlin goes forward on Sunday 03-29 at 02:00
// CET (01:00Z) and back on Sunday 10-25 at 03:00 CEST (01:00Z);
// America/New_York goes forward on Sunday 03-08 at 02:00 EST (07:00Z) and
// back on Sunday 11-01 at 02:00 EDT (06:00Z).

func TestDueAcrossClockChanges(t *testing.T) {
	berlin, ny := loc(t, "Europe/Berlin"), loc(t, "America/New_York")
	officeBerlin := officeHours(t, berlin)
	officeNY := officeHours(t, ny)
	nightsBerlin := newCal(t, calendar.Spec{Location: berlin, Weekly: weekly(t, "daily 01:00-04:00")})
	nightsNY := newCal(t, calendar.Spec{Location: ny, Weekly: weekly(t, "daily 01:00-04:00")})
	checkDue(t, map[string]dueCase{
		"BerlinSpringWeekend": {
			reason: "office hours are untouched by the jump: Friday's last hour, then Monday's first, now in CEST",
			cal:    officeBerlin, from: at(t, berlin, "2026-03-27 16:00"), d: 2 * time.Hour, want: utc(t, "2026-03-30T08:00:00Z"),
		},
		"BerlinFallWeekend": {
			reason: "Monday 10:00 after the change is 09:00Z",
			cal:    officeBerlin, from: at(t, berlin, "2026-10-23 16:00"), d: 2 * time.Hour, want: utc(t, "2026-10-26T09:00:00Z"),
		},
		"BerlinWeekAcrossSpring": {
			reason: "a business week across the change is 40h of business time though only 167h of real time",
			cal:    officeBerlin, from: at(t, berlin, "2026-03-23 10:00"), d: 40 * time.Hour, want: at(t, berlin, "2026-03-30 10:00"),
		},
		"BerlinWeeksAcrossSpring": {
			reason: "five business weeks across the change end on a Friday close in CEST",
			cal:    officeBerlin, from: at(t, berlin, "2026-03-02 09:00"), d: 5 * 40 * time.Hour, want: at(t, berlin, "2026-04-03 17:00"),
		},
		"BerlinWeeksAcrossFall": {
			reason: "three business weeks across the change end on a Friday close in CET",
			cal:    officeBerlin, from: at(t, berlin, "2026-10-12 09:00"), d: 3 * 40 * time.Hour, want: at(t, berlin, "2026-10-30 17:00"),
		},
		"NewYorkSpringWeekend": {
			reason: "Monday 10:00 EDT is 14:00Z",
			cal:    officeNY, from: at(t, ny, "2026-03-06 16:00"), d: 2 * time.Hour, want: utc(t, "2026-03-09T14:00:00Z"),
		},
		"NewYorkFallWeekend": {
			reason: "Monday 10:00 EST is 15:00Z",
			cal:    officeNY, from: at(t, ny, "2026-10-30 16:00"), d: 2 * time.Hour, want: utc(t, "2026-11-02T15:00:00Z"),
		},
		"BerlinSpringNightWindow": {
			reason: "01:00-04:00 on the spring-forward night is 00:00Z-02:00Z, two hours of real time",
			cal:    nightsBerlin, from: at(t, berlin, "2026-03-29 01:00"), d: 2 * time.Hour, want: utc(t, "2026-03-29T02:00:00Z"),
		},
		"BerlinSpringNightWindowOverJump": {
			reason: "an hour from 01:30 CET is 03:30 CEST",
			cal:    nightsBerlin, from: at(t, berlin, "2026-03-29 01:30"), d: time.Hour, want: at(t, berlin, "2026-03-29 03:30"),
		},
		"BerlinSpringNightWindowSpills": {
			reason: "the third hour comes from the next night",
			cal:    nightsBerlin, from: at(t, berlin, "2026-03-29 01:00"), d: 3 * time.Hour, want: at(t, berlin, "2026-03-30 02:00"),
		},
		"BerlinFallNightWindow": {
			reason: "01:00-04:00 on the fall-back night is 23:00Z-03:00Z, four hours of real time",
			cal:    nightsBerlin, from: at(t, berlin, "2026-10-25 01:00"), d: 4 * time.Hour, want: utc(t, "2026-10-25T03:00:00Z"),
		},
		"BerlinFallNightWindowOverJump": {
			reason: "three hours from 01:00 CEST is 03:00 CET",
			cal:    nightsBerlin, from: at(t, berlin, "2026-10-25 01:00"), d: 3 * time.Hour, want: utc(t, "2026-10-25T02:00:00Z"),
		},
		"NewYorkSpringNightWindow": {
			reason: "01:00-04:00 on the spring-forward night is 06:00Z-08:00Z",
			cal:    nightsNY, from: at(t, ny, "2026-03-08 01:00"), d: 90 * time.Minute, want: at(t, ny, "2026-03-08 03:30"),
		},
		"NewYorkSpringNightWindowFull": {
			reason: "the window holds two hours that night, so a third comes from the next night",
			cal:    nightsNY, from: at(t, ny, "2026-03-08 01:00"), d: 3 * time.Hour, want: at(t, ny, "2026-03-09 02:00"),
		},
		"NewYorkFallNightWindow": {
			reason: "01:00-04:00 on the fall-back night starts at the first 01:00 (EDT) and holds four hours",
			cal:    nightsNY, from: utc(t, "2026-11-01T04:00:00Z"), d: 4 * time.Hour, want: utc(t, "2026-11-01T09:00:00Z"),
		},
		"NewYorkFallNightWindowRepeatedHour": {
			reason: "90 minutes from 01:00 EDT is the second 01:30, in EST",
			cal:    nightsNY, from: utc(t, "2026-11-01T05:00:00Z"), d: 90 * time.Minute, want: utc(t, "2026-11-01T06:30:00Z"),
		},
	})
}

func TestBetweenAcrossClockChanges(t *testing.T) {
	berlin, ny := loc(t, "Europe/Berlin"), loc(t, "America/New_York")
	// onDay is the business time from local midnight to local midnight.
	onDay := func(l *time.Location, spec, day string) time.Duration {
		c := newCal(t, calendar.Spec{Location: l, Weekly: weekly(t, spec)})
		d := at(t, l, day+" 12:00")
		start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, l)
		end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, l)
		return c.Between(start, end)
	}
	tests := map[string]struct {
		reason string
		got    time.Duration
		want   time.Duration
	}{
		"BerlinSpringNight": {
			reason: "01:00-04:00 loses the skipped hour",
			got:    onDay(berlin, "daily 01:00-04:00", "2026-03-29"), want: 2 * time.Hour,
		},
		"BerlinFallNight": {
			reason: "01:00-04:00 gains the repeated hour",
			got:    onDay(berlin, "daily 01:00-04:00", "2026-10-25"), want: 4 * time.Hour,
		},
		"NewYorkSpringNight": {
			reason: "01:00-04:00 loses the skipped hour",
			got:    onDay(ny, "daily 01:00-04:00", "2026-03-08"), want: 2 * time.Hour,
		},
		"NewYorkFallNight": {
			reason: "01:00-04:00 gains the repeated hour",
			got:    onDay(ny, "daily 01:00-04:00", "2026-11-01"), want: 4 * time.Hour,
		},
		"BerlinSpringWholeDay": {
			reason: "00:00-24:00 on the spring-forward day is 23 hours",
			got:    onDay(berlin, "daily 00:00-24:00", "2026-03-29"), want: 23 * time.Hour,
		},
		"BerlinFallWholeDay": {
			reason: "00:00-24:00 on the fall-back day is 25 hours",
			got:    onDay(berlin, "daily 00:00-24:00", "2026-10-25"), want: 25 * time.Hour,
		},
		"BerlinSpringOfficeDay": {
			reason: "09:00-17:00 is eight hours whatever happened at night",
			got:    onDay(berlin, "daily 09:00-17:00", "2026-03-29"), want: 8 * time.Hour,
		},
		"BerlinWindowInsideGap": {
			reason: "02:15-02:45 does not exist on the spring-forward day: both bounds are the jump",
			got:    onDay(berlin, "daily 02:15-02:45,09:00-10:00", "2026-03-29"), want: time.Hour,
		},
		"BerlinWindowEndingInGap": {
			reason: "01:00-02:30 ends at the jump (03:00 CEST): one hour, not time.Date's 03:30",
			got:    onDay(berlin, "daily 01:00-02:30", "2026-03-29"), want: time.Hour,
		},
		"NewYorkWindowEndingAtGap": {
			reason: "01:00-02:00 ends at the jump: one hour (time.Date would make 02:00 01:00 EST, an empty window)",
			got:    onDay(ny, "daily 01:00-02:00", "2026-03-08"), want: time.Hour,
		},
		"NewYorkWindowStartingInGap": {
			reason: "02:30-05:00 starts at the jump (03:00 EDT): two hours",
			got:    onDay(ny, "daily 02:30-05:00", "2026-03-08"), want: 2 * time.Hour,
		},
		"BerlinWindowStartingInRepeat": {
			reason: "02:30-05:00 on the fall-back day starts at the first 02:30 (CEST): three and a half hours",
			got:    onDay(berlin, "daily 02:30-05:00", "2026-10-25"), want: 3*time.Hour + 30*time.Minute,
		},
		"NewYorkWindowEndingInRepeat": {
			reason: "00:00-01:30 on the fall-back day ends at the first 01:30 (EDT)",
			got:    onDay(ny, "daily 00:00-01:30", "2026-11-01"), want: 90 * time.Minute,
		},
		"BerlinOfficeWeekSpanningSpring": {
			reason: "Friday 16:00 CET to Monday 10:00 CEST is two hours of business time",
			got:    officeHours(t, berlin).Between(at(t, berlin, "2026-03-27 16:00"), at(t, berlin, "2026-03-30 10:00")), want: 2 * time.Hour,
		},
		"BerlinOfficeYear": {
			reason: "2026 has 261 weekdays of eight hours, clock changes or not",
			got:    officeHours(t, berlin).Between(at(t, berlin, "2026-01-01 00:00"), at(t, berlin, "2027-01-01 00:00")), want: 261 * 8 * time.Hour,
		},
		"BerlinAroundTheClockYear": {
			reason: "24x7 over a year is its real length, 8760 hours",
			got:    newCal(t, calendar.Spec{Location: berlin, Weekly: calendar.AlwaysOpen()}).Between(at(t, berlin, "2026-01-01 00:00"), at(t, berlin, "2027-01-01 00:00")), want: 8760 * time.Hour,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("%s\nBetween: -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestLongHaulTimeZones runs calendars in zones with unusual clock changes:
// half-hour summer time (Lord Howe), a skipped calendar day (Samoa,
// 2011-12-30), a 45-minute offset (Kathmandu).
func TestLongHaulTimeZones(t *testing.T) {
	apia := loc(t, "Pacific/Apia")
	c := newCal(t, calendar.Spec{Location: apia, Weekly: weekly(t, "daily 09:00-17:00")})
	// Samoa went from Thursday 2011-12-29 24:00 (-10:00) to Saturday
	// 2011-12-31 00:00 (+14:00): Friday never happened.
	got := c.Due(at(t, apia, "2011-12-29 16:00"), 2*time.Hour)
	if diff := cmp.Diff(at(t, apia, "2011-12-31 10:00"), got); diff != "" {
		t.Errorf("Samoa skipped Friday 2011-12-30\nDue: -want +got:\n%s", diff)
	}
	if got := c.Between(at(t, apia, "2011-12-29 00:00"), at(t, apia, "2012-01-01 00:00")); got != 16*time.Hour {
		t.Errorf("Samoa, 29th to 1st: Between = %s, want 16h (Thursday and Saturday)", got)
	}

	lordHowe := loc(t, "Australia/Lord_Howe")
	lh := newCal(t, calendar.Spec{Location: lordHowe, Weekly: calendar.AlwaysOpen()})
	// Lord Howe falls back half an hour at 02:00 on 2026-04-05.
	day := time.Date(2026, 4, 5, 0, 0, 0, 0, lordHowe)
	if got := lh.Between(day, time.Date(2026, 4, 6, 0, 0, 0, 0, lordHowe)); got != 24*time.Hour+30*time.Minute {
		t.Errorf("Lord Howe fall-back day holds %s, want 24h30m", got)
	}

	kathmandu := loc(t, "Asia/Kathmandu")
	k := officeHours(t, kathmandu)
	got = k.Due(utc(t, "2026-01-05T03:00:00Z"), time.Hour) // 08:45 local
	if diff := cmp.Diff(utc(t, "2026-01-05T04:15:00Z"), got); diff != "" {
		t.Errorf("Kathmandu is UTC+05:45: opening 09:00 is 03:15Z\nDue: -want +got:\n%s", diff)
	}
}
