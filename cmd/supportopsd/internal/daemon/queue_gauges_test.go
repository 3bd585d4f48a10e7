package daemon

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// TestQueueCounts counts a hand-made day in Berlin: the live contacts of
// today (not yesterday's, not the email, not the drill's), those answered
// and those answered within 20 seconds, and the open and breached tickets
// of any day.
func TestQueueCounts(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &model.Config{
		Channels: map[string]model.Channel{"phone": {Kind: model.Phone}, "chat": {Kind: model.Chat}, "email": {Kind: model.Email}},
		Queues:   map[string]model.Queue{"hotline": {}, "mail": {}, "idle": {}},
	}
	// 2026-11-23 in Berlin starts at 2026-11-22T23:00Z.
	day := kpi.PeriodOf(kpi.Day, time.Date(2026, 11, 23, 12, 0, 0, 0, loc), loc)
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	ptr := func(s string) *time.Time { t := at(s); return &t }
	breached := map[string]history.SLAResult{"first_reply": {TargetSeconds: 60, Breached: true}}
	records := []history.Record{
		// Today: answered in 10s, in 45s, never (abandoned), and a chat at 23:30Z the day before in UTC but today in Berlin.
		{ID: "T-1", Channel: "phone", Queue: "hotline", CreatedAt: at("2026-11-23T08:00:00Z"), AnsweredAt: ptr("2026-11-23T08:00:10Z"), SolvedAt: ptr("2026-11-23T08:05:00Z")},
		{ID: "T-2", Channel: "phone", Queue: "hotline", CreatedAt: at("2026-11-23T09:00:00Z"), AnsweredAt: ptr("2026-11-23T09:00:45Z")},
		{ID: "T-3", Channel: "phone", Queue: "hotline", CreatedAt: at("2026-11-23T10:00:00Z"), AbandonedAt: ptr("2026-11-23T10:01:00Z")},
		{ID: "T-4", Channel: "chat", Queue: "hotline", CreatedAt: at("2026-11-22T23:30:00Z"), AnsweredAt: ptr("2026-11-22T23:30:05Z"), SLA: breached},
		// Yesterday in Berlin, still open and breached.
		{ID: "T-5", Channel: "phone", Queue: "hotline", CreatedAt: at("2026-11-22T22:30:00Z"), SLA: breached},
		// An email: no live contact; open.
		{ID: "T-6", Channel: "email", Queue: "mail", CreatedAt: at("2026-11-23T08:00:00Z")},
		// A drill's call counts nowhere.
		{ID: "T-7", Channel: "phone", Queue: "hotline", CreatedAt: at("2026-11-23T11:00:00Z"), Drill: true},
	}
	want := map[string]queueFigures{
		"hotline": {offered: 4, answered: 3, withinSL: 2, open: 3, breached: 2},
		"mail":    {open: 1},
		"idle":    {},
	}
	got := queueCounts(cfg, records, day, 20*time.Second)
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(queueFigures{})); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	if d := serviceLevelWithin(&model.Config{KPIs: map[string]model.KPI{"sl": {Metric: "service_level", Within: "30s"}}}); d != 30*time.Second {
		t.Errorf("within %s, want 30s", d)
	}
	if d := serviceLevelWithin(cfg); d != defaultServiceLevelWithin {
		t.Errorf("within %s, want the default", d)
	}
}
