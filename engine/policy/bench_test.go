package policy_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/ticket"
)

// benchCandidates is the number of agents who qualify on skill, language
// and channel for the benchmark ticket; the target is for 500.
const benchCandidates = 500

// routeBench is the example configuration grown by benchCandidates agents
// in after-sales, and a returns chat in German that all of them could take,
// with live state for everyone: most available with some load, some busy
// or at capacity, so the policy has to look at each.
func routeBench(b testing.TB) (*model.Config, map[string]ticket.AgentState, policy.RouteInput) {
	cfg := loadExample(b)
	now := time.Date(2026, 11, 18, 11, 0, 0, 0, time.UTC)
	agents := map[string]ticket.AgentState{}
	for id := range cfg.Agents {
		agents[id] = ticket.AgentState{Status: ticket.Available, LastAssignedAt: now.Add(-time.Hour)}
	}
	for i := range benchCandidates {
		id := fmt.Sprintf("bench-%03d", i)
		cfg.Agents[id] = model.Agent{
			Name: id, Team: "after-sales", Roles: []string{"agent"},
			Skills:    map[string]int{"returns": 1 + i%3, "orders": 2},
			Languages: []string{"de", "en"},
			Channels:  map[string]int{"chat": 3, "email": 8},
		}
		s := ticket.AgentState{
			Status:         ticket.Available,
			Load:           map[string]int{"chat": 1 + i%3, "email": i % 5},
			LastAssignedAt: now.Add(-time.Duration(i%97) * time.Minute),
		}
		if i%10 == 0 {
			s.Status = ticket.Busy
		}
		agents[id] = s
	}
	in := policy.RouteInput{
		Ticket: ticket.Ticket{
			ID: "T-bench", Channel: "chat", Category: "returns", Impact: "medium", Urgency: "medium",
			Language: "de", Customer: ticket.Customer{ID: "C-1", Tier: "standard"}, CreatedAt: now,
		},
		Now: now,
	}
	return cfg, agents, in
}

// BenchmarkRoute measures one routing decision with 500 candidates, and
// reports the 99th percentile latency of the calls.
func BenchmarkRoute(b *testing.B) {
	cfg, agents, in := routeBench(b)
	e := newEngine(b, cfg)
	in.Roster = e.Roster(agents)
	ctx := context.Background()
	if d, err := e.Route(ctx, in); err != nil || d.Agent == "" {
		b.Fatalf("Route: %+v, %v", d, err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if _, err := e.Route(ctx, in); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportLatency(b, lat)
}

// BenchmarkRouteParallel measures routing throughput with every core busy.
func BenchmarkRouteParallel(b *testing.B) {
	cfg, agents, in := routeBench(b)
	e := newEngine(b, cfg)
	in.Roster = e.Roster(agents)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Route(ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// BenchmarkRouteReference is the same selection in plain Go: the limit the
// policy is held to (within 10×).
func BenchmarkRouteReference(b *testing.B) {
	cfg, agents, in := routeBench(b)
	ix, err := policy.NewIndex(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if _, agent := referenceRoute(cfg, ix, agents, in); agent == "" {
		b.Fatal("reference found nobody")
	}
	b.ReportAllocs()
	for b.Loop() {
		referenceRoute(cfg, ix, agents, in)
	}
}

// BenchmarkRoster measures preparing the live state of 500+ agents, done
// once per change of agent state, not per decision.
func BenchmarkRoster(b *testing.B) {
	cfg, agents, _ := routeBench(b)
	e := newEngine(b, cfg)
	b.ReportAllocs()
	for b.Loop() {
		e.Roster(agents)
	}
}

// BenchmarkApprove measures an approval decision: a two-level refund with
// one approval recorded.
func BenchmarkApprove(b *testing.B) {
	e := newEngine(b, loadExample(b))
	amount := 800.0
	req := policy.ApprovalRequest{
		Action: model.Refund, Amount: &amount,
		Requester: policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}},
		Approvals: []policy.Approval{{Level: 0, Approver: policy.Principal{ID: "petra-hoffmann", Roles: []string{"supervisor"}}, Decision: "approve"}},
	}
	ctx := context.Background()
	if d, err := e.Approve(ctx, req); err != nil || d.Outcome != policy.NeedsApproval {
		b.Fatalf("Approve: %+v, %v", d, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Approve(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthorize measures an API authorisation decision: an agent
// posting an event on a ticket of their team.
func BenchmarkAuthorize(b *testing.B) {
	e := newEngine(b, loadExample(b))
	req := policy.APIRequest{
		Principal: policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"},
		Action:    access.ActionTicketsEvent,
		Resource:  &policy.Resource{Assignee: "sabine-mueller", Team: "after-sales"},
	}
	ctx := context.Background()
	if d, err := e.Authorize(ctx, req); err != nil || !d.Allow {
		b.Fatalf("Authorize: %+v, %v", d, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Authorize(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// reportLatency adds the median and 99th percentile of lat, in µs.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[int(q*float64(len(lat)-1))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
