package pgstate

import (
	"fmt"
	"testing"
	"time"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// benchAgents is how many agents the benchmark boards know.
const benchAgents = 20

// BenchmarkBoardRoute routes one new ticket per iteration on a board that
// already holds 0, 10,000 or 100,000 open tickets of 20 agents (a center
// at rest holds 100k and more): one transaction under the board's lock,
// reading the loads, holding the ticket. The cost of a route must not
// grow with the open tickets.
func BenchmarkBoardRoute(b *testing.B) {
	for _, holds := range []int{0, 10_000, 100_000} {
		b.Run(fmt.Sprintf("holds=%d", holds), func(b *testing.B) {
			d := openDB(b, newPostgresDSN(b))
			seedHolds(b, d, holds)
			board := d.Board()
			at := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
			pick := func(states map[string]tkt.AgentState) (string, error) {
				if len(states) != benchAgents {
					return "", fmt.Errorf("%d agents, want %d", len(states), benchAgents)
				}
				return "agent-00", nil
			}
			i := 0
			for b.Loop() {
				if _, err := board.Route(b.Context(), fmt.Sprintf("T-%d", i), "email", at, pick); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// seedHolds gives d's board n holds of tickets seed-0… spread over
// benchAgents agents and two channels, in one statement, and a last
// assignment to every agent (those without a ticket now had one
// before); then it vacuums and analyzes the tables, as autovacuum would
// have done on a board at rest.
func seedHolds(tb testing.TB, d *DB, n int) {
	tb.Helper()
	ctx := tb.Context()
	stmts := []string{
		fmt.Sprintf(`INSERT INTO agent_holds (ticket, agent, channel, held_ns)
			SELECT 'seed-' || i, 'agent-' || lpad((i %% %d)::text, 2, '0'), CASE WHEN i %% 3 = 0 THEN 'chat' ELSE 'email' END, 1
			FROM generate_series(0, %d) AS i`, benchAgents, n-1),
		fmt.Sprintf(`INSERT INTO agent_last_assigned (agent, at_ns)
			SELECT 'agent-' || lpad(i::text, 2, '0'), 1 FROM generate_series(0, %d) AS i`, benchAgents-1),
		"VACUUM ANALYZE agent_holds",
		"VACUUM ANALYZE agent_last_assigned",
	}
	for _, stmt := range stmts {
		if _, err := d.db.ExecContext(ctx, stmt); err != nil {
			tb.Fatalf("seed the board: %v", err)
		}
	}
}
