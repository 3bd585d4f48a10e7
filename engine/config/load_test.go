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
		"integer beyond int64": {
			reason: "a capacity that does not fit the model's int is named, with its position, not an empty message",
			files:  map[string]string{"base.cue": strings.Replace(base, "channels: chat: 3", "channels: chat: 99999999999999999999999", 1)},
			want: []diag.Diagnostic{{
				Path: "agents.alice.channels.chat", Summary: "99999999999999999999999 does not fit an int64",
				Detail:    "an integer here must be between -9223372036854775808 and 9223372036854775807",
				Positions: []diag.Position{{File: "base.cue", Line: 14, Column: 18}},
			}},
		},
		"number beyond float64": {
			reason: "1e400 passes the schema's number but no float64 holds it: say so, where it is written",
			files:  map[string]string{"base.cue": base, "k.cue": kpi("1e400")},
			want: []diag.Diagnostic{{
				Path: "kpis.csat.target", Summary: "1e400 is out of range", Detail: "a number must be less than about 1.8e308 in size",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 55}},
			}},
		},
		"number too close to zero": {
			reason: "1e-400 would silently become 0: report it rather than an empty message",
			files:  map[string]string{"base.cue": base, "k.cue": kpi("-1e-400")},
			want: []diag.Diagnostic{{
				Path: "kpis.csat.target", Summary: "-1e-400 is too close to zero to be represented",
				Detail:    "the smallest number that can be represented is about 5e-324; write 0 if zero is meant",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 55}},
			}},
		},
		"reference cycle between fields": {
			reason: "two fields that take their value from each other are one reference cycle, not two incomplete values",
			files:  map[string]string{"base.cue": base, "c.cue": "package supportops\n\nteams: billing: {name: lead, lead: name}\n"},
			want: []diag.Diagnostic{{
				Path: "teams.billing.name", Summary: "reference cycle: teams.billing.name -> teams.billing.lead -> teams.billing.name",
				Detail:    "each field takes its value from the next one, so none has a value; write a value in one of them",
				Positions: []diag.Position{{File: "c.cue", Line: 3, Column: 24}, {File: "c.cue", Line: 3, Column: 36}},
			}},
		},
		"reference cycle between entities": {
			reason: "two queues defined as each other are one reference cycle, not their fields reported missing",
			files:  map[string]string{"base.cue": base, "c.cue": "package supportops\n\nqueues: a: queues.b\nqueues: b: queues.a\n"},
			want: []diag.Diagnostic{{
				Path: "queues.a", Summary: "reference cycle: queues.a -> queues.b -> queues.a",
				Detail:    "each field takes its value from the next one, so none has a value; write a value in one of them",
				Positions: []diag.Position{{File: "c.cue", Line: 3, Column: 12}, {File: "c.cue", Line: 4, Column: 12}},
			}},
		},
		"reference into a cycle": {
			reason: "a field referring into a cycle of hidden fields is reported at the field first, then at the cycle",
			files:  map[string]string{"base.cue": base, "c.cue": "package supportops\n\n_a: _b\n_b: _a\nteams: billing: {name: \"Billing\", lead: _a}\n"},
			want: []diag.Diagnostic{{
				Path: "teams.billing.lead", Summary: "reference cycle: _a -> _b -> _a",
				Detail:    "each field takes its value from the next one, so none has a value; write a value in one of them",
				Positions: []diag.Position{{File: "c.cue", Line: 5, Column: 41}, {File: "c.cue", Line: 3, Column: 5}, {File: "c.cue", Line: 4, Column: 5}},
			}},
		},
		"duration out of range": {
			reason: "a step deadline too long for a duration is that one error, with no false deadline-order error after it",
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
		{id: "a", title: "A", owner: "agent", deadline: "30m"},
		{id: "b", title: "B", owner: "agent", deadline: "999999999h", after: ["a"]},
	]
}
`},
			want: []diag.Diagnostic{{
				Path: "emergency_plans.outage.steps[1].deadline", Summary: `duration "999999999h" is out of range`,
				Detail:    "the longest duration is 2562047h47m16s (about 292 years)",
				Positions: []diag.Position{{File: "p.cue", Line: 13, Column: 51}},
			}},
		},
		"escalation level out of range": {
			reason: "a level whose delay failed to parse is not compared with the next level",
			files: map[string]string{"base.cue": base, "e.cue": `package supportops

roles: supervisor: {}
escalation_paths: standard: levels: [
	{after: "0s", targets: ["role:supervisor"], actions: ["notify"]},
	{after: "99999999999h", targets: ["role:supervisor"], actions: ["notify"]},
	{after: "0s", targets: ["role:supervisor"], actions: ["notify"]},
]
`},
			want: []diag.Diagnostic{{
				Path: "escalation_paths.standard.levels[1].after", Summary: `duration "99999999999h" is out of range`,
				Detail:    "the longest duration is 2562047h47m16s (about 292 years)",
				Positions: []diag.Position{{File: "e.cue", Line: 6, Column: 10}},
			}},
		},
		"unknown import": {
			reason: "a failed import names the import path, with no empty CUE path in front",
			files:  map[string]string{"base.cue": base, "i.cue": "package supportops\n\nimport \"example.com/nothing\"\n\nteams: billing: name: nothing.name\n"},
			want: []diag.Diagnostic{{
				Summary:   `import "example.com/nothing" failed: imports are unavailable because there is no cue.mod/module.cue file`,
				Positions: []diag.Position{{File: "i.cue", Line: 3, Column: 8}},
			}},
		},
		"file of another package": {
			reason: "a file in another package is reported at its package clause; on a tie supportops is the configuration's package",
			files:  map[string]string{"base.cue": base, "aside.cue": "// Notes.\npackage other\n\nx: 1\n"},
			want: []diag.Diagnostic{{
				Summary:   `aside.cue is in package "other", not "supportops"`,
				Detail:    "every .cue file of a configuration is in one package: write package supportops, or move the file out of the directory",
				Positions: []diag.Position{{File: "aside.cue", Line: 2, Column: 9}},
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
			assertPlaced(t, got)
			// supportopsd prints the error as text when it cannot start.
			for _, d := range got {
				if len(d.Positions) == 0 {
					continue // reported by assertPlaced
				}
				if text := err.Error(); !strings.Contains(text, d.Message()) || !strings.Contains(text, d.Positions[0].String()) {
					t.Errorf("%s: error text %q lacks %q at %s", tc.reason, text, d.Message(), d.Positions[0])
				}
			}
		})
	}
}

// kpi returns a file with a KPI whose target is written as target.
func kpi(target string) string {
	return "package supportops\n\nkpis: csat: {metric: \"csat\", scope: \"center\", target: " + target +
		`, direction: "higher", period: "month", bands: {excellent: 4.5, good: 4, ok: 3.5}}` + "\n"
}

// assertPlaced fails unless every diagnostic says what is wrong and where.
func assertPlaced(t *testing.T, ds diag.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if d.Summary == "" {
			t.Errorf("diagnostic without a message: %+v", d)
		}
		if len(d.Positions) == 0 {
			t.Errorf("diagnostic without a position: %+v", d)
		}
		for _, p := range d.Positions {
			if p.File == "" || p.Line < 1 || p.Column < 1 {
				t.Errorf("diagnostic %q has an incomplete position %+v", d.Message(), p)
			}
		}
	}
}

func TestLoadWarnings(t *testing.T) {
	tests := map[string]struct {
		reason string
		files  map[string]string
		want   diag.Diagnostics
	}{
		"file without a package clause": {
			reason: "cue/load leaves a file without a package clause out silently: warn, at the file",
			files:  map[string]string{"base.cue": base, "notes.cue": "teams: billing: name: \"Billing\"\n"},
			want: diag.Diagnostics{{
				Severity: diag.Warning, Summary: "notes.cue has no package clause, so it is not part of the configuration",
				Detail: "start it with package supportops", Positions: []diag.Position{{File: "notes.cue", Line: 1, Column: 1}},
			}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			snap, err := newLoader(t).Load(t.Context(), writeFiles(t, tc.files))
			if err != nil {
				t.Fatalf("%s: Load: %v", tc.reason, err)
			}
			if diff := cmp.Diff(tc.want, snap.Warnings); diff != "" {
				t.Errorf("%s: warnings (-want +got):\n%s", tc.reason, diff)
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

// FuzzLoad writes arbitrary contents as a file beside a valid configuration
// and loads the directory: it must return a snapshot or diagnostics, never
// panic, and every diagnostic must say what is wrong and where.
func FuzzLoad(f *testing.F) {
	f.Add("package supportops\n")
	f.Add("package supportops\n\nagents: x: {")
	f.Add("package supportops\nteams: a: {name: 1}\n")
	f.Add("calendars: c: {timezone: \"Mars/Olympus\", hours: [\"mon-fri 25:00-26:00\"]}\n")
	f.Add("package supportops\n\nagents: alice: channels: chat: 99999999999999999999999\n")
	f.Add(kpi("1e400"))
	f.Add(kpi("1e-400"))
	f.Add("package supportops\n\nteams: billing: {name: lead, lead: name}\n")
	f.Add("package supportops\n\nqueues: a: queues.b\nqueues: b: queues.a\n")
	f.Add("package supportops\n\nsla_policies: [{name: \"x\", metrics: first_reply: target: \"999999999h\"}]\n")
	f.Add("package supportops\n\nimport \"example.com/nothing\"\n\nteams: billing: name: nothing.name\n")
	f.Add("package other\n\nx: 1\n")
	l := newLoader(f)
	f.Fuzz(func(t *testing.T, src string) {
		dir := writeFiles(t, map[string]string{"base.cue": base, "fuzz.cue": src})
		snap, err := l.Load(t.Context(), dir)
		if (snap == nil) == (err == nil) {
			t.Fatalf("Load returned snapshot %v and error %v", snap != nil, err)
		}
		if err == nil {
			assertPlaced(t, snap.Warnings)
			return
		}
		ds, ok := errors.AsType[diag.Diagnostics](err)
		if !ok {
			t.Fatalf("Load error = %v, want diagnostics", err)
		}
		if len(ds) == 0 {
			t.Fatal("Load returned no diagnostics for an invalid configuration")
		}
		assertPlaced(t, ds)
	})
}
