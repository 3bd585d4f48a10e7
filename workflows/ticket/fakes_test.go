package ticket

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

const example = "../../examples/acme-shop"

// exampleSnapshots serves the example configuration under its hash.
type exampleSnapshots struct {
	snap *config.Snapshot
	eng  *policy.Engine
}

func loadExample(t testing.TB) *exampleSnapshots {
	t.Helper()
	snap := configtest.Load(t, example)
	return &exampleSnapshots{snap: snap, eng: configtest.DefaultEngine(t, snap.Config)}
}

func (s *exampleSnapshots) Snapshot(_ context.Context, version string) (*config.Snapshot, *policy.Engine, error) {
	if version != s.snap.Hash {
		return nil, nil, fmt.Errorf("version %s is not loaded", version)
	}
	return s.snap, s.eng, nil
}

// fixedAgents serves an agent-state fixture of the example.
type fixedAgents map[string]tkt.AgentState

func loadAgents(t testing.TB, name string) fixedAgents {
	t.Helper()
	b, err := os.ReadFile(example + "/state/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var a fixedAgents
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// Route picks from the fixture; the fixture holds nothing.
func (a fixedAgents) Route(_ context.Context, _, _ string, _ time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	return pick(a)
}

func (a fixedAgents) Assign(context.Context, string, string, string, time.Time) error { return nil }

func (a fixedAgents) Release(context.Context, string) error { return nil }

// recordingAgents routes from an agent-state fixture, holds tickets as the
// boards do (by ticket, one hold each), and records the changes of load
// its holds make, as "assigned AGENT CHANNEL" and "released AGENT
// CHANNEL".
type recordingAgents struct {
	fixedAgents
	mu    sync.Mutex
	holds map[string][2]string // ticket → agent, channel
	calls []string
}

func (a *recordingAgents) Route(_ context.Context, ticket, channel string, _ time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	agent, err := pick(a.fixedAgents)
	if err != nil {
		return "", err
	}
	a.hold(ticket, agent, channel)
	return agent, nil
}

func (a *recordingAgents) Assign(_ context.Context, ticket, agent, channel string, _ time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.hold(ticket, agent, channel)
	return nil
}

func (a *recordingAgents) Release(_ context.Context, ticket string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.hold(ticket, "", "")
	return nil
}

func (a *recordingAgents) recorded() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.calls)
}

// hold makes agent hold ticket ("" none); the caller holds a.mu.
func (a *recordingAgents) hold(ticket, agent, channel string) {
	old, held := a.holds[ticket]
	if held && old[0] == agent {
		return
	}
	if held {
		a.calls = append(a.calls, "released "+old[0]+" "+old[1])
		delete(a.holds, ticket)
	}
	if agent == "" {
		return
	}
	if a.holds == nil {
		a.holds = map[string][2]string{}
	}
	a.holds[ticket] = [2]string{agent, channel}
	a.calls = append(a.calls, "assigned "+agent+" "+channel)
}

// memEvents is the in-memory event store, with views for the tests.
type memEvents struct{ eventstore.Memory }

// all are the events stored, drills included, by time and id (within a
// ticket: in the order of its history).
func (m *memEvents) all() []eventstore.Event { return m.All() }

// details are the details of the events of type typ, in order.
func (m *memEvents) details(typ string) []string {
	var out []string
	for _, e := range m.all() {
		if e.Type != typ {
			continue
		}
		var data struct {
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil {
			out = append(out, "undecodable: "+err.Error())
			continue
		}
		out = append(out, data.Detail)
	}
	return out
}

func (m *memEvents) types() []string {
	events := m.all()
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

// notes records notifications.
type notes struct {
	mu   sync.Mutex
	sent []Notification
}

func (n *notes) Notify(_ context.Context, x Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, x)
	return nil
}

// targets are the targets of the notifications of kind, one list per
// notification, in order.
func (n *notes) targets(kind string) [][]string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out [][]string
	for _, x := range n.sent {
		if x.Kind == kind {
			out = append(out, x.Targets)
		}
	}
	return out
}

func (n *notes) kinds() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]string, len(n.sent))
	for i, x := range n.sent {
		out[i] = x.Kind
	}
	return out
}
