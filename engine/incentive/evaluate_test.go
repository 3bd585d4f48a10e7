package incentive

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// testConfig is a center of two teams of agents with per-agent CSAT and
// QA, a per-team service level and center-wide and channel KPIs; each
// test adds its incentives.
func testConfig(incentives map[string]model.Incentive) *model.Config {
	agents := map[string]model.Agent{}
	for _, id := range []string{"ana", "ben", "cid", "dan", "eve"} {
		agents[id] = model.Agent{Name: id, Team: "sales"}
	}
	agents["fay"] = model.Agent{Name: "fay", Team: "support"}
	return &model.Config{
		Center: model.Center{Name: "test", Timezone: "Europe/Berlin"},
		Teams:  map[string]model.Team{"sales": {}, "support": {}},
		Agents: agents,
		KPIs: map[string]model.KPI{
			"csat-agent": {Metric: "csat", Scope: "agent:*", Target: 4.8, Direction: kpi.Higher, Period: "month",
				Bands: model.Bands{Excellent: 4.8, Good: 4.5, OK: 4.2}},
			"qa-score": {Metric: "qa_score", Scope: "agent:*", Target: 95, Direction: kpi.Higher, Period: "month",
				Bands: model.Bands{Excellent: 95, Good: 86, OK: 76}},
			"sl-team": {Metric: "service_level", Scope: "team:*", Target: 80, Direction: kpi.Higher, Period: "month",
				Bands: model.Bands{Excellent: 80, Good: 72, OK: 62}},
			"complaint-rate": {Metric: "complaint_rate", Scope: "center", Target: 1.2, Direction: kpi.Lower, Period: "month",
				Bands: model.Bands{Excellent: 1.2, Good: 1.35, OK: 1.6}},
			"first-response-email": {Metric: "avg_first_response", Scope: "channel:email", Target: 14400, Direction: kpi.Lower,
				Period: "month", Bands: model.Bands{Excellent: 14400, Good: 16200, OK: 19800}},
		},
		Incentives: incentives,
	}
}

// result is a KPI result of the test configuration, banded by its KPI.
func result(cfg *model.Config, id, scope string, num, den float64) kpi.Result {
	k := cfg.KPIs[id]
	r := kpi.Result{KPI: id, Metric: k.Metric, Scope: scope, Numerator: num, Denominator: den, Target: k.Target,
		Direction: k.Direction, Period: "2026-11", Band: kpi.NoData}
	if den > 0 {
		v := num / den
		// Rates are percentages; csat, qa_score and seconds are means.
		if k.Metric == "service_level" || strings.HasSuffix(k.Metric, "_rate") {
			v *= 100
		}
		r.Value = &v
		r.Band = kpi.BandOf(k, v)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

func TestEvaluateTopN(t *testing.T) {
	star := model.Incentive{Name: "Service star", Period: "month", Recipient: RecipientAgent, Top: 3,
		When:   []model.Condition{{KPI: "csat-agent", Band: "excellent"}, {KPI: "qa-score", Band: "good"}},
		Reward: model.Reward{Award: "Service star"}}
	cfg := testConfig(map[string]model.Incentive{"service-star": star})
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		// ana leads; ben, cid and dan tie at 4.90 across the cut of 3:
		// ben has the most ratings, cid beats dan on the id alone.
		result(cfg, "csat-agent", "agent:ana", 99, 20),  // 4.95
		result(cfg, "csat-agent", "agent:ben", 196, 40), // 4.90
		result(cfg, "csat-agent", "agent:cid", 147, 30), // 4.90
		result(cfg, "csat-agent", "agent:dan", 147, 30), // 4.90
		result(cfg, "csat-agent", "agent:eve", 97, 20),  // 4.85
		result(cfg, "csat-agent", "agent:fay", 93, 20),  // 4.65, good: one band short
		result(cfg, "qa-score", "agent:ana", 352, 4),    // 88.0
		result(cfg, "qa-score", "agent:ben", 360, 4),    // 90.0
		result(cfg, "qa-score", "agent:cid", 380, 4),    // 95.0
		result(cfg, "qa-score", "agent:dan", 348, 4),    // 87.0
		result(cfg, "qa-score", "agent:eve", 344, 4),    // 86.0
		result(cfg, "qa-score", "agent:fay", 360, 4),    // 90.0
	}}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:ana", Rank: 1,
				Reward: model.Reward{Award: "Service star"}, Reason: "csat-agent 4.95 (excellent), qa-score 88.0 (good)"},
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:ben", Rank: 2,
				Reward: model.Reward{Award: "Service star"}, Reason: "csat-agent 4.90 (excellent), qa-score 90.0 (good)",
				Tie: "tied at csat-agent 4.90 with agent:dan (outside the top 3): ahead on evidence, denominator 40 vs 30"},
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:cid", Rank: 3,
				Reward: model.Reward{Award: "Service star"}, Reason: "csat-agent 4.90 (excellent), qa-score 95.0 (excellent)",
				Tie: "tied at csat-agent 4.90 with agent:dan (outside the top 3): equal denominators (30), ahead by recipient id"},
		},
		NearMisses: []NearMiss{
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:dan",
				Reason: "missed Service star: ranked 4 of 5, top 3; tied at csat-agent 4.90 with agent:cid, equal denominators (30), behind by recipient id"},
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:eve",
				Reason: "missed Service star: ranked 5 of 5, top 3"},
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:fay",
				Reason: "missed Service star: csat-agent 4.65 < 4.80 (excellent)"},
		},
	}
	got := Evaluate(cfg, card, nil)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluateTopNLowerAndEvents(t *testing.T) {
	cfg := testConfig(map[string]model.Incentive{
		// Ranked by a "lower" KPI the center shares: every agent has the
		// same value and denominator, so the ids decide.
		"fast-two": {Name: "Fast two", Period: "month", Recipient: RecipientAgent, Top: 2,
			When:   []model.Condition{{KPI: "first-response-email", AtMost: ptr(15000.0)}, {KPI: "qa-score", Band: "ok"}},
			Reward: model.Reward{Points: 5}},
		// Without KPI conditions the count ranks.
		"most-commended": {Name: "Most commended", Period: "month", Recipient: RecipientAgent, Top: 1,
			When:   []model.Condition{{Event: EventCommendation, MinCount: 2}},
			Reward: model.Reward{Award: "Most commended"}},
	})
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		result(cfg, "first-response-email", "channel:email", 1440000, 100), // 14400
		result(cfg, "qa-score", "agent:ben", 320, 4),                       // 80.0
		result(cfg, "qa-score", "agent:cid", 320, 4),
		result(cfg, "qa-score", "agent:eve", 320, 4),
	}}
	counts := map[string]Counts{
		"agent:ana": {Commendation: 4}, "agent:ben": {Commendation: 4}, "agent:cid": {Commendation: 3},
	}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "fast-two", Name: "Fast two", Recipient: "agent:ben", Rank: 1, Reward: model.Reward{Points: 5},
				Reason: "first-response-email 14400 (excellent, channel:email), qa-score 80.0 (ok)",
				Tie:    "tied at first-response-email 14400 with agent:eve (outside the top 2): equal denominators (100), ahead by recipient id"},
			{Incentive: "fast-two", Name: "Fast two", Recipient: "agent:cid", Rank: 2, Reward: model.Reward{Points: 5},
				Reason: "first-response-email 14400 (excellent, channel:email), qa-score 80.0 (ok)",
				Tie:    "tied at first-response-email 14400 with agent:eve (outside the top 2): equal denominators (100), ahead by recipient id"},
			{Incentive: "most-commended", Name: "Most commended", Recipient: "agent:ana", Rank: 1,
				Reward: model.Reward{Award: "Most commended"}, Reason: "commendation 4",
				Tie: "tied at commendation 4 with agent:ben (outside the top 1): ahead by recipient id"},
		},
		NearMisses: []NearMiss{
			{Incentive: "fast-two", Name: "Fast two", Recipient: "agent:eve",
				Reason: "missed Fast two: ranked 3 of 3, top 2; tied at first-response-email 14400 with agent:cid, equal denominators (100), behind by recipient id"},
			{Incentive: "most-commended", Name: "Most commended", Recipient: "agent:ben",
				Reason: "missed Most commended: ranked 2 of 3, top 1; tied at commendation 4 with agent:ana, behind by recipient id"},
			{Incentive: "most-commended", Name: "Most commended", Recipient: "agent:cid",
				Reason: "missed Most commended: ranked 3 of 3, top 1"},
		},
	}
	got := Evaluate(cfg, card, counts)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluateRewards(t *testing.T) {
	cfg := testConfig(map[string]model.Incentive{
		"commendation-points": {Name: "Commendation points", Period: "month", Recipient: RecipientAgent,
			When: []model.Condition{{Event: EventCommendation, MinCount: 1}}, Reward: model.Reward{Points: 10}, Cap: 100},
		"complaint-bonus": {Name: "Complaint bonus", Period: "month", Recipient: RecipientAgent,
			When:   []model.Condition{{Event: EventComplaintResolved, MinCount: 2}},
			Reward: model.Reward{Bonus: 50, Currency: "EUR"}, Cap: 120},
		// A rule with a KPI condition pays once, whatever the counts.
		"qa-points": {Name: "QA points", Period: "month", Recipient: RecipientAgent,
			When:   []model.Condition{{KPI: "qa-score", Band: "excellent"}, {Event: EventCommendation, MinCount: 1}},
			Reward: model.Reward{Points: 30}, Cap: 20},
		// A quarterly rule is not evaluated on a month's card.
		"drill-points": {Name: "Drill points", Period: "quarter", Recipient: RecipientAgent,
			When: []model.Condition{{Event: EventDrillParticipation, MinCount: 1}}, Reward: model.Reward{Points: 25}},
	})
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		result(cfg, "qa-score", "agent:ana", 384, 4), // 96.0
	}}
	counts := map[string]Counts{
		"agent:ana":  {Commendation: 3, ComplaintResolved: 1, DrillParticipation: 2},
		"agent:ben":  {Commendation: 12, ComplaintResolved: 2},
		"agent:cid":  {ComplaintResolved: 3},
		"team:sales": {Commendation: 15, ComplaintResolved: 6},
	}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "commendation-points", Name: "Commendation points", Recipient: "agent:ana",
				Reward: model.Reward{Points: 30}, Reason: "commendation 3; 3 × 10 points = 30 points"},
			{Incentive: "commendation-points", Name: "Commendation points", Recipient: "agent:ben",
				Reward: model.Reward{Points: 100}, Reason: "commendation 12; 12 × 10 points = 120 points, capped at 100"},
			{Incentive: "complaint-bonus", Name: "Complaint bonus", Recipient: "agent:ben",
				Reward: model.Reward{Bonus: 100, Currency: "EUR"}, Reason: "complaint_resolved 2; 2 × 50 EUR = 100 EUR"},
			{Incentive: "complaint-bonus", Name: "Complaint bonus", Recipient: "agent:cid",
				Reward: model.Reward{Bonus: 120, Currency: "EUR"}, Reason: "complaint_resolved 3; 3 × 50 EUR = 150 EUR, capped at 120"},
			{Incentive: "qa-points", Name: "QA points", Recipient: "agent:ana",
				Reward: model.Reward{Points: 20}, Reason: "qa-score 96.0 (excellent), commendation 3; capped at 20"},
		},
		NearMisses: []NearMiss{
			// One resolved complaint of two is 50 %, not close.
			// ben's QA has no data: never a near miss.
		},
	}
	got := Evaluate(cfg, card, counts)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluateMaxComplaints(t *testing.T) {
	cfg := testConfig(map[string]model.Incentive{
		"grievance-award": {Name: "Grievance award", Period: "month", Recipient: RecipientAgent,
			When:   []model.Condition{{Event: EventDifficultHandled, MinCount: 10, MaxComplaints: ptr(0)}},
			Reward: model.Reward{Award: "Grievance award"}},
		// For other events max_complaints counts all the recipient's
		// complaints of the period.
		"clean-commendations": {Name: "Clean commendations", Period: "month", Recipient: RecipientAgent,
			When:   []model.Condition{{Event: EventCommendation, MinCount: 1, MaxComplaints: ptr(1)}},
			Reward: model.Reward{Award: "Clean"}},
	})
	counts := map[string]Counts{
		"agent:ana": {DifficultHandled: 12},                                                         // award
		"agent:ben": {DifficultHandled: 12, DifficultComplaints: 1, Complaints: 1},                  // one complaint: no
		"agent:cid": {DifficultHandled: 8, Commendation: 1, Complaints: 2},                          // 80 % of 10: near miss
		"agent:dan": {DifficultHandled: 6, Commendation: 2, Complaints: 1},                          // 60 %: nothing
		"agent:eve": {DifficultHandled: 8, DifficultComplaints: 1, Complaints: 1},                   // fails twice
		"agent:fay": {DifficultHandled: 10, DifficultComplaints: 0, Complaints: 3, Commendation: 1}, // award
	}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "clean-commendations", Name: "Clean commendations", Recipient: "agent:dan",
				Reward: model.Reward{Award: "Clean"}, Reason: "commendation 2 with 1 complaint"},
			{Incentive: "grievance-award", Name: "Grievance award", Recipient: "agent:ana",
				Reward: model.Reward{Award: "Grievance award"}, Reason: "difficult_contact_handled 12 with 0 complaints"},
			{Incentive: "grievance-award", Name: "Grievance award", Recipient: "agent:fay",
				Reward: model.Reward{Award: "Grievance award"}, Reason: "difficult_contact_handled 10 with 0 complaints"},
		},
		NearMisses: []NearMiss{
			{Incentive: "grievance-award", Name: "Grievance award", Recipient: "agent:cid",
				Reason: "missed Grievance award: difficult_contact_handled 8 < 10"},
		},
	}
	got := Evaluate(cfg, kpi.Card{Period: "2026-11"}, counts)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluateNearMisses(t *testing.T) {
	cfg := testConfig(map[string]model.Incentive{
		"quality": {Name: "Quality", Period: "month", Recipient: RecipientAgent,
			When:   []model.Condition{{KPI: "qa-score", AtLeast: ptr(85.0)}, {KPI: "csat-agent", Band: "good"}},
			Reward: model.Reward{Points: 10}},
	})
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		result(cfg, "qa-score", "agent:ana", 320, 4),   // 80.0: within 10 % of 85
		result(cfg, "csat-agent", "agent:ana", 46, 10), // 4.60 good
		result(cfg, "qa-score", "agent:ben", 300, 4),   // 75.0: 11.8 % short
		result(cfg, "csat-agent", "agent:ben", 46, 10),
		result(cfg, "qa-score", "agent:cid", 360, 4),   // 90.0
		result(cfg, "csat-agent", "agent:cid", 43, 10), // 4.30 ok: one band short
		result(cfg, "qa-score", "agent:dan", 360, 4),
		result(cfg, "csat-agent", "agent:dan", 40, 10), // 4.00 below: two bands short
		result(cfg, "qa-score", "agent:eve", 360, 4),
		result(cfg, "csat-agent", "agent:eve", 0, 0), // no data: fails, never close
		result(cfg, "qa-score", "agent:fay", 360, 4),
		result(cfg, "csat-agent", "agent:fay", 48, 10), // 4.80: award
	}}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "quality", Name: "Quality", Recipient: "agent:fay", Reward: model.Reward{Points: 10},
				Reason: "qa-score 90.0 (good), csat-agent 4.80 (excellent)"},
		},
		NearMisses: []NearMiss{
			{Incentive: "quality", Name: "Quality", Recipient: "agent:ana",
				Reason: "missed Quality: qa-score 80.0 < 85.0 (at least)"},
			{Incentive: "quality", Name: "Quality", Recipient: "agent:cid",
				Reason: "missed Quality: csat-agent 4.30 < 4.50 (good)"},
		},
	}
	got := Evaluate(cfg, card, nil)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluateTeams(t *testing.T) {
	bonus := model.Incentive{Name: "Team bonus", Period: "month", Recipient: RecipientTeam,
		When: []model.Condition{
			{KPI: "sl-team", Band: "good"},
			// A center KPI applies to every team alike.
			{KPI: "complaint-rate", Band: "ok"},
		},
		Reward: model.Reward{Bonus: 400, Currency: "EUR"}, Cap: 400, RequiresApproval: true}
	// An agent recipient of a per-team KPI takes their team's result.
	teamPoints := model.Incentive{Name: "Team points", Period: "month", Recipient: RecipientAgent,
		When: []model.Condition{{KPI: "sl-team", Band: "excellent"}}, Reward: model.Reward{Points: 5}}
	// A team recipient has no per-agent result.
	teamQA := model.Incentive{Name: "Team QA", Period: "month", Recipient: RecipientTeam,
		When: []model.Condition{{KPI: "qa-score", Band: "ok"}}, Reward: model.Reward{Points: 5}}
	cfg := testConfig(map[string]model.Incentive{"team-bonus": bonus, "team-points": teamPoints, "team-qa": teamQA})
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		result(cfg, "complaint-rate", "center", 14, 1000), // 1.4: ok
		result(cfg, "qa-score", "agent:ana", 360, 4),
		result(cfg, "sl-team", "team:sales", 75, 100),   // good
		result(cfg, "sl-team", "team:support", 70, 100), // ok: one short
	}}
	want := Outcome{Period: "2026-11",
		Awards: []Award{
			{Incentive: "team-bonus", Name: "Team bonus", Recipient: "team:sales",
				Reward: model.Reward{Bonus: 400, Currency: "EUR"},
				Reason: "sl-team 75.0 (good), complaint-rate 1.4 (ok, center)", Approval: &Approval{Status: StatusRequested}},
		},
		NearMisses: []NearMiss{
			{Incentive: "team-bonus", Name: "Team bonus", Recipient: "team:support",
				Reason: "missed Team bonus: sl-team 70.0 < 72.0 (good)"},
			{Incentive: "team-points", Name: "Team points", Recipient: "agent:ana",
				Reason: "missed Team points: sl-team 75.0 < 80.0 (excellent, team:sales)"},
			{Incentive: "team-points", Name: "Team points", Recipient: "agent:ben",
				Reason: "missed Team points: sl-team 75.0 < 80.0 (excellent, team:sales)"},
			{Incentive: "team-points", Name: "Team points", Recipient: "agent:cid",
				Reason: "missed Team points: sl-team 75.0 < 80.0 (excellent, team:sales)"},
			{Incentive: "team-points", Name: "Team points", Recipient: "agent:dan",
				Reason: "missed Team points: sl-team 75.0 < 80.0 (excellent, team:sales)"},
			{Incentive: "team-points", Name: "Team points", Recipient: "agent:eve",
				Reason: "missed Team points: sl-team 75.0 < 80.0 (excellent, team:sales)"},
		},
	}
	got := Evaluate(cfg, card, nil)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestEvaluatePeriodKind(t *testing.T) {
	cfg := testConfig(map[string]model.Incentive{
		"monthly": {Name: "Monthly", Period: "month", Recipient: RecipientAgent,
			When: []model.Condition{{Event: EventCommendation, MinCount: 1}}, Reward: model.Reward{Points: 1}},
		"weekly": {Name: "Weekly", Period: "week", Recipient: RecipientAgent,
			When: []model.Condition{{Event: EventCommendation, MinCount: 1}}, Reward: model.Reward{Points: 2}},
	})
	counts := map[string]Counts{"agent:ana": {Commendation: 1}}
	tests := []struct {
		period string
		want   Outcome
	}{
		{"2026-W48", Outcome{Period: "2026-W48", NearMisses: []NearMiss{}, Awards: []Award{
			{Incentive: "weekly", Name: "Weekly", Recipient: "agent:ana", Reward: model.Reward{Points: 2},
				Reason: "commendation 1; 1 × 2 points = 2 points"},
		}}},
		{"2026-11", Outcome{Period: "2026-11", NearMisses: []NearMiss{}, Awards: []Award{
			{Incentive: "monthly", Name: "Monthly", Recipient: "agent:ana", Reward: model.Reward{Points: 1},
				Reason: "commendation 1; 1 × 1 point = 1 point"},
		}}},
		{"2026-Q4", Outcome{Period: "2026-Q4", Awards: []Award{}, NearMisses: []NearMiss{}}},
		{"November", Outcome{Period: "November", Awards: []Award{}, NearMisses: []NearMiss{}}},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			got := Evaluate(cfg, kpi.Card{Period: tt.period}, counts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOutcomeJSON pins the JSON names of an outcome: scorecards are
// stored, so they never change.
func TestOutcomeJSON(t *testing.T) {
	out := Outcome{Period: "2026-11",
		Awards: []Award{{Incentive: "bonus", Name: "Bonus", Recipient: "team:sales", Rank: 1,
			Reward: model.Reward{Bonus: 400, Currency: "EUR"}, Reason: "r", Tie: "t",
			Approval: &Approval{Status: "needs_approval", Levels: []string{"manager"}, Reasons: []string{"why"}}}},
		NearMisses: []NearMiss{{Incentive: "bonus", Name: "Bonus", Recipient: "team:support", Reason: "missed Bonus: x"}},
	}
	got, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"period":"2026-11","awards":[{"incentive":"bonus","name":"Bonus","recipient":"team:sales","rank":1,` +
		`"reward":{"bonus":400,"currency":"EUR"},"reason":"r","tie":"t",` +
		`"approval":{"status":"needs_approval","levels":["manager"],"reasons":["why"]}}],` +
		`"near_misses":[{"incentive":"bonus","name":"Bonus","recipient":"team:support","reason":"missed Bonus: x"}]}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("outcome JSON (-want +got):\n%s", diff)
	}
	counts, err := json.Marshal(Counts{1, 2, 3, 4, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := `{"difficult_contact_handled":1,"difficult_complaints":2,"complaint_resolved":3,"commendation":4,` +
		`"drill_participation":5,"complaints":6}`
	if diff := cmp.Diff(wantCounts, string(counts)); diff != "" {
		t.Errorf("counts JSON (-want +got):\n%s", diff)
	}
}
