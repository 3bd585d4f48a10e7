package scorecard

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// phoneCall is a call to acme's phone line created at at (Berlin time)
// and answered after wait.
func phoneCall(t *testing.T, id, at string, wait time.Duration) history.Record {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	created, err := time.ParseInLocation(time.DateTime, at, berlin)
	if err != nil {
		t.Fatal(err)
	}
	answered := created.Add(wait)
	return history.Record{ID: id, Channel: "phone", Queue: "general", Agent: "lea-hoffmann", CreatedAt: created, AnsweredAt: &answered, Contacts: 1}
}

// built feeds records to a Tally and a Counter of cfg and builds the
// scorecard of period.
func built(t *testing.T, cfg *model.Config, period string, records []history.Record) (Scorecard, *kpi.Tally, *incentive.Counter, kpi.Period) {
	t.Helper()
	tally, err := kpi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	counter, err := incentive.NewCounter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range records {
		tally.Add(&records[i])
		counter.Add(&records[i])
	}
	berlin, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	p, err := kpi.ParsePeriod(period, berlin)
	if err != nil {
		t.Fatal(err)
	}
	return Build(cfg, tally, counter, p), tally, counter, p
}

// TestBuild builds acme-shop's scorecard of November 2026 from calls in
// nine months: the trend holds the six months before November, the weekly
// cards the one week within November with calls, the card the phone service
// level of November's four calls (one at 23:30 on the 30th in Berlin,
// already December in UTC; the drill call left out) and the incentives the
// commendation.
func TestBuild(t *testing.T) {
	cfg := configtest.Load(t, "../../examples/acme-shop").Config
	var records []history.Record
	for m := time.March; m < time.November; m++ {
		records = append(records, phoneCall(t, "T-"+m.String(), time.Date(2026, m, 10, 10, 0, 0, 0, time.UTC).Format(time.DateTime), 5*time.Second))
	}
	drill := phoneCall(t, "T-drill", "2026-11-10 11:00:00", time.Minute)
	drill.Drill = true
	praised := phoneCall(t, "T-nov-3", "2026-11-10 10:10:00", 40*time.Second)
	praised.Commendation = true
	records = append(records,
		phoneCall(t, "T-nov-1", "2026-11-10 10:00:00", 10*time.Second),
		phoneCall(t, "T-nov-2", "2026-11-10 10:05:00", 15*time.Second),
		praised, drill,
		phoneCall(t, "T-nov-4", "2026-11-30 23:30:00", 5*time.Second))
	sc, tally, counter, p := built(t, cfg, "2026-11", records)

	periods := func(cs []kpi.Card) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Period)
		}
		return out
	}
	got := map[string]any{
		"center": sc.Center, "period": sc.Period, "trend": periods(sc.Trend), "weekly": periods(sc.Weekly),
		"teams": len(sc.Teams), "kpis": len(sc.KPIs), "after-sales": sc.Names["team:after-sales"], "lea": sc.Names["agent:lea-hoffmann"],
	}
	want := map[string]any{
		"center": "Acme Shop Kundenservice", "period": "2026-11",
		"trend": []string{"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"},
		// W49 (Monday 30 November to 6 December) runs over the month's end.
		"weekly": []string{"2026-W46"},
		"teams":  len(cfg.Teams), "kpis": len(cfg.KPIs), "after-sales": "After-sales", "lea": cfg.Agents["lea-hoffmann"].Name,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorecard (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tally.Card(p), sc.Card); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(incentive.Evaluate(cfg, sc.Card, counter.Counts(p)), sc.Outcome); diff != "" {
		t.Errorf("incentives (-want +got):\n%s", diff)
	}
	// Three of the four calls answered within 20 s: 75 %, good.
	var sl *kpi.Result
	for i, r := range sc.Card.Results {
		if r.KPI == "service-level-phone" {
			sl = &sc.Card.Results[i]
		}
	}
	if sl == nil || sl.Value == nil {
		t.Fatalf("no service level of the phone channel in %+v", sc.Card.Results)
	}
	if diff := cmp.Diff([4]any{75.0, 3.0, 4.0, kpi.Good}, [4]any{*sl.Value, sl.Numerator, sl.Denominator, sl.Band}); diff != "" {
		t.Errorf("service-level-phone: value, numerator, denominator, band (-want +got):\n%s", diff)
	}
	var points []string
	for _, a := range sc.Outcome.Awards {
		points = append(points, a.Incentive+" "+a.Recipient+" "+rewardText(a.Reward))
	}
	if diff := cmp.Diff([]string{"commendation-points agent:lea-hoffmann 10 points"}, points); diff != "" {
		t.Errorf("awards (-want +got):\n%s", diff)
	}
	// A month's trend is the months before it, not after.
	sc, _, _, _ = built(t, cfg, "2026-04", records)
	if diff := cmp.Diff([]string{"2026-03"}, periods(sc.Trend)); diff != "" {
		t.Errorf("trend of April (-want +got):\n%s", diff)
	}
}

// TestFromRecords builds the scorecard of a history: without a period the
// last complete month (the quarter is not complete), the same scorecard
// as Build gives; with no records there is no period to default to.
func TestFromRecords(t *testing.T) {
	cfg := configtest.Load(t, "../../examples/acme-shop").Config
	records := []history.Record{
		phoneCall(t, "T-1", "2026-10-20 10:00:00", 10*time.Second),
		phoneCall(t, "T-2", "2026-11-10 10:00:00", 30*time.Second),
		phoneCall(t, "T-3", "2026-11-30 23:30:00", 5*time.Second),
	}
	got, err := FromRecords(t.Context(), cfg, nil, records, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _, _ := built(t, cfg, "2026-11", records)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorecard (-want +got):\n%s", diff)
	}
	if _, err = FromRecords(t.Context(), cfg, nil, nil, nil); !errors.Is(err, ErrNoPeriod) {
		t.Errorf("FromRecords of no records: %v, want ErrNoPeriod", err)
	}
}
