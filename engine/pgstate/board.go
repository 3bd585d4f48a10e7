package pgstate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/pgtx"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// boardLockKey is the key of the advisory lock that Route and Assign take
// ("supboard" folded to 64 bits), held to the end of their transaction.
const boardLockKey int64 = 0x73_75_70_62_6f_61_72_64

// Board is the agent load board in PostgreSQL, which every replica's
// routing shares: each open ticket's hold (its agent and channel, one
// open contact) in agent_holds, keyed by ticket so that a retried
// activity holds a ticket once; each agent's load on each channel, the
// count of their holds, in agent_loads; and each agent's last assignment
// in agent_last_assigned, kept after the ticket is released
// (least-loaded routing breaks ties by it).
//
// A route reads agent_loads (a row per agent and channel ever held), not
// the holds: its cost does not grow with the open tickets, of which a
// center holds a hundred thousand and more at rest. A trigger on
// agent_holds keeps the counts, in the transaction of the change, for
// every writer: Route, Assign and Release here, and a replica of an
// older version, which knows nothing of agent_loads, during a rolling
// restart. The trigger lowers the old (agent, channel) row and raises
// the new one; UPDATE and INSERT ... ON CONFLICT DO UPDATE lock the
// row, so a Release and a Route that count on the same row one after
// the other lose neither update. Every writer locks its ticket's hold
// first and its load rows after; a Release locks one load row, and only
// one Route or Assign at a time, under the board's lock, locks two, so
// no two of them wait for each other in a cycle.
//
// Route and Assign are one transaction each that first takes a
// transaction-scoped advisory lock (pg_advisory_xact_lock), so that the
// states a Route reads and the hold it writes are one step no other
// Route or Assign, of any replica, interleaves with: two replicas never
// both give an agent's last free place away. Release takes no board
// lock: it only lowers a load, and a Route that reads the load before
// the Release commits sees the agent busier than they are, never freer.
// A transaction aborted for a deadlock or a serialization failure is
// rerun, and Route's pick with it.
type Board struct {
	db *DB
}

// Board returns the agent load board of the database.
func (d *DB) Board() *Board { return &Board{db: d} }

// Route reads the states of the agents the board knows (Load from the
// counts of the holds, LastAssignedAt; every agent Available: presence is not kept
// here), calls pick with them, and makes the ticket's hold the agent pick
// returns on channel ("" drops the ticket's hold), all under the board's
// lock. A hold that moves to another agent sets that agent's last
// assignment to at. It returns pick's agent; pick's error is returned
// as it is.
func (b *Board) Route(ctx context.Context, ticket, channel string, at time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	if ticket == "" {
		return "", errors.New("route on the agent board: the ticket id is empty")
	}
	var agent string
	var pickErr error
	err := pgtx.Retry(ctx, func() error {
		return b.db.inTx(ctx, func(tx *sql.Tx) error {
			if err := lockBoard(ctx, tx); err != nil {
				return err
			}
			states, err := readStates(ctx, tx)
			if err != nil {
				return err
			}
			if agent, pickErr = pick(states); pickErr != nil {
				return pickErr
			}
			return hold(ctx, tx, ticket, agent, channel, at)
		})
	})
	if pickErr != nil {
		return "", pickErr
	}
	if err != nil {
		return "", fmt.Errorf("hold ticket %s on the agent board: %w", ticket, err)
	}
	return agent, nil
}

// Assign makes agent hold the ticket on channel, replacing another
// agent's hold on it; the agent's last assignment becomes at when the
// hold moves to them. Assigning again changes nothing.
func (b *Board) Assign(ctx context.Context, ticket, agent, channel string, at time.Time) error {
	if ticket == "" || agent == "" {
		return fmt.Errorf("assign ticket %q to %q on the agent board: the ticket and the agent must not be empty", ticket, agent)
	}
	err := pgtx.Retry(ctx, func() error {
		return b.db.inTx(ctx, func(tx *sql.Tx) error {
			if err := lockBoard(ctx, tx); err != nil {
				return err
			}
			return hold(ctx, tx, ticket, agent, channel, at)
		})
	})
	if err != nil {
		return fmt.Errorf("assign ticket %s to %s on the agent board: %w", ticket, agent, err)
	}
	return nil
}

// Release drops the ticket's hold, lowering its agent's load; a ticket
// without one is no error and changes no load.
func (b *Board) Release(ctx context.Context, ticket string) error {
	err := pgtx.Retry(ctx, func() error {
		_, err := b.db.db.ExecContext(ctx, "DELETE FROM agent_holds WHERE ticket = $1", ticket)
		return err
	})
	if err != nil {
		return fmt.Errorf("release ticket %s on the agent board: %w", ticket, err)
	}
	return nil
}

// HeldBefore returns the tickets, sorted, whose hold was made before
// before: held by its agent since an earlier time, as the at of the Route
// or Assign that gave it to them (the ticket's workflow time, not the
// database's clock). A hold that moves to another agent is made anew at
// that move; holding it again for the same agent, on another channel or
// not, keeps its time; nothing is held before the zero time. The
// daemon's sweep releases the old holds of tickets whose workflows have
// ended without releasing them.
func (b *Board) HeldBefore(ctx context.Context, before time.Time) ([]string, error) {
	var tickets []string
	err := pgtx.Retry(ctx, func() error {
		tickets = nil
		rows, err := b.db.db.QueryContext(ctx, "SELECT ticket FROM agent_holds WHERE held_ns < $1", nanos(before))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ticket string
			if err = rows.Scan(&ticket); err != nil {
				return err
			}
			tickets = append(tickets, ticket)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read the holds made before %s: %w", before.UTC().Format(time.RFC3339Nano), err)
	}
	// Sorted here, in byte order, not by the database's collation.
	slices.Sort(tickets)
	return tickets, nil
}

// States returns the states of the agents the board knows, as Route
// gives them to pick.
func (b *Board) States(ctx context.Context) (map[string]tkt.AgentState, error) {
	var states map[string]tkt.AgentState
	err := pgtx.Retry(ctx, func() error {
		return b.db.inTx(ctx, func(tx *sql.Tx) (err error) {
			states, err = readStates(ctx, tx)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the agent board: %w", err)
	}
	return states, nil
}

// lockBoard takes the board's lock until tx ends.
func lockBoard(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", boardLockKey); err != nil {
		return fmt.Errorf("lock the agent board: %w", err)
	}
	return nil
}

// readStates reads the agents' loads (the counts of agent_loads, one row
// per agent and channel, not the holds) and last assignments.
func readStates(ctx context.Context, tx *sql.Tx) (map[string]tkt.AgentState, error) {
	states := map[string]tkt.AgentState{}
	state := func(agent string) tkt.AgentState {
		s, ok := states[agent]
		if !ok {
			s = tkt.AgentState{Status: tkt.Available, Load: map[string]int{}}
		}
		return s
	}
	rows, err := tx.QueryContext(ctx, "SELECT agent, channel, n FROM agent_loads WHERE n > 0")
	if err != nil {
		return nil, fmt.Errorf("read the agents' loads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var agent, channel string
		var n int
		if err = rows.Scan(&agent, &channel, &n); err != nil {
			return nil, fmt.Errorf("read the agents' loads: %w", err)
		}
		s := state(agent)
		s.Load[channel] = n
		states[agent] = s
	}
	if err = rows.Err(); err != nil {
		return nil, fmt.Errorf("read the agents' loads: %w", err)
	}
	last, err := tx.QueryContext(ctx, "SELECT agent, at_ns FROM agent_last_assigned")
	if err != nil {
		return nil, fmt.Errorf("read the agents' last assignments: %w", err)
	}
	defer last.Close()
	for last.Next() {
		var agent string
		var ns int64
		if err = last.Scan(&agent, &ns); err != nil {
			return nil, fmt.Errorf("read the agents' last assignments: %w", err)
		}
		s := state(agent)
		s.LastAssignedAt = fromNanos(ns)
		states[agent] = s
	}
	if err = last.Err(); err != nil {
		return nil, fmt.Errorf("read the agents' last assignments: %w", err)
	}
	return states, nil
}

// hold makes agent hold ticket on channel ("" drops its hold); a hold
// that moves to agent sets the agent's last assignment to at, unless it
// is later already.
func hold(ctx context.Context, tx *sql.Tx, ticket, agent, channel string, at time.Time) error {
	if agent == "" {
		if _, err := tx.ExecContext(ctx, "DELETE FROM agent_holds WHERE ticket = $1", ticket); err != nil {
			return fmt.Errorf("drop the hold: %w", err)
		}
		return nil
	}
	var held string
	err := tx.QueryRowContext(ctx, "SELECT agent FROM agent_holds WHERE ticket = $1", ticket).Scan(&held)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read the hold: %w", err)
	}
	if held == agent {
		_, err = tx.ExecContext(ctx, "UPDATE agent_holds SET channel = $2 WHERE ticket = $1 AND channel <> $2", ticket, channel)
		if err != nil {
			return fmt.Errorf("hold for %s: %w", agent, err)
		}
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agent_holds (ticket, agent, channel, held_ns) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ticket) DO UPDATE SET agent = EXCLUDED.agent, channel = EXCLUDED.channel, held_ns = EXCLUDED.held_ns`,
		ticket, agent, channel, nanos(at))
	if err != nil {
		return fmt.Errorf("hold for %s: %w", agent, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agent_last_assigned AS l (agent, at_ns) VALUES ($1, $2)
		ON CONFLICT (agent) DO UPDATE SET at_ns = GREATEST(l.at_ns, EXCLUDED.at_ns)`, agent, nanos(at))
	if err != nil {
		return fmt.Errorf("set the last assignment of %s: %w", agent, err)
	}
	return nil
}

// nanos is t in Unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos is the UTC time of Unix nanoseconds, the zero time for 0.
func fromNanos(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}
