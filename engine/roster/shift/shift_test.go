package shift_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster/shift"
)

func TestResolve(t *testing.T) {
	cfg := &model.Config{ShiftPatterns: map[string]model.ShiftPattern{
		"early": {Hours: "mon-fri 08:00-16:30", Breaks: []string{"15:00-15:15", "12:00-12:30"}},
		"split": {Hours: "sat 08:00-11:00,14:00-18:00", Breaks: []string{"14:00-14:30"}},
		"stray": {Hours: "mon 08:00-12:00", Breaks: []string{"11:30-12:30"}},
		"bad":   {Hours: "mon 08:00-12:00", Breaks: []string{"noon"}},
		"twice": {Hours: "mon 08:00-12:00", Breaks: []string{"10:15-10:45", "10:00-10:30"}},
	}}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		ref        string
		date       [3]int
		want       []string
		err        string
		breakIndex int
	}{
		"a pattern, breaks taken out in order": {ref: "early", date: [3]int{2026, 12, 7},
			want: []string{"08:00-12:00 CET", "12:30-15:00 CET", "15:15-16:30 CET"}},
		"a day the pattern is not worked":    {ref: "early", date: [3]int{2026, 12, 6}},
		"two windows, a break in the second": {ref: "split", date: [3]int{2026, 12, 5}, want: []string{"08:00-11:00 CET", "14:30-18:00 CET"}},
		"inline":                             {ref: "sun 01:00-04:00", date: [3]int{2026, 3, 29}, want: []string{"01:00-04:00 CEST"}},
		"an unknown pattern":                 {ref: "late", err: `unknown shift pattern "late"`},
		"inline that does not parse":         {ref: "mon 9-5", err: `shift "mon 9-5": parse hours "mon 9-5": window "9-5": want HH:MM-HH:MM`},
		"a break outside the shift":          {ref: "stray", err: `break 11:30-12:30 is not within the shift's hours "mon 08:00-12:00"`, breakIndex: 0},
		"a break that does not parse":        {ref: "bad", err: `window "noon": want HH:MM-HH:MM`, breakIndex: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := shift.Resolve(cfg, tc.ref)
			if tc.err != "" || err != nil {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Resolve error = %v, want %q", err, tc.err)
				}
				if be, ok := errors.AsType[*shift.BreakError](err); ok && be.Index != tc.breakIndex {
					t.Errorf("break %d, want %d", be.Index, tc.breakIndex)
				}
				return
			}
			var got []string
			for _, sp := range s.On(tc.date[0], time.Month(tc.date[1]), tc.date[2], loc) {
				got = append(got, sp.Start.Format("15:04")+"-"+sp.End.Format("15:04 MST"))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
		})
	}
}

func TestZone(t *testing.T) {
	cfg := &model.Config{
		Center:    model.Center{Timezone: "Europe/Berlin"},
		Teams:     map[string]model.Team{"uk": {Calendar: "london"}, "de": {}},
		Calendars: map[string]model.Calendar{"london": {Timezone: "Europe/London"}},
	}
	got := []string{
		shift.Zone(cfg, model.Agent{Team: "uk", Timezone: "America/New_York"}),
		shift.Zone(cfg, model.Agent{Team: "uk"}),
		shift.Zone(cfg, model.Agent{Team: "de"}),
	}
	want := []string{"America/New_York", "Europe/London", "Europe/Berlin"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Zone (-want +got):\n%s", diff)
	}
}

// FuzzResolve feeds inline shifts and breaks: Resolve never panics, and a
// shift it accepts has its breaks within its windows and spans in order.
func FuzzResolve(f *testing.F) {
	for _, s := range [][2]string{{"mon-fri 08:00-16:30", "12:00-12:30"}, {"sat 09:00-13:00", ""}, {"daily 00:00-24:00", "23:30-24:00"}, {"mon 9-5", "x"}} {
		f.Add(s[0], s[1])
	}
	loc := time.UTC
	f.Fuzz(func(t *testing.T, hours, brk string) {
		cfg := &model.Config{ShiftPatterns: map[string]model.ShiftPattern{"p": {Hours: hours, Breaks: []string{brk}}}}
		s, err := shift.Resolve(cfg, "p")
		if err != nil {
			return
		}
		for d := 1; d <= 7; d++ {
			spans := s.On(2026, 12, d, loc)
			for i, sp := range spans {
				if !sp.Start.Before(sp.End) || (i > 0 && sp.Start.Before(spans[i-1].End)) {
					t.Fatalf("%q with break %q on day %d: spans out of order: %v", hours, brk, d, spans)
				}
			}
		}
	})
}
