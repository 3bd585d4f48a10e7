package drill_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

// Check says each problem twice: at a path, as configuration loading
// reports it, and naming the step, as Compile does.
func TestCheck(t *testing.T) {
	type problem struct {
		Path            []any
		Summary, Detail string
		Err             string
	}
	tests := map[string]struct {
		edit   func(p *model.EmergencyPlan)
		want   []problem
		reason string
	}{
		"valid": {edit: func(*model.EmergencyPlan) {}, reason: "a valid plan has no problem"},
		"duplicate": {
			edit: func(p *model.EmergencyPlan) { p.Steps[2].ID = "notify" },
			want: []problem{
				{Path: []any{"steps", 2, "id"}, Summary: `duplicate step id "notify" (also steps[1])`, Err: `step "notify": duplicate id`},
				{Path: []any{"steps", 3, "after", 1}, Summary: `unknown step "restore"`, Detail: "known steps: assess, notify, review",
					Err: `step "review": after: unknown step "restore" (steps: assess, notify, review)`},
			},
			reason: "the first of two steps keeps the id; a step waiting for the name it replaced is reported too",
		},
		"self and cycle": {
			edit: func(p *model.EmergencyPlan) { p.Steps[0].After = []string{"assess", "review"} },
			want: []problem{
				{Path: []any{"steps", 0, "after", 0}, Summary: `step "assess" depends on itself`, Err: `step "assess": after: depends on itself`},
				{Path: []any{"steps", 0, "after"}, Summary: "steps form a cycle: assess -> review -> notify -> assess", Err: "steps form a cycle: assess -> review -> notify -> assess"},
			},
			reason: "a step waiting for itself is no part of the cycle, which is reported at the after of its first step",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			pl := small()
			tt.edit(&pl)
			var got []problem
			for _, p := range drill.Check(pl) {
				got = append(got, problem{Path: p.Path, Summary: p.Summary, Detail: p.Detail, Err: p.Err.Error()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestPlanOf(t *testing.T) {
	snap := example(t)
	p, err := drill.PlanOf(snap.Config, "outage-major")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(snap.Plans["outage-major"], p); diff != "" {
		t.Errorf("the plan prepared for a run differs from the one loading compiled (-loaded +prepared):\n%s", diff)
	}
	if len(p.Escalation) == 0 {
		t.Errorf("outage-major: escalation not resolved")
	}
	for id, want := range map[string]string{
		"outage":  `unknown plan "outage" (plans: outage-major, public-complaint, public-emergency)`,
		"":        "no plan given (plans: outage-major, public-complaint, public-emergency)",
		"nothing": `unknown plan "nothing" (plans: outage-major, public-complaint, public-emergency)`,
	} {
		if _, err := drill.PlanOf(snap.Config, id); err == nil || err.Error() != want {
			t.Errorf("PlanOf(%q): %v, want %q", id, err, want)
		}
		if _, err := snap.Plans.Get(id); err == nil || err.Error() != want {
			t.Errorf("Plans.Get(%q): %v, want %q", id, err, want)
		}
	}
}
