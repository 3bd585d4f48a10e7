package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// fastEscalation rewrites a copy of the example so that a chat breaches
// 2 s after it opens and the standard escalation path runs in seconds:
// supervisor at once, the P1-only page at 1 s, the round-robin reassign at
// 2 s and every second after (three repeats), raise priority at 5 s. The
// out-of-hours level is dropped: on a wall-clock SLA it depends on the
// time the test runs.
func fastEscalation(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyFiles(example, dir, ".cue"); err != nil {
		t.Fatal(err)
	}
	edit := func(name string, f func(string) string) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out := f(string(b))
		if out == string(b) {
			t.Fatalf("%s: the edit changed nothing; the example moved on", name)
		}
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("sla.cue", func(s string) string {
		return strings.ReplaceAll(s, `first_reply: {target: "30s", business_hours: false, warn_at: [50, 75]}`,
			`first_reply: {target: "2s", business_hours: false, warn_at: [50, 75]}`)
	})
	edit("escalations.cue", func(s string) string {
		start, end := strings.Index(s, "\tstandard: {"), strings.Index(s, "\tvip: {")
		if start < 0 || end < start {
			t.Fatal("escalations.cue: no standard path before the vip path")
		}
		std := s[start:end]
		for _, r := range [][2]string{
			{`after: "15m"`, `after: "1s"`}, {`after: "30m"`, `after: "2s"`}, {`repeat_every: "15m"`, `repeat_every: "1s"`},
			{`after: "2h"`, `after: "5s"`},
		} {
			std = strings.Replace(std, r[0], r[1], 1)
		}
		i := strings.Index(std, "\t\t\t{\n\t\t\t\t// Out of hours")
		j := strings.Index(std[i:], "\t\t\t},\n")
		std = std[:i] + std[i+j+len("\t\t\t},\n"):]
		return s[:start] + std + s[end:]
	})
	return dir
}

// TestEscalationOnServer runs the standard escalation path on the
// embedded server in real time: a chat nobody answers breaches, the floor
// supervisor is told, the P1-only page is skipped for a P4, the ticket goes
// round the supervisor rota one repetition at a time, and the priority is
// raised, which plans the SLA again. The ticket is findable as breached.
// Its history is recorded for the replay test.
func TestEscalationOnServer(t *testing.T) {
	dir := t.TempDir()
	tok := tokenAdder(t, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	d := startDaemon(t, fastEscalation(t), dir)
	defer d.Stop(context.Background())
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: tok}
	id := openTicket(t, ops, "abusive-customer")

	// Wait for the raised priority: the last level.
	var st apiv1.TicketState
	deadline := time.Now().Add(60 * time.Second)
	for {
		var err error
		if st, err = ops.api().Ticket(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(fmt.Sprint(st.History), "(escalation)") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no raised priority within a minute; history: %v", st.History)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var escalated, reassigned []string
	for _, e := range st.History {
		switch e.Type {
		case "escalated":
			escalated = append(escalated, e.Detail[:len("first_reply, level 1")])
		case "reassigned":
			// "to <agent> by escalation: ..."
			reassigned = append(reassigned, strings.Fields(e.Detail)[1])
		}
	}
	wantEscalated := []string{"first_reply, level 1", "first_reply, level 3", "first_reply, level 3", "first_reply, level 3", "first_reply, level 3", "first_reply, level 4"}
	if diff := cmp.Diff(wantEscalated, escalated); diff != "" {
		t.Errorf("escalations (-want +got):\n%s", diff)
	}
	// The supervisor rota, in on_duty order, one per repetition.
	if diff := cmp.Diff([]string{"sabine-mueller", "katrin-schwarz", "jonas-weber", "jan-vogel"}, reassigned); diff != "" {
		t.Errorf("reassignments (-want +got):\n%s", diff)
	}
	if st.Agent != "jan-vogel" || st.Priority != "P3" || st.Escalation != 4 {
		t.Errorf("after the path: agent %v priority %v level %v, want jan-vogel, P3, 4", st.Agent, st.Priority, st.Escalation)
	}
	listIDs(t, ops, "breached=true&agent=jan-vogel", []string{id})

	// The agent answers at last; solved and rated, the ticket closes.
	for _, ev := range []ticketwf.Event{
		{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true, Actor: "jan-vogel"},
		{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved},
		{Kind: ticketwf.EventCSAT, Rating: 3, Comment: "took a while"},
	} {
		var err error
		if st, err = ops.api().PostEvent(t.Context(), id, apiv1.EventRequest{Event: ev}); err != nil {
			t.Fatalf("%s: %v", ev.Kind, err)
		}
	}
	if st.Status != ticketwf.StatusClosed {
		t.Errorf("after the rating: %v, want closed", st.Status)
	}
	// Earlier code's histories of this ticket (ticket-…, ticket-v2-…) stay
	// as recorded; this records the current code's.
	recordHistory(t, d, id, "ticket-v4-escalated-round-robin-raised") // local-notify
}
