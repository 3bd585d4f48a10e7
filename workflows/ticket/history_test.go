package ticket

import (
	"bytes"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/internal/testutil"
)

// TestHistoryFold runs tickets through the workflow and folds the events
// it recorded into their records (engine/history.Fold), kept as a golden
// file: a change to what the workflow records that Fold no longer reads
// shows here.
func TestHistoryFold(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	var all bytes.Buffer

	// An email breached on first reply, answered, solved and rated.
	breached := newHarness(t, start)
	due := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin)
	reply := due.Sub(start) + 50*time.Minute
	breached.at(reply, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	breached.at(reply+10*time.Minute, Event{Kind: EventReply, From: FromCustomer, Public: true, Actor: "C-1"}, false)
	breached.at(reply+time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	breached.at(reply+2*time.Hour, Event{Kind: EventCSAT, Rating: 5, Comment: "Danke", Actor: "C-1"}, false)
	breached.run(emailTicket(start))

	// A chat answered at once, solved, reopened by the customer's reply,
	// solved again; the survey expires.
	chat := newHarness(t, start)
	tk := emailTicket(start)
	tk.ID, tk.Channel = "T-101", "chat"
	chat.at(10*time.Second, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	chat.at(time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	chat.at(2*time.Minute, Event{Kind: EventReply, From: FromCustomer, Public: true, Actor: "C-1"}, false)
	chat.at(3*time.Minute, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "ali-hassan"}, false)
	chat.at(4*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	chat.run(tk)

	events := append(breached.events.all(), chat.events.all()...)
	if err := history.Write(&all, history.Fold(events)); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/history_fold.jsonl", all.String())
}
