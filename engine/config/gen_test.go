package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeGenerated writes a valid configuration with the given numbers of
// agents and queues into dir, in several files as an ops team would split
// it. It is what the load benchmark and the cue vet comparison run on.
func writeGenerated(tb testing.TB, dir string, agents, queues int) {
	tb.Helper()
	teams := max(queues/10, 1)
	skills := []string{"orders", "returns", "refunds", "payments", "product", "delivery", "technical", "complaints"}
	channels := []struct{ id, kind string }{{"phone", "phone"}, {"chat", "chat"}, {"email", "email"}, {"social", "social"}}
	langs := []string{"de", "en", "fr", "es"}

	var org strings.Builder
	org.WriteString("package supportops\n\ncenter: {name: \"Generated\", timezone: \"Europe/Berlin\", default_calendar: \"office\"}\n")
	org.WriteString("calendars: office: {timezone: \"Europe/Berlin\", hours: [\"mon-fri 08:00-12:30,13:00-18:00\", \"sat 09:00-14:00\"], holidays: [{date: \"2026-12-25\"}, {date: \"2026-12-26\"}]}\n")
	org.WriteString("roles: {agent: {}, supervisor: {}, manager: {}}\ntiers: {standard: {}, vip: {vip: true}}\n")
	for _, s := range skills {
		fmt.Fprintf(&org, "skills: %s: {}\ncategories: %s: skill: %q\n", s, s, s)
	}
	for _, c := range channels {
		fmt.Fprintf(&org, "channels: %s: kind: %q\n", c.id, c.kind)
	}
	for t := range teams {
		fmt.Fprintf(&org, "teams: \"team-%d\": name: \"Team %d\"\n", t, t)
	}

	var ag strings.Builder
	ag.WriteString("package supportops\n\nagents: {\n")
	for i := range agents {
		c := channels[i%len(channels)]
		fmt.Fprintf(&ag, "\t\"agent-%d\": {\n\t\tname: \"Agent %d\"\n\t\tteam: \"team-%d\"\n\t\troles: [\"agent\"]\n", i, i, i%teams)
		fmt.Fprintf(&ag, "\t\tskills: {%s: %d, %s: %d}\n", skills[i%len(skills)], 1+i%5, skills[(i+3)%len(skills)], 1+(i/7)%5)
		fmt.Fprintf(&ag, "\t\tlanguages: [%q, %q]\n", langs[i%2], langs[2+i%2])
		if c.id == "email" {
			ag.WriteString("\t\tchannels: {email: 10}\n\t}\n")
		} else {
			fmt.Fprintf(&ag, "\t\tchannels: {%s: %d, email: 10}\n\t}\n", c.id, 1+i%3)
		}
	}
	ag.WriteString("}\n")

	var qs strings.Builder
	qs.WriteString("package supportops\n\nqueues: {\n")
	for q := range queues {
		c := channels[q%len(channels)]
		fmt.Fprintf(&qs, "\t\"queue-%d\": {team: \"team-%d\", channels: [%q, \"email\"], languages: [%q, %q], categories: [%q]}\n",
			q, q%teams, c.id, langs[q%2], langs[2+q%2], skills[q%len(skills)])
	}
	qs.WriteString("}\n")

	sla := `package supportops

escalation_paths: standard: levels: [
	{after: "0s", targets: ["role:supervisor"], actions: ["notify"]},
	{after: "30m", targets: ["role:manager"], actions: ["notify", "raise_priority"]},
]
sla_policies: [
	{name: "chat", match: channels: ["chat"], escalation_path: "standard", metrics: first_reply: {target: "30s", business_hours: false}},
	{name: "phone", match: channels: ["phone"], metrics: first_reply: {target: "60s", business_hours: false}},
	{name: "default", calendar: "office", metrics: {first_reply: {target: "4h", warn_at: [50, 75, 90]}, resolution: target: "40h"}},
]
`
	for name, content := range map[string]string{"org.cue": org.String(), "agents.cue": ag.String(), "queues.cue": qs.String(), "sla.cue": sla} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestWriteGenerated writes the benchmark configuration to
// $SUPPORTOPS_GEN_DIR, for timing stock tools on the same files (see
// BENCHMARKS.md). Without the variable it checks the generator in a
// temporary directory.
func TestWriteGenerated(t *testing.T) {
	dir := os.Getenv("SUPPORTOPS_GEN_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	writeGenerated(t, dir, 5000, 200)
	snap, err := newLoader(t).Load(t.Context(), dir)
	if err != nil {
		t.Fatalf("generated configuration is invalid: %v", err)
	}
	if got := len(snap.Config.Agents); got != 5000 {
		t.Errorf("agents = %d, want 5000", got)
	}
	if got := len(snap.Config.Queues); got != 200 {
		t.Errorf("queues = %d, want 200", got)
	}
}

// BenchmarkLoad validates a generated configuration of 5,000 agents and
// 200 queues: load, schema validation, decode and every cross-reference
// check. Target: under 3 s on 2 cores, and no slower than 1.2× cue vet.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	writeGenerated(b, dir, 5000, 200)
	l := newLoader(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Load(b.Context(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
