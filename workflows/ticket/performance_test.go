package ticket

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/engine/event"
	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

func qaScore(n int) *int { return &n }

// A chat answered after 20 seconds: its performance events are kept in the
// state, the refused ones say why, and every entry is recorded with its
// facts as values.
func TestPerformanceEvents(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	h := newHarness(t, start)
	tk := emailTicket(start)
	tk.ID, tk.Channel = "T-101", "chat" // routed to lukas-neumann
	h.at(20*time.Second, Event{Kind: EventAnswer, Actor: "lukas-neumann"}, false)
	h.at(21*time.Second, Event{Kind: EventAbandon, Actor: "C-1"}, true)
	h.at(25*time.Second, Event{Kind: EventReply, From: FromAgent, Public: true, Actor: "lukas-neumann", HandleSeconds: 120}, false)
	h.at(31*time.Second, Event{Kind: EventReply, From: FromCustomer, Public: true, Actor: "C-1", HandleSeconds: 5}, true)
	h.at(40*time.Second, Event{Kind: EventReply, From: FromAgent, Actor: "lukas-neumann", HandleSeconds: 30}, false) // internal note
	h.at(time.Minute, Event{Kind: EventHandle, Seconds: 90, Actor: "lukas-neumann"}, false)
	h.at(61*time.Second, Event{Kind: EventHandle, Seconds: tkt.MaxHandleSeconds + 1, Actor: "lukas-neumann"}, true)
	h.at(2*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "lukas-neumann"}, false)
	h.at(3*time.Minute, Event{Kind: EventComplaint, Actor: "C-1"}, false)
	h.at(4*time.Minute, Event{Kind: EventDifficult, Actor: "sabine-mueller"}, false)
	h.at(5*time.Minute, Event{Kind: EventCommendation, Actor: "C-1"}, false)
	h.at(6*time.Minute, Event{Kind: EventQA, Score: qaScore(70), Actor: "sabine-mueller", Comment: "first look"}, false)
	h.at(7*time.Minute, Event{Kind: EventQA, Score: qaScore(85), Actor: "katrin-schwarz", Comment: "good tone"}, false)
	var ownType string
	workflowtest.UpdateAt(h.env, 8*time.Minute, UpdateEvent, Event{Kind: EventQA, Score: qaScore(100), Actor: "lukas-neumann"}, func(err error) {
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) {
			ownType = appErr.Type()
		}
	})
	h.query(9*time.Minute, func(s State) {
		type perf struct {
			ChannelKind, Team       string
			AnsweredAt, AbandonedAt time.Time
			HandleSeconds           int
			QA                      *tkt.QA
			Complaint, Difficult    bool
			Commendation            bool
		}
		got := perf{s.ChannelKind, s.Team, s.AnsweredAt, s.AbandonedAt, s.HandleSeconds, s.QA, s.Complaint, s.Difficult, s.Commendation}
		want := perf{
			ChannelKind: "chat", Team: "after-sales", AnsweredAt: start.Add(20 * time.Second).UTC(), HandleSeconds: 120 + 30 + 90,
			QA:        &tkt.QA{Score: 85, Reviewer: "katrin-schwarz", Notes: "good tone", At: start.Add(7 * time.Minute).UTC()},
			Complaint: true, Difficult: true, Commendation: true,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("state (-want +got):\n%s", diff)
		}
	})
	h.run(tk)

	if ownType != event.ErrOwnTicketReview {
		t.Errorf("the agent's review of their own ticket: error type %q, want %q", ownType, event.ErrOwnTicketReview)
	}
	wantRefused := []string{
		"abandon at 21s: abandon: the contact was answered at 2026-11-16T08:00:20Z",
		"reply at 31s: reply: handle_seconds is an agent's; the customer's reply has none",
		"handle at 1m1s: handle: seconds must be 1 to 86400, got 86401",
	}
	if diff := cmp.Diff(wantRefused, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	// What the event store holds: each entry's data beside its detail.
	type recorded struct{ Type, Actor, Data string }
	var got []recorded
	for _, e := range h.events.all() {
		var fields map[string]any
		if err := json.Unmarshal(e.Data, &fields); err != nil {
			t.Fatal(err)
		}
		delete(fields, "status")
		delete(fields, "queue")
		delete(fields, "priority")
		b, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		switch e.Type {
		case event.SLAApplied, event.SLAWarning, event.Closed, event.CSATExpired:
			continue
		}
		got = append(got, recorded{e.Type, e.Actor, string(b)})
	}
	want := []recorded{
		{"opened", "", `{"category":"returns","channel":"chat","customer":"C-1","detail":"Where is my refund? via chat","language":"de","tier":"standard"}`},
		{"routed", "", `{"agent":"lukas-neumann","channel_kind":"chat","detail":"priority P4, queue after-sales, agent lukas-neumann","team":"after-sales"}`},
		{"answered", "lukas-neumann", `{"detail":"after 20s"}`},
		{"reply", "lukas-neumann", `{"detail":"agent","from":"agent","handle_seconds":120,"public":true}`},
		{"sla_met", "", `{"detail":"first_reply met after 25s (target 30s)","metric":"first_reply","target_seconds":30}`},
		{"note", "lukas-neumann", `{"detail":"internal note","from":"agent","handle_seconds":30,"public":false}`},
		{"handled", "lukas-neumann", `{"detail":"90s","seconds":90}`},
		{"status", "lukas-neumann", `{"detail":"open → solved"}`},
		{"solved", "", `{"detail":""}`},
		{"complained", "C-1", `{"detail":""}`},
		{"marked_difficult", "sabine-mueller", `{"detail":""}`},
		{"commended", "C-1", `{"detail":""}`},
		{"qa_reviewed", "sabine-mueller", `{"detail":"score 70","notes":"first look","score":70}`},
		{"qa_reviewed", "katrin-schwarz", `{"detail":"score 85","notes":"good tone","score":85}`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recorded events (-want +got):\n%s", diff)
	}
}

// Answering and abandoning are for live contacts: an email refuses them.
func TestAnswerRefusedOnEmail(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(time.Minute, Event{Kind: EventAnswer, Actor: "katrin-schwarz"}, true)
	h.at(2*time.Minute, Event{Kind: EventAbandon, Actor: "C-1"}, true)
	h.at(3*time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(4*time.Minute, Event{Kind: EventClose}, false)
	h.run(emailTicket(start))
	want := []string{
		"answer at 1m0s: answer: ticket T-100 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned",
		"abandon at 2m0s: abandon: ticket T-100 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned",
	}
	if diff := cmp.Diff(want, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
}

// A review accepted while a reassignment to the reviewer waits to be
// applied is checked again when it applies: the reviewer is then the
// ticket's agent, and the review is refused.
func TestReviewRecheckedWhenApplied(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(time.Minute, Event{Kind: EventReassign, Agent: "ali-hassan", Actor: "sabine-mueller"}, false)
	var errType string
	workflowtest.UpdateAt(h.env, time.Minute, UpdateEvent, Event{Kind: EventQA, Score: qaScore(90), Actor: "ali-hassan"}, func(err error) {
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) {
			errType = appErr.Type()
		}
	})
	h.query(2*time.Minute, func(s State) {
		if s.Agent != "ali-hassan" || s.QA != nil {
			t.Errorf("agent %s, review %+v; want ali-hassan and no review", s.Agent, s.QA)
		}
	})
	h.at(3*time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(4*time.Minute, Event{Kind: EventClose}, false)
	h.run(emailTicket(start))
	if errType != event.ErrOwnTicketReview {
		t.Errorf("the review: error type %q, want %q", errType, event.ErrOwnTicketReview)
	}
}

// The validator judges an event by the ticket as the events queued before
// it will leave it: an abandon sent with an answer still queued is
// refused (the answer's time unknown yet, the last entry's stands for it).
func TestAbandonAfterQueuedAnswer(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin)
	h := newHarness(t, start)
	tk := emailTicket(start)
	tk.ID, tk.Channel = "T-101", "chat"
	// The reassignment waits for its activity: the answer and the abandon
	// are validated while it applies, the answer still queued.
	h.at(10*time.Second, Event{Kind: EventReassign, Agent: "ali-hassan", Actor: "sabine-mueller"}, false)
	h.at(10*time.Second, Event{Kind: EventAnswer, Actor: "ali-hassan"}, false)
	h.at(10*time.Second, Event{Kind: EventAbandon, Actor: "C-1"}, true)
	h.at(time.Minute, Event{Kind: EventStatus, Status: StatusSolved}, false)
	h.at(2*time.Minute, Event{Kind: EventClose}, false)
	h.run(tk)
	want := []string{"abandon at 10s: abandon: the contact was answered at 2026-11-16T08:00:00Z"}
	if diff := cmp.Diff(want, h.refused); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
}

// An answer sent with the start, in the ticket's first workflow task, is
// validated before the run knows its versions and its channel's kind: on a
// chat it applies; on an email it is refused once the ticket is routed.
func TestAnswerWithTheStart(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin) // Monday
	for _, tc := range []struct {
		channel, wantType string
		answered          bool
	}{
		{channel: "chat", answered: true},
		{channel: "email", wantType: event.ErrEventDoesNotFit},
	} {
		t.Run(tc.channel, func(t *testing.T) {
			h := newHarness(t, start)
			tk := emailTicket(start)
			tk.ID, tk.Channel = "T-102", tc.channel
			var gotType, msg string
			workflowtest.UpdateAt(h.env, 0, UpdateEvent, Event{Kind: EventAnswer, Actor: "lukas-neumann"}, func(err error) {
				var appErr *temporal.ApplicationError
				switch {
				case errors.As(err, &appErr):
					gotType, msg = appErr.Type(), appErr.Message()
				case err != nil:
					msg = err.Error()
				}
			})
			h.at(2*time.Minute, Event{Kind: EventStatus, Status: StatusSolved, Actor: "lukas-neumann"}, false)
			h.query(time.Minute, func(s State) {
				if got := !s.AnsweredAt.IsZero(); got != tc.answered {
					t.Errorf("answered %v, want %v", got, tc.answered)
				}
			})
			h.run(tk)
			if gotType != tc.wantType {
				t.Errorf("error type %q (%s), want %q", gotType, msg, tc.wantType)
			}
			if tc.wantType != "" && msg != "answer: ticket T-102 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned" {
				t.Errorf("refusal %q", msg)
			}
		})
	}
}
