package daemon

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestPerformanceEvents drives a chat through the daemon with the events
// the performance measures read: answered, timed, marked and reviewed by
// a QA reviewer; the ticket's own agent may not review it, and an email is
// never answered live. The event store's events fold into the record the
// KPIs read. It records the replay history
// ticket-v3-performance-events (SUPPORTOPS_RECORD_HISTORIES=1).
func TestPerformanceEvents(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, exampleCopy(t), dir)
	defer d.Stop(context.Background())
	clients := clientsOf(t, d, dir)
	ops := clients(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	reviewer := clients(policy.Principal{ID: "daniel-krueger", Roles: []string{"agent", "senior", "qa"}, Team: "complaints"})
	ctx := t.Context()

	id := openTicket(t, ops, "trainee-order-status")
	st, err := ops.api().Ticket(ctx, id)
	if err != nil || st.Agent == "" || st.ChannelKind != "chat" {
		t.Fatalf("opened chat: %v, agent %q, channel kind %q", err, st.Agent, st.ChannelKind)
	}
	// The ticket's agent, as a supervisor: the policy grants reviews, the
	// ticket refuses this one.
	own := clients(policy.Principal{ID: st.Agent, Roles: []string{"agent", "supervisor"}})
	score := 85
	for _, ev := range []ticketwf.Event{
		{Kind: ticketwf.EventAnswer},
		{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true, HandleSeconds: 180},
		{Kind: ticketwf.EventHandle, Seconds: 60},
		{Kind: ticketwf.EventDifficult},
		{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved},
		{Kind: ticketwf.EventComplaint},
		{Kind: ticketwf.EventCommendation},
	} {
		if _, err = ops.api().PostEvent(ctx, id, apiv1.EventRequest{Event: ev}); err != nil {
			t.Fatalf("%s: %v", ev.Kind, err)
		}
	}
	qa := apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventQA, Score: &score, Comment: "polite, order number asked"}}
	_, err = own.api().PostEvent(ctx, id, qa)
	if code, msg := refusal(err); code != http.StatusBadRequest || msg != "qa: "+st.Agent+" is the agent of ticket "+id+": the ticket's own agent may not review it" {
		t.Errorf("review by the ticket's agent: %d %s, want 400 naming them", code, msg)
	}
	reviewed, err := reviewer.api().PostEvent(ctx, id, qa)
	if err != nil || reviewed.QA == nil || reviewed.QA.Score != 85 || reviewed.QA.Reviewer != "daniel-krueger" {
		t.Fatalf("review by QA: %v, %+v", err, reviewed.QA)
	}

	mail := exampleTicket(t, "trainee-order-status")
	mail.ID, mail.ExternalID, mail.Channel = "T-MAIL-1", "", "email"
	if _, err = ops.api().OpenTicket(ctx, mail); err != nil {
		t.Fatalf("open an email: %v", err)
	}
	_, err = ops.api().PostEvent(ctx, "T-MAIL-1", apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventAnswer}})
	if code, msg := refusal(err); code != http.StatusBadRequest ||
		msg != "answer: ticket T-MAIL-1 came in by email, a channel of kind email; only phone and chat contacts are answered or abandoned" {
		t.Errorf("answer on an email: %d %s, want 400", code, msg)
	}

	evs, err := d.events.List(ctx, eventstore.Filter{Stream: id})
	if err != nil {
		t.Fatal(err)
	}
	recs := history.Fold(evs)
	if len(recs) != 1 {
		t.Fatalf("%d records of %d events", len(recs), len(evs))
	}
	type perf struct {
		Channel, Team, Agent, Category, Customer string
		Answered                                 bool
		HandleSeconds, QAScore                   float64
		Complaint, Difficult, Commendation       bool
	}
	r := recs[0]
	got := perf{r.Channel, r.Team, r.Agent, r.Category, r.Customer, r.AnsweredAt != nil, deref(r.HandleSeconds), deref(r.QAScore), r.Complaint, r.Difficult, r.Commendation}
	want := perf{"chat", st.Team, st.Agent, st.Ticket.Category, st.Ticket.Customer.ID, true, 240, 85, true, true, true}
	if diff := cmp.Diff(want, got); diff != "" || st.Team == "" {
		t.Errorf("folded record (team %q) (-want +got):\n%s", st.Team, diff)
	}

	recordHistory(t, d, id, "ticket-v3-performance-events")
}

func deref(f *float64) float64 {
	if f == nil {
		return -1
	}
	return *f
}
