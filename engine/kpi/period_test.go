package kpi

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParsePeriod(t *testing.T) {
	loc := shanghai(t)
	at := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := map[string]struct {
		in         string
		kind       Kind
		start, end string
	}{
		"day":                {"2026-11-23", Day, "2026-11-23", "2026-11-24"},
		"leap day":           {"2024-02-29", Day, "2024-02-29", "2024-03-01"},
		"week":               {"2026-W48", Week, "2026-11-23", "2026-11-30"},
		"week 1 in december": {"2026-W01", Week, "2025-12-29", "2026-01-05"},
		"week 53 of 2020":    {"2020-W53", Week, "2020-12-28", "2021-01-04"},
		"week 52 of 2026":    {"2026-W52", Week, "2026-12-21", "2026-12-28"},
		// 2026 starts on a Thursday, so it has 53 ISO weeks.
		"week 53 of 2026": {"2026-W53", Week, "2026-12-28", "2027-01-04"},
		"month":           {"2026-11", Month, "2026-11-01", "2026-12-01"},
		"december":        {"2026-12", Month, "2026-12-01", "2027-01-01"},
		"quarter":         {"2026-Q4", Quarter, "2026-10-01", "2027-01-01"},
		"first quarter":   {"2026-Q1", Quarter, "2026-01-01", "2026-04-01"},
		"year":            {"2026", Year, "2026-01-01", "2027-01-01"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := ParsePeriod(tc.in, loc)
			if err != nil {
				t.Fatal(err)
			}
			want := Period{Kind: tc.kind, Start: at(tc.start), End: at(tc.end)}
			if !p.Start.Equal(want.Start) || !p.End.Equal(want.End) || p.Kind != want.Kind {
				t.Errorf("ParsePeriod(%q) = %v %v..%v, want %v %v..%v", tc.in, p.Kind, p.Start, p.End, want.Kind, want.Start, want.End)
			}
			if got := p.String(); got != tc.in {
				t.Errorf("String() = %q, want %q", got, tc.in)
			}
		})
	}
}

func TestParsePeriodErrors(t *testing.T) {
	loc := shanghai(t)
	tests := map[string]struct {
		in, want string
	}{
		"empty":     {"", "want YYYY-MM-DD"},
		"words":     {"last-month", "want YYYY-MM-DD"},
		"month 13":  {"2026-13", `month "13" is not 01-12`},
		"month 0":   {"2026-00", `month "00" is not 01-12`},
		"quarter 5": {"2026-Q5", `quarter "5" is not 1-4`},
		// 2025 starts on a Wednesday and is no leap year: 52 weeks.
		"week 53 of 2025":      {"2025-W53", `week "53": 2025 has ISO weeks 01-52`},
		"week 54 of 2026":      {"2026-W54", `week "54": 2026 has ISO weeks 01-53`},
		"week 0":               {"2026-W00", `week "00": 2026 has ISO weeks 01-53`},
		"30 february":          {"2026-02-30", `"2026-02-30" is not a date`},
		"29 february non-leap": {"2026-02-29", `"2026-02-29" is not a date`},
		"one-digit month":      {"2026-1", "want YYYY-MM-DD"},
		"signed":               {"2026-+1", `month "+1" is not 01-12`},
		"year 0":               {"0000", `year "0000"`},
		"trailing":             {"2026-11-23T", "want YYYY-MM-DD"},
		"lower-case week":      {"2026-w48", "want YYYY-MM-DD"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParsePeriod(tc.in, loc)
			if err == nil {
				t.Fatalf("ParsePeriod(%q) = nil error", tc.in)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "parse period ") {
				t.Errorf("ParsePeriod(%q) = %q, want it to contain %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestPeriodOfCenterZone(t *testing.T) {
	loc := shanghai(t)
	// 23:30 on 30 November in Shanghai is 15:30 UTC the same day; 00:30 on
	// 1 December in Shanghai is still 30 November in UTC.
	late := time.Date(2026, 11, 30, 15, 30, 0, 0, time.UTC)
	early := time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC)
	tests := map[string]struct {
		kind Kind
		at   time.Time
		want string
	}{
		"day late":                   {Day, late, "2026-11-30"},
		"day early":                  {Day, early, "2026-12-01"},
		"week late":                  {Week, late, "2026-W49"},
		"month late":                 {Month, late, "2026-11"},
		"month early":                {Month, early, "2026-12"},
		"quarter early":              {Quarter, early, "2026-Q4"},
		"year end":                   {Year, time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2027"},
		"iso week of 1 january 2021": {Week, time.Date(2021, 1, 1, 4, 0, 0, 0, time.UTC), "2020-W53"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := PeriodOf(tc.kind, tc.at, loc)
			if got := p.String(); got != tc.want {
				t.Errorf("PeriodOf = %q, want %q", got, tc.want)
			}
			if !p.Contains(tc.at) {
				t.Errorf("%v does not contain %v", p, tc.at)
			}
			if p.Contains(p.End) || !p.Contains(p.Start) {
				t.Errorf("%v is not [Start, End)", p)
			}
		})
	}
}

func TestPeriodPrevNext(t *testing.T) {
	loc := shanghai(t)
	tests := map[string]struct{ in, prev string }{
		"day":     {"2026-03-01", "2026-02-28"},
		"week":    {"2021-W01", "2020-W53"},
		"month":   {"2026-01", "2025-12"},
		"quarter": {"2026-Q1", "2025-Q4"},
		"year":    {"2026", "2025"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := ParsePeriod(tc.in, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{p.Prev().String(), p.Prev().Next().String()}
			if diff := cmp.Diff([]string{tc.prev, tc.in}, got); diff != "" {
				t.Errorf("Prev, Prev.Next (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPeriodDST checks a day across a DST change is 23 hours long and a
// month still starts at local midnight.
func TestPeriodDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePeriod("2026-03-29", loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.End.Sub(p.Start); got != 23*time.Hour {
		t.Errorf("2026-03-29 in Berlin lasts %v, want 23h", got)
	}
	m, err := ParsePeriod("2026-04", loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Start.UTC(); !got.Equal(time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-04 in Berlin starts %v, want 2026-03-31T22:00Z", got)
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11-23", "2026-W48", "2026-11", "2026-Q4", "2026", "2020-W53", "2026-W53", "2025-W53", "2026-02-29", "", "9999-12-31"} {
		f.Add(s)
	}
	loc := shanghai(f)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s, loc)
		if err != nil {
			return
		}
		if !p.Start.Before(p.End) {
			t.Fatalf("ParsePeriod(%q) = empty period %v..%v", s, p.Start, p.End)
		}
		if got := p.String(); got != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, got)
		}
		q, err := ParsePeriod(p.String(), loc)
		if err != nil || !q.Start.Equal(p.Start) || !q.End.Equal(p.End) {
			t.Fatalf("round trip of %q: %v %v", s, q, err)
		}
		if r := PeriodOf(p.Kind, p.Start, loc); !r.Start.Equal(p.Start) || !r.End.Equal(p.End) {
			t.Fatalf("PeriodOf(Start of %q) = %v", s, r)
		}
	})
}
