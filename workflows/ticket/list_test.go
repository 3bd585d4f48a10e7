package ticket

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFilterQuery(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name    string
		f       Filter
		want    string
		wantErr string
	}{
		{"everything", Filter{}, "WorkflowType = 'Ticket' AND TicketDrill = false", ""},
		{"drills", Filter{Drill: true}, "WorkflowType = 'Ticket' AND TicketDrill = true", ""},
		{"all fields", Filter{Status: "pending_customer", Queue: "after-sales", Priority: "P1", Agent: "julia-wagner", Channel: "chat", Breached: &yes},
			"WorkflowType = 'Ticket' AND TicketDrill = false AND TicketStatus = 'pending_customer' AND TicketQueue = 'after-sales' AND TicketPriority = 'P1' AND TicketAgent = 'julia-wagner' AND TicketChannel = 'chat' AND TicketBreached = true", ""},
		{"unknown status", Filter{Status: "lost"}, "", `status: "lost" is not one of`},
		{"quote", Filter{Queue: "x' OR '1'='1"}, "", `queue: "x' OR '1'='1" is not an id`},
		{"space", Filter{Agent: "julia wagner"}, "", `agent: "julia wagner" is not an id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.Query()
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("Query() error %v, want one starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Query() (-want +got):\n%s", diff)
			}
		})
	}
}
