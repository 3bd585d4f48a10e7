package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// fakeHolds is a heldBoard over holds by ticket and the time each was
// made; releasing a ticket in failing fails.
type fakeHolds struct {
	holds    map[string]time.Time
	failing  map[string]bool
	released []string
}

func (f *fakeHolds) HeldBefore(_ context.Context, before time.Time) ([]string, error) {
	var out []string
	for ticket, at := range f.holds {
		if at.Before(before) {
			out = append(out, ticket)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (f *fakeHolds) Release(_ context.Context, ticket string) error {
	if f.failing[ticket] {
		return errors.New("release " + ticket + ": connection lost")
	}
	f.released = append(f.released, ticket)
	delete(f.holds, ticket)
	return nil
}

// fakeRuns is a ticketRuns: visibility lists listed (or fails with
// listErr); the workflows of stillRunning run whatever the listing says
// (one that continued as new, missing from the listing for a moment), and
// describing one of undescribable fails.
type fakeRuns struct {
	listed        []string
	listErr       error
	stillRunning  map[string]bool
	undescribable map[string]bool
}

func (f fakeRuns) Running(context.Context) (map[string]bool, error) {
	if f.listErr != nil {
		return nil, f.listErr
	}
	out := map[string]bool{}
	for _, ticket := range f.listed {
		out[ticket] = true
	}
	return out, nil
}

func (f fakeRuns) Ended(_ context.Context, ticket string) (bool, error) {
	if f.undescribable[ticket] {
		return false, errors.New("describe " + ticket + ": unavailable")
	}
	return !f.stillRunning[ticket], nil
}

// TestSweepDecides: the sweep releases the holds made before the margin
// whose tickets' workflows are neither listed as running nor found
// running when described, goes on past a ticket it cannot describe or
// release, and releases nothing when the listing fails.
func TestSweepDecides(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	held := func() map[string]time.Time {
		return map[string]time.Time{
			"T-old-1": now.Add(-time.Hour), "T-old-2": now.Add(-6 * time.Minute),
			"T-at-margin": now.Add(-sweepMargin), "T-young": now.Add(-time.Minute),
		}
	}
	tests := map[string]struct {
		reason      string
		runs        fakeRuns
		failing     map[string]bool
		wantRelease []string
		wantErr     bool
	}{
		"none running": {
			reason:      "every hold older than the margin goes; the one made at the margin and the younger stay",
			wantRelease: []string{"T-old-1", "T-old-2"},
		},
		"one running": {
			reason:      "a listed ticket keeps its hold",
			runs:        fakeRuns{listed: []string{"T-old-2", "T-young"}},
			wantRelease: []string{"T-old-1"},
		},
		"all running": {
			reason: "nothing to release",
			runs:   fakeRuns{listed: []string{"T-old-1", "T-old-2", "T-at-margin", "T-young"}},
		},
		"continued as new": {
			reason:      "a ticket the listing misses but whose workflow runs keeps its hold",
			runs:        fakeRuns{stillRunning: map[string]bool{"T-old-1": true}},
			wantRelease: []string{"T-old-2"},
		},
		"listing fails": {
			reason:  "without the running tickets nothing is judged",
			runs:    fakeRuns{listErr: errors.New("visibility unavailable")},
			wantErr: true,
		},
		"describe fails": {
			reason:      "the ticket that cannot be described keeps its hold, the others are swept",
			runs:        fakeRuns{undescribable: map[string]bool{"T-old-1": true}},
			wantRelease: []string{"T-old-2"},
			wantErr:     true,
		},
		"release fails": {
			reason:      "the sweep goes on past a failed release",
			failing:     map[string]bool{"T-old-1": true},
			wantRelease: []string{"T-old-2"},
			wantErr:     true,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			board := &fakeHolds{holds: held(), failing: tt.failing}
			s := &sweeper{board: board, runs: tt.runs, log: slog.New(slog.DiscardHandler), now: func() time.Time { return now }}
			got, err := s.sweep(t.Context(), sweepMargin)
			if (err != nil) != tt.wantErr {
				t.Errorf("error %v, want one: %t", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantRelease, got); diff != "" {
				t.Errorf("%s: released (-want +got):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(tt.wantRelease, board.released); diff != "" {
				t.Errorf("%s: released on the board (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestSweepReleasesEndedTickets runs a daemon on the embedded Temporal
// server with the PostgreSQL board: of two tickets held for agents, the
// one whose workflow an operator terminates loses its hold to the sweep,
// the running one keeps it, and its agent's load drops by one.
func TestSweepReleasesEndedTickets(t *testing.T) {
	dsn := newPostgresDSN(t)
	admin, err := openTestState(t, dsn).Tokens().Add(t.Context(), policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var buf lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon errors:\n%s", buf.String())
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Config: example, DataDir: t.TempDir(), HTTPAddr: "127.0.0.1:0", EventsDSN: dsn},
		slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop(context.Background())
	if d.sweeper == nil {
		t.Fatal("the daemon does not sweep its PostgreSQL board")
	}
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: admin}
	ended, running := openTicket(t, ops, "abusive-customer"), openTicket(t, ops, "vip-refund-complaint")
	board := d.state.Board()
	future := time.Now().Add(time.Hour)
	wait := func(what string) {
		t.Helper()
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	both := []string{ended, running}
	slices.Sort(both)
	for {
		held, herr := board.HeldBefore(ctx, future)
		if herr != nil {
			t.Fatal(herr)
		}
		if slices.Equal(both, held) {
			break
		}
		wait(fmt.Sprintf("both tickets held (held: %v)", held))
	}
	// The ticket's state shows its agent once the workflow has the Route
	// activity's answer.
	var st apiv1.TicketState
	for st.Agent == "" {
		if st, err = ops.api().Ticket(ctx, ended); err != nil {
			t.Fatal(err)
		}
		if st.Agent == "" {
			wait("the ticket's agent")
		}
	}
	before := boardLoads(t, board.States)
	if err = d.client.TerminateWorkflow(ctx, ticketwf.WorkflowID(ended), "", "terminated by an operator"); err != nil {
		t.Fatal(err)
	}
	for {
		listed, lerr := d.sweeper.runs.Running(ctx)
		if lerr != nil {
			t.Fatal(lerr)
		}
		if listed[running] && !listed[ended] {
			break
		}
		wait("visibility to show the terminated ticket ended")
	}
	released, err := d.sweeper.sweep(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{ended}, released); diff != "" {
		t.Errorf("released by the sweep (-want +got):\n%s", diff)
	}
	held, err := board.HeldBefore(ctx, future)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{running}, held); diff != "" {
		t.Errorf("held after the sweep (-want +got):\n%s", diff)
	}
	want := before // the terminated ticket's agent holds one ticket fewer
	if want[st.Agent][st.Ticket.Channel]--; want[st.Agent][st.Ticket.Channel] == 0 {
		delete(want[st.Agent], st.Ticket.Channel)
		if len(want[st.Agent]) == 0 {
			delete(want, st.Agent)
		}
	}
	if diff := cmp.Diff(want, boardLoads(t, board.States)); diff != "" {
		t.Errorf("loads after the sweep, %s's on %s one lower (-want +got):\n%s", st.Agent, st.Ticket.Channel, diff)
	}
}

// boardLoads is the loads of the agents states returns, agent → channel
// → load, without the agents and channels that hold nothing.
func boardLoads(t *testing.T, states func(context.Context) (map[string]tkt.AgentState, error)) map[string]map[string]int {
	t.Helper()
	got, err := states(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]int{}
	for agent, s := range got {
		for channel, n := range s.Load {
			if n > 0 {
				if out[agent] == nil {
					out[agent] = map[string]int{}
				}
				out[agent][channel] = n
			}
		}
	}
	return out
}
