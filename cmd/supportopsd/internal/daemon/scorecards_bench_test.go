package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/model"
)

// benchCloseTickets is how many tickets of a month the close benchmark
// computes from: the "scorecard workflow for 20k tickets".
const benchCloseTickets = 20_000

// BenchmarkCloseMonth computes the scorecard of a month of
// benchCloseTickets tickets of acme-shop (each opened, routed to an agent
// of its queue's team, replied to, solved, rated and closed: 8 events,
// 160k in all) from a SQLite event store, as the period close's Compute
// activity does before it stores it: read every event, fold, tally,
// count, build.
func BenchmarkCloseMonth(b *testing.B) {
	ctx := context.Background()
	versions := newSnapshots(example, b.TempDir())
	if _, err := versions.load(ctx); err != nil {
		b.Fatal(err)
	}
	store, err := eventstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "events.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	_, snap, _ := versions.Current()
	if _, err = store.Append(ctx, closeBenchEvents(snap.Config)...); err != nil {
		b.Fatal(err)
	}
	r := &reports{events: store, versions: versions, now: time.Now}
	b.ReportAllocs()
	for b.Loop() {
		sc, _, berr := (closeSource{r}).Scorecard(ctx, "2026-11", "")
		if berr != nil {
			b.Fatal(berr)
		}
		if len(sc.Card.Results) == 0 {
			b.Fatal("no results")
		}
	}
	b.ReportMetric(float64(benchCloseTickets)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}

// closeBenchEvents are the events of benchCloseTickets tickets spread over
// November 2026, round robin over acme-shop's queues and their team's
// agents.
func closeBenchEvents(cfg *model.Config) []eventstore.Event {
	type slot struct{ queue, agent string }
	var slots []slot
	for _, q := range model.SortedKeys(cfg.Queues) {
		for _, a := range model.SortedKeys(cfg.Agents) {
			if cfg.Agents[a].Team == cfg.Queues[q].Team {
				slots = append(slots, slot{q, a})
			}
		}
	}
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	step := 29 * 24 * time.Hour / benchCloseTickets
	events := make([]eventstore.Event, 0, benchCloseTickets*8)
	for i := range benchCloseTickets {
		s := slots[i%len(slots)]
		id := fmt.Sprintf("T-%06d", i+1)
		at := start.Add(time.Duration(i) * step)
		seq := 0
		add := func(after time.Duration, typ, actor, detail string) {
			seq++
			data, _ := json.Marshal(map[string]string{"detail": detail, "status": "open", "queue": s.queue, "priority": "P3"})
			events = append(events, eventstore.Event{ID: fmt.Sprintf("%s/%05d", id, seq), Stream: id, Seq: seq, Type: typ,
				At: at.Add(after), Actor: actor, Data: data})
		}
		add(0, event.Opened, "", "Order late via email")
		add(0, event.Routed, "", "priority P3, queue "+s.queue+", agent "+s.agent)
		add(time.Minute, event.Reply, "cust", "customer")
		add(time.Hour, event.Reply, s.agent, "agent")
		add(time.Hour, event.SLAMet, "", "first_reply met after 1h0m0s (target 9h30m0s)")
		add(2*time.Hour, event.Solved, "", "")
		add(3*time.Hour, event.CSAT, "cust", fmt.Sprintf("rating %d", 3+i%3))
		add(3*time.Hour, event.Closed, "", "")
	}
	return events
}
