package ticket

import (
	"bytes"
	"testing"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/internal/testutil"
)

// TestHistoryFold runs tickets through the workflow as it ran before
// performanceVersion, when entries recorded their details only, and folds
// the events it recorded into their records (engine/history.Fold), kept as
// a golden file: Fold still reads the events of tickets opened back then.
func TestHistoryFold(t *testing.T) {
	events := foldScenarios(t, true)
	testutil.Golden(t, "testdata/history_fold.jsonl", foldRecords(t, events))
}

// TestHistoryFoldPerformance folds the same tickets run by today's
// workflow, which records each entry's facts as values, and two live
// contacts with the performance events: a chat answered, timed, marked and
// reviewed twice, and a phone call abandoned. A change to what the
// workflow records that Fold no longer reads shows here.
func TestHistoryFoldPerformance(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	events := foldScenarios(t, false)

	chat := newHarness(t, start)
	tk := emailTicket(start.Add(time.Hour))
	tk.ID, tk.Channel, tk.Category, tk.Customer.ID = "T-102", "chat", "payment", "C-2"
	chat.env.SetStartTime(tk.CreatedAt)
	chat.at(15*time.Second, Event{Kind: EventAnswer, Actor: "lukas-neumann"}, false)
	chat.at(25*time.Second, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "lukas-neumann", HandleSeconds: 200}, false)
	chat.at(time.Minute, Event{Kind: EventReply, From: FromAgent, Actor: "lukas-neumann", HandleSeconds: 40}, false)
	chat.at(2*time.Minute, Event{Kind: EventHandle, Seconds: 60, Actor: "lukas-neumann"}, false)
	chat.at(3*time.Minute, Event{Kind: EventDifficult, Actor: "lukas-neumann"}, false)
	chat.at(4*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "lukas-neumann"}, false)
	chat.at(5*time.Minute, Event{Kind: EventCSAT, Rating: 2, Actor: "C-2"}, false)
	chat.at(6*time.Minute, Event{Kind: EventComplaint, Actor: "C-2"}, false)
	chat.at(7*time.Minute, Event{Kind: EventCommendation, Actor: "C-2"}, false)
	chat.at(time.Hour, Event{Kind: EventQA, Score: qaScore(60), Actor: "sabine-mueller"}, false)
	chat.at(2*time.Hour, Event{Kind: EventQA, Score: qaScore(75), Actor: "katrin-schwarz", Comment: "calm under pressure"}, false)
	chat.run(tk)

	phone := newHarness(t, start)
	tk = emailTicket(start.Add(2 * time.Hour))
	tk.ID, tk.Channel, tk.Customer.ID = "T-103", "phone", "C-3"
	phone.env.SetStartTime(tk.CreatedAt)
	phone.at(45*time.Second, Event{Kind: EventAbandon, Actor: "C-3"}, false)
	phone.at(2*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "sabine-mueller"}, false)
	phone.at(3*time.Minute, Event{Kind: EventClose, Actor: "sabine-mueller"}, false)
	phone.run(tk)

	events = append(events, chat.events.all()...)
	events = append(events, phone.events.all()...)
	testutil.Golden(t, "testdata/history_fold_performance.jsonl", foldRecords(t, events))
}

// foldScenarios runs two tickets through the workflow, as it ran before
// performanceVersion when old is set, and returns the events recorded.
func foldScenarios(t *testing.T, old bool) []eventstore.Event {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	pin := func(h *harness) *harness {
		if old {
			h.env.OnGetVersion(performanceVersion, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
		}
		return h
	}

	// An email breached on first reply, answered, solved and rated.
	breached := pin(newHarness(t, start))
	due := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin)
	reply := due.Sub(start) + 50*time.Minute
	breached.at(reply, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	breached.at(reply+10*time.Minute, Event{Kind: EventReply, From: FromCustomer, Public: true, Actor: "C-1"}, false)
	breached.at(reply+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	breached.at(reply+2*time.Hour, Event{Kind: EventCSAT, Rating: 5, Comment: "Danke", Actor: "C-1"}, false)
	breached.run(emailTicket(start))

	// A chat answered at once, solved, reopened by the customer's reply,
	// solved again; the survey expires.
	chat := pin(newHarness(t, start))
	tk := emailTicket(start)
	tk.ID, tk.Channel = "T-101", "chat"
	chat.at(10*time.Second, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	chat.at(time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	chat.at(2*time.Minute, Event{Kind: EventReply, From: FromCustomer, Public: true, Actor: "C-1"}, false)
	chat.at(3*time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	chat.at(4*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	chat.run(tk)

	return append(breached.events.all(), chat.events.all()...)
}

// foldRecords folds events into records, as JSON Lines.
func foldRecords(t *testing.T, events []eventstore.Event) string {
	t.Helper()
	var all bytes.Buffer
	if err := history.Write(&all, history.Fold(events)); err != nil {
		t.Fatal(err)
	}
	return all.String()
}
