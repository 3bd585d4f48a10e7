package policy_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// TestCheckDefaults evaluates the default policies on the example's
// fixtures and generated inputs: every decision evaluates.
func TestCheckDefaults(t *testing.T) {
	e := newEngine(t, loadExample(t))
	fx, err := policy.ReadFixtures(example)
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Tickets) == 0 || len(fx.States) == 0 || len(fx.Approvals) == 0 {
		t.Fatalf("fixtures of %s: %d tickets, %d states, %d approvals; want some of each", example, len(fx.Tickets), len(fx.States), len(fx.Approvals))
	}
	start := time.Now()
	if ds := e.Check(context.Background(), fx); len(ds) > 0 {
		t.Errorf("Check of the defaults: %v", ds)
	}
	t.Logf("Check took %v", time.Since(start))
}

// conflict appends a rule to a default policy that gives the decision's
// helper two values for inputs with a trigger, as eval_conflict_error
// does at run time; the policy still compiles and its tests pass.
const (
	authzConflict = `
conflict := 1 if input.action == "config.reload"

conflict := 2 if input.action == "config.reload"

decision := {"allow": false, "reasons": ["never"]} if conflict == 3
`
	approvalConflict = `
conflict := 1 if input.amount > 100

conflict := 2 if input.amount > 100

decision := {"outcome": "denied", "required": [], "pending": [], "reasons": ["never"]} if conflict == 3
`
	routingConflict = `
conflict := 1 if input.ticket.channel == "phone"

conflict := 2 if input.ticket.channel == "phone"

decision := {"priority": "", "queue": "", "reasons": ["never"]} if conflict == 3
`
)

// TestCheckFindsRunTimeErrors: a policy whose decision fails on some input
// is reported with the decision, the policy's position and the input.
func TestCheckFindsRunTimeErrors(t *testing.T) {
	cfg := loadExample(t)
	for name, tc := range map[string]struct {
		path, extra string
		want        []string // in the one diagnostic's text
	}{
		"authz": {"authz/authz.rego", authzConflict, []string{
			"data.supportops.authz.decision fails at run time on a generated request",
			"eval_conflict_error", `"action":"config.reload"`, "policies/authz/authz.rego:",
		}},
		"approval": {"approval/approval.rego", approvalConflict, []string{
			"data.supportops.approval.decision fails at run time on a generated request",
			"eval_conflict_error", `"amount":100.01`, "policies/approval/approval.rego:",
		}},
		"routing": {"routing/routing.rego", routingConflict, []string{
			"data.supportops.routing.decision fails at run time on a generated ticket, every agent available",
			"eval_conflict_error", `"channel":"phone"`, "policies/routing/routing.rego:",
		}},
	} {
		t.Run(name, func(t *testing.T) {
			mods := configtest.Defaults(t)
			for i, m := range mods {
				if m.Path == tc.path {
					mods[i].Source = append(append([]byte{}, m.Source...), tc.extra...)
				}
			}
			e, err := policy.New(context.Background(), cfg, mods)
			if err != nil {
				t.Fatalf("New: %v (the conflict must compile)", err)
			}
			ds := e.Check(context.Background(), policy.Fixtures{})
			if len(ds) != 1 || ds[0].Severity != diag.Error {
				t.Fatalf("Check: %d diagnostics %v, want one error", len(ds), ds)
			}
			var text strings.Builder
			ds.WriteText(&text)
			for _, w := range tc.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("diagnostic lacks %q:\n%s", w, text.String())
				}
			}
		})
	}
}

// TestReadFixtures reads the example's fixture directories by path.
func TestReadFixtures(t *testing.T) {
	fx, err := policy.ReadFixtures(example)
	if err != nil {
		t.Fatal(err)
	}
	got := fx.Approvals["approvals/small-refund.json"]
	amount := 30.0
	want := policy.ApprovalRequest{Action: "refund", Amount: &amount, Requester: policy.Principal{ID: "kevin-richter", Roles: []string{"agent"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("approvals/small-refund.json (-want +got):\n%s", diff)
	}
	if _, err := policy.ReadFixtures(t.TempDir()); err != nil {
		t.Errorf("a configuration without fixtures: %v", err)
	}
}
