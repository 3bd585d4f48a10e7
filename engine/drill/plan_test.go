package drill_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// example loads examples/acme-shop.
func example(t testing.TB) *config.Snapshot {
	t.Helper()
	return configtest.Load(t, "../../examples/acme-shop")
}

// examplePlan compiles a plan of examples/acme-shop.
func examplePlan(t testing.TB, id string) *drill.Plan {
	t.Helper()
	snap := example(t)
	p, err := drill.Compile(id, snap.Config.EmergencyPlans[id])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompileExamplePlans(t *testing.T) {
	type shape struct {
		Order      []string
		Allotted   []time.Duration
		Critical   []string
		Mitigation string
	}
	m := time.Minute
	tests := map[string]struct {
		want   shape
		reason string
	}{
		"outage-major": {
			want: shape{
				Order:      []string{"declare", "confirm-scope", "deflect", "status-page", "known-issue-macro", "staffing", "recovery", "close"},
				Allotted:   []time.Duration{5 * m, 10 * m, 10 * m, 15 * m, 15 * m, 30 * m, 150 * m, 60 * m},
				Critical:   []string{"declare", "confirm-scope", "status-page", "recovery", "close"},
				Mitigation: "recovery",
			},
			reason: "the recovery step names itself; the critical path follows the latest deadlines, the first listed of equals",
		},
		"public-complaint": {
			want: shape{
				Order:      []string{"assess", "holding-reply", "case-review", "remedy", "call-customer", "public-statement", "root-cause", "monitor-close"},
				Allotted:   []time.Duration{30 * m, 30 * m, 90 * m, 60 * m, 60 * m, 120 * m, 22 * 60 * m, 18 * 60 * m},
				Critical:   []string{"assess", "case-review", "remedy", "call-customer", "public-statement", "monitor-close"},
				Mitigation: "remedy",
			},
			reason: "the remedy step comes first of the two that name a remedy; of the two 24h steps the last listed ends the path",
		},
		"public-emergency": {
			want: shape{
				Order:      []string{"safety", "remote-work", "carrier-status", "staffing", "self-service", "proactive-notice", "goodwill", "handover"},
				Allotted:   []time.Duration{15 * m, 30 * m, 45 * m, 45 * m, 30 * m, 60 * m, 120 * m, 240 * m},
				Critical:   []string{"safety", "carrier-status", "proactive-notice", "goodwill", "handover"},
				Mitigation: "goodwill",
			},
			reason: "no step names a mitigation: the last but one of the critical path",
		},
	}
	for id, tt := range tests {
		t.Run(id, func(t *testing.T) {
			p := examplePlan(t, id)
			got := shape{Critical: p.CriticalPath(), Mitigation: p.Mitigation}
			for _, s := range p.Steps {
				got.Order = append(got.Order, s.ID)
				got.Allotted = append(got.Allotted, s.Allotted)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestCompileDefaults(t *testing.T) {
	p := examplePlan(t, "outage-major")
	want := drill.Step{ID: "staffing", Title: "Reshape staffing for the contact peak", Owner: "supervisor", Deadline: 45 * time.Minute,
		Allotted: 30 * time.Minute, After: []string{"deflect"}, Checklist: []string{
			"Cancel meetings, coaching and training for the next 2 hours",
			"Move email agents to phone and chat",
			"Ask the next shift to start early if the outage lasts past 1 hour",
		}, OnMiss: drill.MarkLate, Weight: 1}
	got, _ := p.Step("staffing")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("staffing (-want +got):\n%s", diff)
	}
	if s, _ := p.Step("declare"); s.OnMiss != drill.Escalate || s.Weight != 2 {
		t.Errorf("declare: on_miss %q, weight %v; want the default escalate and the plan's 2", s.OnMiss, s.Weight)
	}
	if p.TimeLimit != 4*time.Hour || p.Scoring == nil || p.Scoring.OnTime != 0.5 || p.Scenario == nil {
		t.Errorf("plan: time limit %s, scoring %+v, scenario %+v", p.TimeLimit, p.Scoring, p.Scenario)
	}
}

// small is a hand-built plan: a -> (b, c) -> d.
func small() model.EmergencyPlan {
	return model.EmergencyPlan{
		Name: "Small", Kind: "other", Severity: "sev3", TimeLimit: "2h", Roles: []string{"ic", "comms", "it"}, Commander: "ic",
		EscalationPath: "incident",
		Steps: []model.PlanStep{
			{ID: "assess", Title: "Assess the impact", Owner: "ic", Deadline: "10m", Weight: 2},
			{ID: "notify", Title: "Notify customers", Owner: "comms", Deadline: "30m", After: []string{"assess"}},
			{ID: "restore", Title: "Restore the service", Owner: "it", Deadline: "30m", After: []string{"assess"}},
			{ID: "review", Title: "Review and close", Owner: "ic", Deadline: "1h", After: []string{"notify", "restore"}, Weight: 4},
		},
	}
}

func TestCompileOrdersDependencies(t *testing.T) {
	pl := small()
	// Listed backwards: the order follows the dependencies, the list
	// order only among steps that are ready together.
	pl.Steps = []model.PlanStep{pl.Steps[3], pl.Steps[2], pl.Steps[1], pl.Steps[0]}
	p, err := drill.Compile("small", pl)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Steps {
		got = append(got, s.ID)
	}
	if diff := cmp.Diff([]string{"assess", "restore", "notify", "review"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if p.Mitigation != "restore" {
		t.Errorf("mitigation %q, want restore", p.Mitigation)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := map[string]struct {
		edit   func(p *model.EmergencyPlan)
		want   []string
		reason string
	}{
		"unknown dependency": {
			edit:   func(p *model.EmergencyPlan) { p.Steps[1].After = []string{"asess"} },
			want:   []string{`step "notify": after: unknown step "asess" (steps: assess, notify, restore, review)`},
			reason: "a typo in after names the step and lists the steps there are",
		},
		"cycle": {
			edit:   func(p *model.EmergencyPlan) { p.Steps[0].After = []string{"review"} },
			want:   []string{"steps form a cycle: assess -> review -> notify -> assess"},
			reason: "the cycle is spelled out, back to its first step",
		},
		"self": {
			edit:   func(p *model.EmergencyPlan) { p.Steps[2].After = []string{"restore"} },
			want:   []string{`step "restore": after: depends on itself`},
			reason: "a step waiting for itself never starts",
		},
		"bad durations": {
			edit: func(p *model.EmergencyPlan) {
				p.Steps[1].Deadline = "30 minutes"
				p.Steps[3].Deadline = "-1h"
				p.TimeLimit = ""
			},
			want: []string{`time_limit "": time: invalid duration ""`, `step "notify": deadline "30 minutes": time: unknown unit " minutes" in duration "30 minutes"`,
				`step "review": deadline "-1h": negative duration`},
			reason: "every bad duration is reported, each with its step",
		},
		"bad on_miss and weight": {
			edit:   func(p *model.EmergencyPlan) { p.Steps[0].OnMiss = "ignore"; p.Steps[1].Weight = -1 },
			want:   []string{`step "assess": on_miss "ignore" is not escalate, late or skip`, `step "notify": weight -1 is not positive`},
			reason: "on_miss takes the schema's values; weights are positive",
		},
		"duplicate and empty": {
			edit: func(p *model.EmergencyPlan) {
				p.Steps[2].ID = "notify"
				p.Steps = append(p.Steps, model.PlanStep{Title: "Nameless", Owner: "ic", Deadline: "1h"})
			},
			want:   []string{`step "notify": duplicate id`, "steps[4]: no id", `step "review": after: unknown step "restore" (steps: assess, notify, review)`},
			reason: "a duplicate is dropped, so the step waiting for the name it replaced is reported too",
		},
		"no steps": {
			edit:   func(p *model.EmergencyPlan) { p.Steps = nil; p.Commander = "" },
			want:   []string{"no commander role", "no steps"},
			reason: "an empty plan has nothing to run",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			pl := small()
			tt.edit(&pl)
			p, err := drill.Compile("small", pl)
			if err == nil {
				t.Fatalf("compiled %+v, want an error", p)
			}
			msg := strings.TrimPrefix(err.Error(), "compile plan small: ")
			if diff := cmp.Diff(tt.want, strings.Split(msg, "\n")); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestChecklistItem(t *testing.T) {
	s := drill.Step{Checklist: []string{"Open the bridge", "Post the first status"}}
	tests := map[string]struct {
		want   string
		ok     bool
		reason string
	}{
		"Post the first status": {"Post the first status", true, "by text"},
		"1":                     {"Open the bridge", true, "by number, from 1"},
		"3":                     {"", false, "past the end"},
		"0":                     {"", false, "numbers start at 1"},
		"open the bridge":       {"", false, "texts match exactly"},
	}
	for in, tt := range tests {
		got, ok := s.ChecklistItem(in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ChecklistItem(%q) = %q, %v; want %q, %v (%s)", in, got, ok, tt.want, tt.ok, tt.reason)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 5 * time.Minute: "5m", 90 * time.Minute: "1h30m", 4 * time.Hour: "4h", 150 * time.Second: "2m30s",
		time.Hour + time.Second: "1h0m1s", -3 * time.Minute: "-3m", 1500 * time.Millisecond: "2s",
	} {
		if got := drill.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%d) = %q, want %q", d, got, want)
		}
	}
}

// FuzzCompile feeds Compile arbitrary deadlines, dependencies and on_miss
// values: it returns a plan or an error, never panics, and a plan it
// returns lists every step after the steps it waits for.
func FuzzCompile(f *testing.F) {
	f.Add("10m", "assess", "escalate", 1.0)
	f.Add("1h30m", "review", "skip", 0.0)
	f.Add("-5s", "restore", "late", -2.0)
	f.Add("", "notify", "", 3.5)
	f.Fuzz(func(t *testing.T, deadline, after, onMiss string, weight float64) {
		pl := small()
		pl.Steps[1].Deadline, pl.Steps[1].After, pl.Steps[1].OnMiss, pl.Steps[1].Weight = deadline, []string{after}, onMiss, weight
		pl.Steps[0].After = []string{after}
		p, err := drill.Compile("fuzz", pl)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, s := range p.Steps {
			for _, dep := range s.After {
				if !seen[dep] {
					t.Fatalf("step %s comes before %s, which it waits for", s.ID, dep)
				}
			}
			seen[s.ID] = true
		}
		_ = p.CriticalPath()
	})
}
