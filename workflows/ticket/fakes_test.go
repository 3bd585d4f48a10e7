package ticket

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
)

const example = "../../examples/acme-shop"

// exampleSnapshots serves the example configuration under its hash.
type exampleSnapshots struct {
	snap *config.Snapshot
	eng  *policy.Engine
}

func loadExample(t testing.TB) *exampleSnapshots {
	t.Helper()
	l, err := config.NewLoader()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := l.Load(context.Background(), example)
	if err != nil {
		t.Fatal(err)
	}
	mods, err := policy.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := policy.New(context.Background(), snap.Config, mods)
	if err != nil {
		t.Fatal(err)
	}
	return &exampleSnapshots{snap: snap, eng: eng}
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

func (a fixedAgents) States(context.Context) (map[string]tkt.AgentState, error) { return a, nil }

func (a fixedAgents) Assigned(context.Context, string, string, time.Time) error { return nil }

func (a fixedAgents) Released(context.Context, string, string) error { return nil }

// memEvents is an in-memory event store that, like the real one, keeps
// the first of two events with one id.
type memEvents struct {
	mu     sync.Mutex
	events []eventstore.Event
	seen   map[string]bool
}

func (m *memEvents) Append(_ context.Context, events ...eventstore.Event) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	n := 0
	for _, e := range events {
		if m.seen[e.ID] {
			continue
		}
		m.seen[e.ID] = true
		m.events = append(m.events, e)
		n++
	}
	return n, nil
}

func (m *memEvents) types() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, len(m.events))
	for i, e := range m.events {
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

func (n *notes) kinds() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]string, len(n.sent))
	for i, x := range n.sent {
		out[i] = x.Kind
	}
	return out
}
