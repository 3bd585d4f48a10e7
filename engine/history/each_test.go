package history_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
)

// manyRecords are n records, several MB of JSON Lines (many of Each's
// batches), with SLA maps of different metrics, optional values present
// and absent, and times in three zones.
func manyRecords(n int) []history.Record {
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -5*3600-1800)}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]history.Record, n)
	for i := range recs {
		created := start.Add(time.Duration(i) * time.Minute).In(zones[i%len(zones)])
		r := history.Record{
			ID: fmt.Sprintf("T-%d", i), Channel: []string{"web", "phone", "chat"}[i%3],
			Queue: fmt.Sprintf("q-%d", i%7), Agent: fmt.Sprintf("agent-%d", i%50), Customer: fmt.Sprintf("C-%d", i%900),
			Language: "pt-BR", CreatedAt: created, AgentReplies: i % 4, Contacts: 1 + i%2, Reopened: i % 5 / 4,
			Complaint: i%11 == 0, Drill: i%97 == 0,
		}
		if i%3 != 0 {
			solved := created.Add(time.Duration(i%500) * time.Second)
			handle, csat, qa := float64(i%1000)+0.25, 1+i%5, float64(i%101)
			r.SolvedAt, r.HandleSeconds, r.CSAT, r.QAScore = &solved, &handle, &csat, &qa
		}
		switch i % 4 {
		case 0:
			r.SLA = map[string]history.SLAResult{"first_reply": {TargetSeconds: 3600}, "resolution": {TargetSeconds: 86400, Breached: i%8 == 0}}
		case 1:
			r.SLA = map[string]history.SLAResult{"next_reply": {TargetSeconds: float64(i), Breached: true}}
		} // else none: Write leaves out an empty map
		recs[i] = r
	}
	return recs
}

// TestEachInOrder reads a file of many batches: Each hands over every
// record in the file's order, and Read keeps each with its own SLA map
// (Each reuses the maps it hands over).
func TestEachInOrder(t *testing.T) {
	want := manyRecords(12_000)
	var buf bytes.Buffer
	if err := history.Write(&buf, want); err != nil {
		t.Fatal(err)
	}
	if buf.Len() < 2<<20 {
		t.Fatalf("%d bytes, want several batches", buf.Len())
	}
	var ids []string
	err := history.Each("h.jsonl", bytes.NewReader(buf.Bytes()), func(r *history.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	var wantIDs []string
	for _, r := range want {
		wantIDs = append(wantIDs, r.ID)
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("Each's order (-want +got):\n%s", diff)
	}
	got, err := history.Read("h.jsonl", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
}

// TestEachErrorsAcrossBatches puts bad lines in the first, a middle and
// the last batch: every one is reported with its line number, in order,
// and fn sees no record after the first bad line.
func TestEachErrorsAcrossBatches(t *testing.T) {
	var buf bytes.Buffer
	if err := history.Write(&buf, manyRecords(12_000)); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	bad := map[int]string{3: `{"id":"T-x"}` + "\n", 6000: "\n", 6001: "{oops\n", 12_000: `{"id":"T-y","x":1}`}
	for n, line := range bad {
		lines[n-1] = line
	}
	seen := 0
	err := history.Each("h.jsonl", strings.NewReader(strings.Join(lines, "")), func(*history.Record) error {
		seen++
		return nil
	})
	var errs history.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Each: %v, want history.Errors", err)
	}
	want := []string{
		"h.jsonl:3: channel: missing", "h.jsonl:3: created_at: missing", "h.jsonl:3: agent_replies: missing",
		"h.jsonl:3: contacts: missing", "h.jsonl:3: reopened: missing",
		"h.jsonl:6001: invalid JSON: invalid character 'o' looking for beginning of object key string",
		"h.jsonl:12000: channel: missing", "h.jsonl:12000: created_at: missing", "h.jsonl:12000: agent_replies: missing",
		"h.jsonl:12000: contacts: missing", "h.jsonl:12000: reopened: missing", "h.jsonl:12000: x: unknown field",
	}
	if diff := cmp.Diff(want, strings.Split(errs.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if seen != 2 {
		t.Errorf("fn saw %d records, want the 2 before the first bad line", seen)
	}
}

// TestEachStops: an error of fn stops the reading and is returned as is;
// a failure to read is returned wrapped with the file's name.
func TestEachStops(t *testing.T) {
	var buf bytes.Buffer
	if err := history.Write(&buf, manyRecords(12_000)); err != nil {
		t.Fatal(err)
	}
	errEnough := errors.New("enough")
	seen := 0
	err := history.Each("h.jsonl", bytes.NewReader(buf.Bytes()), func(*history.Record) error {
		seen++
		if seen == 10 {
			return errEnough
		}
		return nil
	})
	if err != errEnough || seen != 10 {
		t.Errorf("Each with fn failing at the 10th record: %v after %d records, want %v after 10", err, seen, errEnough)
	}
	broken := io.MultiReader(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), iotest.ErrReader(errors.New("disk on fire")))
	err = history.Each("h.jsonl", broken, func(*history.Record) error { return nil })
	if want := "read history h.jsonl: disk on fire"; err == nil || err.Error() != want {
		t.Errorf("Each of a failing reader: %v, want %s", err, want)
	}
	recs, err := history.Read("h.jsonl", io.MultiReader(strings.NewReader("{"+minimal+"}\n"), iotest.ErrReader(errors.New("gone"))))
	if want := "read history h.jsonl: gone"; recs != nil || err == nil || err.Error() != want {
		t.Errorf("Read of a failing reader: %d records, %v, want none and %s", len(recs), err, want)
	}
}

// TestEachLongLine reads a line longer than a batch.
func TestEachLongLine(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	input := "{" + minimal + "}\n{" + minimal + `,"customer":"` + long + `"}` + "\n{" + minimal + "}"
	recs, err := history.Read("h.jsonl", strings.NewReader(input))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(recs) != 3 || recs[1].Customer != long {
		t.Errorf("Read %d records, want 3 with the long customer in the second", len(recs))
	}
}
