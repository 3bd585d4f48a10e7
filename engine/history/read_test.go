package history_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
)

// minimal is the smallest valid JSON line, as fields after the brace.
const minimal = `"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0`

// csvHeader is a CSV header with the required columns and one SLA metric.
const csvHeader = "id,channel,created_at,agent_replies,contacts,reopened,csat,sla.first_reply.target_seconds,sla.first_reply.breached\n"

func TestReadErrors(t *testing.T) {
	cases := map[string]struct {
		reason string
		name   string
		input  string
		want   []string
	}{
		"jsonl: every bad line": {
			reason: "each bad line is reported with its number and field; blank lines are skipped but counted",
			name:   "h.jsonl",
			input: "{" + minimal + "}\n\n" +
				`{"id":"T-2","channel":"Web","created_at":"2026-11-02T09:00:00","agent_replies":-1,"contacts":1,"reopened":0}` + "\n" +
				"{" + minimal + `,"csat":6,"qa_score":101,"colour":"red"}` + "\n" +
				"{" + minimal + `,"sla":{"first_reply":{"target_seconds":"1h"},"speed":{"target_seconds":1,"breached":false}}}` + "\n" +
				`{"id":"T-5"}` + "\n" +
				`{"id": oops}` + "\n" +
				"[1]\n",
			want: []string{
				`h.jsonl:3: created_at: want an RFC 3339 time with a zone, got "2026-11-02T09:00:00"`,
				`h.jsonl:4: colour: unknown field`,
				`h.jsonl:5: sla.first_reply.target_seconds: want a number, got "1h"`,
				`h.jsonl:5: sla.first_reply.breached: missing`,
				`h.jsonl:6: channel: missing`,
				`h.jsonl:6: created_at: missing`,
				`h.jsonl:6: agent_replies: missing`,
				`h.jsonl:6: contacts: missing`,
				`h.jsonl:6: reopened: missing`,
				`h.jsonl:7: invalid JSON: invalid character 'o' looking for beginning of value`,
				`h.jsonl:8: not a JSON object`,
			},
		},
		"jsonl: formats and ranges": {
			reason: "a line whose fields decode has its values checked: ids, counts, csat 1-5, qa_score 0-100, SLA metric names",
			name:   "h.jsonl",
			input: `{"id":"T-2","channel":"Web","created_at":"2026-11-02T09:00:00Z","agent_replies":-1,"contacts":1,"reopened":0,"language":"english"}` + "\n" +
				"{" + minimal + `,"csat":6,"qa_score":100.5,"sla":{"speed":{"target_seconds":1,"breached":false}}}` + "\n" +
				"{" + minimal + `,"queue":""}` + "\n",
			want: []string{
				`h.jsonl:1: channel: "Web" is not an id (lower case letters, digits, _ and -, from a letter)`,
				`h.jsonl:1: language: "english" is not a language code such as en or pt-BR`,
				`h.jsonl:1: agent_replies: -1 is negative`,
				`h.jsonl:2: csat: 6 is not from 1 to 5`,
				`h.jsonl:2: qa_score: 100.5 is not from 0 to 100`,
				`h.jsonl:2: sla.speed: unknown SLA metric (first_reply, next_reply, periodic_update, resolution)`,
				`h.jsonl:3: queue: empty`,
			},
		},
		"csv: header": {
			reason: "unknown, repeated and missing columns are reported on the header line, and no row is read",
			name:   "h.csv",
			input:  "id,channel,colour,channel,created_at,agent_replies,contacts,sla.resolution.breached\nT-1,web,red,web,x,1,1,true\n",
			want: []string{
				`h.csv:1: colour: unknown column`,
				`h.csv:1: channel: column repeated`,
				`h.csv:1: reopened: missing column`,
				`h.csv:1: sla.resolution.target_seconds: missing column`,
			},
		},
		"csv: rows": {
			reason: "an empty cell is an absent field; an SLA metric needs both its cells",
			name:   "h.csv",
			input: csvHeader +
				"T-1,web,2026-11-02T09:00:00Z,1,1,0,5,3600,false\n" +
				"T-2,,2026-11-02T09:00:00Z,one,1,0,,3600,\n" +
				"T-3,web,2026-11-02T09:00:00Z,1,1,0,9,,\n" +
				"T-4,web\n",
			want: []string{
				`h.csv:3: agent_replies: want an integer, got one`,
				`h.csv:3: channel: missing`,
				`h.csv:3: sla.first_reply.breached: missing`,
				`h.csv:4: csat: 9 is not from 1 to 5`,
				`h.csv:5: invalid CSV: wrong number of fields`,
			},
		},
		"content decides without an extension": {
			reason: "a file named without .jsonl or .csv is JSON Lines when it starts with {",
			name:   "export",
			input:  "\n{" + minimal + `,"x":1}` + "\n",
			want:   []string{`export:2: x: unknown field`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			recs, err := history.Read(tc.name, strings.NewReader(tc.input))
			var errs history.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Read: %v, want history.Errors", err)
			}
			got := strings.Split(errs.Error(), "\n")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nRead errors (-want +got):\n%s", tc.reason, diff)
			}
			if recs != nil {
				t.Errorf("Read returned %d records with errors, want none", len(recs))
			}
		})
	}
}

// TestReadFormats reads the same records from JSON Lines and from CSV.
func TestReadFormats(t *testing.T) {
	csat := 5
	want := []history.Record{
		{ID: "T-1", Channel: "web", CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), AgentReplies: 1, Contacts: 1,
			CSAT: &csat, SLA: map[string]history.SLAResult{"first_reply": {TargetSeconds: 3600}}},
		{ID: "T-2", Channel: "web", CreatedAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.FixedZone("", 3600)), AgentReplies: 0, Contacts: 2, Reopened: 1},
	}
	inputs := map[string]string{
		"h.jsonl": "{" + minimal + `,"csat":5,"sla":{"first_reply":{"target_seconds":3600,"breached":false}}}` + "\r\n\n" +
			`{"id":"T-2","channel":"web","created_at":"2026-11-02T10:00:00+01:00","agent_replies":0,"contacts":2,"reopened":1}`,
		"h.csv": "\ufeff" + csvHeader + "T-1,web,2026-11-02T09:00:00Z,1,1,0,5,3600,false\r\n\nT-2,web,2026-11-02T10:00:00+01:00,0,2,1,,,\n",
	}
	for name, input := range inputs {
		got, err := history.Read(name, strings.NewReader(input))
		if err != nil {
			t.Fatalf("Read %s: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Read %s (-want +got):\n%s", name, diff)
		}
	}
}

// TestWriteRoundTrip writes records and reads them back; writing again
// gives the same bytes.
func TestWriteRoundTrip(t *testing.T) {
	records := append(history.Fold(scenarioEvents()), fullRecord())
	var first, second bytes.Buffer
	if err := history.Write(&first, records); err != nil {
		t.Fatal(err)
	}
	got, err := history.Read("h.jsonl", bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if diff := cmp.Diff(records, got); diff != "" {
		t.Errorf("records read back (-want +got):\n%s", diff)
	}
	if err := history.Write(&second, got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.String(), second.String()); diff != "" {
		t.Errorf("written again (-first +second):\n%s", diff)
	}
}

// TestReadGzip reads a gzip-compressed file by its extension, in the
// format of the name without it.
func TestReadGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := history.Write(zw, []history.Record{fullRecord()}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := history.Read("month.jsonl.gz", &buf)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if diff := cmp.Diff([]history.Record{fullRecord()}, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	_, err = history.Read("month.csv.gz", strings.NewReader("id,channel,created_at\nT-1,web,x\n"))
	if want := "read history month.csv.gz: gzip: invalid header"; err == nil || err.Error() != want {
		t.Errorf("Read of a file that is not gzip: %v, want %s", err, want)
	}
}
