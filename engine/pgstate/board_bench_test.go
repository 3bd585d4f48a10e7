package pgstate

import (
	"fmt"
	"testing"
	"time"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// BenchmarkBoardRoute routes one new ticket per iteration on a board that
// holds 1,000 tickets of 20 agents: one transaction under the board's
// lock, reading the loads, holding the ticket.
func BenchmarkBoardRoute(b *testing.B) {
	board := openDB(b, newPostgresDSN(b)).Board()
	at := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	for i := range 1000 {
		if err := board.Assign(b.Context(), fmt.Sprintf("seed-%d", i), fmt.Sprintf("agent-%02d", i%20), "email", at); err != nil {
			b.Fatal(err)
		}
	}
	pick := func(states map[string]tkt.AgentState) (string, error) {
		if len(states) != 20 {
			return "", fmt.Errorf("%d agents, want 20", len(states))
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
}
