package ticket

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/sla"
)

// Escalation targets resolve to the example's people: rotas in their
// order, roles and teams sorted, each person once.
func TestPeople(t *testing.T) {
	cfg := loadExample(t).snap.Config
	tests := []struct {
		name    string
		reason  string
		targets []string
		want    []string
	}{
		{"rota", "on_duty keeps the rota's order", []string{"on_duty:supervisor"}, supervisors},
		{"role", "every agent holding the role", []string{"role:manager"}, []string{"petra-lange"}},
		{"team", "the team's agents, sorted", []string{"team:complaints"},
			[]string{"daniel-krueger", "katrin-schwarz", "nina-zimmermann", "petra-lange", "yusuf-aydin"}},
		{"agent", "the agent named", []string{"agent:sabine-mueller"}, []string{"sabine-mueller"}},
		{"dedupe", "in target order, each person once", []string{"team:complaints", "on_duty:incident-commander"},
			[]string{"daniel-krueger", "katrin-schwarz", "nina-zimmermann", "petra-lange", "yusuf-aydin", "sabine-mueller"}},
		{"empty rota", "a rota nobody is on names nobody", []string{"on_duty:night-owl", "bogus"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, cfg.People(tc.targets)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// The plan carries each level's people and whether it is round robin.
func TestPlanEscalationPeople(t *testing.T) {
	snaps := loadExample(t)
	a := &Activities{Snapshots: snaps}
	res, err := a.Plan(context.Background(), TermsRequest{Config: snaps.snap.Hash,
		Subject: sla.Subject{Priority: "P4", Channel: "email", Category: "returns", Tier: "standard", Queue: "after-sales"}})
	if err != nil {
		t.Fatal(err)
	}
	type level struct {
		People     []string
		RoundRobin bool
	}
	var got []level
	for _, l := range res.Escalations["standard"] {
		got = append(got, level{l.People, l.RoundRobin})
	}
	want := []level{{supervisors, false}, {incidentCommanders, false}, {supervisors, true}, {[]string{"petra-lange"}, false}, {incidentCommanders, false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("standard path (-want +got):\n%s", diff)
	}
}

// Who a repetition of a level reaches.
func TestEscalationTargets(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		level  Escalation
		k      int
		want   []string
	}{
		{"people", "every person of the level", Escalation{Targets: []string{"role:manager"}, People: []string{"a", "b"}}, 2, []string{"a", "b"}},
		{"round robin", "repetition k reaches person k mod n", Escalation{Targets: []string{"on_duty:x"}, People: []string{"a", "b"}, RoundRobin: true}, 3, []string{"b"}},
		{"nobody", "an empty rota falls back to the targets", Escalation{Targets: []string{"on_duty:x"}, RoundRobin: true}, 1, []string{"on_duty:x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, escalationTargets(tc.level, tc.k)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
