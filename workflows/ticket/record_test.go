package ticket

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/eventstore"
)

// TestRecordReplacesLostTask is defect 1 of issue 11: a workflow task
// records entries through a local activity and is lost before it
// completes (the daemon killed), leaving entries the history never holds.
// Here the store starts with such leftovers of ticket T-100: entry 3 with
// another type and time, and entries far beyond the history's end. The
// ticket must run to its end (a conflict ended it before), and the store
// must then hold exactly its history: each entry once, as the workflow
// has it, and no leftover.
func TestRecordReplacesLostTask(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	var leftovers []eventstore.Event
	for _, seq := range []int{3, 4, 40} {
		leftovers = append(leftovers, eventstore.Event{
			ID: EventID("T-100", seq), Stream: "T-100", Seq: seq, Type: "phantom", At: start.Add(-time.Hour),
		})
	}
	if _, err := h.events.Append(context.Background(), leftovers...); err != nil {
		t.Fatal(err)
	}
	var history []Entry
	h.at(time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "julia-wagner"}, false)
	h.at(2*time.Minute, Event{Kind: EventReply, From: FromCustomer, Actor: "C-1"}, false)
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(2*time.Hour, Event{Kind: EventCSAT, Rating: 5}, false)
	h.query(3*time.Hour, func(s State) { history = s.History })
	h.run(emailTicket(start))

	want := make([]string, len(history))
	for i, e := range history {
		want[i] = fmt.Sprintf("%s %d %s %s", EventID("T-100", e.Seq), e.Seq, e.Type, e.At.Format(time.RFC3339))
	}
	stored := h.events.all()
	got := make([]string, len(stored))
	for i, e := range stored {
		got[i] = fmt.Sprintf("%s %d %s %s", e.ID, e.Seq, e.Type, e.At.Format(time.RFC3339))
	}
	if len(want) < 5 {
		t.Fatalf("the history has %d entries, want the lifecycle's: %q", len(want), want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored events against the history (-want +got):\n%s", diff)
	}
}
