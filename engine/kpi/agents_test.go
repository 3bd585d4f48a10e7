package kpi

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// November 2026 in New York has 21 weekdays: 168 office hours (604,800
// s), and 84 (302,400 s) on dan's half-day calendar.
const (
	officeNovember = 604800.0
	halfNovember   = 302400.0
)

// utilisationRecords: ann handles 200,000 s on a ticket solved in
// November and 102,400 s on one still open from November (302,400 s:
// 50 %); her ticket solved in December and a drill do not count. cid
// handles 60,480 s (10 %), dan 30,240 s on his half days (10 %; 5 % on
// the office calendar); bob nothing.
func utilisationRecords(t *testing.T) []history.Record {
	return []history.Record{
		{ID: "U1", Channel: "phone", Agent: "ann", CreatedAt: at(t, "2026-11-09 10:00"), SolvedAt: ptr(at(t, "2026-11-10 10:00")), HandleSeconds: ptr(200000.0)},
		{ID: "U2", Channel: "phone", Agent: "ann", CreatedAt: at(t, "2026-11-12 10:00"), HandleSeconds: ptr(102400.0)},
		{ID: "U3", Channel: "phone", Agent: "ann", CreatedAt: at(t, "2026-11-28 10:00"), SolvedAt: ptr(at(t, "2026-12-01 10:00")), HandleSeconds: ptr(50000.0)},
		{ID: "U4", Channel: "phone", Agent: "ann", CreatedAt: at(t, "2026-11-13 10:00"), SolvedAt: ptr(at(t, "2026-11-13 11:00")), HandleSeconds: ptr(100000.0), Drill: true},
		{ID: "U5", Channel: "chat", Agent: "cid", CreatedAt: at(t, "2026-11-13 10:00"), SolvedAt: ptr(at(t, "2026-11-13 11:00")), HandleSeconds: ptr(60480.0)},
		{ID: "U6", Channel: "email", Agent: "dan", CreatedAt: at(t, "2026-11-16 10:00"), SolvedAt: ptr(at(t, "2026-11-16 11:00")), HandleSeconds: ptr(30240.0)},
	}
}

func TestUtilisation(t *testing.T) {
	nan := math.NaN()
	kpis := map[string]model.KPI{
		"agents": kpiOf(MetricUtilisation, "agent:*"),
		"teams":  kpiOf(MetricUtilisation, "team:*"),
		"center": kpiOf(MetricUtilisation, "center"),
	}
	card := cardOf(t, kpis, utilisationRecords(t), "2026-11")
	want := map[string][]row{
		"agents": {
			{"agent:ann", 50, 302400, officeNovember, Below},
			{"agent:bob", nan, 0, officeNovember, NoData},
			{"agent:cid", 10, 60480, officeNovember, Below},
			{"agent:dan", 10, 30240, halfNovember, Below},
		},
		"teams": {
			{"team:care", 10, 90720, officeNovember + halfNovember, Below},
			{"team:sales", 25, 302400, 2 * officeNovember, Below},
		},
		"center": {{"center", 393120 / (3*officeNovember + halfNovember) * 100, 393120, 3*officeNovember + halfNovember, Below}},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, rows(card, id), approx); diff != "" {
			t.Errorf("utilisation %s (-want +got):\n%s", id, diff)
		}
	}
}

// workloadRecords: solved in November, chat weighing 2: ann 2 phone + 1
// chat = 4, bob 1 email = 1, cid 3 email = 3, dan 1 chat = 2. ann's
// December ticket and a drill do not count.
func workloadRecords(t *testing.T) []history.Record {
	solved := func(id, channel, agent, day string) history.Record {
		return history.Record{ID: id, Channel: channel, Agent: agent, CreatedAt: at(t, day+" 09:00"), SolvedAt: ptr(at(t, day+" 10:00"))}
	}
	drill := solved("W9", "chat", "bob", "2026-11-05")
	drill.Drill = true
	return []history.Record{
		solved("W1", "phone", "ann", "2026-11-02"), solved("W2", "phone", "ann", "2026-11-03"),
		solved("W3", "chat", "ann", "2026-11-04"), solved("W4", "chat", "ann", "2026-12-01"),
		solved("W5", "email", "bob", "2026-11-02"),
		solved("W6", "email", "cid", "2026-11-02"), solved("W7", "email", "cid", "2026-11-03"), solved("W8", "email", "cid", "2026-11-04"),
		solved("W10", "chat", "dan", "2026-11-06"), drill,
	}
}

func TestWorkload(t *testing.T) {
	agents := kpiOf(MetricWorkload, "agent:*")
	agents.Weights = map[string]float64{"chat": 2}
	teams := kpiOf(MetricWorkload, "team:*")
	teams.Weights = agents.Weights
	card := cardOf(t, map[string]model.KPI{"agents": agents, "teams": teams}, workloadRecords(t), "2026-11")
	// sales mean (4+1)/2 = 2.5, care mean (3+2)/2 = 2.5; unweighted ann
	// would be 3/2 = 150 %.
	want := map[string][]row{
		"agents": {
			{"agent:ann", 160, 4, 2.5, Excellent},
			{"agent:bob", 40, 1, 2.5, Below},
			{"agent:cid", 120, 3, 2.5, Excellent},
			{"agent:dan", 80, 2, 2.5, Excellent},
		},
		"teams": {
			{"team:care", 100, 2.5, 2.5, Excellent},
			{"team:sales", 100, 2.5, 2.5, Excellent},
		},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, rows(card, id), approx); diff != "" {
			t.Errorf("workload %s (-want +got):\n%s", id, diff)
		}
	}
	dec := cardOf(t, map[string]model.KPI{"agents": agents}, workloadRecords(t), "2026-12")
	nan := math.NaN()
	if diff := cmp.Diff([]row{
		{"agent:ann", 200, 2, 1, Excellent}, // W4 alone: sales mean 2/2
		{"agent:bob", nan, 0, 1, NoData},
		{"agent:cid", nan, 0, 0, NoData},
		{"agent:dan", nan, 0, 0, NoData},
	}, rows(dec, "agents"), approx); diff != "" {
		t.Errorf("workload in December (-want +got):\n%s", diff)
	}
}
