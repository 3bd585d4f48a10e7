package kpi

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// newYork is the test center's zone: behind UTC, so 23:30 local on the
// last day of a month is the next month in UTC; DST ends on 1 November
// 2026.
const newYork = "America/New_York"

// testConfig is a small center: phone, chat and email; teams sales (ann,
// bob) and care (cid, dan); dan works half days.
func testConfig(kpis map[string]model.KPI) *model.Config {
	return &model.Config{
		Center: model.Center{Name: "Test", Timezone: newYork, DefaultCalendar: "office"},
		Channels: map[string]model.Channel{
			"phone": {Kind: model.Phone}, "chat": {Kind: model.Chat}, "email": {Kind: model.Email},
		},
		Teams: map[string]model.Team{"sales": {Name: "Sales"}, "care": {Name: "Care"}},
		Agents: map[string]model.Agent{
			"ann": {Name: "Ann", Team: "sales"}, "bob": {Name: "Bob", Team: "sales"},
			"cid": {Name: "Cid", Team: "care"}, "dan": {Name: "Dan", Team: "care", Calendar: "half"},
		},
		Queues: map[string]model.Queue{"q-sales": {Team: "sales"}, "q-care": {Team: "care"}},
		Calendars: map[string]model.Calendar{
			"office": {Timezone: newYork, Hours: []string{"mon-fri 09:00-17:00"}},
			"half":   {Timezone: newYork, Hours: []string{"mon-fri 09:00-13:00"}},
		},
		KPIs: kpis,
	}
}

// kpiOf is a monthly KPI of metric over scope, higher is better.
func kpiOf(metric, scope string) model.KPI {
	return model.KPI{
		Metric: metric, Scope: scope, Target: 80, Direction: Higher, Period: string(Month),
		Bands: model.Bands{Excellent: 80, Good: 70, OK: 60},
	}
}

// at is a local time in New York, "2006-01-02 15:04".
func at(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(newYork)
	if err != nil {
		t.Fatal(err)
	}
	x, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// plus is a pointer to t plus sec seconds.
func plus(t time.Time, sec float64) *time.Time {
	x := t.Add(time.Duration(sec * float64(time.Second)))
	return &x
}

func ptr[T any](v T) *T { return &v }

// row is what a test checks of a result: the value (NaN for no data),
// the counts and the band.
type row struct {
	Scope    string
	Value    float64
	Num, Den float64
	Band     Band
}

// rows are the results of kpi in card as rows.
func rows(card Card, kpi string) []row {
	var out []row
	for _, r := range card.Results {
		if r.KPI != kpi {
			continue
		}
		v := math.NaN()
		if r.Value != nil {
			v = *r.Value
		}
		out = append(out, row{Scope: r.Scope, Value: v, Num: r.Numerator, Den: r.Denominator, Band: r.Band})
	}
	return out
}

// cardOf adds recs to a tally of kpis and returns the card of period.
func cardOf(t *testing.T, kpis map[string]model.KPI, recs []history.Record, period string) Card {
	t.Helper()
	tally, err := New(testConfig(kpis))
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		tally.Add(&recs[i])
	}
	p, err := ParsePeriod(period, tally.Location())
	if err != nil {
		t.Fatal(err)
	}
	return tally.Card(p)
}

// approx compares floats to 1e-9 and NaN equal to NaN.
var approx = cmp.Options{cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateNaNs()}
