package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/sla"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

func TestSelect(t *testing.T) {
	cfg := configtest.Load(t, "../../examples/acme-shop").Config
	tests := []struct {
		name, reason string
		subject      sla.Subject
		want         sla.Terms
	}{
		{
			name:    "email standard",
			reason:  "business hours on the center's default calendar; warn_at in percent and warn_before as offsets",
			subject: sla.Subject{Priority: "P4", Channel: "email", Category: "returns", Tier: "standard", Queue: "after-sales"},
			want: sla.Terms{Policy: "email-standard", Clocks: []sla.Clock{
				{Metric: sla.FirstReply, Target: 9*time.Hour + 30*time.Minute, Calendar: "office-berlin",
					Warnings:      []time.Duration{285 * time.Minute, 427*time.Minute + 30*time.Second, 513 * time.Minute},
					PauseStatuses: []string{"pending_customer"}, EscalationPath: "standard"},
				{Metric: sla.NextReply, Target: 9*time.Hour + 30*time.Minute, Calendar: "office-berlin",
					Warnings:      []time.Duration{7*time.Hour + 30*time.Minute},
					PauseStatuses: []string{"pending_customer"}, ResetOn: []string{"customer_reply"}, EscalationPath: "standard"},
				{Metric: sla.Resolution, Target: 47*time.Hour + 30*time.Minute, Calendar: "office-berlin",
					Warnings:      []time.Duration{35*time.Hour + 37*time.Minute + 30*time.Second, 42*time.Hour + 45*time.Minute},
					PauseStatuses: []string{"pending_customer"}, EscalationPath: "standard"},
			}},
		},
		{
			name:    "vip p1 first",
			reason:  "the narrow policy listed first wins over the channel's",
			subject: sla.Subject{Priority: "P1", Channel: "chat", Category: "returns", Tier: "vip", Queue: "vip"},
			want:    sla.Terms{Policy: "vip-p1"},
		},
		{
			name:    "chat counts wall clock",
			reason:  "business_hours: false leaves the calendar empty",
			subject: sla.Subject{Priority: "P3", Channel: "chat", Category: "returns", Tier: "standard", Queue: "after-sales"},
			want: sla.Terms{Policy: "chat", Clocks: []sla.Clock{
				{Metric: sla.FirstReply, Target: 30 * time.Second, Warnings: []time.Duration{15 * time.Second, 22*time.Second + 500*time.Millisecond}, EscalationPath: "standard"},
				{Metric: sla.NextReply, Target: 2 * time.Minute, Warnings: []time.Duration{90 * time.Second}, ResetOn: []string{"customer_reply"}, EscalationPath: "standard"},
			}},
		},
		{
			name:    "metric pause statuses replace the policy's",
			reason:  "phone resolution pauses on two statuses of its own",
			subject: sla.Subject{Priority: "P3", Channel: "phone", Category: "orders", Tier: "standard", Queue: "logistics"},
			want:    sla.Terms{Policy: "phone"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := sla.Select(cfg, tt.subject)
			if err != nil || !ok {
				t.Fatalf("Select = %v, %v", ok, err)
			}
			if tt.want.Clocks == nil {
				got.Clocks = nil // only the policy is asserted
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestSelectNone(t *testing.T) {
	cfg := &model.Config{SLAPolicies: []model.SLAPolicy{{Name: "chat", Match: &model.SLAMatch{Channels: []string{"chat"}}}}}
	if _, ok, err := sla.Select(cfg, sla.Subject{Channel: "email"}); ok || err != nil {
		t.Fatalf("Select = %v, %v; want no plan", ok, err)
	}
}
