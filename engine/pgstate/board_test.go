package pgstate

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// loadsVersion is the schema version that brought agent_loads.
const loadsVersion = 4

// countsSQL reads the counts the board keeps; holdsSQL counts the holds.
const (
	countsSQL = "SELECT agent, channel, n FROM agent_loads WHERE n > 0"
	holdsSQL  = "SELECT agent, channel, count(*) FROM agent_holds GROUP BY agent, channel"
)

// readLoads runs query, which returns rows of agent, channel and a count,
// into agent → channel → count.
func readLoads(t *testing.T, d *DB, query string) map[string]map[string]int {
	t.Helper()
	rows, err := d.db.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var agent, channel string
		var n int
		if err = rows.Scan(&agent, &channel, &n); err != nil {
			t.Fatal(err)
		}
		if out[agent] == nil {
			out[agent] = map[string]int{}
		}
		out[agent][channel] = n
	}
	if err = rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// statesLoads is the loads of states, agent → channel → load, without
// the agents that hold nothing.
func statesLoads(states map[string]tkt.AgentState) map[string]map[string]int {
	out := map[string]map[string]int{}
	for agent, s := range states {
		if len(s.Load) > 0 {
			out[agent] = s.Load
		}
	}
	return out
}

// TestBoardMigrationBackfillsLoads: a database at the schema version
// before agent_loads, holding tickets, migrates to counts that equal its
// holds, and the board routes on them and keeps them from then on.
func TestBoardMigrationBackfillsLoads(t *testing.T) {
	dsn := newPostgresDSN(t)
	ctx := t.Context()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	old := &DB{db: raw, name: "old"}
	if err = old.migrate(ctx, loadsVersion-1); err != nil {
		t.Fatal(err)
	}
	// A replica of the older version held these tickets.
	holds := []struct{ ticket, agent, channel string }{
		{"T-1", "anna", "email"}, {"T-2", "anna", "email"}, {"T-3", "anna", "chat"},
		{"T-4", "ben", "email"}, {"T-5", "ben", "phone"}, {"T-6", "ben", "phone"}, {"T-7", "ben", "phone"},
		{"T-8", "carla", "chat"},
	}
	for _, h := range holds {
		if _, err = raw.ExecContext(ctx, "INSERT INTO agent_holds (ticket, agent, channel, held_ns) VALUES ($1, $2, $3, 1)", h.ticket, h.agent, h.channel); err != nil {
			t.Fatal(err)
		}
	}
	if _, err = raw.ExecContext(ctx, "INSERT INTO agent_last_assigned (agent, at_ns) VALUES ('anna', 1), ('ben', 1), ('carla', 1), ('dora', 1)"); err != nil {
		t.Fatal(err)
	}

	d := openDB(t, dsn)
	want := map[string]map[string]int{"anna": {"email": 2, "chat": 1}, "ben": {"email": 1, "phone": 3}, "carla": {"chat": 1}}
	if diff := cmp.Diff(want, readLoads(t, d, countsSQL)); diff != "" {
		t.Errorf("agent_loads after the migration (-want +got):\n%s", diff)
	}
	board := d.Board()
	at := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	var seen map[string]map[string]int
	if _, err = board.Route(ctx, "T-9", "chat", at, func(states map[string]tkt.AgentState) (string, error) {
		seen = statesLoads(states)
		if len(states) != 4 {
			return "", fmt.Errorf("%d agents, want 4 (dora holds nothing)", len(states))
		}
		return "dora", nil
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("loads Route gives pick (-want +got):\n%s", diff)
	}
	// A hold moved, a hold released twice, one never held.
	if err = board.Assign(ctx, "T-5", "carla", "phone", at); err != nil {
		t.Fatal(err)
	}
	for _, ticket := range []string{"T-1", "T-1", "T-never"} {
		if err = board.Release(ctx, ticket); err != nil {
			t.Fatal(err)
		}
	}
	want = map[string]map[string]int{"anna": {"email": 1, "chat": 1}, "ben": {"email": 1, "phone": 2}, "carla": {"chat": 1, "phone": 1}, "dora": {"chat": 1}}
	if diff := cmp.Diff(want, readLoads(t, d, countsSQL)); diff != "" {
		t.Errorf("agent_loads after route, assign and releases (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(readLoads(t, d, holdsSQL), readLoads(t, d, countsSQL)); diff != "" {
		t.Errorf("agent_loads against the holds (-holds +counts):\n%s", diff)
	}
}

// TestBoardLoadsCountHoldsConcurrently: after a random mix of Route,
// Assign and Release (of held and unheld tickets, on and off their
// agents and channels) run at once through two replicas' boards, the
// counts equal the holds grouped by agent and channel, and States
// gives them.
func TestBoardLoadsCountHoldsConcurrently(t *testing.T) {
	const workers, ops, tickets = 8, 120, 40
	dsn := newPostgresDSN(t)
	boards := [2]*Board{openDB(t, dsn).Board(), openDB(t, dsn).Board()}
	agents := []string{"anna", "ben", "carla", "dora", "emil"}
	channels := []string{"email", "chat", "phone"}
	at := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(7, uint64(w)))
			for i := range ops {
				ctx, board := t.Context(), boards[(w+i)%2]
				ticket := fmt.Sprintf("T-%02d", rng.IntN(tickets))
				channel := channels[rng.IntN(len(channels))]
				var err error
				switch op := rng.IntN(10); {
				case op < 4:
					_, err = board.Route(ctx, ticket, channel, at, func(map[string]tkt.AgentState) (string, error) {
						if rng.IntN(8) == 0 {
							return "", nil // no agent: the hold is dropped
						}
						return agents[rng.IntN(len(agents))], nil
					})
				case op < 7:
					err = board.Assign(ctx, ticket, agents[rng.IntN(len(agents))], channel, at)
				default:
					err = board.Release(ctx, ticket)
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	d := boards[0].db
	holds := readLoads(t, d, holdsSQL)
	if len(holds) == 0 {
		t.Fatal("no holds left: the mix tests nothing")
	}
	if diff := cmp.Diff(holds, readLoads(t, d, countsSQL)); diff != "" {
		t.Errorf("agent_loads against the holds (-holds +counts):\n%s", diff)
	}
	for i, b := range boards {
		states, err := b.States(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(holds, statesLoads(states)); diff != "" {
			t.Errorf("board %d's States against the holds (-holds +states):\n%s", i, diff)
		}
	}
}
