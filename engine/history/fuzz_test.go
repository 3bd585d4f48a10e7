package history_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
)

// FuzzReadJSONL reads arbitrary JSON Lines: no panic, and what reads
// is written and read again to the same records.
func FuzzReadJSONL(f *testing.F) {
	var buf bytes.Buffer
	if err := history.Write(&buf, append(history.Fold(scenarioEvents()), fullRecord())); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add("{" + minimal + "}\n")
	f.Add("{" + minimal + `,"sla":{"resolution":{"target_seconds":1e3,"breached":true}}}`)
	f.Add(`{"id":"T-1","x":null}`)
	f.Fuzz(func(t *testing.T, input string) {
		roundTrip(t, "h.jsonl", input)
	})
}

// FuzzReadCSV reads arbitrary CSV: no panic, and what reads is written
// (as JSON Lines) and read again to the same records.
func FuzzReadCSV(f *testing.F) {
	f.Add(csvHeader + "T-1,web,2026-11-02T09:00:00Z,1,1,0,5,3600,false\n")
	f.Add(csvHeader + "T-1,web,2026-11-02T09:00:00.5-03:00,1,1,0,,,\n\"T-2\",web,x\n")
	f.Add("id,channel\n\"a")
	f.Fuzz(func(t *testing.T, input string) {
		roundTrip(t, "h.csv", input)
	})
}

func roundTrip(t *testing.T, name, input string) {
	recs, err := history.Read(name, strings.NewReader(input))
	if err != nil {
		if recs != nil {
			t.Fatalf("Read returned %d records and %v", len(recs), err)
		}
		return
	}
	var buf bytes.Buffer
	if err := history.Write(&buf, recs); err != nil {
		t.Fatalf("Write what Read read: %v", err)
	}
	written := buf.String()
	again, againErr := history.Read("again.jsonl", &buf)
	if againErr != nil {
		t.Fatalf("Read what Write wrote: %v\n%s", againErr, written)
	}
	if diff := cmp.Diff(recs, again); diff != "" {
		t.Fatalf("read again (-first +again):\n%s", diff)
	}
}
