package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/calendar"
)

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

func TestParseHours(t *testing.T) {
	mon, tue, wed, thu, fri, sat, sun := time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
	nineToFive := []calendar.Window{{Start: hm(9, 0), End: hm(17, 0)}}
	tests := map[string]struct {
		reason      string
		spec        string
		wantDays    []time.Weekday
		wantWindows []calendar.Window
		wantErr     string
	}{
		"Range": {
			reason: "a range of days", spec: "mon-fri 09:00-17:00",
			wantDays: []time.Weekday{mon, tue, wed, thu, fri}, wantWindows: nineToFive,
		},
		"WrappingRange": {
			reason: "a range may wrap round the end of the week", spec: "fri-mon 10:00-14:00",
			wantDays: []time.Weekday{fri, sat, sun, mon}, wantWindows: []calendar.Window{{Start: hm(10, 0), End: hm(14, 0)}},
		},
		"WholeWeekRange": {
			reason: "sun-sat is every day", spec: "sun-sat 09:00-17:00",
			wantDays: []time.Weekday{sun, mon, tue, wed, thu, fri, sat}, wantWindows: nineToFive,
		},
		"OneDayRange": {
			reason: "a range of one day", spec: "wed-wed 09:00-17:00",
			wantDays: []time.Weekday{wed}, wantWindows: nineToFive,
		},
		"List": {
			reason: "a list of days, with a split shift", spec: "mon,wed,fri 09:00-12:00,13:00-17:00",
			wantDays: []time.Weekday{mon, wed, fri}, wantWindows: []calendar.Window{{Start: hm(9, 0), End: hm(12, 0)}, {Start: hm(13, 0), End: hm(17, 0)}},
		},
		"ListOfRanges": {
			reason: "lists may hold ranges, and repeats are dropped", spec: "mon-wed,fri,mon 09:00-17:00",
			wantDays: []time.Weekday{mon, tue, wed, fri}, wantWindows: nineToFive,
		},
		"OneDay": {
			reason: "a single day", spec: "sat 10:00-14:00",
			wantDays: []time.Weekday{sat}, wantWindows: []calendar.Window{{Start: hm(10, 0), End: hm(14, 0)}},
		},
		"Daily": {
			reason: "daily is every day, Monday first", spec: "daily 00:00-24:00",
			wantDays: []time.Weekday{mon, tue, wed, thu, fri, sat, sun}, wantWindows: []calendar.Window{{Start: 0, End: 24 * time.Hour}},
		},
		"CaseInsensitive": {
			reason: "day names in any case", spec: "MON-Fri 18:00-24:00",
			wantDays: []time.Weekday{mon, tue, wed, thu, fri}, wantWindows: []calendar.Window{{Start: hm(18, 0), End: 24 * time.Hour}},
		},
		"UnsortedWindows": {
			reason: "windows come back sorted", spec: "tue 13:00-17:00,09:00-12:00",
			wantDays: []time.Weekday{tue}, wantWindows: []calendar.Window{{Start: hm(9, 0), End: hm(12, 0)}, {Start: hm(13, 0), End: hm(17, 0)}},
		},
		"SpacesAroundCommas": {
			reason: "blanks between windows are allowed", spec: "  thu  09:00-12:00, 12:00-17:30 ",
			wantDays: []time.Weekday{thu}, wantWindows: []calendar.Window{{Start: hm(9, 0), End: hm(12, 0)}, {Start: hm(12, 0), End: hm(17, 30)}},
		},
		"SingleDigitHour": {
			reason:  "hours take two digits",
			spec:    "mon-fri 9:00-17:00",
			wantErr: `parse hours "mon-fri 9:00-17:00": window "9:00-17:00": want HH:MM-HH:MM`,
		},
		"Backwards": {
			reason:  "a window may not run backwards, nor cross midnight",
			spec:    "mon-fri 17:00-09:00",
			wantErr: `parse hours "mon-fri 17:00-09:00": window 17:00-09:00 ends before it starts (a window may not cross midnight: split it into 17:00-24:00 and 00:00-09:00 on the next day)`,
		},
		"CrossesMidnight": {
			reason:  "a night shift takes two specs",
			spec:    "fri 22:00-06:00",
			wantErr: `parse hours "fri 22:00-06:00": window 22:00-06:00 ends before it starts (a window may not cross midnight: split it into 22:00-24:00 and 00:00-06:00 on the next day)`,
		},
		"Empty": {
			reason:  "a window must hold some time",
			spec:    "mon 09:00-09:00",
			wantErr: `parse hours "mon 09:00-09:00": window 09:00-09:00 is empty`,
		},
		"Overlap": {
			reason:  "windows of one spec may not overlap",
			spec:    "mon 09:00-12:00,11:00-13:00",
			wantErr: `parse hours "mon 09:00-12:00,11:00-13:00": windows 09:00-12:00 and 11:00-13:00 overlap`,
		},
		"NoWindows": {
			reason:  "days alone are not a spec",
			spec:    "mon-fri",
			wantErr: `parse hours "mon-fri": want DAYS HH:MM-HH:MM[,HH:MM-HH:MM...], such as "mon-fri 09:00-17:00"`,
		},
		"Blank": {
			reason:  "nothing is not a spec",
			spec:    "",
			wantErr: `parse hours "": want DAYS HH:MM-HH:MM[,HH:MM-HH:MM...], such as "mon-fri 09:00-17:00"`,
		},
		"UnknownDay": {
			reason:  "only three-letter day names",
			spec:    "monday 09:00-17:00",
			wantErr: `parse hours "monday 09:00-17:00": day "monday": want mon, tue, wed, thu, fri, sat or sun`,
		},
		"UnknownDayInRange": {
			reason:  "both ends of a range are day names",
			spec:    "mon-fr 09:00-17:00",
			wantErr: `parse hours "mon-fr 09:00-17:00": day "fr": want mon, tue, wed, thu, fri, sat or sun`,
		},
		"EmptyDayInList": {
			reason:  "a doubled comma leaves an empty day",
			spec:    "mon,,fri 09:00-17:00",
			wantErr: `parse hours "mon,,fri 09:00-17:00": day "": want mon, tue, wed, thu, fri, sat or sun`,
		},
		"DoubleRange": {
			reason:  "a range has two ends",
			spec:    "mon-wed-fri 09:00-17:00",
			wantErr: `parse hours "mon-wed-fri 09:00-17:00": days "mon-wed-fri": want daily, a day such as mon, a range such as mon-fri or a list such as mon,wed,fri`,
		},
		"TrailingComma": {
			reason:  "a trailing comma leaves an empty window",
			spec:    "mon 09:00-12:00,",
			wantErr: `parse hours "mon 09:00-12:00,": window "": want HH:MM-HH:MM`,
		},
		"MissingComma": {
			reason:  "windows are separated by commas",
			spec:    "mon 09:00-12:00 13:00-17:00",
			wantErr: `parse hours "mon 09:00-12:00 13:00-17:00": window "09:00-12:00 13:00-17:00": want HH:MM-HH:MM`,
		},
		"BadMinute": {
			reason:  "minutes run to 59",
			spec:    "mon 09:60-10:00",
			wantErr: `parse hours "mon 09:60-10:00": window "09:60-10:00": want HH:MM-HH:MM`,
		},
		"PastMidnight": {
			reason:  "24:00 is the latest time",
			spec:    "mon 23:00-24:30",
			wantErr: `parse hours "mon 23:00-24:30": window "23:00-24:30": want HH:MM-HH:MM`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			days, windows, err := calendar.ParseHours(tc.spec)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("%s\nParseHours(%q) error: -want +got:\n%s", tc.reason, tc.spec, diff)
			}
			if diff := cmp.Diff(tc.wantDays, days); diff != "" {
				t.Errorf("%s\nParseHours(%q) days: -want +got:\n%s", tc.reason, tc.spec, diff)
			}
			if diff := cmp.Diff(tc.wantWindows, windows); diff != "" {
				t.Errorf("%s\nParseHours(%q) windows: -want +got:\n%s", tc.reason, tc.spec, diff)
			}
		})
	}
}

func TestAddHours(t *testing.T) {
	w := func(s string) calendar.Window { return window(t, s) }
	tests := map[string]struct {
		reason  string
		start   calendar.Weekly
		specs   []string
		want    calendar.Weekly
		wantErr string
	}{
		"SplitShiftInTwoSpecs": {
			reason: "repeated specs merge into each day, sorted",
			specs:  []string{"mon,tue 13:00-17:00", "mon-tue 09:00-12:00"},
			want:   calendar.Weekly{time.Monday: {w("09:00-12:00"), w("13:00-17:00")}, time.Tuesday: {w("09:00-12:00"), w("13:00-17:00")}},
		},
		"NightShift": {
			reason: "a night shift as two specs",
			specs:  []string{"fri 22:00-24:00", "sat 00:00-06:00"},
			want:   calendar.Weekly{time.Friday: {w("22:00-24:00")}, time.Saturday: {w("00:00-06:00")}},
		},
		"Touching": {
			reason: "touching windows are kept as written; New treats them as one",
			specs:  []string{"wed 09:00-12:00", "wed 12:00-17:00"},
			want:   calendar.Weekly{time.Wednesday: {w("09:00-12:00"), w("12:00-17:00")}},
		},
		"AddToExisting": {
			reason: "windows join those already there",
			start:  calendar.Weekly{time.Saturday: {w("10:00-12:00")}},
			specs:  []string{"sat 08:00-09:00"},
			want:   calendar.Weekly{time.Saturday: {w("08:00-09:00"), w("10:00-12:00")}},
		},
		"Overlap": {
			reason:  "an overlap names the day and both windows, and leaves the hours unchanged",
			start:   calendar.Weekly{time.Saturday: {w("10:00-12:00")}},
			specs:   []string{"sat 13:00-14:00", "mon-fri 09:00-17:00", "mon 12:00-13:00"},
			want:    calendar.Weekly{time.Saturday: {w("10:00-12:00")}},
			wantErr: `add hours "mon 12:00-13:00": Monday: windows 09:00-17:00 and 12:00-13:00 overlap`,
		},
		"OverlapWithAlwaysOpen": {
			reason:  "24x7 leaves no room",
			start:   calendar.AlwaysOpen(),
			specs:   []string{"sun 10:00-11:00"},
			want:    calendar.AlwaysOpen(),
			wantErr: `add hours "sun 10:00-11:00": Sunday: windows 00:00-24:00 and 10:00-11:00 overlap`,
		},
		"ParseError": {
			reason:  "a parse error comes back as ParseHours gives it",
			specs:   []string{"mon-fri 09:00-17:00", "weekdays 09:00-17:00"},
			wantErr: `parse hours "weekdays 09:00-17:00": day "weekdays": want mon, tue, wed, thu, fri, sat or sun`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := tc.start
			err := got.AddHours(tc.specs...)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("%s\nAddHours error: -want +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nAddHours: -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestAddHoursDoesNotShareStorage(t *testing.T) {
	base := calendar.Weekly{time.Monday: make([]calendar.Window, 1, 8)}
	base[time.Monday][0] = window(t, "09:00-10:00")
	other := base
	if err := other.AddHours("mon 11:00-12:00"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]calendar.Window{window(t, "09:00-10:00")}, base[time.Monday]); diff != "" {
		t.Errorf("AddHours on a copy changed the original\n-want +got:\n%s", diff)
	}
}

func TestParseWindow(t *testing.T) {
	tests := map[string]struct {
		reason  string
		in      string
		want    calendar.Window
		wantErr string
	}{
		"Plain":       {reason: "office hours", in: "09:00-17:00", want: calendar.Window{Start: hm(9, 0), End: hm(17, 0)}},
		"ToMidnight":  {reason: "24:00 ends at midnight", in: "18:30-24:00", want: calendar.Window{Start: hm(18, 30), End: 24 * time.Hour}},
		"AllDay":      {reason: "the whole day", in: "00:00-24:00", want: calendar.Window{Start: 0, End: 24 * time.Hour}},
		"Spaces":      {reason: "no blanks inside", in: "09:00 - 17:00", wantErr: `window "09:00 - 17:00": want HH:MM-HH:MM`},
		"Seconds":     {reason: "no seconds", in: "09:00:00-17:00", wantErr: `window "09:00:00-17:00": want HH:MM-HH:MM`},
		"Hour25":      {reason: "no hour past 24", in: "09:00-25:00", wantErr: `window "09:00-25:00": want HH:MM-HH:MM`},
		"StartAt2400": {reason: "24:00 only ends a window", in: "24:00-24:00", wantErr: `window 24:00-24:00 is empty`},
		"Letters":     {reason: "digits only", in: "ab:cd-ef:gh", wantErr: `window "ab:cd-ef:gh": want HH:MM-HH:MM`},
		"Signs":       {reason: "no signs", in: "+9:00-17:00", wantErr: `window "+9:00-17:00": want HH:MM-HH:MM`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := calendar.ParseWindow(tc.in)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("%s\nParseWindow(%q) error: -want +got:\n%s", tc.reason, tc.in, diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nParseWindow(%q): -want +got:\n%s", tc.reason, tc.in, diff)
			}
		})
	}
}

func TestWindowString(t *testing.T) {
	tests := map[string]struct {
		reason string
		in     calendar.Window
		want   string
	}{
		"Minutes":  {reason: "HH:MM", in: calendar.Window{Start: hm(9, 5), End: hm(17, 30)}, want: "09:05-17:30"},
		"Midnight": {reason: "the end of the day is 24:00", in: calendar.Window{Start: 0, End: 24 * time.Hour}, want: "00:00-24:00"},
		"Seconds":  {reason: "seconds only when present", in: calendar.Window{Start: hm(9, 0) + 30*time.Second, End: hm(10, 0)}, want: "09:00:30-10:00"},
		"Fraction": {reason: "fractions only when present", in: calendar.Window{Start: 1500 * time.Millisecond, End: hm(1, 0)}, want: "00:00:01.5-01:00"},
		"Negative": {reason: "invalid windows still print", in: calendar.Window{Start: -hm(1, 0), End: hm(25, 0)}, want: "-01:00-25:00"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.in.String()); diff != "" {
				t.Errorf("%s\nString: -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := map[string]struct {
		reason  string
		in      string
		want    calendar.Date
		wantErr string
	}{
		"Plain":     {reason: "a date", in: "2026-12-24", want: calendar.Date{Year: 2026, Month: time.December, Day: 24}},
		"LeapDay":   {reason: "2028 is a leap year", in: "2028-02-29", want: calendar.Date{Year: 2028, Month: time.February, Day: 29}},
		"NotLeap":   {reason: "2100 is not", in: "2100-02-29", wantErr: `parse date "2100-02-29": February 2100 has 28 days`},
		"Month13":   {reason: "twelve months", in: "2026-13-01", wantErr: `parse date "2026-13-01": month 13 out of range 01-12`},
		"Day0":      {reason: "days start at 1", in: "2026-01-00", wantErr: `parse date "2026-01-00": day 0 out of range 01-31`},
		"Year0":     {reason: "years start at 1", in: "0000-01-01", wantErr: `parse date "0000-01-01": year 0 out of range 0001-9999`},
		"Short":     {reason: "two-digit fields", in: "2026-1-5", wantErr: `parse date "2026-1-5": want YYYY-MM-DD`},
		"Slashes":   {reason: "dashes only", in: "2026/01/05", wantErr: `parse date "2026/01/05": want YYYY-MM-DD`},
		"WithTime":  {reason: "a date only", in: "2026-01-05T00:00", wantErr: `parse date "2026-01-05T00:00": want YYYY-MM-DD`},
		"SignedDay": {reason: "digits only", in: "2026-01-+5", wantErr: `parse date "2026-01-+5": want YYYY-MM-DD`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := calendar.ParseDate(tc.in)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("%s\nParseDate(%q) error: -want +got:\n%s", tc.reason, tc.in, diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nParseDate(%q): -want +got:\n%s", tc.reason, tc.in, diff)
			}
			if err == nil && got.String() != tc.in {
				t.Errorf("%s\nString() = %q, want %q", tc.reason, got.String(), tc.in)
			}
		})
	}
}
