package history

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fastLineSeeds are lines for FuzzFastLine and the checks' tests: plain
// records, and the unusual forms the fast path must leave to decodeLine
// (escapes, bad JSON, numbers and times it does not read itself).
func fastLineSeeds() []string {
	const base = `"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0`
	return []string{
		`{` + base + `}`,
		`{"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00.5+01:00","agent_replies":1,"contacts":1,"reopened":0,` +
			`"csat":5,"qa_score":87.5,"handle_seconds":1e2,"drill":true,"sla":{"first_reply":{"target_seconds":30,"breached":true}}}`,
		`{"id":"T-1","id":"T-2","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0}`,
		`{ "id" : "a\"b" , "channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":-0,"contacts":1,"reopened":0,"sla":{}}`,
		`{` + base + `,"queue":"q-1","team":"t_1","agent":"a","category":"c9","priority":"P1","tier":"vip","language":"pt-BR","customer":"Jane Doe"}`,
		`{` + base + `,"queue":"Q1","language":"english","priority":"P 1","tier":"VIP","agent":"-a","category":"1c"}`,
		`{` + base + `,"language":"en-br","priority":"","tier":"a\u00e9"}`,
		`{` + base + `,"solved_at":"2026-11-02T10:00:00.123456789123-05:30","answered_at":"2028-02-29T10:00:00.25Z"}`,
		`{` + base + `,"answered_at":"2026-02-29T10:00:00Z"}`,
		`{` + base + `,"answered_at":"0000-02-29T00:00:00-23:59","solved_at":"9999-12-31T23:59:59.999999999+23:59","closed_at":"1900-02-28T12:00:00.1Z"}`, `{` + base + `,"answered_at":"2026-11-02T10:00:00+00:00"}`,
		`{` + base + `,"solved_at":"2028-02-29T24:00:00Z","closed_at":"2026-11-02t10:00:00z"}`,
		`{` + base + `,"handle_seconds":-0.5e-3,"qa_score":100.0,"csat":01}`,
		`{` + base + `,"handle_seconds":1E+400}`,
		`{` + base + `,"handle_seconds":.5}`,
		`{` + base + `,}`,
		`{` + base + ` "x":1}`,
		`{` + base + `}x`,
		`{` + base + `,"sla":{"speed":{"target_seconds":-1,"breached":false},"resolution":{"breached":true,"target_seconds":9}}}`,
		`{` + base + `,"sla":{"resolution":{"target_seconds":1,"breached":false,"target_seconds":2}}}`,
		`{` + base + `,"customer":"tab\there"}`,
		"{" + base + `,"customer":"` + "\xff" + `"}`,
		`{` + base + `,"drill":null,"complaint":tru}`,
		`[1]`, `{}`, `{"id": oops}`,
	}
}

// FuzzFastLine checks the fast path against decodeLine: a line the fast
// path takes is valid JSON and decodes to the same record, with the
// same errors of its values, on both.
func FuzzFastLine(f *testing.F) {
	for _, line := range fastLineSeeds() {
		f.Add(line)
	}
	d := newLineDecoder()
	f.Fuzz(func(t *testing.T, line string) {
		var got Record
		if !d.fast(&got, []byte(line)) {
			return
		}
		if !json.Valid([]byte(line)) {
			t.Fatalf("%s: the fast path took a line that is not JSON", line)
		}
		want, errs := decodeLine(d.fields, []byte(line))
		if diff := cmp.Diff(errs, check(&got), cmp.AllowUnexported(fieldError{})); diff != "" {
			t.Fatalf("%s: errors (-decodeLine +fast):\n%s", line, diff)
		}
		if len(errs) > 0 {
			return // decodeLine returns no record with errors
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s (-decodeLine +fast):\n%s", line, diff)
		}
		if gotJSON, wantJSON := mustJSON(t, got), mustJSON(t, want); gotJSON != wantJSON {
			t.Fatalf("%s: written back as\n%s by the fast path,\n%s by decodeLine", line, gotJSON, wantJSON)
		}
	})
}

// mustJSON is r as Write writes it, times with their zones.
func mustJSON(t *testing.T, r Record) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestChecksAgreeWithPatterns checks the hand-written format checks
// against the schema's patterns as regular expressions, on a table and
// on every string of the fuzz seeds.
func TestChecksAgreeWithPatterns(t *testing.T) {
	patterns := []struct {
		name  string
		re    *regexp.Regexp
		check func(string) bool
	}{
		{"id", regexp.MustCompile(`^[a-z][a-z0-9_-]*$`), isID},
		{"language", regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`), isLanguage},
		{"priority", regexp.MustCompile(`^[A-Za-z0-9_-]+$`), isPriority},
	}
	inputs := []string{
		"", "a", "z", "A", "0", "-", "_", "a-b_c9", "a b", "aB", "a\n", "\na", "é", "aé", "web", "after-sales",
		"en", "e", "eng", "engl", "pt-BR", "pt-br", "pt-B", "pt-BRA", "ptBR", "EN", "en-", "-BR", "eng-US", "en_US",
		"P1", "p_1-X", "P 1", "P1\n", "P.1",
	}
	for _, line := range fastLineSeeds() {
		var obj map[string]any
		if json.Unmarshal([]byte(line), &obj) == nil {
			for _, v := range obj {
				if s, ok := v.(string); ok {
					inputs = append(inputs, s)
				}
			}
		}
	}
	for _, p := range patterns {
		for _, in := range inputs {
			if want, got := p.re.MatchString(in), p.check(in); got != want {
				t.Errorf("%s(%q) = %v, the pattern %s says %v", p.name, in, got, p.re, want)
			}
		}
	}
}

// FuzzChecks fuzzes TestChecksAgreeWithPatterns's comparison.
func FuzzChecks(f *testing.F) {
	for _, s := range []string{"a-b", "pt-BR", "P1", "", "aé"} {
		f.Add(s)
	}
	id, lang, prio := regexp.MustCompile(`^[a-z][a-z0-9_-]*$`), regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`), regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	f.Fuzz(func(t *testing.T, s string) {
		if isID(s) != id.MatchString(s) || isLanguage(s) != lang.MatchString(s) || isPriority(s) != prio.MatchString(s) {
			t.Fatalf("%q: id %v/%v, language %v/%v, priority %v/%v (checks/patterns)", s,
				isID(s), id.MatchString(s), isLanguage(s), lang.MatchString(s), isPriority(s), prio.MatchString(s))
		}
	})
}

// TestLocalZone checks the cached offsets of a zone with summer time
// against the zone's own, around and between its changes.
func TestLocalZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	z := localZone{loc: berlin}
	start := time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)
	for _, step := range []time.Duration{7 * time.Minute, 23 * time.Hour, -13 * time.Hour, 97 * 24 * time.Hour, -400 * 24 * time.Hour} {
		at := start
		for range 200 {
			_, want := at.In(berlin).Zone()
			if got := z.offset(at); got != want {
				t.Fatalf("offset at %s: %d, want %d", at, got, want)
			}
			at = at.Add(step)
		}
	}
	line := []byte("2026-10-25T02:30:00+01:00") // after the clocks went back
	got, ok := rfc3339(line, &z)
	want, err := time.ParseInLocation(time.RFC3339, string(line), berlin)
	if !ok || err != nil || !got.Equal(want) || got.Location() != berlin {
		t.Errorf("rfc3339(%s) in Berlin = %v (%s), %v; want %v in Berlin", line, got, got.Location(), ok, want)
	}
}

// TestUnixDays checks the civil date arithmetic of rfc3339 against
// package time, day by day around the epoch and now, and on the first
// and last days of every month of years across 0-9999.
func TestUnixDays(t *testing.T) {
	check := func(d time.Time) {
		t.Helper()
		y, m, day := d.Date()
		if got, want := unixDays(y, int(m), day), d.Unix()/secondsPerDay; got != want || daysIn(m, y) != time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			t.Fatalf("%s: %d days since the epoch, want %d; %d days in the month", d.Format(time.DateOnly), got, want, daysIn(m, y))
		}
	}
	for _, start := range []time.Time{time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)} {
		for d := start; d.Before(start.AddDate(20, 0, 0)); d = d.AddDate(0, 0, 1) {
			check(d)
		}
	}
	for y := 0; y <= 9999; y += 7 {
		for m := time.January; m <= time.December; m++ {
			check(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC))
			check(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
		}
	}
	for _, y := range []int{0, 100, 400, 1900, 2000, 2100, 9999} {
		check(time.Date(y, time.February, 28, 0, 0, 0, 0, time.UTC))
		check(time.Date(y, time.March, 1, 0, 0, 0, 0, time.UTC))
	}
}
