package history_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
)

// TestFoldData: Fold takes the facts recorded as values over the
// details, which it reads only for events recorded without values; each
// field of the record from the events that make it.
func TestFoldData(t *testing.T) {
	type ev struct {
		after time.Duration
		typ   string
		data  string // the data's fields beside detail, status, queue and priority
	}
	at := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
	num := func(f float64) *float64 { return &f }
	rating := func(n int) *int { return &n }
	tests := []struct {
		name   string
		detail map[string]string // detail by event type
		events []ev
		want   history.Record
	}{{
		name: "values win over details",
		detail: map[string]string{
			event.Opened: "Hello via web", event.Routed: "priority P3, queue q, agent bob",
			event.CSAT: "rating 1", event.SLAMet: "first_reply met after 1m (target 1h0m0s)",
		},
		events: []ev{
			{0, event.Opened, `"channel":"chat","category":"returns","customer":"C-9","tier":"vip","language":"en"`},
			{0, event.Routed, `"agent":"alice","team":"after-sales","channel_kind":"chat"`},
			{time.Minute, event.SLAMet, `"metric":"first_reply","target_seconds":30`},
			{2 * time.Minute, event.CSAT, `"rating":4`},
		},
		want: history.Record{
			ID: "T-1", Channel: "chat", Queue: "q", Team: "after-sales", Agent: "alice", Category: "returns", Priority: "P3",
			Customer: "C-9", Tier: "vip", Language: "en", CreatedAt: t0, Contacts: 1, CSAT: rating(4),
			SLA: map[string]history.SLAResult{"first_reply": {TargetSeconds: 30}},
		},
	}, {
		name:   "a routing to nobody",
		detail: map[string]string{event.Routed: "priority P3, queue q, agent bob"},
		events: []ev{
			{0, event.Opened, `"channel":"phone"`},
			{0, event.Routed, `"agent":"","team":"t"`},
			{30 * time.Second, event.Abandoned, ``},
		},
		want: history.Record{
			ID: "T-1", Channel: "phone", Queue: "q", Team: "t", Priority: "P3", CreatedAt: t0, Contacts: 1,
			AbandonedAt: at(30 * time.Second),
		},
	}, {
		name: "performance events",
		events: []ev{
			{0, event.Opened, `"channel":"chat"`},
			{10 * time.Second, event.Answered, ``},
			{20 * time.Second, event.Reply, `"from":"agent","public":true,"handle_seconds":100`},
			{30 * time.Second, event.Note, `"from":"agent","public":false,"handle_seconds":20`},
			{40 * time.Second, event.Reply, `"from":"customer","public":true`},
			{time.Minute, event.Handled, `"seconds":45`},
			{2 * time.Minute, event.QAReviewed, `"score":90`},
			{3 * time.Minute, event.QAReviewed, `"score":0`},
			{4 * time.Minute, event.Complained, ``},
			{5 * time.Minute, event.MarkedDifficult, ``},
			{6 * time.Minute, event.Commended, ``},
			{7 * time.Minute, event.SLABreached, `"metric":"resolution","target_seconds":3600`},
			{8 * time.Minute, event.SLAMet, `"metric":"resolution","target_seconds":3600`},
		},
		want: history.Record{
			ID: "T-1", Channel: "chat", Queue: "q", Priority: "P3", CreatedAt: t0,
			AnsweredAt: at(10 * time.Second), FirstReplyAt: at(20 * time.Second), AgentReplies: 1, Contacts: 2,
			HandleSeconds: num(165), QAScore: num(0), Complaint: true, Difficult: true, Commendation: true,
			SLA: map[string]history.SLAResult{"resolution": {TargetSeconds: 3600, Breached: true}},
		},
	}, {
		name:   "details of events recorded before the values",
		detail: map[string]string{event.Opened: "Hello via email", event.Routed: "priority P3, queue q, agent bob", event.CSAT: "rating 3"},
		events: []ev{{0, event.Opened, ``}, {0, event.Routed, ``}, {time.Hour, event.CSAT, ``}},
		want: history.Record{
			ID: "T-1", Channel: "email", Queue: "q", Agent: "bob", Priority: "P3", CreatedAt: t0, Contacts: 1, CSAT: rating(3),
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var events []eventstore.Event
			for i, e := range tc.events {
				detail, err := json.Marshal(tc.detail[e.typ])
				if err != nil {
					t.Fatal(err)
				}
				data := fmt.Sprintf(`{"detail":%s,"status":"open","queue":"q","priority":"P3"`, detail)
				if e.data != "" {
					data += "," + e.data
				}
				events = append(events, eventstore.Event{
					ID: fmt.Sprintf("T-1/%05d", i+1), Stream: "T-1", Seq: i + 1, Type: e.typ, At: t0.Add(e.after), Data: json.RawMessage(data + "}"),
				})
			}
			got := history.Fold(events)
			if diff := cmp.Diff([]history.Record{tc.want}, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// BenchmarkFoldData is BenchmarkFold on the events as the ticket workflow
// records them since it records values beside the details: the opening
// facts, the routing's team and agent, the reply's side and handle time,
// the rating and the SLA metric and target.
func BenchmarkFoldData(b *testing.B) {
	values := map[string]string{
		event.Opened:  `"channel":"email","category":"returns","customer":"C-1","tier":"standard","language":"de"`,
		event.Routed:  `"agent":"alice","team":"after-sales","channel_kind":"email"`,
		event.Reply:   `"from":"agent","public":true,"handle_seconds":240`,
		event.SLAMet:  `"metric":"first_reply","target_seconds":34200`,
		event.CSAT:    `"rating":4`,
		event.Handled: `"seconds":60`,
	}
	events := benchEvents()
	for i, e := range events {
		if v, ok := values[e.Type]; ok {
			events[i].Data = append(e.Data[:len(e.Data)-1:len(e.Data)-1], []byte(","+v+"}")...)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := history.Fold(events); len(got) != benchTickets || got[0].Team != "after-sales" {
			b.Fatalf("folded %d records, the first of team %q", len(got), got[0].Team)
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
