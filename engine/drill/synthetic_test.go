package drill_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// A scenario's synthetic tickets go to the queue that takes them, in its
// language and tier, at the middle priority.
func TestSyntheticTicket(t *testing.T) {
	snap := example(t)
	got := drill.SyntheticTicket(snap.Config, snap.Config.EmergencyPlans["outage-major"].Scenario.SyntheticTickets)
	want := tkt.Ticket{Channel: "chat", Category: "technical-issue", Language: "de", Priority: "P3", Customer: tkt.Customer{Tier: "standard"}, Tags: []string{"drill"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("synthetic ticket (-want +got):\n%s", diff)
	}
}
