package eventstore_test

import (
	"context"
	"testing"

	"github.com/supportops/supportops/engine/eventstore"
)

// TestPing checks that a store that is open answers Ping and one that is
// closed does not, on each dialect and in memory.
func TestPing(t *testing.T) {
	type pinger interface {
		eventstore.Store
		Ping(ctx context.Context) error
	}
	for kind, open := range dialects(t) {
		t.Run(kind, func(t *testing.T) {
			s, ok := open(t).(pinger)
			if !ok {
				t.Fatalf("%s store has no Ping", kind)
			}
			if err := s.Ping(t.Context()); err != nil {
				t.Fatalf("Ping() of an open store = %v, want nil", err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Ping(t.Context()); err == nil {
				t.Error("Ping() of a closed store = nil, want an error")
			}
		})
	}
	if err := new(eventstore.Memory).Ping(t.Context()); err != nil {
		t.Errorf("Memory.Ping() = %v, want nil", err)
	}
}
