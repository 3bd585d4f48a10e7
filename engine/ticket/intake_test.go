package ticket

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIntake(t *testing.T) {
	good := Ticket{Channel: "chat", Category: "returns", Language: "de", Priority: "P1", Customer: Customer{ID: "C-1"}}
	tests := []struct {
		name, reason string
		edit         func(*Ticket)
		want         func(*Ticket) // the ticket as intake keys it; nil for an error
		wantErr      string
	}{
		{"no external id", "keyed on its id, no source", func(t *Ticket) { t.ID = "T-1" }, func(t *Ticket) { t.ID = "T-1" }, ""},
		{"external id", "the source is the sender", func(t *Ticket) { t.ExternalID = "chat-1" },
			func(t *Ticket) { t.ExternalID, t.Source = "chat-1", "shop" }, ""},
		{"external id naming its sender", "the sender may say who it is", func(t *Ticket) { t.ExternalID, t.Source = "chat-1", "shop" },
			func(t *Ticket) { t.ExternalID, t.Source = "chat-1", "shop" }, ""},
		{"external id of another source", "a source is not the body's to choose", func(t *Ticket) { t.ExternalID, t.Source = "chat-1", "crm" },
			nil, `source: "crm" is not you; leave it out, the token says who you are`},
		{"source without external id", "a source namespaces an external id only", func(t *Ticket) { t.Source = "shop" },
			nil, "source: only a ticket with an external_id has one, set from the token"},
		{"unknown channel", "then what Check finds", func(t *Ticket) { t.Channel = "pigeon" },
			nil, `channel "pigeon" is not configured (known: chat, email, phone)`},
		{"every problem", "Check's problems one per line", func(t *Ticket) { t.Channel, t.Priority = "pigeon", "P9" },
			nil, "channel \"pigeon\" is not configured (known: chat, email, phone)\npriority \"P9\" is not configured (known: P1, P2)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			offered := good
			tc.edit(&offered)
			got, err := Intake(testConfig(), offered, "shop")
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tc.wantErr, gotErr); diff != "" {
				t.Errorf("%s: Intake error (-want +got):\n%s", tc.reason, diff)
			}
			if tc.want == nil {
				return
			}
			want := good
			tc.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: Intake ticket (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
