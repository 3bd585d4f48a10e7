package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/diag"
)

func newLoader(tb testing.TB) *config.Loader {
	tb.Helper()
	l, err := config.NewLoader()
	if err != nil {
		tb.Fatalf("NewLoader: %v", err)
	}
	return l
}

// writeFiles writes name → content into a new directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const base = `package supportops

center: {name: "Mini", timezone: "Europe/Berlin"}
skills: general: {}
channels: chat: kind: "chat"
roles: agent: {}
teams: support: name: "Support"
agents: alice: {
	name:  "Alice"
	team:  "support"
	roles: ["agent"]
	skills: general: 3
	languages: ["en"]
	channels: chat: 3
}
queues: general: {team: "support", channels: ["chat"], languages: ["en"]}
calendars: office: {timezone: "Europe/Berlin", hours: ["mon-fri 09:00-17:00"]}
`

func TestLoadExample(t *testing.T) {
	snap, err := newLoader(t).Load(t.Context(), "../../examples/acme-shop")
	if err != nil {
		t.Fatalf("acme-shop is invalid:\n%v", err)
	}
	c := snap.Config
	if len(c.Agents) < 20 || len(c.Queues) < 5 || len(c.EmergencyPlans) != 3 || len(c.SLAPolicies) < 5 {
		t.Errorf("acme-shop decoded too little: %d agents, %d queues, %d plans, %d SLA policies",
			len(c.Agents), len(c.Queues), len(c.EmergencyPlans), len(c.SLAPolicies))
	}
	for id := range c.Calendars {
		if snap.Calendars[id] == nil {
			t.Errorf("calendar %q was not built", id)
		}
	}
	if len(snap.Hash) != 64 {
		t.Errorf("hash = %q, want 64 hex digits", snap.Hash)
	}
}

func TestLoadDiagnostics(t *testing.T) {
	tests := map[string]struct {
		reason string
		files  map[string]string
		want   []diag.Diagnostic
	}{
		"unknown reference with suggestion": {
			reason: "a cross-reference error points at the referring field and names what exists",
			files: map[string]string{"base.cue": base, "more.cue": `package supportops

agents: bob: {
	name:  "Bob"
	team:  "suport"
	roles: ["agent"]
	skills: general: 1
	languages: ["en"]
	channels: chat: 1
}
`},
			want: []diag.Diagnostic{{
				Path: "agents.bob.team", Summary: `unknown team "suport"`,
				Detail:    `did you mean "support"? known teams: support`,
				Positions: []diag.Position{{File: "more.cue", Line: 5, Column: 9}},
			}},
		},
		"no cascade": {
			reason: "an agent in an unknown team is one error, not also an unreachable queue",
			files:  map[string]string{"base.cue": strings.Replace(base, `team:  "support"`, `team:  "suport"`, 1)},
			want: []diag.Diagnostic{{
				Path: "agents.alice.team", Summary: `unknown team "suport"`,
				Detail:    `did you mean "support"? known teams: support`,
				Positions: []diag.Position{{File: "base.cue", Line: 10, Column: 9}},
			}},
		},
		"every file reported": {
			reason: "schema errors in two files come back together, each at its own position",
			files:  map[string]string{"base.cue": base, "a.cue": "package supportops\n\nchannels: fax: kind: \"fax\"\n", "b.cue": "package supportops\n\nteams: billing: {name: \"Billing\", leader: \"alice\"}\n"},
			want: []diag.Diagnostic{
				{Path: "channels.fax.kind", Summary: `"fax" is not allowed`, Detail: `want one of "chat", "email", "phone", "social", "web_form"`, Positions: []diag.Position{{File: "a.cue", Line: 3, Column: 22}}},
				{Path: "teams.billing.leader", Summary: "field not allowed", Detail: `did you mean "lead"? known fields: calendar, description, lead, name`, Positions: []diag.Position{{File: "b.cue", Line: 3, Column: 35}}},
			},
		},
		"missing required field": {
			reason: "a missing field is named as missing, at the enclosing struct",
			files:  map[string]string{"base.cue": base, "c.cue": "package supportops\n\nteams: billing: description: \"no name\"\n"},
			want: []diag.Diagnostic{{
				Path: "teams.billing.name", Summary: "required field is missing", Detail: "want string",
				Positions: []diag.Position{{File: "c.cue", Line: 3, Column: 17}},
			}},
		},
		"plan cycle": {
			reason: "a cycle between plan steps is reported with the steps in it",
			files: map[string]string{"base.cue": base, "p.cue": `package supportops

emergency_plans: outage: {
	name:     "Outage"
	kind:     "system_outage"
	severity: "sev1"
	activation: criteria: ["shop down"]
	time_limit: "2h"
	roles: ["agent"]
	commander: "agent"
	steps: [
		{id: "a", title: "A", owner: "agent", deadline: "30m", after: ["b"]},
		{id: "b", title: "B", owner: "agent", deadline: "30m", after: ["a"]},
	]
}
`},
			want: []diag.Diagnostic{{
				Path: "emergency_plans.outage.steps[0].after", Summary: "steps form a cycle: a -> b -> a",
				Positions: []diag.Position{{File: "p.cue", Line: 12, Column: 65}},
			}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			snap, err := newLoader(t).Load(t.Context(), dir)
			if snap != nil {
				t.Fatalf("%s: Load returned a snapshot for an invalid configuration", tc.reason)
			}
			var got diag.Diagnostics
			if !errors.As(err, &got) {
				t.Fatalf("%s: Load error = %v, want diag.Diagnostics", tc.reason, err)
			}
			if diff := cmp.Diff(tc.want, []diag.Diagnostic(got)); diff != "" {
				t.Errorf("%s: diagnostics (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestLoadHash(t *testing.T) {
	l := newLoader(t)
	a := writeFiles(t, map[string]string{"base.cue": base})
	b := writeFiles(t, map[string]string{"base.cue": base})
	c := writeFiles(t, map[string]string{"base.cue": base + "\nskills: extra: {}\n"})
	hash := func(dir string) string {
		s, err := l.Load(t.Context(), dir)
		if err != nil {
			t.Fatal(err)
		}
		return s.Hash
	}
	if hash(a) != hash(b) {
		t.Error("the same files in two directories hash differently")
	}
	if hash(a) == hash(c) {
		t.Error("a changed file does not change the hash")
	}
}

func TestLoadNotAConfig(t *testing.T) {
	l := newLoader(t)
	tests := map[string]struct {
		reason string
		dir    string
		want   string
	}{
		"missing":   {"a directory that does not exist is an error, not findings", filepath.Join(t.TempDir(), "nope"), "no such file or directory"},
		"empty":     {"a directory without CUE files is an error", t.TempDir(), "no .cue files"},
		"not a dir": {"a file is not a configuration", writeFile(t), "not a directory"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := l.Load(t.Context(), tc.dir)
			var ds diag.Diagnostics
			if err == nil || errors.As(err, &ds) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: Load error = %v, want a plain error containing %q", tc.reason, err, tc.want)
			}
		})
	}
}

func writeFile(t *testing.T) string {
	name := filepath.Join(t.TempDir(), "x.cue")
	if err := os.WriteFile(name, []byte("package supportops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// FuzzLoad feeds arbitrary file contents to the loader: it must return a
// snapshot or an error, never panic.
func FuzzLoad(f *testing.F) {
	f.Add(base)
	f.Add("package supportops\n\nagents: x: {")
	f.Add("package supportops\nteams: a: {name: 1}\n")
	f.Add("calendars: c: {timezone: \"Mars/Olympus\", hours: [\"mon-fri 25:00-26:00\"]}\n")
	l := newLoader(f)
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "config.cue"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		snap, err := l.Load(t.Context(), dir)
		if (snap == nil) == (err == nil) {
			t.Fatalf("Load returned snapshot %v and error %v", snap != nil, err)
		}
	})
}
