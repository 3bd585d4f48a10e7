package history_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/internal/testutil"
)

// t0 is when the scenarios start.
var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// stream builds a ticket's events as the ticket workflow records them:
// each under "<ticket>/<seq>", its data the entry's detail and the
// ticket's status, queue and priority.
type stream struct {
	id     string
	drill  bool
	events []eventstore.Event
	status string
	queue  string
	prio   string
}

func (s *stream) add(after time.Duration, typ, actor, detail string) *stream {
	seq := len(s.events) + 1
	data, _ := json.Marshal(map[string]string{"detail": detail, "status": s.status, "queue": s.queue, "priority": s.prio})
	s.events = append(s.events, eventstore.Event{
		ID: fmt.Sprintf("%s/%05d", s.id, seq), Stream: s.id, Seq: seq, Type: typ,
		At: t0.Add(after), Actor: actor, Drill: s.drill, Data: data,
	})
	return s
}

// scenarioEvents are the events of the scenarios of the recorded replay
// histories (workflows/ticket/testdata/histories): a ticket solved and
// rated, one breached, escalated, reopened and reassigned, a drill's
// ticket, and a drill's own stream, shuffled as a store's List by time
// would interleave them.
func scenarioEvents() []eventstore.Event {
	rated := &stream{id: "T-100", status: "open", queue: "after-sales", prio: "P3"}
	rated.add(0, event.Opened, "", "Refund for order 42 via email").
		add(0, event.Routed, "", "priority P3, queue after-sales, agent alice").
		add(0, event.SLAApplied, "", "SLA policy standard").
		add(10*time.Minute, event.Reply, "alice", "agent").
		add(10*time.Minute, event.SLAMet, "", "first_reply met after 10m0s (target 9h30m0s)").
		add(time.Hour, event.Reply, "cust-1", "customer").
		add(2*time.Hour, event.Note, "alice", "internal note").
		add(2*time.Hour, event.Status, "alice", "open → solved").
		add(2*time.Hour, event.SLAMet, "", "resolution met after 2h0m0s (target 24h0m0s)").
		add(2*time.Hour, event.Solved, "", "").
		add(3*time.Hour, event.CSAT, "cust-1", "rating 5").
		add(3*time.Hour, event.Closed, "", "")

	breached := &stream{id: "T-200", status: "open", queue: "vip", prio: "P2"}
	breached.add(time.Minute, event.Opened, "", "Checkout via card broken via chat").
		add(time.Minute, event.Routed, "", "priority P2, queue vip, agent (waiting)").
		add(time.Minute, event.SLAApplied, "", "SLA policy vip").
		add(2*time.Minute, event.SLABreached, "", "first_reply breached its 30s target").
		add(2*time.Minute, event.Escalated, "", "first_reply, level 1: reassign to bob (team:vip)").
		add(2*time.Minute, event.Rerouted, "", "priority P1, queue vip, agent bob")
	breached.prio = "P1"
	breached.add(3*time.Minute, event.Priority, "bob", "P2 → P1").
		add(4*time.Minute, event.Reply, "bob", "agent").
		add(4*time.Minute, event.SLAMet, "", "first_reply met after 3m0s (target 30s)").
		add(5*time.Minute, event.Reply, "cust-2", "customer").
		add(6*time.Minute, event.Reply, "bob", "agent").
		add(6*time.Minute, event.SLAMet, "", "next_reply met after 1m0s (target 5m0s)").
		add(7*time.Minute, event.Solved, "", "").
		add(8*time.Minute, event.Reply, "cust-2", "customer").
		add(8*time.Minute, event.Reopened, "cust-2", "by the customer's reply").
		add(9*time.Minute, event.Reassigned, "", "to carol by escalation: standard path of next_reply, level 1, repetition 1, round robin over team:vip").
		add(10*time.Minute, event.Reply, "carol", "agent")
	breached.status = "closed"
	breached.add(11*time.Minute, event.Solved, "", "").
		add(20*time.Minute, event.CSATExpired, "", "no rating within 10m0s").
		add(20*time.Minute, event.Closed, "", "")

	drillTicket := &stream{id: "DRILL-1-T1", drill: true, status: "new", queue: "general", prio: "P4"}
	drillTicket.add(30*time.Second, event.Opened, "", "Synthetic outage via web").
		add(30*time.Second, event.Routed, "", "priority P4, queue general, agent dave").
		add(30*time.Second, event.SLANone, "", "no SLA policy matches the ticket")

	drill := &stream{id: "drill-1", drill: true}
	drill.add(0, event.DrillStarted, "lead", "outage")

	var all []eventstore.Event
	for _, s := range []*stream{breached, drill, rated, drillTicket} {
		all = append(all, s.events...)
	}
	return all
}

// TestFold folds the scenarios' events into the golden records.
func TestFold(t *testing.T) {
	var buf bytes.Buffer
	if err := history.Write(&buf, history.Fold(scenarioEvents())); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/fold.jsonl", buf.String())
}

// TestFoldOrder checks that the order of the events given does not
// change the records.
func TestFoldOrder(t *testing.T) {
	events := scenarioEvents()
	want := history.Fold(events)
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	if diff := cmp.Diff(want, history.Fold(events)); diff != "" {
		t.Errorf("Fold of reversed events (-want +got):\n%s", diff)
	}
}

// fullRecord has every field of a record.
func fullRecord() history.Record {
	at := func(d time.Duration) *time.Time { t := t0.Add(d); return &t }
	csat, qa, handle, refund := 4, 87.5, 610.0, 62.5
	return history.Record{
		ID: "T-300", Channel: "phone", Queue: "billing", Team: "tier1", Agent: "erin", Category: "billing",
		Priority: "P2", Customer: "cust-3", Tier: "vip", Language: "pt-BR",
		CreatedAt: t0, AnsweredAt: at(15 * time.Second), FirstReplyAt: at(15 * time.Second),
		SolvedAt: at(11 * time.Minute), ClosedAt: at(12 * time.Minute),
		AgentReplies: 1, Contacts: 1, HandleSeconds: &handle, Reopened: 0, CSAT: &csat, QAScore: &qa,
		Complaint: true, Difficult: true,
		SLA: map[string]history.SLAResult{"first_reply": {TargetSeconds: 20}, "resolution": {TargetSeconds: 14400, Breached: true}},
		Approvals: []history.RecordApproval{
			{ID: "T-300.A1", Action: "refund", Amount: &refund, Requester: "erin", Outcome: "needs_approval"},
			{ID: "T-300.A2", Action: "sla_exception", Requester: "erin", Outcome: "denied"},
		},
	}
}
