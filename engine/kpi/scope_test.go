package kpi

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// scopeRecords are November phone and chat contacts; their team comes
// from record.team (X1), else the queue's team (X2, X3), else the agent's
// team (X4). X5 has nothing to place it but its channel.
func scopeRecords(t *testing.T) []history.Record {
	c := at(t, "2026-11-10 10:00")
	return []history.Record{
		{ID: "X1", Channel: "phone", Team: "care", Queue: "q-sales", Agent: "ann", CreatedAt: c, AnsweredAt: plus(c, 5)},
		{ID: "X2", Channel: "phone", Queue: "q-sales", Agent: "cid", CreatedAt: c},
		{ID: "X3", Channel: "chat", Queue: "q-sales", CreatedAt: c, AnsweredAt: plus(c, 5)},
		{ID: "X4", Channel: "chat", Agent: "cid", CreatedAt: c, AnsweredAt: plus(c, 5)},
		{ID: "X5", Channel: "chat", CreatedAt: c, AnsweredAt: plus(c, 5)},
	}
}

func TestScopes(t *testing.T) {
	nan := math.NaN()
	tests := map[string]struct {
		scope string
		want  []row
	}{
		"center": {"center", []row{{"center", 80, 4, 5, Excellent}}},
		"every team": {"team:*", []row{
			{"team:care", 100, 2, 2, Excellent}, // X1 (its own team), X4 (cid's)
			{"team:sales", 50, 1, 2, Below},     // X2, X3 (q-sales's team)
		}},
		"one team": {"team:sales", []row{{"team:sales", 50, 1, 2, Below}}},
		"every agent": {"agent:*", []row{
			{"agent:ann", 100, 1, 1, Excellent},
			{"agent:bob", nan, 0, 0, NoData},
			{"agent:cid", 50, 1, 2, Below},
			{"agent:dan", nan, 0, 0, NoData},
		}},
		"every queue": {"queue:*", []row{
			{"queue:q-care", nan, 0, 0, NoData},
			{"queue:q-sales", 200.0 / 3, 2, 3, OK},
		}},
		"every channel": {"channel:*", []row{
			{"channel:chat", 100, 3, 3, Excellent},
			{"channel:email", nan, 0, 0, NoData},
			{"channel:phone", 50, 1, 2, Below},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			card := cardOf(t, map[string]model.KPI{"k": kpiOf(MetricAnswerRate, tc.scope)}, scopeRecords(t), "2026-11")
			if diff := cmp.Diff(tc.want, rows(card, "k"), approx); diff != "" {
				t.Errorf("answer rate by %s (-want +got):\n%s", tc.scope, diff)
			}
		})
	}
}

// TestCard checks a card holds only the KPIs of its period kind, sorted
// by id and scope, and answers no_data for a period without records.
func TestCard(t *testing.T) {
	weekly := kpiOf(MetricAnswerRate, "team:*")
	weekly.Period = string(Week)
	kpis := map[string]model.KPI{
		"b-monthly": kpiOf(MetricAnswerRate, "team:*"),
		"a-monthly": kpiOf(MetricComplaintRate, "center"),
		"weekly":    weekly,
	}
	type key struct{ KPI, Scope, Period string }
	keys := func(c Card) []key {
		var out []key
		for _, r := range c.Results {
			out = append(out, key{r.KPI, r.Scope, r.Period})
		}
		return out
	}
	nov := cardOf(t, kpis, scopeRecords(t), "2026-11")
	want := []key{{"a-monthly", "center", "2026-11"}, {"b-monthly", "team:care", "2026-11"}, {"b-monthly", "team:sales", "2026-11"}}
	if diff := cmp.Diff(want, keys(nov)); diff != "" {
		t.Errorf("November's card (-want +got):\n%s", diff)
	}
	week := cardOf(t, kpis, scopeRecords(t), "2026-W46")
	if diff := cmp.Diff([]row{{"team:care", 100, 2, 2, Excellent}, {"team:sales", 50, 1, 2, Below}}, rows(week, "weekly"), approx); diff != "" {
		t.Errorf("week 46 (-want +got):\n%s", diff)
	}
	empty := cardOf(t, kpis, scopeRecords(t), "2026-10")
	for _, r := range empty.Results {
		if r.Band != NoData || r.Value != nil {
			t.Errorf("October %s %s = %v %s, want no_data", r.KPI, r.Scope, r.Value, r.Band)
		}
	}
	if len(empty.Results) != 3 {
		t.Errorf("October has %d results, want 3 (every scope, no_data)", len(empty.Results))
	}
	if days := cardOf(t, kpis, scopeRecords(t), "2026-11-10"); days.Period != "2026-11-10" || len(days.Results) != 0 {
		t.Errorf("a day's card = %+v, want no results: no KPI is daily", days)
	}
}

// TestCardJSON checks the wire shape `supportops kpi --output json`
// prints: value null for no_data, no direction or period per result.
func TestCardJSON(t *testing.T) {
	card := cardOf(t, map[string]model.KPI{"k": kpiOf(MetricAnswerRate, "queue:*")}, scopeRecords(t), "2026-11")
	got, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"period":"2026-11","results":[` +
		`{"kpi":"k","metric":"answer_rate","scope":"queue:q-care","value":null,"numerator":0,"denominator":0,"target":80,"band":"no_data"},` +
		`{"kpi":"k","metric":"answer_rate","scope":"queue:q-sales","value":66.66666666666666,"numerator":2,"denominator":3,"target":80,"band":"ok"}]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("card JSON (-want +got):\n%s", diff)
	}
}
