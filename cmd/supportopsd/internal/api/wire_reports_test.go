package api

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	escorecard "github.com/supportops/supportops/engine/scorecard"
)

// TestWireShapes keeps apiv1's mirrors of the KPI card and the scorecard
// (apiv1 stays light: it cannot alias engine/kpi, which reads the event
// store) in step with the engine's types: a scorecard with every field set
// reads into apiv1.Scorecard and writes back to the same JSON.
func TestWireShapes(t *testing.T) {
	v, w := 92.5, 4.1
	card := kpi.Card{Period: "2026-11", Results: []kpi.Result{
		{KPI: "sl", Metric: "service_level", Scope: "center", Value: &v, Numerator: 37, Denominator: 40, Target: 80, Band: kpi.Excellent, Direction: kpi.Higher, Period: "2026-11"},
		{KPI: "csat", Metric: "csat", Scope: "agent:kim", Value: &w, Numerator: 41, Denominator: 10, Target: 4.5, Band: kpi.Below},
		{KPI: "csat", Metric: "csat", Scope: "agent:lea", Target: 4.5, Band: kpi.NoData},
	}}
	sc := escorecard.Scorecard{
		Center: "Acme", Period: "2026-11", Card: card, Trend: []kpi.Card{{Period: "2026-10", Results: card.Results[:1]}},
		Weekly: []kpi.Card{{Period: "2026-W45", Results: card.Results[1:]}},
		Outcome: incentive.Outcome{Period: "2026-11",
			Awards: []incentive.Award{{Incentive: "star", Name: "Service star", Recipient: "agent:kim", Rank: 1, Reward: model.Reward{Bonus: 100, Currency: "EUR", Points: 5, Award: "cup"},
				Reason: "csat", Tie: "by id", Approval: &incentive.Approval{Status: "needs_approval", Levels: []string{"manager"}, Reasons: []string{"over 50"}}}},
			NearMisses: []incentive.NearMiss{{Incentive: "star", Name: "Service star", Recipient: "agent:lea", Reason: "missed Service star: csat 4.7 < 4.8"}}},
		KPIs:  []escorecard.KPI{{ID: "sl", KPI: model.KPI{Metric: "service_level", Scope: "center", Target: 80, Direction: "higher", Period: "month", Within: "20s"}}},
		Teams: []escorecard.Named{{ID: "care", Name: "Care"}},
		Names: map[string]string{"agent:kim": "Kim", "team:care": "Care"},
	}
	engine, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	var mirror apiv1.Scorecard
	dec := json.NewDecoder(bytes.NewReader(engine))
	dec.DisallowUnknownFields()
	if err = dec.Decode(&mirror); err != nil {
		t.Fatalf("apiv1.Scorecard does not read engine/scorecard.Scorecard: %v", err)
	}
	back, err := json.Marshal(mirror)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	_ = json.Unmarshal(engine, &a)
	_ = json.Unmarshal(back, &b)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("engine JSON (-) and apiv1's (+) differ:\n%s", diff)
	}
}
