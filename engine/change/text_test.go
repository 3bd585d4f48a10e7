package change_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/change"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil"
)

// reviewed is a change touching most kinds of collection, as a reviewer
// would see it.
func reviewed() (base, head *model.Config) {
	return fixture(), edited(func(c *model.Config) {
		c.Center.Timezone = "Europe/Paris"
		c.Teams["after-sales"] = model.Team{Name: "After sales", Lead: "bob"}
		c.Agents["zoe"] = model.Agent{Name: "Zoe", Team: "tier1", Languages: []string{"en"}}
		alice := c.Agents["alice"]
		alice.Skills["returns"] = 3
		alice.Skills["after-sales"] = 1
		alice.Languages = []string{"fr", "en", "de"}
		alice.Training = &model.Training{Trainee: true}
		c.Agents["alice"] = alice
		delete(c.Queues, "old")
		c.OnDuty["weekend"] = []string{"bob", "alice", "zoe"}
		cal := c.Calendars["berlin"]
		cal.Holidays = append(cal.Holidays, model.Holiday{Date: "2026-12-26", Name: "Boxing Day"})
		c.Calendars["berlin"] = cal
		c.Priorities.Matrix["high"]["low"] = "p1"
		p := c.SLAPolicies
		p[2].Metrics.FirstReply.Target = "10m"
		p[1].Description = "everything else"
		c.SLAPolicies = []model.SLAPolicy{p[2], p[0], p[1]}
		esc := c.EscalationPaths["standard"]
		esc.Levels[0].After = "45m"
		esc.Levels = append(esc.Levels, model.EscalationLevel{After: "4h", Targets: []string{"director"}, Actions: []string{"page"}})
		c.EscalationPaths["standard"] = esc
		c.Approvals[model.Refund].Tiers[0].UpTo = ptr(250.0)
		c.Wellbeing = &model.Wellbeing{DifficultContacts: &model.DifficultContacts{Max: 3, Window: "1h", CoolDown: "15m"}}
	})
}

func TestWriteText(t *testing.T) {
	tests := map[string]struct {
		reason string
		set    change.Set
		golden string
	}{
		"no changes": {
			reason: "an empty set says so",
			golden: "empty.golden",
		},
		"review": {
			reason: "every kind of change, as a CI reviewer sees it",
			set:    change.Compare(reviewed()),
			golden: "review.golden",
		},
		"values": {
			reason: "strings quoted, numbers and booleans bare, members bare when plain tokens, structs as JSON",
			set: change.Set{Changes: []change.Change{{Kind: "agents", ID: "alice", Op: change.Changed, Fields: []change.FieldChange{
				{Path: "abort_conditions", After: "customer data exposed"},
				{Path: "languages", After: "fr"},
				{Path: "languages", Before: "it"},
				{Path: "name", Before: "", After: "Alice"},
				{Path: "skills.returns", Before: 2, After: 3},
				{Path: "tiers[0].up_to", Before: 100.0, After: 99.5},
				{Path: "training.trainee", Before: true, After: false},
				{Path: "when", After: map[string]any{"kpi": "csat", "at_least": 0.9}},
			}}}},
			golden: "values.golden",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := tc.set.WriteText(&b); err != nil {
				t.Fatalf("%s\nWriteText(): %v", tc.reason, err)
			}
			testutil.Golden(t, filepath.Join("testdata", tc.golden), b.String())
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteTextError(t *testing.T) {
	err := change.Compare(reviewed()).WriteText(failingWriter{})
	if err == nil || err.Error() != "write plan: disk full" {
		t.Errorf("WriteText(failing writer) = %v, want write plan: disk full", err)
	}
}

func TestMarshalJSON(t *testing.T) {
	tests := map[string]struct {
		reason string
		set    change.Set
		want   string
	}{
		"empty": {
			reason: "an empty set from Compare has an empty list of changes, not null",
			set:    change.Compare(nil, nil),
			want:   `{"changes":[]}`,
		},
		"changes": {
			reason: "absent values are left out, but false, 0 and \"\" are kept; moves and whole values marshal",
			set: change.Set{Changes: []change.Change{
				{Kind: "center", Op: change.Changed, Fields: []change.FieldChange{{Path: "default_calendar", Before: "berlin", After: ""}}},
				{Kind: "agents", ID: "zoe", Op: change.Added},
				{Kind: "agents", ID: "alice", Op: change.Changed, Fields: []change.FieldChange{
					{Path: "languages", After: "fr"},
					{Path: "skills.returns", Before: 2, After: 0},
					{Path: "training", After: map[string]any{"trainee": true}},
					{Path: "training.trainee", Before: true, After: false},
				}},
				{Kind: "sla_policies", ID: "vip-p1", Op: change.Changed, Moved: &change.Move{From: 3, To: 1}},
			}},
			want: `{"changes":[` +
				`{"kind":"center","id":"","op":"changed","fields":[{"path":"default_calendar","before":"berlin","after":""}]},` +
				`{"kind":"agents","id":"zoe","op":"added"},` +
				`{"kind":"agents","id":"alice","op":"changed","fields":[` +
				`{"path":"languages","after":"fr"},` +
				`{"path":"skills.returns","before":2,"after":0},` +
				`{"path":"training","after":{"trainee":true}},` +
				`{"path":"training.trainee","before":true,"after":false}]},` +
				`{"kind":"sla_policies","id":"vip-p1","op":"changed","moved":{"from":3,"to":1}}]}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := json.Marshal(tc.set)
			if err != nil {
				t.Fatalf("%s\njson.Marshal(): %v", tc.reason, err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("%s\njson.Marshal(): -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestMarshalJSONCompare checks that a set from Compare marshals, whatever
// values its fields hold.
func TestMarshalJSONCompare(t *testing.T) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(change.Compare(reviewed())); err != nil {
		t.Fatalf("encode change set: %v", err)
	}
	testutil.Golden(t, filepath.Join("testdata", "review.json.golden"), b.String())
}
