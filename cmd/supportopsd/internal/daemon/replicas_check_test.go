package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// checkReplicaEvents waits until the event store at dsn has every
// ticket's solved event (recorded after its update answered), then
// checks each ticket's events and the agents' loads.
func checkReplicaEvents(ctx context.Context, t *testing.T, dsn string, ids []string, tickets []map[string]any) {
	t.Helper()
	store, err := eventstore.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var streams map[string][]eventstore.Event
	for {
		all, lerr := store.List(ctx, eventstore.Filter{})
		if lerr != nil {
			t.Fatal(lerr)
		}
		streams = map[string][]eventstore.Event{}
		solved := 0
		for _, e := range all {
			streams[e.Stream] = append(streams[e.Stream], e)
			if e.Type == event.Solved {
				solved++
			}
		}
		if solved >= len(ids) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the event store has %d solved events, want %d", solved, len(ids))
		case <-time.After(200 * time.Millisecond):
		}
	}

	channel := map[string]string{}
	for i, id := range ids {
		channel[id] = tickets[i]["channel"].(string)
		evs := streams[id]
		seen := map[string]bool{}
		var seqs, types []string
		for _, e := range evs {
			if seen[e.ID] {
				t.Errorf("ticket %s: event %s stored twice", id, e.ID)
			}
			seen[e.ID] = true
			types = append(types, e.Type)
		}
		slices.SortFunc(evs, func(a, b eventstore.Event) int { return a.Seq - b.Seq })
		for j, e := range evs {
			if e.Seq != j+1 {
				seqs = append(seqs, fmt.Sprint(e.Seq))
			}
		}
		if len(seqs) > 0 {
			t.Errorf("ticket %s: seqs out of 1..%d: %v", id, len(evs), seqs)
		}
		for _, typ := range []string{event.Opened, event.Routed, event.Reply, event.Solved} {
			if n := countType(types, typ); n != 1 {
				t.Errorf("ticket %s: %d %s events, want 1 (events: %v)", id, n, typ, types)
			}
		}
	}
	checkCapacity(t, streams, channel)
}

// countType is the number of typ among types.
func countType(types []string, typ string) int {
	n := 0
	for _, s := range types {
		if s == typ {
			n++
		}
	}
	return n
}

// loadChange is one change of an agent's load on a channel.
type loadChange struct {
	at             time.Time
	agent, channel string
	delta          int
	ticket         string
}

// checkCapacity replays the tickets' holds and releases in time order
// and fails the test for every moment an agent held more tickets of a
// channel than the example configuration's capacity for it. At one
// instant releases go first: the board releases a ticket when its solved
// event is recorded, after the event's time.
func checkCapacity(t *testing.T, streams map[string][]eventstore.Event, channel map[string]string) {
	t.Helper()
	cfg := configtest.Load(t, example).Config
	var changes []loadChange
	for id, evs := range streams {
		slices.SortFunc(evs, func(a, b eventstore.Event) int { return a.Seq - b.Seq })
		holder := ""
		for _, e := range evs {
			switch e.Type {
			case event.Routed, event.Reassigned, event.Reopened:
				var d struct {
					Agent *string `json:"agent"`
				}
				if err := json.Unmarshal(e.Data, &d); err != nil {
					t.Fatalf("ticket %s, %s: %v", id, e.ID, err)
				}
				if d.Agent == nil || *d.Agent == holder {
					continue
				}
				if holder != "" {
					changes = append(changes, loadChange{e.At, holder, channel[id], -1, id})
				}
				if holder = *d.Agent; holder != "" {
					changes = append(changes, loadChange{e.At, holder, channel[id], +1, id})
				}
			case event.Solved, event.Closed, event.Merged:
				if holder != "" {
					changes = append(changes, loadChange{e.At, holder, channel[id], -1, id})
					holder = ""
				}
			}
		}
	}
	sort.SliceStable(changes, func(i, j int) bool {
		if !changes[i].at.Equal(changes[j].at) {
			return changes[i].at.Before(changes[j].at)
		}
		return changes[i].delta < changes[j].delta
	})
	load, peak := map[[2]string]int{}, map[[2]string]int{}
	holds := 0
	for _, c := range changes {
		k := [2]string{c.agent, c.channel}
		load[k] += c.delta
		peak[k] = max(peak[k], load[k])
		if c.delta > 0 {
			holds++
		}
		agent, ok := cfg.Agents[c.agent]
		if !ok {
			t.Errorf("ticket %s held by %s, who is not in the configuration", c.ticket, c.agent)
			continue
		}
		if capacity := agent.Channels[c.channel]; load[k] > capacity {
			t.Errorf("%s: %s held %d %s tickets (with %s), capacity %d", c.at.Format(time.RFC3339Nano), c.agent, load[k], c.channel, c.ticket, capacity)
		}
	}
	full := 0
	for k, p := range peak {
		if p == cfg.Agents[k[0]].Channels[k[1]] {
			full++
		}
	}
	t.Logf("%d holds replayed; %d agent channels reached their capacity", holds, full)
	if holds == 0 {
		t.Error("no ticket was ever held by an agent")
	}
}
