package ticket

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/supportops/supportops/engine/event"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// agentData is the data of an entry that gives the ticket to agent.
func agentData(agent string) *tkt.EntryData { return &tkt.EntryData{Agent: &agent} }

// Reassigning to an agent the configuration does not have is refused and
// changes nothing; reassigning to a known agent moves the ticket's load
// from the routed agent to the new one.
func TestExplicitReassign(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(time.Minute, Event{Kind: EventReassign, Agent: "max-mustermann", Actor: "sabine-mueller"}, true)
	h.query(90*time.Second, func(s State) {
		if s.Agent != "aylin-demir" {
			t.Errorf("after the refused reassign: agent %s, want aylin-demir as routed", s.Agent)
		}
	})
	h.at(2*time.Minute, Event{Kind: EventReassign, Agent: "ali-hassan", Actor: "sabine-mueller"}, false)
	h.query(3*time.Minute, func(s State) {
		last := s.History[len(s.History)-1]
		want := Entry{Seq: last.Seq, At: start.Add(2 * time.Minute).UTC(), Type: "reassigned", Actor: "sabine-mueller", Detail: "to ali-hassan", Data: agentData("ali-hassan")}
		if diff := cmp.Diff(want, last); s.Agent != "ali-hassan" || diff != "" {
			t.Errorf("after the reassign: agent %s (want ali-hassan), last entry (-want +got):\n%s", s.Agent, diff)
		}
	})
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	h.at(time.Hour+time.Minute, Event{Kind: EventClose, Actor: "ali-hassan"}, false)
	h.run(emailTicket(start))

	if len(h.refused) != 1 || !strings.Contains(h.refused[0], `no agent "max-mustermann"`) ||
		!strings.Contains(h.refused[0], "type: "+event.ErrUnknownAgent) {
		t.Errorf("refusals %q, want one for the unknown agent, of type %s", h.refused, event.ErrUnknownAgent)
	}
	want := []string{
		"assigned aylin-demir email", // routed
		"released aylin-demir email", // reassigned ...
		"assigned ali-hassan email",  // ... to Ali
		"released ali-hassan email",  // solved
	}
	if diff := cmp.Diff(want, h.agents.recorded()); diff != "" {
		t.Errorf("agent load (-want +got):\n%s", diff)
	}
}

// An event recorded on behalf of someone else keeps both names: the actor
// (who sent it) and whom they acted for, in the history and in the event
// store; the entries of others during it (the routing) keep neither.
func TestActingOnBehalfOf(t *testing.T) {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, berlin)
	h := newHarness(t, start)
	h.at(2*time.Minute, Event{Kind: EventReassign, Agent: "ali-hassan", Actor: "sabine-mueller", OnBehalfOf: "aylin-demir"}, false)
	h.query(3*time.Minute, func(s State) {
		last := s.History[len(s.History)-1]
		want := Entry{Seq: last.Seq, At: start.Add(2 * time.Minute).UTC(), Type: "reassigned", Actor: "sabine-mueller", OnBehalfOf: "aylin-demir", Detail: "to ali-hassan", Data: agentData("ali-hassan")}
		if diff := cmp.Diff(want, last); diff != "" {
			t.Errorf("last entry (-want +got):\n%s", diff)
		}
		for _, e := range s.History[:len(s.History)-1] {
			if e.OnBehalfOf != "" {
				t.Errorf("entry %d (%s) acts for %s; want nobody", e.Seq, e.Type, e.OnBehalfOf)
			}
		}
	})
	h.at(time.Hour, Event{Kind: EventStatus, Status: StatusSolved, Actor: "ali-hassan"}, false)
	h.at(time.Hour+time.Minute, Event{Kind: EventClose, Actor: "ali-hassan"}, false)
	h.run(emailTicket(start))

	var stored []string
	for _, e := range h.events.all() {
		if e.Type == "reassigned" {
			var data map[string]string
			if err := json.Unmarshal(e.Data, &data); err != nil {
				t.Fatal(err)
			}
			stored = append(stored, e.Actor+" for "+data["on_behalf_of"])
		}
	}
	if diff := cmp.Diff([]string{"sabine-mueller for aylin-demir"}, stored); diff != "" {
		t.Errorf("reassignments in the event store (-want +got):\n%s", diff)
	}
}
