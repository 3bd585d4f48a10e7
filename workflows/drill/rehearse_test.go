package drill

import (
	"testing"

	edrill "github.com/supportops/supportops/engine/drill"
)

// Rehearse fills the roles as the daemon does, runs the plan offline and
// judges it: outage-major passes with participants who always answer and
// fails when nobody does.
func TestRehearse(t *testing.T) {
	cfg, err := exampleConfig()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := edrill.PlanOf(cfg, "outage-major")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Rehearse(t.Context(), cfg, plan, RehearsalOptions{Seed: 7, PassMark: 90})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Pass || got.Plan != "outage-major" || got.Result.Drill != "sim-outage-major" {
		t.Errorf("answering participants: pass %v (%s), plan %q, drill %q; want a pass of plan outage-major as drill sim-outage-major",
			got.Pass, got.Why, got.Plan, got.Result.Drill)
	}
	silent, err := Rehearse(t.Context(), cfg, plan, RehearsalOptions{Seed: 7, FailureRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := "timed out after 4h"; silent.Pass || silent.Why != want {
		t.Errorf("silent participants: pass %v, why %q; want a fail, %q", silent.Pass, silent.Why, want)
	}
}
