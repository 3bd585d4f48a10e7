package ticket

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

// TestTenThousandEvents is defect 3 of issue 11: one ticket receives
// 10,000 events. Its workflow continues as new whenever a run grows long,
// each run taking over the state of the one before; every event applies
// exactly once, the ticket ends normally, and the event store holds its
// whole history, each entry once and in order.
func TestTenThousandEvents(t *testing.T) {
	const total = 10_000
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	snaps, store := loadExample(t), &memEvents{}
	agents := &recordingAgents{fixedAgents: loadAgents(t, "day")}
	in := Input{Ticket: emailTicket(start), Config: snaps.snap.Hash}
	event := func(i int) Event {
		if i == total-1 {
			return Event{Kind: EventStatus, Status: StatusSolved, Actor: "julia-wagner"}
		}
		if i%500 == 499 {
			// Performance events carry over too: 19 of them by the end.
			return Event{Kind: EventHandle, Seconds: 2, Actor: "julia-wagner"}
		}
		if i%2 == 0 {
			return Event{Kind: EventReply, From: FromCustomer, Actor: "C-1", BodyRef: fmt.Sprintf("sha256:%064x", i), BodySize: 1 << 16}
		}
		return Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "julia-wagner"}
	}
	applied, runs := 0, 0
	var last State
	for now := start; ; runs++ {
		if runs > total/maxRunEntries*3 {
			t.Fatalf("%d runs for %d events", runs, total)
		}
		env := workflowtest.NewEnv(now, WorkflowName, Workflow,
			&Activities{Snapshots: snaps, Agents: agents, Events: store, Notifier: &notes{}})
		// This run gets the events not applied yet, one a second after
		// the other is answered; one sent once it has continued as new
		// goes to the next run.
		var send func(i int)
		send = func(i int) {
			if i == total {
				if v, err := env.QueryWorkflow(QueryState); err == nil {
					_ = v.Get(&last)
				}
				return
			}
			env.UpdateWorkflow(UpdateEvent, fmt.Sprintf("u-%d", i), &testsuite.TestUpdateCallback{
				OnAccept: func() {},
				OnReject: func(err error) { t.Errorf("event %d rejected: %v", i, err) },
				OnComplete: func(_ any, err error) {
					if err != nil {
						return
					}
					applied++
					env.RegisterDelayedCallback(func() { send(i + 1) }, time.Second)
				},
			}, event(i))
		}
		first := applied
		env.RegisterDelayedCallback(func() { send(first) }, time.Second)
		env.ExecuteWorkflow(WorkflowName, in)
		if !env.IsWorkflowCompleted() {
			t.Fatal("run did not complete")
		}
		err := env.GetWorkflowError()
		var cont *workflow.ContinueAsNewError
		if !errors.As(err, &cont) {
			if err != nil {
				t.Fatalf("run %d ended with %v", runs, err)
			}
			break
		}
		next := Input{}
		if err := converter.GetDefaultDataConverter().FromPayloads(cont.Input, &next); err != nil {
			t.Fatal(err)
		}
		if next.Carry == nil || next.Carry.Seq-(in.carrySeq()) < maxRunEntries {
			t.Fatalf("run %d continued without carrying a long history: %+v", runs, next.Carry)
		}
		if !next.Carry.Performance {
			t.Errorf("run %d continued without performance events", runs)
		}
		if got := len(next.Carry.State.History); got != carriedEntries {
			t.Errorf("run %d carried %d history entries, want the last %d", runs, got, carriedEntries)
		}
		in, now = next, next.Carry.State.History[len(next.Carry.State.History)-1].At
	}
	if applied != total {
		t.Fatalf("%d events applied, want %d", applied, total)
	}
	if runs < total/maxRunEntries {
		t.Errorf("%d runs, want at least %d (a run holds up to %d entries)", runs+1, total/maxRunEntries, maxRunEntries)
	}
	stored := store.all()
	for i, e := range stored {
		if e.Seq != i+1 || e.ID != EventID("T-100", i+1) {
			t.Fatalf("stored event %d is %s (seq %d), want seq %d: each entry once, in order", i, e.ID, e.Seq, i+1)
		}
	}
	// After the last event the survey expires and the ticket closes.
	var after []string
	for _, e := range stored[min(last.HistoryTotal, len(stored)):] {
		after = append(after, e.Type)
	}
	if diff := cmp.Diff([]string{"csat_expired", "closed"}, after); diff != "" || len(stored) < total {
		t.Errorf("the store holds %d entries, the state after the last event %d; what came after (-want +got):\n%s", len(stored), last.HistoryTotal, diff)
	}
	if last.Status != StatusSolved || last.HandleSeconds != 19*2 {
		t.Errorf("status %s and %d handle seconds at the end, want solved and %d", last.Status, last.HandleSeconds, 19*2)
	}
	t.Logf("%d events, %d history entries, %d runs", applied, len(stored), runs+1)
}

// carrySeq is the seq a run starts at.
func (in Input) carrySeq() int {
	if in.Carry == nil {
		return 0
	}
	return in.Carry.Seq
}
