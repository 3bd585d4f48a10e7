package policy_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

const example = "../../examples/acme-shop"

// loadExample loads the example configuration.
func loadExample(t testing.TB) *model.Config {
	t.Helper()
	return configtest.Load(t, example).Config
}

// newEngine compiles the default policies against cfg.
func newEngine(t testing.TB, cfg *model.Config) *policy.Engine {
	t.Helper()
	return configtest.DefaultEngine(t, cfg)
}

func readFixture(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(example, name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestRouteFixtures checks the decision for every ticket fixture of the
// example, each of which shows a rule of the routing policy: the rule's
// effect is asserted here, and the whole decision with its reasons is
// pinned in testdata/route (SUPPORTOPS_UPDATE=1 rewrites it).
func TestRouteFixtures(t *testing.T) {
	cfg := loadExample(t)
	e := newEngine(t, cfg)
	tests := []struct {
		ticket, state string
		queue, agent  string
		// excluded holds, for agents passed over, a reason they must have.
		excluded map[string]string
	}{
		// A VIP complaint goes to the VIP desk; the trainee of its team is
		// kept off it twice over (VIP and complaint), whatever his load.
		{"vip-refund-complaint", "day", "vip", "sabine-mueller", map[string]string{
			"lukas-neumann": "is a trainee and trainees take no VIP customers",
			"julia-wagner":  "lacks skill complaints",
		}},
		// An abusive customer: never to a trainee, nor to an agent in a
		// wellbeing cool-down (three difficult contacts, the last 10 min ago).
		{"abusive-customer", "day", "after-sales", "julia-wagner", map[string]string{
			"lukas-neumann": "is a trainee and trainees take no abusive-flagged customers",
			"aylin-demir":   "is in a wellbeing cool-down: 3 difficult contacts, the last 10 min ago (cool-down 30 min)",
		}},
		// A trainee takes a routine ticket he is certified for when the
		// certified agents are at capacity.
		{"trainee-order-status", "peak", "after-sales", "lukas-neumann", map[string]string{
			"julia-wagner": "is at capacity on chat (3 of 3)",
			"aylin-demir":  "is away",
		}},
		// Nobody qualifies: the ticket waits in its queue and every member
		// of the team says why.
		{"full-capacity", "peak", "logistics", "", map[string]string{
			"markus-braun": "is at capacity on phone (1 of 1)",
			"stefan-koch":  "is at capacity on phone (1 of 1)",
			"emma-fischer": "does not serve phone",
			"olga-nowak":   "is busy",
		}},
		// A P1 at night: the trainee on the night shift is kept off it.
		{"after-hours-p1", "night", "technical-support", "jan-vogel", map[string]string{
			"noah-klein": "is a trainee and trainees take no P1 tickets",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.ticket, func(t *testing.T) {
			var in policy.RouteInput
			var agents map[string]ticket.AgentState
			readFixture(t, "tickets/"+tt.ticket+".json", &in.Ticket)
			readFixture(t, "state/"+tt.state+".json", &agents)
			in.Roster = e.Roster(agents)
			in.Now = in.Ticket.CreatedAt
			quick, err := e.Route(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			in.Explain = true
			got, err := e.Route(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Queue != tt.queue || got.Agent != tt.agent {
				t.Errorf("queue %q, agent %q; want %q, %q", got.Queue, got.Agent, tt.queue, tt.agent)
			}
			for id, reason := range tt.excluded {
				if !slices.Contains(got.Excluded[id], reason) {
					t.Errorf("%s passed over for %q, want %q among them", id, got.Excluded[id], reason)
				}
			}
			// Without explain, the same choice, and the exclusions only
			// when nobody qualifies.
			want := got
			if got.Agent != "" {
				want.Excluded = nil
			}
			if diff := cmp.Diff(want, quick); diff != "" {
				t.Errorf("Route without explain (-want +got):\n%s", diff)
			}
			testutil.GoldenJSON(t, filepath.Join("testdata", "route", tt.ticket+".json"), got)
		})
	}
}

// TestRouteAgreesWithReference routes random tickets against random agent
// states and checks the policy against the plain-Go reference, and that the
// reasons for passing agents over are consistent with the choice.
func TestRouteAgreesWithReference(t *testing.T) {
	cfg := loadExample(t)
	ix, err := policy.NewIndex(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, cfg)
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	channels := model.SortedKeys(cfg.Channels)
	categories := append(model.SortedKeys(cfg.Categories), "no-such-category")
	tiers := model.SortedKeys(cfg.Tiers)
	impacts, urgencies := cfg.Priorities.Impacts, cfg.Priorities.Urgencies
	statuses := []ticket.AgentStatus{ticket.Available, ticket.Available, ticket.Busy, ticket.Away}
	now := time.Date(2026, 11, 18, 11, 0, 0, 0, time.UTC)
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := range n {
		tk := ticket.Ticket{
			ID: "T", Channel: pick(channels), Category: pick(categories),
			Impact: pick(impacts), Urgency: pick(urgencies), Language: pick([]string{"de", "en", "fr"}),
			Customer: ticket.Customer{ID: "C", Tier: pick(tiers)}, Escalated: rng.IntN(4) == 0,
		}
		if rng.IntN(4) == 0 {
			tk.Customer.Flags = []string{ticket.FlagAbusive}
		}
		if rng.IntN(5) == 0 {
			tk.Priority = "P1"
		}
		agents := map[string]ticket.AgentState{}
		for id, a := range cfg.Agents {
			if rng.IntN(8) == 0 {
				continue // no live state
			}
			s := ticket.AgentState{Status: statuses[rng.IntN(len(statuses))], Load: map[string]int{}}
			for ch, c := range a.Channels {
				s.Load[ch] = rng.IntN(c + 1)
			}
			s.LastAssignedAt = now.Add(-time.Duration(rng.IntN(120)) * time.Minute)
			s.DifficultContacts = rng.IntN(5)
			if s.DifficultContacts > 0 {
				s.LastDifficultAt = now.Add(-time.Duration(rng.IntN(60)) * time.Minute)
			}
			agents[id] = s
		}
		in := policy.RouteInput{Ticket: tk, Roster: e.Roster(agents), Now: now, Explain: true}
		got, err := e.Route(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		wantQueue, wantAgent := referenceRoute(cfg, ix, agents, in)
		if got.Queue != wantQueue || got.Agent != wantAgent {
			t.Fatalf("case %d: %+v\npolicy: queue %q agent %q\nreference: queue %q agent %q\nreasons %q\nexcluded %q",
				i, tk, got.Queue, got.Agent, wantQueue, wantAgent, got.Reasons, got.Excluded)
		}
		// The engine's cached ticket view decides as the policy does on
		// its own, with and without explanations.
		for _, explain := range []bool{true, false} {
			in.Explain = explain
			cached, err := e.Route(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			inline, err := e.RouteWithoutViews(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(inline, cached); diff != "" {
				t.Fatalf("case %d, explain %v: the cached ticket view changes the decision (-inline +cached):\n%s", i, explain, diff)
			}
		}
		if _, ok := got.Excluded[got.Agent]; ok {
			t.Fatalf("case %d: chosen agent %s is also excluded: %q", i, got.Agent, got.Excluded[got.Agent])
		}
		if got.Queue != "" && got.Agent == "" {
			// Nobody qualified: every member of the team must say why.
			for _, id := range ix.TeamMembers[cfg.Queues[got.Queue].Team] {
				if len(got.Excluded[id]) == 0 {
					t.Fatalf("case %d: nobody chosen but %s has no exclusion reason", i, id)
				}
			}
		}
		if len(got.Reasons) != 3 {
			t.Fatalf("case %d: want 3 reasons, got %q", i, got.Reasons)
		}
	}
}

func TestModulesOverlay(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("routing/routing.rego", "package supportops.routing\n\ndecision := {}\n")
	write("extra/extra.rego", "package supportops.extra\n\nx := 1\n")
	write(".git/ignored.rego", "not rego")
	write("notes.txt", "not rego")
	defaults := configtest.Defaults(t)
	got, err := policy.Modules(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range defaults {
		paths = append(paths, m.Path)
	}
	paths = append(paths, "extra/extra.rego")
	slices.Sort(paths)
	var gotPaths []string
	for _, m := range got {
		gotPaths = append(gotPaths, m.Path)
		if m.Path == "routing/routing.rego" && !strings.Contains(string(m.Source), "decision := {}") {
			t.Errorf("routing/routing.rego was not replaced")
		}
	}
	if diff := cmp.Diff(paths, gotPaths); diff != "" {
		t.Errorf("Modules paths (-want +got):\n%s", diff)
	}
	if _, err := policy.Modules(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("Modules of a missing dir: %v", err)
	}
}

func TestCompileErrorsArePositioned(t *testing.T) {
	cfg := loadExample(t)
	tests := []struct {
		name, src string
		want      diag.Diagnostics
	}{
		{"parse", "package supportops.extra\n\nx := [1,\n", diag.Diagnostics{{
			Summary: "unexpected eof token", Detail: "rego_parse_error",
			Positions: []diag.Position{{File: "policies/extra/broken.rego", Line: 4, Column: 1}},
		}}},
		{"unsafe var", "package supportops.extra\n\nallow if {\n\tinput.x == y\n}\n", diag.Diagnostics{{
			Summary: "var y is unsafe", Detail: "rego_unsafe_var_error",
			Positions: []diag.Position{{File: "policies/extra/broken.rego", Line: 4, Column: 2}},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mods := configtest.Defaults(t, policy.Module{Path: "extra/broken.rego", Source: []byte(tt.src)})
			_, err := policy.New(context.Background(), cfg, mods)
			var ds diag.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("New: want diagnostics, got %v", err)
			}
			if diff := cmp.Diff(tt.want, ds); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDefaultPolicyTests runs the Rego unit tests of the defaults through
// Test, as supportops test does, and holds them to the coverage gate.
func TestDefaultPolicyTests(t *testing.T) {
	rep, err := policy.Test(context.Background(), nil, configtest.Defaults(t))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("policy tests failed: %+v", rep.Failures)
	}
	if rep.Total() < 20 {
		t.Errorf("ran %d tests, want the full suite", rep.Total())
	}
	if rep.Coverage < 90 {
		t.Errorf("coverage %.1f%%, want at least 90%%: %+v", rep.Coverage, rep.Files)
	}
	for _, f := range rep.Files {
		if strings.HasSuffix(f.Path, "_test.rego") {
			t.Errorf("coverage lists test file %s", f.Path)
		}
	}
}

func TestFailingPolicyTestIsReported(t *testing.T) {
	mods := []policy.Module{{Path: "extra/extra_test.rego", Source: []byte(
		"package supportops.extra_test\n\ntest_ok if true\n\ntest_wrong if {\n\t1 == 2\n}\n\ntest_error if {\n\tx := 1 / 0\n\tx > 0\n}\n")}}
	rep, err := policy.Test(context.Background(), nil, mods)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed != 1 || rep.Failed+rep.Errored != 2 || rep.OK() {
		t.Fatalf("report %+v: want 1 passed and 2 not", rep)
	}
	if got := rep.Failures[0]; got.Name != "test_wrong" || got.Location != "policies/extra/extra_test.rego:5" {
		t.Errorf("first failure %+v", got)
	}
}

// TestViewFields covers a routing policy that declares no ticket view (the
// engine then caches nothing and decides the same) and one whose
// view_fields are malformed (the engine refuses it).
func TestViewFields(t *testing.T) {
	cfg := loadExample(t)
	withRouting := func(t *testing.T, edit func(string) string) []policy.Module {
		t.Helper()
		mods := configtest.Defaults(t)
		for i, m := range mods {
			if m.Path == "routing/routing.rego" {
				src := edit(string(m.Source))
				if src == string(m.Source) {
					t.Fatal("the edit changed nothing")
				}
				mods[i].Source = []byte(src)
			}
		}
		return mods
	}
	t.Run("absent", func(t *testing.T) {
		mods := withRouting(t, func(s string) string { return strings.Replace(s, "view_fields := [", "declared_fields := [", 1) })
		plain, err := policy.New(context.Background(), cfg, mods)
		if err != nil {
			t.Fatal(err)
		}
		e := newEngine(t, cfg)
		for _, f := range [][2]string{{"vip-refund-complaint", "day"}, {"abusive-customer", "day"}, {"full-capacity", "peak"}} {
			name := f[0]
			var in policy.RouteInput
			var agents map[string]ticket.AgentState
			readFixture(t, "tickets/"+name+".json", &in.Ticket)
			readFixture(t, "state/"+f[1]+".json", &agents)
			in.Roster, in.Now, in.Explain = e.Roster(agents), in.Ticket.CreatedAt, true
			want, err := e.Route(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := plain.Route(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s without a ticket view (-with +without):\n%s", name, diff)
			}
		}
	})
	t.Run("malformed", func(t *testing.T) {
		mods := withRouting(t, func(s string) string {
			return strings.Replace(s, `view_fields := [`, `view_fields := ["channel", `, 1)
		})
		_, err := policy.New(context.Background(), cfg, mods)
		if err == nil || !strings.Contains(err.Error(), "item 0 is not a path") {
			t.Fatalf("New = %v, want an error about item 0", err)
		}
	})
}
