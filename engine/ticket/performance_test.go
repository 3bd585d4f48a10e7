package ticket

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func score(n int) *int { return &n }

// TestCheckPerformance: each performance event against the ticket it
// would apply to, with the exact refusal.
func TestCheckPerformance(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	chat := State{Ticket: Ticket{ID: "T-1", Channel: "chat"}, ChannelKind: "chat", Status: StatusOpen, Agent: "ali-hassan"}
	email := State{Ticket: Ticket{ID: "T-2", Channel: "email"}, ChannelKind: "email", Status: StatusOpen, Agent: "ali-hassan"}
	answered, abandoned, closed := chat, chat, chat
	answered.AnsweredAt, abandoned.AbandonedAt, closed.Status = at, at, StatusClosed
	tests := []struct {
		name   string
		st     State
		ev     Event
		want   string // "" when it applies
		reason string
	}{
		{"answer chat", chat, Event{Kind: EventAnswer}, "", "a live contact is picked up"},
		{"answer phone", State{ChannelKind: "phone"}, Event{Kind: EventAnswer}, "", "phone is live too"},
		{"answer email", email, Event{Kind: EventAnswer},
			"answer: ticket T-2 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned", "an email is not answered live"},
		{"answer unknown kind", State{Ticket: Ticket{ID: "T-3", Channel: "chat"}}, Event{Kind: EventAnswer},
			"answer: ticket T-3 came in by chat, a channel of kind (unknown); only phone and chat contacts are answered or abandoned", "a ticket routed before the kind was kept"},
		{"answer twice", answered, Event{Kind: EventAnswer}, "answer: the contact was answered at 2026-11-23T09:00:00Z", "one pick-up"},
		{"abandon after answer", answered, Event{Kind: EventAbandon}, "abandon: the contact was answered at 2026-11-23T09:00:00Z", "an answered contact is not abandoned"},
		{"answer after abandon", abandoned, Event{Kind: EventAnswer}, "answer: the customer abandoned the contact at 2026-11-23T09:00:00Z", "nobody is left to answer"},
		{"abandon closed", closed, Event{Kind: EventAbandon}, "abandon: the ticket is closed", "a closed ticket is over"},
		{"abandon", chat, Event{Kind: EventAbandon}, "", "the customer hung up"},
		{"handle", email, Event{Kind: EventHandle, Seconds: 300}, "", "five minutes"},
		{"handle a day", email, Event{Kind: EventHandle, Seconds: MaxHandleSeconds}, "", "the bound"},
		{"handle over a day", email, Event{Kind: EventHandle, Seconds: MaxHandleSeconds + 1}, "handle: seconds must be 1 to 86400, got 86401", "past the bound"},
		{"handle none", email, Event{Kind: EventHandle}, "handle: seconds must be 1 to 86400, got 0", "no time"},
		{"handle closed", closed, Event{Kind: EventHandle, Seconds: 60}, "", "wrap-up after the close"},
		{"reply handle", email, Event{Kind: EventReply, From: FromAgent, HandleSeconds: 120}, "", "an agent's reply took two minutes"},
		{"reply no handle", email, Event{Kind: EventReply, From: FromCustomer}, "", "nothing to check"},
		{"customer handle", email, Event{Kind: EventReply, From: FromCustomer, HandleSeconds: 5}, "reply: handle_seconds is an agent's; the customer's reply has none", "customers have no handle time"},
		{"reply negative", email, Event{Kind: EventReply, From: FromAgent, HandleSeconds: -5}, "reply: handle_seconds must be 1 to 86400, got -5", "negative time"},
		{"qa", email, Event{Kind: EventQA, Score: score(85), Actor: "sabine-mueller", Comment: "good tone"}, "", "a team lead reviews"},
		{"qa zero", closed, Event{Kind: EventQA, Score: score(0), Actor: "sabine-mueller"}, "", "0 is a score, and closed tickets are reviewed"},
		{"qa no score", email, Event{Kind: EventQA, Actor: "sabine-mueller"}, "qa: no score given", "a review scores"},
		{"qa over", email, Event{Kind: EventQA, Score: score(101), Actor: "sabine-mueller"}, "qa: score must be 0 to 100, got 101", "past the bound"},
		{"qa under", email, Event{Kind: EventQA, Score: score(-1), Actor: "sabine-mueller"}, "qa: score must be 0 to 100, got -1", "under the bound"},
		{"qa nobody", email, Event{Kind: EventQA, Score: score(50)}, "qa: no reviewer (actor)", "a review has a reviewer"},
		{"qa long notes", email, Event{Kind: EventQA, Score: score(50), Actor: "sabine-mueller", Comment: strings.Repeat("x", MaxNotesLength+1)},
			"qa: notes are 4097 bytes, at most 4096", "bounded notes"},
		{"qa own", email, Event{Kind: EventQA, Score: score(100), Actor: "ali-hassan"},
			"qa: ali-hassan is the agent of ticket T-2: the ticket's own agent may not review it", "never one's own ticket"},
		{"qa for own", email, Event{Kind: EventQA, Score: score(100), Actor: "sabine-mueller", OnBehalfOf: "ali-hassan"},
			"qa: ali-hassan is the agent of ticket T-2: the ticket's own agent may not review it", "nor through someone else"},
		{"complaint", closed, Event{Kind: EventComplaint}, "", "complaints come after the close"},
		{"difficult", email, Event{Kind: EventDifficult}, "", "any ticket"},
		{"commendation", email, Event{Kind: EventCommendation}, "", "any ticket"},
		{"not one", email, Event{Kind: EventStatus}, `"status" is not a performance event`, "another kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if err := CheckPerformance(tc.st, tc.ev); err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
	err := CheckPerformance(email, Event{Kind: EventQA, Score: score(1), Actor: "ali-hassan"})
	if !errors.Is(err, ErrOwnReview) {
		t.Errorf("own review: %v is not ErrOwnReview", err)
	}
}

// TestApplyPerformance: the events of a chat applied in turn.
func TestApplyPerformance(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var st State
	for i, ev := range []Event{
		{Kind: EventAnswer},
		{Kind: EventReply, From: FromAgent, HandleSeconds: 90},
		{Kind: EventHandle, Seconds: 30},
		{Kind: EventQA, Score: score(70), Actor: "lena-fischer"},
		{Kind: EventQA, Score: score(85), Actor: "sabine-mueller", Comment: "second look"},
		{Kind: EventComplaint},
		{Kind: EventDifficult},
		{Kind: EventCommendation},
	} {
		ApplyPerformance(&st, ev, at.Add(time.Duration(i)*time.Minute))
	}
	want := State{
		AnsweredAt: at, HandleSeconds: 120,
		QA:        &QA{Score: 85, Reviewer: "sabine-mueller", Notes: "second look", At: at.Add(4 * time.Minute)},
		Complaint: true, Difficult: true, Commendation: true,
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	var ab State
	ApplyPerformance(&ab, Event{Kind: EventAbandon}, at)
	if !ab.AbandonedAt.Equal(at) {
		t.Errorf("abandoned at %s, want %s", ab.AbandonedAt, at)
	}
	for _, k := range []string{EventAnswer, EventAbandon, EventHandle, EventQA, EventComplaint, EventDifficult, EventCommendation} {
		if !Performance(k) {
			t.Errorf("Performance(%q) = false", k)
		}
	}
	if Performance(EventReply) || Live("email") || !Live("phone") {
		t.Error("reply is no performance event; email is not live, phone is")
	}
}
