package historygen

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// TestBelievableScorecard checks what the example history is for: its
// month's scorecard has few agents excellent and most ok, one team below
// on the phones, a Service star and a Grievance award.
func TestBelievableScorecard(t *testing.T) {
	snap := configtest.Load(t, exampleDir)
	data, err := os.ReadFile(exampleHistory)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := history.Read(exampleHistory, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tally, err := kpi.New(snap.Config)
	if err != nil {
		t.Fatal(err)
	}
	counter, err := incentive.NewCounter(snap.Config)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		tally.Add(&recs[i])
		counter.Add(&recs[i])
	}
	month, err := kpi.ParsePeriod(exampleMonth, tally.Location())
	if err != nil {
		t.Fatal(err)
	}
	card := tally.Card(month)
	bands := map[string]map[kpi.Band]int{}
	for _, r := range card.Results {
		if bands[r.KPI] == nil {
			bands[r.KPI] = map[kpi.Band]int{}
		}
		bands[r.KPI][r.Band]++
	}
	for _, id := range []string{"csat-agent", "qa-score"} {
		b := bands[id]
		for _, other := range []kpi.Band{kpi.Excellent, kpi.Good, kpi.Below, kpi.NoData} {
			if b[other] > b[kpi.OK] {
				t.Errorf("%s: more agents %s (%d) than ok (%d): %v", id, other, b[other], b[kpi.OK], b)
			}
		}
		if b[kpi.Excellent] > 3 {
			t.Errorf("%s: %d agents excellent, want a few: %v", id, b[kpi.Excellent], b)
		}
	}
	if got := bands["service-level-team"][kpi.Below]; got != 1 {
		t.Errorf("service-level-team: %d teams below, want one: %v", got, bands["service-level-team"])
	}
	for _, id := range []string{"csat-center", "fcr-center", "service-level-phone", "complaint-rate", "repeat-contact-rate"} {
		if b := bands[id]; b[kpi.OK] != 1 {
			t.Errorf("%s: want the center's normal month, ok: %v", id, b)
		}
	}
	out := incentive.Evaluate(snap.Config, card, counter.Counts(month))
	var won []string
	for _, a := range out.Awards {
		won = append(won, a.Incentive)
	}
	for _, want := range []string{"service-star", "grievance-award", "team-service-level-bonus"} {
		if !slices.Contains(won, want) {
			t.Errorf("nobody earned %s in %s; awards: %v", want, exampleMonth, won)
		}
	}
}
