package ticket

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
)

func TestCheckID(t *testing.T) {
	tests := []struct {
		name, id, reason string
		ok               bool
	}{
		{"generated", "T-0123456789ABCDEFGHIJKLMNOP", "what intake makes", true},
		{"dotted", "shop.de-1_2", "dots, dashes and underscores inside", true},
		{"longest", "T" + strings.Repeat("x", 63), "64 characters", true},
		{"too long", "T" + strings.Repeat("x", 64), "65 characters", false},
		{"empty", "", "no id", false},
		{"dot dot", "..", "a path step", false},
		{"traversal", "../../x", "a path step", false},
		{"inner dot dot", "a..b", "no '..' anywhere", false},
		{"space", "a b", "spaces", false},
		{"nul", "T-1\x00", "a control character", false},
		{"emoji", "T-🎫", "not ASCII", false},
		{"leading dash", "-T1", "starts like a flag", false},
		{"slash", "a/b", "a path separator", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckID(tc.id) == nil; got != tc.ok {
				t.Errorf("CheckID(%q) ok = %v, want %v (%s)", tc.id, got, tc.ok, tc.reason)
			}
		})
	}
}

func testConfig() *model.Config {
	return &model.Config{
		Channels:   map[string]model.Channel{"chat": {}, "email": {}, "phone": {}},
		Categories: map[string]model.Category{"returns": {}, "billing": {}},
		Tiers:      map[string]model.Tier{"standard": {}, "vip": {}},
		Queues: map[string]model.Queue{
			"a": {Languages: []string{"de", "en"}},
			"b": {Languages: []string{"en", "fr"}},
		},
		Priorities: &model.PriorityMatrix{
			Levels:  []model.PriorityLevel{{ID: "P1"}, {ID: "P2"}},
			Impacts: []string{"high", "low"}, Urgencies: []string{"high", "low"},
		},
	}
}

func TestCheck(t *testing.T) {
	good := Ticket{Channel: "chat", Category: "returns", Language: "de", Priority: "P1", Customer: Customer{ID: "C-1", Tier: "vip"}}
	tests := []struct {
		name, reason string
		cfg          *model.Config
		edit         func(*Ticket)
		want         string
	}{
		{"good", "every name configured", testConfig(), func(*Ticket) {}, ""},
		{"matrix", "impact and urgency instead of a priority", testConfig(), func(t *Ticket) { t.Priority, t.Impact, t.Urgency = "", "low", "high" }, ""},
		{"missing", "the required fields", nil, func(t *Ticket) { *t = Ticket{} },
			"ticket lacks channel, category, language, customer.id, priority (or impact and urgency)"},
		{"unknown channel", "named with the known ones", testConfig(), func(t *Ticket) { t.Channel = "pigeon" },
			`channel "pigeon" is not configured (known: chat, email, phone)`},
		{"channel with nul", "a control character, and then unknown", testConfig(), func(t *Ticket) { t.Channel = "chat\x00" },
			"channel: \"chat\\x00\" holds a control character\n" + `channel "chat\x00" is not configured (known: chat, email, phone)`},
		{"unknown priority", "P99", testConfig(), func(t *Ticket) { t.Priority = "P99" }, `priority "P99" is not configured (known: P1, P2)`},
		{"unknown tier", "a tier", testConfig(), func(t *Ticket) { t.Customer.Tier = "gold" }, `customer.tier "gold" is not configured (known: standard, vip)`},
		{"unknown language", "no queue takes it", testConfig(), func(t *Ticket) { t.Language = "xx" }, `language "xx" is not configured (known: de, en, fr)`},
		{"unknown impact", "not in the matrix", testConfig(), func(t *Ticket) { t.Priority, t.Impact, t.Urgency = "", "huge", "low" },
			`impact "huge" is not configured (known: high, low)`},
		{"no matrix", "nothing to name", &model.Config{Channels: testConfig().Channels, Categories: testConfig().Categories,
			Tiers: testConfig().Tiers, Queues: testConfig().Queues}, func(*Ticket) {}, `priority "P1" is not configured (none are configured)`},
		{"bad id", "outside the grammar", nil, func(t *Ticket) { t.ID = "../x" },
			`id: "../x" is not a ticket id (` + IDGrammar + ")"},
		{"control in subject", "an escape sequence", nil, func(t *Ticket) { t.Subject = "hi\x1b[2J" }, `subject: "hi\x1b[2J" holds a control character`},
		{"long external id", "over the limit", nil, func(t *Ticket) { t.ExternalID = strings.Repeat("x", 300) }, "external_id: 300 bytes, at most 256"},
		{"too many tags", "a bound on labels", nil, func(t *Ticket) { t.Tags = make([]string, 65) }, "tags: 65 of them, at most 64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tk := good
			tc.edit(&tk)
			got := ""
			if err := Check(tc.cfg, tk); err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: Check (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestDifferences(t *testing.T) {
	at := time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)
	existing := Ticket{ID: "T-1", ExternalID: "chat-1", Source: "shop", Channel: "chat", Category: "returns", Language: "de",
		Priority: "P1", Subject: "s", Customer: Customer{ID: "C-1"}, CreatedAt: at, Escalated: true}
	tests := []struct {
		name, reason string
		edit         func(*Ticket)
		want         []string
	}{
		{"same", "offered again as it was", func(t *Ticket) { t.ID, t.Escalated = "", false }, nil},
		{"no time", "intake stamps it", func(t *Ticket) { t.CreatedAt = time.Time{} }, nil},
		{"same instant", "another zone", func(t *Ticket) { t.CreatedAt = at.In(time.FixedZone("x", 3600)) }, nil},
		{"other content", "a different ticket", func(t *Ticket) { t.Subject, t.Channel = "other", "email" }, []string{"channel", "subject"}},
		{"other external id", "a hash hit", func(t *Ticket) { t.ExternalID = "chat-2" }, []string{"external_id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			offered := existing
			tc.edit(&offered)
			if diff := cmp.Diff(tc.want, Differences(existing, offered)); diff != "" {
				t.Errorf("%s: Differences (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
