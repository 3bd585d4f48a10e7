package change_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/change"
	"github.com/supportops/supportops/engine/model"
)

func ptr[T any](v T) *T { return &v }

// fixture returns a fresh, small but complete configuration.
func fixture() *model.Config {
	return &model.Config{
		Center: model.Center{Name: "Acme Support", Timezone: "Europe/Berlin", DefaultCalendar: "berlin"},
		Teams: map[string]model.Team{
			"tier1":       {Name: "Tier 1", Lead: "alice"},
			"after-sales": {Name: "After sales"},
		},
		Agents: map[string]model.Agent{
			"alice": {
				Name: "Alice", Team: "tier1", Roles: []string{"agent", "team_lead"},
				Skills:    map[string]int{"returns": 2, "billing": 3},
				Languages: []string{"en", "de", "it"},
				Channels:  map[string]int{"email": 3, "chat": 2},
			},
			"bob": {
				Name: "Bob", Team: "tier1", Roles: []string{"agent"},
				Skills:    map[string]int{"returns": 1},
				Languages: []string{"en"},
			},
		},
		Queues: map[string]model.Queue{
			"general": {Team: "tier1", Channels: []string{"email", "chat", "phone"}, Languages: []string{"en", "de"}},
			"old":     {Team: "tier1", Channels: []string{"email"}, Languages: []string{"en"}},
		},
		OnDuty: map[string][]string{"weekend": {"alice", "bob"}},
		Calendars: map[string]model.Calendar{
			"berlin": {
				Timezone: "Europe/Berlin",
				Hours:    []string{"mon-fri 09:00-17:00", "sat 10:00-14:00"},
				Holidays: []model.Holiday{{Date: "2026-12-25", Name: "Christmas"}, {Date: "2026-01-01", Name: "New Year"}},
			},
		},
		Priorities: &model.PriorityMatrix{
			Levels:    []model.PriorityLevel{{ID: "p1"}, {ID: "p2"}, {ID: "p3"}},
			Impacts:   []string{"high", "low"},
			Urgencies: []string{"high", "low"},
			Matrix: map[string]map[string]string{
				"high": {"high": "p1", "low": "p2"},
				"low":  {"high": "p2", "low": "p3"},
			},
		},
		SLAPolicies: []model.SLAPolicy{
			{Name: "standard-p1", Match: &model.SLAMatch{Priorities: []string{"p1"}}, Metrics: model.SLAMetrics{FirstReply: &model.SLAMetric{Target: "1h"}}},
			{Name: "standard", Metrics: model.SLAMetrics{FirstReply: &model.SLAMetric{Target: "4h"}}},
			{Name: "vip-p1", Match: &model.SLAMatch{Tiers: []string{"vip"}, Priorities: []string{"p1"}}, Metrics: model.SLAMetrics{FirstReply: &model.SLAMetric{Target: "15m"}}},
		},
		EscalationPaths: map[string]model.EscalationPath{
			"standard": {Levels: []model.EscalationLevel{
				{After: "30m", Targets: []string{"team-lead"}, Actions: []string{"notify"}},
				{After: "2h", Targets: []string{"manager"}, Actions: []string{"notify", "page"}},
			}},
		},
		Approvals: map[model.ApprovalAction]model.ApprovalPolicy{
			model.Refund: {Currency: "EUR", Tiers: []model.ApprovalTier{
				{UpTo: ptr(100.0), Approvers: []string{"team_lead"}},
				{Approvers: []string{"manager"}},
			}},
		},
	}
}

// edited returns the fixture changed by f.
func edited(f func(c *model.Config)) *model.Config {
	c := fixture()
	f(c)
	return c
}

func TestCompare(t *testing.T) {
	tests := map[string]struct {
		reason string
		base   *model.Config
		head   *model.Config
		want   change.Set
	}{
		"no change": {
			reason: "two equal configurations make an empty set",
			base:   fixture(),
			head:   fixture(),
		},
		"both nil": {
			reason: "nil is an empty configuration",
		},
		"nil base": {
			reason: "from nothing, every entity is added, singletons without an id",
			head: &model.Config{
				Center: model.Center{Name: "Acme", Timezone: "UTC"},
				Agents: map[string]model.Agent{"zoe": {Name: "Zoe"}},
			},
			want: change.Set{Changes: []change.Change{
				{Kind: "center", Op: change.Added},
				{Kind: "agents", ID: "zoe", Op: change.Added},
			}},
		},
		"agent added": {
			reason: "a new agent is listed without fields",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				c.Agents["zoe"] = model.Agent{Name: "Zoe", Team: "tier1", Languages: []string{"en"}}
			}),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "zoe", Op: change.Added}}},
		},
		"agent removed": {
			reason: "a removed agent is listed without fields",
			base:   fixture(),
			head:   edited(func(c *model.Config) { delete(c.Agents, "bob") }),
			want:   change.Set{Changes: []change.Change{{Kind: "agents", ID: "bob", Op: change.Removed}}},
		},
		"agent skill level changed": {
			reason: "a map entry that changed is a leaf under the map's field",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Agents["alice"].Skills["returns"] = 3 }),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "alice", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "skills.returns", Before: 2, After: 3},
			}}}},
		},
		"agent skill added under a quoted key": {
			reason: "map keys that are not CUE identifiers are quoted in the path",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Agents["bob"].Skills["after-sales"] = 2 }),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "bob", Op: change.Changed, Fields: []change.FieldChange{
				{Path: `skills."after-sales"`, After: 2},
			}}}},
		},
		"agent language added": {
			reason: "a set member that was added has Before nil and the list's path",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				a := c.Agents["alice"]
				a.Languages = append(a.Languages, "fr")
				c.Agents["alice"] = a
			}),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "alice", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "languages", After: "fr"},
			}}}},
		},
		"agent language replaced and reordered": {
			reason: "a set reports members added and removed, not positions that changed",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				a := c.Agents["alice"]
				a.Languages = []string{"fr", "en", "de"}
				c.Agents["alice"] = a
			}),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "alice", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "languages", After: "fr"},
				{Path: "languages", Before: "it"},
			}}}},
		},
		"agent language reorder only": {
			reason: "reordering a set is not a change",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				a := c.Agents["alice"]
				a.Languages = []string{"it", "en", "de"}
				a.Roles = []string{"team_lead", "agent"}
				c.Agents["alice"] = a
			}),
		},
		"nil and empty are equal": {
			reason: "nil versus empty lists and maps, and a nil pointer versus an empty struct, are not changes",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				b := c.Agents["bob"]
				b.Channels = map[string]int{}
				b.Training = &model.Training{Certified: []string{}}
				c.Agents["bob"] = b
				c.Wellbeing = &model.Wellbeing{}
				c.Skills = map[string]model.Skill{}
			}),
		},
		"agent training added": {
			reason: "a struct pointer that appears is one field with the whole value",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				b := c.Agents["bob"]
				b.Training = &model.Training{Trainee: true, Certified: []string{"returns"}}
				c.Agents["bob"] = b
			}),
			want: change.Set{Changes: []change.Change{{Kind: "agents", ID: "bob", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "training", After: map[string]any{"trainee": true, "certified": []any{"returns"}}},
			}}}},
		},
		"queue channel set reordered": {
			reason: "queue channels are a set",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				q := c.Queues["general"]
				q.Channels = []string{"phone", "email", "chat"}
				c.Queues["general"] = q
			}),
		},
		"sla policy moved": {
			reason: "moving a policy ahead of others is a change even with equal fields; the ones it passed keep their relative order",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				p := c.SLAPolicies
				c.SLAPolicies = []model.SLAPolicy{p[2], p[0], p[1]}
			}),
			want: change.Set{Changes: []change.Change{{Kind: "sla_policies", ID: "vip-p1", Op: change.Changed, Moved: &change.Move{From: 3, To: 1}}}},
		},
		"sla policies swapped": {
			reason: "of two swapped policies, the one that moved up is reported",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				p := c.SLAPolicies
				c.SLAPolicies = []model.SLAPolicy{p[1], p[0], p[2]}
			}),
			want: change.Set{Changes: []change.Change{{Kind: "sla_policies", ID: "standard", Op: change.Changed, Moved: &change.Move{From: 2, To: 1}}}},
		},
		"sla policy inserted first": {
			reason: "inserting a policy shifts the others' positions but not their order: only the new one shows",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				c.SLAPolicies = append([]model.SLAPolicy{{Name: "outage", Metrics: model.SLAMetrics{FirstReply: &model.SLAMetric{Target: "5m"}}}}, c.SLAPolicies...)
			}),
			want: change.Set{Changes: []change.Change{{Kind: "sla_policies", ID: "outage", Op: change.Added}}},
		},
		"sla policy target changed": {
			reason: "a changed leaf under pointers has the json path",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.SLAPolicies[2].Metrics.FirstReply.Target = "10m" }),
			want: change.Set{Changes: []change.Change{{Kind: "sla_policies", ID: "vip-p1", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "metrics.first_reply.target", Before: "15m", After: "10m"},
			}}}},
		},
		"escalation level added and changed": {
			reason: "ordered lists compare by index; an added element carries its JSON form",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				p := c.EscalationPaths["standard"]
				p.Levels[0].After = "45m"
				p.Levels = append(p.Levels, model.EscalationLevel{After: "4h", Targets: []string{"director"}, Actions: []string{"page"}, Repeat: 2})
				c.EscalationPaths["standard"] = p
			}),
			want: change.Set{Changes: []change.Change{{Kind: "escalation_paths", ID: "standard", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "levels[0].after", Before: "30m", After: "45m"},
				{Path: "levels[2]", After: map[string]any{"after": "4h", "targets": []any{"director"}, "actions": []any{"page"}, "repeat": float64(2)}},
			}}}},
		},
		"escalation target appended, actions reordered": {
			reason: "targets are ordered and grow at an index; actions are a set, so reordering them is no change",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				p := c.EscalationPaths["standard"]
				p.Levels[1].Targets = []string{"manager", "director"}
				p.Levels[1].Actions = []string{"page", "notify"}
			}),
			want: change.Set{Changes: []change.Change{{Kind: "escalation_paths", ID: "standard", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "levels[1].targets[1]", After: "director"},
			}}}},
		},
		"calendar holiday added": {
			reason: "holidays are a set of structs; order does not matter, a new one is one member",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				cal := c.Calendars["berlin"]
				cal.Holidays = []model.Holiday{{Date: "2026-01-01", Name: "New Year"}, {Date: "2026-12-26", Name: "Boxing Day"}, {Date: "2026-12-25", Name: "Christmas"}}
				c.Calendars["berlin"] = cal
			}),
			want: change.Set{Changes: []change.Change{{Kind: "calendars", ID: "berlin", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "holidays", After: map[string]any{"date": "2026-12-26", "name": "Boxing Day"}},
			}}}},
		},
		"center timezone changed": {
			reason: "a singleton has an empty id",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Center.Timezone = "Europe/Paris" }),
			want: change.Set{Changes: []change.Change{{Kind: "center", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "timezone", Before: "Europe/Berlin", After: "Europe/Paris"},
			}}}},
		},
		"priorities matrix cell changed": {
			reason: "nested map keys are selectors",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Priorities.Matrix["high"]["low"] = "p1" }),
			want: change.Set{Changes: []change.Change{{Kind: "priorities", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "matrix.high.low", Before: "p2", After: "p1"},
			}}}},
		},
		"approvals tier up_to changed": {
			reason: "map keys of a named string type are ids; pointers to numbers compare by value",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Approvals[model.Refund].Tiers[0].UpTo = ptr(250.0) }),
			want: change.Set{Changes: []change.Change{{Kind: "approvals", ID: "refund", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "tiers[0].up_to", Before: 100.0, After: 250.0},
			}}}},
		},
		"approvals tier limit removed": {
			reason: "a pointer that becomes nil is a value that disappeared",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.Approvals[model.Refund].Tiers[0].UpTo = nil }),
			want: change.Set{Changes: []change.Change{{Kind: "approvals", ID: "refund", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "tiers[0].up_to", Before: 100.0},
			}}}},
		},
		"on_duty reordered": {
			reason: "on_duty is the call order, so reordering it is a change",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.OnDuty["weekend"] = []string{"bob", "alice"} }),
			want: change.Set{Changes: []change.Change{{Kind: "on_duty", ID: "weekend", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "[0]", Before: "alice", After: "bob"},
				{Path: "[1]", Before: "bob", After: "alice"},
			}}}},
		},
		"on_duty extended": {
			reason: "an element appended to an ordered list is added at its index",
			base:   fixture(),
			head:   edited(func(c *model.Config) { c.OnDuty["weekend"] = append(c.OnDuty["weekend"], "carol") }),
			want: change.Set{Changes: []change.Change{{Kind: "on_duty", ID: "weekend", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "[2]", After: "carol"},
			}}}},
		},
		"wellbeing added and priorities removed": {
			reason: "pointer singletons are added and removed as a whole",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				c.Priorities = nil
				c.Wellbeing = &model.Wellbeing{DifficultContacts: &model.DifficultContacts{Max: 3, Window: "1h", CoolDown: "15m"}}
			}),
			want: change.Set{Changes: []change.Change{
				{Kind: "priorities", Op: change.Removed},
				{Kind: "wellbeing", Op: change.Added},
			}},
		},
		"changes are sorted": {
			reason: "by collection in model.Config order, then by id; fields by path with numeric indices",
			base:   fixture(),
			head: edited(func(c *model.Config) {
				delete(c.Queues, "old")
				c.Agents["zoe"] = model.Agent{Name: "Zoe"}
				c.Agents["aaron"] = model.Agent{Name: "Aaron"}
				c.Center.Name = "Acme"
				c.OnDuty["weekend"] = []string{"alice", "bob", "a", "b", "c", "d", "e", "f", "g", "h", "i"}
			}),
			want: change.Set{Changes: []change.Change{
				{Kind: "center", Op: change.Changed, Fields: []change.FieldChange{{Path: "name", Before: "Acme Support", After: "Acme"}}},
				{Kind: "agents", ID: "aaron", Op: change.Added},
				{Kind: "agents", ID: "zoe", Op: change.Added},
				{Kind: "queues", ID: "old", Op: change.Removed},
				{Kind: "on_duty", ID: "weekend", Op: change.Changed, Fields: []change.FieldChange{
					{Path: "[2]", After: "a"}, {Path: "[3]", After: "b"}, {Path: "[4]", After: "c"},
					{Path: "[5]", After: "d"}, {Path: "[6]", After: "e"}, {Path: "[7]", After: "f"},
					{Path: "[8]", After: "g"}, {Path: "[9]", After: "h"}, {Path: "[10]", After: "i"},
				}},
			}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := change.Compare(tc.base, tc.head)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\nCompare(...): -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestDiffEveryCollection guards against a field of model.Config the diff
// does not handle: from an empty base, each one is one added entity, in the
// order of the fields.
func TestCompareEveryCollection(t *testing.T) {
	head := fixture()
	head.Skills = map[string]model.Skill{"returns": {}}
	head.Tiers = map[string]model.Tier{"vip": {VIP: true}}
	head.Categories = map[string]model.Category{"refund": {Skill: "returns"}}
	head.Channels = map[string]model.Channel{"email": {Kind: model.Email}}
	head.Roles = map[string]model.Role{"agent": {}}
	head.KPIs = map[string]model.KPI{"csat": {Metric: "csat", Target: 0.9}}
	head.EmergencyPlans = map[string]model.EmergencyPlan{"outage": {Name: "Outage"}}
	head.Incentives = map[string]model.Incentive{"top": {Name: "Top"}}
	head.Wellbeing = &model.Wellbeing{DifficultContacts: &model.DifficultContacts{Max: 3}}
	head.Agents = map[string]model.Agent{"alice": {}}
	head.Teams = map[string]model.Team{"tier1": {}}
	head.Queues = map[string]model.Queue{"general": {}}
	head.SLAPolicies = head.SLAPolicies[:1]

	want := change.Set{Changes: []change.Change{
		{Kind: "center", Op: change.Added},
		{Kind: "skills", ID: "returns", Op: change.Added},
		{Kind: "tiers", ID: "vip", Op: change.Added},
		{Kind: "categories", ID: "refund", Op: change.Added},
		{Kind: "channels", ID: "email", Op: change.Added},
		{Kind: "roles", ID: "agent", Op: change.Added},
		{Kind: "teams", ID: "tier1", Op: change.Added},
		{Kind: "agents", ID: "alice", Op: change.Added},
		{Kind: "queues", ID: "general", Op: change.Added},
		{Kind: "on_duty", ID: "weekend", Op: change.Added},
		{Kind: "calendars", ID: "berlin", Op: change.Added},
		{Kind: "priorities", Op: change.Added},
		{Kind: "sla_policies", ID: "standard-p1", Op: change.Added},
		{Kind: "escalation_paths", ID: "standard", Op: change.Added},
		{Kind: "kpis", ID: "csat", Op: change.Added},
		{Kind: "emergency_plans", ID: "outage", Op: change.Added},
		{Kind: "incentives", ID: "top", Op: change.Added},
		{Kind: "approvals", ID: "refund", Op: change.Added},
		{Kind: "wellbeing", Op: change.Added},
	}}
	if diff := cmp.Diff(want, change.Compare(nil, head)); diff != "" {
		t.Errorf("Compare(nil, head): -want +got:\n%s", diff)
	}
	reverse := change.Compare(head, &model.Config{})
	if added, changed, removed := reverse.Counts(); added != 0 || changed != 0 || removed != len(want.Changes) {
		t.Errorf("Compare(head, empty).Counts() = %d, %d, %d, want 0, 0, %d", added, changed, removed, len(want.Changes))
	}
}

func TestCompareDeterministic(t *testing.T) {
	base, head := generate(300, 20, 0), generate(300, 20, 10)
	want := change.Compare(base, head)
	if want.Empty() {
		t.Fatal("Compare of generated configs is empty, want changes")
	}
	for range 20 {
		if diff := cmp.Diff(want, change.Compare(base, head)); diff != "" {
			t.Fatalf("Compare is not deterministic: -want +got:\n%s", diff)
		}
	}
}

func TestCounts(t *testing.T) {
	p := change.Set{Changes: []change.Change{
		{Kind: "agents", ID: "a", Op: change.Added},
		{Kind: "agents", ID: "b", Op: change.Added},
		{Kind: "agents", ID: "c", Op: change.Changed},
		{Kind: "queues", ID: "d", Op: change.Removed},
	}}
	added, changed, removed := p.Counts()
	if diff := cmp.Diff([]int{2, 1, 1}, []int{added, changed, removed}); diff != "" {
		t.Errorf("Counts(): -want +got:\n%s", diff)
	}
	if p.Empty() || !(change.Set{}).Empty() {
		t.Errorf("Empty() = %v for a set with changes, %v for none", p.Empty(), (change.Set{}).Empty())
	}
}
