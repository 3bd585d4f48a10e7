package daemon

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// boardKinds open two replicas' boards on one store: the memory board is
// one process's, so both are the same board; the PostgreSQL boards are
// two connections (two pgstate.DB) to one new database.
var boardKinds = map[string]func(t *testing.T) [2]board{
	"memory": func(*testing.T) [2]board {
		b := newMemoryBoard()
		return [2]board{b, b}
	},
	"postgres": func(t *testing.T) [2]board {
		dsn := newPostgresDSN(t)
		return [2]board{openTestState(t, dsn).Board(), openTestState(t, dsn).Board()}
	},
}

// choose is a pick that returns agent whatever the states.
func choose(agent string) func(map[string]tkt.AgentState) (string, error) {
	return func(map[string]tkt.AgentState) (string, error) { return agent, nil }
}

// TestBoardContract runs the agent board's contract on every kind: holds
// are keyed by ticket (a retried Route or Assign is one hold), a hold
// moves between agents, Release is idempotent, the last assignment
// outlives the hold and never goes back, and one replica sees the
// other's holds.
func TestBoardContract(t *testing.T) {
	t1 := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(time.Minute), t1.Add(2*time.Minute)
	type step func(ctx context.Context, r [2]board) error
	route := func(replica int, ticket, channel string, at time.Time, agent string) step {
		return func(ctx context.Context, r [2]board) error {
			got, err := r[replica].Route(ctx, ticket, channel, at, choose(agent))
			if err == nil && got != agent {
				return fmt.Errorf("route %s returned %q, want %q", ticket, got, agent)
			}
			return err
		}
	}
	assign := func(replica int, ticket, agent, channel string, at time.Time) step {
		return func(ctx context.Context, r [2]board) error { return r[replica].Assign(ctx, ticket, agent, channel, at) }
	}
	release := func(replica int, ticket string) step {
		return func(ctx context.Context, r [2]board) error { return r[replica].Release(ctx, ticket) }
	}
	state := func(at time.Time, load map[string]int) tkt.AgentState {
		if load == nil {
			load = map[string]int{}
		}
		return tkt.AgentState{Status: tkt.Available, Load: load, LastAssignedAt: at}
	}
	tests := map[string]struct {
		reason string
		steps  []step
		want   map[string]tkt.AgentState
	}{
		"route holds the picked agent": {
			reason: "a routed ticket is one open contact on its channel, assigned at the time of the route",
			steps:  []step{route(0, "T-1", "email", t1, "aylin")},
			want:   map[string]tkt.AgentState{"aylin": state(t1, map[string]int{"email": 1})},
		},
		"route retried is one hold": {
			reason: "a retried activity routes the same ticket again, on any replica",
			steps:  []step{route(0, "T-1", "email", t1, "aylin"), route(1, "T-1", "email", t2, "aylin")},
			want:   map[string]tkt.AgentState{"aylin": state(t1, map[string]int{"email": 1})},
		},
		"route to another agent moves the hold": {
			reason: "a rerouted ticket leaves its earlier agent, who keeps their last assignment",
			steps:  []step{route(0, "T-1", "email", t1, "aylin"), route(1, "T-1", "email", t2, "ben")},
			want:   map[string]tkt.AgentState{"aylin": state(t1, nil), "ben": state(t2, map[string]int{"email": 1})},
		},
		"route to nobody drops the hold": {
			reason: "a ticket that waits holds nobody",
			steps:  []step{route(0, "T-1", "email", t1, "aylin"), route(0, "T-1", "email", t2, "")},
			want:   map[string]tkt.AgentState{"aylin": state(t1, nil)},
		},
		"assign replaces another agent's hold": {
			reason: "a reassignment moves the ticket's one open contact",
			steps:  []step{route(0, "T-1", "chat", t1, "aylin"), assign(1, "T-1", "ben", "chat", t2)},
			want:   map[string]tkt.AgentState{"aylin": state(t1, nil), "ben": state(t2, map[string]int{"chat": 1})},
		},
		"assign twice is one hold": {
			reason: "a retried reassignment or reopen holds the ticket once, from the first time",
			steps:  []step{assign(0, "T-1", "aylin", "chat", t1), assign(1, "T-1", "aylin", "chat", t2)},
			want:   map[string]tkt.AgentState{"aylin": state(t1, map[string]int{"chat": 1})},
		},
		"release twice": {
			reason: "a retried release releases once; the last assignment stays for least-loaded's tie-break",
			steps:  []step{assign(0, "T-1", "aylin", "chat", t1), assign(0, "T-2", "aylin", "chat", t2), release(0, "T-1"), release(1, "T-1")},
			want:   map[string]tkt.AgentState{"aylin": state(t2, map[string]int{"chat": 1})},
		},
		"release of a ticket never held": {
			reason: "a merge of a ticket the board does not know is no error",
			steps:  []step{release(0, "T-9")},
			want:   map[string]tkt.AgentState{},
		},
		"last assignment never goes back": {
			reason: "an assignment recorded late (a reopen's time) does not make the agent look idle longer",
			steps:  []step{assign(0, "T-1", "aylin", "email", t3), assign(1, "T-2", "aylin", "email", t1)},
			want:   map[string]tkt.AgentState{"aylin": state(t3, map[string]int{"email": 2})},
		},
		"loads by channel": {
			reason: "capacity is per channel, so the load is",
			steps: []step{assign(0, "T-1", "aylin", "email", t1), assign(1, "T-2", "aylin", "chat", t2),
				route(1, "T-3", "chat", t3, "ben"), assign(0, "T-4", "aylin", "email", t1)},
			want: map[string]tkt.AgentState{
				"aylin": state(t2, map[string]int{"email": 2, "chat": 1}),
				"ben":   state(t3, map[string]int{"chat": 1}),
			},
		},
	}
	for kind, open := range boardKinds {
		t.Run(kind, func(t *testing.T) {
			for name, tc := range tests {
				t.Run(name, func(t *testing.T) {
					r := open(t)
					for i, s := range tc.steps {
						if err := s(t.Context(), r); err != nil {
							t.Fatalf("step %d: %v", i, err)
						}
					}
					for replica := range r {
						got, err := r[replica].States(t.Context())
						if err != nil {
							t.Fatal(err)
						}
						if diff := cmp.Diff(tc.want, got); diff != "" {
							t.Errorf("%s: states on replica %d (-want +got):\n%s", tc.reason, replica, diff)
						}
						// Route gives pick what States shows.
						_, err = r[replica].Route(t.Context(), "T-probe", "email", t1, func(s map[string]tkt.AgentState) (string, error) {
							if diff := cmp.Diff(tc.want, s); diff != "" {
								t.Errorf("%s: states given to pick on replica %d (-want +got):\n%s", tc.reason, replica, diff)
							}
							return "", nil
						})
						if err != nil {
							t.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// TestBoardRefuses: a pick that fails holds nothing and its error comes
// back as it is; empty ticket ids and agents are refused.
func TestBoardRefuses(t *testing.T) {
	at := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	errPick := errors.New("no policy")
	for kind, open := range boardKinds {
		t.Run(kind, func(t *testing.T) {
			b := open(t)[0]
			ctx := t.Context()
			if err := b.Assign(ctx, "T-1", "aylin", "chat", at); err != nil {
				t.Fatal(err)
			}
			_, err := b.Route(ctx, "T-1", "chat", at, func(map[string]tkt.AgentState) (string, error) { return "ben", errPick })
			if !errors.Is(err, errPick) {
				t.Errorf("route with a failing pick: %v, want %v", err, errPick)
			}
			refused := map[string]error{}
			_, refused["route without a ticket"] = b.Route(ctx, "", "chat", at, choose("ben"))
			refused["assign without a ticket"] = b.Assign(ctx, "", "ben", "chat", at)
			refused["assign without an agent"] = b.Assign(ctx, "T-2", "", "chat", at)
			for name, err := range refused {
				if err == nil {
					t.Errorf("%s: no error", name)
				}
			}
			got, err := b.States(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]tkt.AgentState{"aylin": {Status: tkt.Available, Load: map[string]int{"chat": 1}, LastAssignedAt: at}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("states after the refusals (-want +got):\n%s", diff)
			}
		})
	}
}

// checkingBoard checks every route's pick under the board's lock: the
// states it is given keep every agent within their capacity on the
// channel, and the agent picked is free and the least loaded of the
// eligible agents that are.
type checkingBoard struct {
	board
	capacity func(agent, channel string) int
	eligible []string

	mu       sync.Mutex
	problems []string
}

func (c *checkingBoard) Route(ctx context.Context, ticket, channel string, at time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	return c.board.Route(ctx, ticket, channel, at, func(states map[string]tkt.AgentState) (string, error) {
		agent, err := pick(states)
		c.mu.Lock()
		defer c.mu.Unlock()
		for id, s := range states {
			for ch, n := range s.Load {
				if n > c.capacity(id, ch) {
					c.problems = append(c.problems, fmt.Sprintf("before %s: %s holds %d on %s, capacity %d", ticket, id, n, ch, c.capacity(id, ch)))
				}
			}
		}
		if agent == "" {
			for _, id := range c.eligible {
				if states[id].Load[channel] < c.capacity(id, channel) {
					c.problems = append(c.problems, fmt.Sprintf("%s waits while %s has room", ticket, id))
				}
			}
			return agent, err
		}
		if !slices.Contains(c.eligible, agent) {
			c.problems = append(c.problems, fmt.Sprintf("%s went to %s, who is not eligible", ticket, agent))
		}
		for _, id := range c.eligible {
			if states[id].Load[channel] < c.capacity(id, channel) && states[id].Load[channel] < states[agent].Load[channel] {
				c.problems = append(c.problems, fmt.Sprintf("%s went to %s (load %d), not to %s (load %d)",
					ticket, agent, states[agent].Load[channel], id, states[id].Load[channel]))
			}
		}
		return agent, err
	})
}

// TestBoardReplicasRouteConcurrently is issue 16's race: two replicas
// route 200 chat tickets at once (16 goroutines, alternating between the
// replicas' boards) through the Route activity and the example's routing
// policy. No agent ever holds more than their capacity, every pick is
// the least loaded of the eligible agents with room (checked under the
// board's lock, at the moment of the pick), and at the end every place
// is taken, the loads of the agents with room differing by at most one.
func TestBoardReplicasRouteConcurrently(t *testing.T) {
	const tickets, workers = 200, 16
	versions := newSnapshots(exampleCopy(t), t.TempDir())
	version, err := versions.load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, snap, eng := versions.Current()
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	capacity := func(agent, channel string) int { return snap.Config.Agents[agent].Channels[channel] }
	for _, channel := range []string{"chat", "email"} {
		ticket := func(i int) tkt.Ticket {
			return tkt.Ticket{ID: fmt.Sprintf("T-%03d", i), Channel: channel, Category: "returns", Impact: "low", Urgency: "medium",
				Language: "de", Subject: "Where is my refund?", Customer: tkt.Customer{ID: "C-1", Tier: "standard"}, CreatedAt: start}
		}
		eligible := eligibleAgents(t, eng, slices.Collect(maps.Keys(snap.Config.Agents)), ticket(0), start)
		places := 0
		for _, id := range eligible {
			places += capacity(id, channel)
		}
		if len(eligible) < 3 || places >= tickets {
			t.Fatalf("%s: eligible agents %v with %d places: want at least 3 agents and fewer places than %d tickets", channel, eligible, places, tickets)
		}
		for kind, open := range boardKinds {
			t.Run(channel+"/"+kind, func(t *testing.T) {
				race := routeRace{versions: versions, version: version, channel: channel, ticket: ticket, start: start,
					tickets: tickets, workers: workers, eligible: eligible, capacity: capacity, places: places}
				race.run(t, open(t))
			})
		}
	}
}

// routeRace is one run of TestBoardReplicasRouteConcurrently.
type routeRace struct {
	versions         *snapshots
	version, channel string
	ticket           func(i int) tkt.Ticket
	start            time.Time
	tickets, workers int
	eligible         []string
	capacity         func(agent, channel string) int
	places           int
}

// run routes the tickets on the two replicas' boards r and checks every
// pick and the loads at the end.
func (race routeRace) run(t *testing.T, r [2]board) {
	var acts [2]*ticketwf.Activities
	var checks [2]*checkingBoard
	for i := range r {
		checks[i] = &checkingBoard{board: &rosterBoard{board: r[i], versions: race.versions}, capacity: race.capacity, eligible: race.eligible}
		acts[i] = &ticketwf.Activities{Snapshots: race.versions, Agents: checks[i]}
	}
	next := make(chan int)
	errs := make(chan error, race.tickets)
	var wg sync.WaitGroup
	for range race.workers {
		wg.Go(func() {
			for i := range next {
				req := ticketwf.RouteRequest{Config: race.version, Ticket: race.ticket(i), At: race.start.Add(time.Duration(i) * time.Second)}
				if _, err := acts[i%2].Route(t.Context(), req); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range race.tickets {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, c := range checks {
		for _, p := range c.problems {
			t.Error(p)
		}
	}
	states, err := r[1].States(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	held, most, least := 0, 0, race.tickets
	for id, s := range states {
		n := s.Load[race.channel]
		held += n
		if n > race.capacity(id, race.channel) || (n > 0 && !slices.Contains(race.eligible, id)) {
			t.Errorf("%s holds %d on %s, capacity %d, eligible %t", id, n, race.channel, race.capacity(id, race.channel), slices.Contains(race.eligible, id))
		}
	}
	loads := map[string]int{}
	for _, id := range race.eligible {
		n := states[id].Load[race.channel]
		loads[id] = n
		most = max(most, n)
		if n < race.capacity(id, race.channel) {
			least = min(least, n)
		}
	}
	if held != race.places {
		t.Errorf("%d tickets held, want every one of the %d places of %v", held, race.places, race.eligible)
	}
	if least < race.tickets && most-least > 1 {
		t.Errorf("loads of the eligible agents %v range from %d (with room) to %d", loads, least, most)
	}
}

// eligibleAgents are the agents the routing policy gives ticket to when
// every agent is free: asked again and again, each agent found is made
// away, until the policy finds nobody.
func eligibleAgents(t *testing.T, eng *policy.Engine, agents []string, ticket tkt.Ticket, now time.Time) []string {
	t.Helper()
	states := map[string]tkt.AgentState{}
	for _, id := range agents {
		states[id] = tkt.AgentState{Status: tkt.Available}
	}
	var found []string
	for range len(agents) + 1 {
		d, err := eng.Route(t.Context(), policy.RouteInput{Ticket: ticket, Roster: eng.Roster(states), Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if d.Agent == "" {
			slices.Sort(found)
			return found
		}
		found = append(found, d.Agent)
		states[d.Agent] = tkt.AgentState{Status: tkt.Away}
	}
	t.Fatalf("the policy keeps finding agents: %v", found)
	return nil
}
