package policy_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/ticket"
)

// TestRouteTicket: the ticket view of each example ticket is the
// priority and queue of its routing decision, with the queue's team, and
// ViewFields names the fields the default policy's view reads.
func TestRouteTicket(t *testing.T) {
	cfg := loadExample(t)
	e := newEngine(t, cfg)
	names, err := filepath.Glob(filepath.Join(example, "tickets", "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no ticket fixtures: %v", err)
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			var tk ticket.Ticket
			readFixture(t, filepath.Join("tickets", filepath.Base(name)), &tk)
			got, ok, err := e.RouteTicket(context.Background(), tk)
			if err != nil || !ok {
				t.Fatalf("RouteTicket: ok %v, %v", ok, err)
			}
			d, err := e.Route(context.Background(), policy.RouteInput{Ticket: tk, Now: tk.CreatedAt})
			if err != nil {
				t.Fatal(err)
			}
			want := policy.TicketView{Priority: d.Priority, Queue: d.Queue, Team: cfg.Queues[d.Queue].Team}
			if want.Queue == "" || want.Team == "" {
				t.Fatalf("decision %+v routes nowhere", d)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
		})
	}
	want := [][]string{{"channel"}, {"language"}, {"category"}, {"priority"}, {"impact"}, {"urgency"},
		{"escalated"}, {"customer", "tier"}, {"customer", "flags"}}
	if diff := cmp.Diff(want, e.ViewFields()); diff != "" {
		t.Errorf("view fields (-want +got):\n%s", diff)
	}
}
