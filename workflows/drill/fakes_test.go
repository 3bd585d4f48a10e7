package drill

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/supportops/supportops/engine/config"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

const example = "../../examples/acme-shop"

// exampleConfig loads the example configuration once.
var exampleConfig = sync.OnceValues(func() (*model.Config, error) {
	l, err := config.NewLoader()
	if err != nil {
		return nil, err
	}
	snap, err := l.Load(context.Background(), example)
	if err != nil {
		return nil, err
	}
	return snap.Config, nil
})

// loadPlan compiles a plan of the example configuration.
func loadPlan(t testing.TB, id string) edrill.Plan {
	t.Helper()
	cfg, err := exampleConfig()
	if err != nil {
		t.Fatal(err)
	}
	p, err := edrill.Compile(id, cfg.EmergencyPlans[id])
	if err != nil {
		t.Fatal(err)
	}
	return *p
}

// types are the types of the events recorded for step ("" for the drill's
// own), in order.
func (m *memEvents) types(step string) []string {
	var out []string
	for _, e := range m.all() {
		var d struct {
			Step string `json:"step"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil {
			out = append(out, "undecodable: "+err.Error())
			continue
		}
		if d.Step == step {
			out = append(out, e.Type)
		}
	}
	return out
}

// notes records notifications.
type notes struct {
	mu   sync.Mutex
	sent []Notification
	fail bool
}

func (n *notes) Notify(_ context.Context, x Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fail {
		return errors.New("webhook down")
	}
	n.sent = append(n.sent, x)
	return nil
}

// of returns the notifications of kind, in order.
func (n *notes) of(kind string) []Notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []Notification
	for _, x := range n.sent {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

// tickets records the scenarios it is asked to open.
type tickets struct {
	mu     sync.Mutex
	opened []string // "DRILL: COUNT CATEGORY on CHANNEL over OVER"
}

func (k *tickets) OpenDrillTickets(_ context.Context, req TicketsRequest) ([]string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	st, drillID := req.Scenario.SyntheticTickets, req.Drill
	k.opened = append(k.opened, drillID+": "+st.Category+" on "+st.Channel+" over "+st.Over)
	ids := make([]string, st.Count)
	for i := range ids {
		ids[i] = drillID + "-T" + strconv.Itoa(i+1)
	}
	return ids, nil
}

func (k *tickets) calls() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.opened)
}
