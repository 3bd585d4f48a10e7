package drill_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
)

func TestAssign(t *testing.T) {
	snap := example(t)
	outage := examplePlan(t, "outage-major")
	ghostly := &drill.Plan{ID: "ghostly", Roles: []string{"incident-commander", "ghost"}, Commander: "incident-commander",
		Steps: []drill.Step{{ID: "haunt", Owner: "poltergeist"}}}
	tests := []struct {
		name      string
		reason    string
		plan      *drill.Plan
		overrides map[string]string
		want      drill.Assignment
		wantErr   string
	}{
		{
			name: "from the configuration", plan: outage,
			reason: "on_duty rotas first (incident-commander, supervisor), else the first agent by id holding the role",
			want: drill.Assignment{People: map[string]string{
				"incident-commander": "petra-lange", "supervisor": "sabine-mueller",
				"it-liaison": "jan-vogel", "team-lead": "jan-vogel", "comms-lead": "lea-hoffmann",
			}},
		},
		{
			name: "overrides win", plan: outage, overrides: map[string]string{"incident-commander": "katrin-schwarz", "supervisor": " "},
			reason: "an override names the person; a blank one leaves the role to the configuration",
			want: drill.Assignment{People: map[string]string{
				"incident-commander": "katrin-schwarz", "supervisor": "sabine-mueller",
				"it-liaison": "jan-vogel", "team-lead": "jan-vogel", "comms-lead": "lea-hoffmann",
			}},
		},
		{
			name: "unfilled roles", plan: ghostly,
			reason: "nobody holds ghost or poltergeist: they are listed in the plan's order",
			want:   drill.Assignment{People: map[string]string{"incident-commander": "petra-lange"}, Unfilled: []string{"ghost", "poltergeist"}},
		},
		{
			name: "unknown role", plan: outage, overrides: map[string]string{"janitor": "x", "cook": "y"},
			reason:  "an override of a role the plan does not have names the roles it has",
			wantErr: `assign the roles of plan outage-major: unknown roles "cook", "janitor" (roles: incident-commander, it-liaison, supervisor, team-lead, comms-lead)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drill.Assign(snap.Config, tt.plan, tt.overrides)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("%s: error %v, want %q", tt.reason, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestAllRoles(t *testing.T) {
	p := &drill.Plan{Roles: []string{"b", "a"}, Commander: "c", Steps: []drill.Step{{Owner: "a"}, {Owner: "d"}, {Owner: "c"}}}
	if diff := cmp.Diff([]string{"b", "a", "c", "d"}, p.AllRoles()); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}
