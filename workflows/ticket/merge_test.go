package ticket

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/mock"
)

// Merging T-100 into T-200 closes T-100 without a survey, stops its clocks
// and releases its agent; T-200's workflow is signalled and notes where
// the merged ticket came from. A merge into nothing, into the ticket
// itself, or of a closed ticket is refused.
func TestMerge(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	merged := start.Add(time.Hour).UTC()

	// T-100, merged an hour after it was opened.
	h := newHarness(t, start)
	var signalled []any
	h.env.OnSignalExternalWorkflow(mock.Anything, WorkflowID("T-200"), "", SignalMerged, mock.Anything).Return(
		func(_, _, _, _ string, arg any) error {
			signalled = append(signalled, arg)
			return nil
		})
	h.at(time.Minute, Event{Kind: EventMerge, Actor: "aylin-demir"}, true)
	h.at(2*time.Minute, Event{Kind: EventMerge, Into: "T-100", Actor: "aylin-demir"}, true)
	h.at(time.Hour, Event{Kind: EventMerge, Into: "T-200", Actor: "aylin-demir"}, false)
	h.at(2*time.Hour, Event{Kind: EventMerge, Into: "T-300", Actor: "aylin-demir"}, true)
	h.query(time.Hour+time.Minute, func(s State) {
		got := struct {
			Status, MergedInto string
			ClosedAt           time.Time
			Clocks             []ClockState
			Last               Entry
		}{s.Status, s.MergedInto, s.ClosedAt, s.Clocks, s.History[len(s.History)-1]}
		want := got
		want.Status, want.MergedInto, want.ClosedAt = StatusClosed, "T-200", merged
		want.Clocks = []ClockState{
			{Metric: "first_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute, State: ClockStopped, Elapsed: time.Hour},
			{Metric: "next_reply", Calendar: "office-berlin", Target: 9*time.Hour + 30*time.Minute, State: ClockIdle},
			{Metric: "resolution", Calendar: "office-berlin", Target: 47*time.Hour + 30*time.Minute, State: ClockStopped, Elapsed: time.Hour},
		}
		want.Last = Entry{Seq: got.Last.Seq, At: merged, Type: "merged", Actor: "aylin-demir", Detail: "into T-200"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after the merge (-want +got):\n%s", diff)
		}
	})
	res := h.run(emailTicket(start))

	if res.Status != StatusClosed || res.CSAT != nil {
		t.Errorf("result %+v, want closed without a rating", res)
	}
	if got, want := h.env.Now(), merged.Add(7*24*time.Hour); !got.Equal(want) {
		t.Errorf("workflow ended at %s, want when the reopen window closed, %s", got, want)
	}
	if len(h.refused) != 3 {
		t.Errorf("refusals %q, want 3: no into, into itself, already closed", h.refused)
	}
	if got := h.notes.targets("csat_survey"); len(got) != 0 {
		t.Errorf("%d surveys sent, want none for a merged ticket", len(got))
	}
	if diff := cmp.Diff([]string{"assigned aylin-demir email", "released aylin-demir email"}, h.agents.recorded()); diff != "" {
		t.Errorf("agent load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{MergedSignal{From: "T-100"}}, signalled); diff != "" {
		t.Fatalf("signals to T-200 (-want +got):\n%s", diff)
	}

	// T-200 receives the signal T-100 sent.
	target := newHarness(t, start)
	target.env.RegisterDelayedCallback(func() { target.env.SignalWorkflow(SignalMerged, signalled[0]) }, time.Hour)
	target.query(time.Hour+time.Minute, func(s State) {
		last := s.History[len(s.History)-1]
		if diff := cmp.Diff(Entry{Seq: last.Seq, At: merged, Type: "merged_from", Detail: "T-100"}, last); diff != "" {
			t.Errorf("T-200's last entry (-want +got):\n%s", diff)
		}
	})
	target.at(2*time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "aylin-demir"}, false)
	target.at(2*time.Hour+time.Minute, Event{Kind: EventClose, Actor: "aylin-demir"}, false)
	tk := emailTicket(start)
	tk.ID, tk.ExternalID = "T-200", "mail-200"
	target.run(tk)
	if diff := cmp.Diff([]string{"T-100"}, target.events.details("merged_from")); diff != "" {
		t.Errorf("T-200's merged_from events (-want +got):\n%s", diff)
	}
}

// A merge into a ticket whose workflow cannot be signalled (it does not
// exist or has ended) stands, and the history says the other ticket was
// not told.
func TestMergeSignalFails(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.env.OnSignalExternalWorkflow(mock.Anything, WorkflowID("T-999"), "", SignalMerged, mock.Anything).
		Return(errors.New("unknown external workflow"))
	h.at(time.Hour, Event{Kind: EventMerge, Into: "T-999", Actor: "aylin-demir"}, false)
	h.query(time.Hour+time.Minute, func(s State) {
		if s.Status != StatusClosed || s.MergedInto != "T-999" {
			t.Errorf("status %s, merged into %q; want closed, merged into T-999", s.Status, s.MergedInto)
		}
	})
	h.run(emailTicket(start))
	want := []string{"ticket T-999 was not told of the merge: unknown external workflow"}
	if diff := cmp.Diff(want, h.events.details("merge_signal_failed")); diff != "" {
		t.Errorf("merge_signal_failed events (-want +got):\n%s", diff)
	}
}
