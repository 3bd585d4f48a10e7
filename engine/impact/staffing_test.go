package impact

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/staffing"
)

// The technical-support queue's languages, unique in acme-shop's
// queues.cue, and the same queue taking German tickets only.
const (
	technicalLanguages = "categories: [\"technical-issue\"]\n\t\tlanguages: [\"de\", \"en\"]"
	technicalGerman    = "categories: [\"technical-issue\"]\n\t\tlanguages: [\"de\"]"
	technicalChats     = "weekly_volume: 300"
)

// TestStaffingEffect: tripling technical support's weekly chats leaves
// intervals of the staffing week (2026-W49) short that were met; the same
// configuration on both sides moves none; without forecasts on one side
// there is no effect.
func TestStaffingEffect(t *testing.T) {
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "forecasts.cue", technicalChats, "weekly_volume: 900")
	head := openBundle(t, dir)

	res := compare(t, base, head, Options{})
	if res.StaffingWeek != "2026-W49" || res.StaffingError != "" || len(res.Staffing) == 0 {
		t.Fatalf("staffing week %q, error %q, %d transitions; want 2026-W49, none, some", res.StaffingWeek, res.StaffingError, len(res.Staffing))
	}
	for _, tr := range res.Staffing {
		if tr.Queue != "technical-support" || tr.Channel != "chat" || tr.From != "met" || tr.To != "short" {
			t.Errorf("transition %s, want technical-support chat met → short", tr)
		}
	}
	if same := compare(t, base, base, Options{}); same.StaffingWeek != "2026-W49" || len(same.Staffing) != 0 {
		t.Errorf("same configuration: week %q, transitions %v; want 2026-W49, none", same.StaffingWeek, same.Staffing)
	}

	noForecasts := copyExample(t)
	edit(t, noForecasts, "forecasts.cue", "forecasts: {", "_forecasts: {")
	if none := compare(t, base, openBundle(t, noForecasts), Options{}); none.StaffingWeek != "" || none.Staffing != nil || none.StaffingVolumes != nil {
		t.Errorf("without forecasts: week %q, transitions %v, volumes %v; want none", none.StaffingWeek, none.Staffing, none.StaffingVolumes)
	}
}

// TestStaffingVolumes, worked by hand: both sides forecast 900 technical
// chats a week, which the roster leaves short in places. The head routes
// English technical tickets away from technical-support, so of four
// technical chats (two German, two English) it keeps two: its forecast
// halves to 450 and intervals go from short to met, exactly those a
// configuration forecasting 450 with the base's routing has met. With
// only English chats in the history the head routes none there: volume 0,
// every short interval met. A queue channel no record reaches under the
// base keeps its forecast.
func TestStaffingVolumes(t *testing.T) {
	loc := berlin(t)
	withChats := func(volume string, routing bool) *bundle.Bundle {
		dir := copyExample(t)
		edit(t, dir, "forecasts.cue", technicalChats, "weekly_volume: "+volume)
		if routing {
			edit(t, dir, "queues.cue", technicalLanguages, technicalGerman)
		}
		return openBundle(t, dir)
	}
	base, head := withChats("900", false), withChats("900", true)
	week, err := staffing.CheckWeek(base.Snapshot.Config, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	baseReport := analyse(t, base, week)

	created := time.Date(2026, 11, 10, 10, 0, 0, 0, loc)
	chat := func(id, language string) history.Record {
		return history.Record{ID: id, Channel: "chat", Category: "technical-issue", Priority: "P3", Tier: "standard", Language: language, CreatedAt: created}
	}
	kept := func(queue, channel string) StaffingVolume {
		return StaffingVolume{Queue: queue, Channel: channel, Factor: 1}
	}
	tests := map[string]struct {
		recs []history.Record
		// volume is the weekly volume the scaled head must staff like.
		volume  string
		volumes []StaffingVolume
	}{
		"half routed away": {
			recs:   []history.Record{chat("T-de-1", "de"), chat("T-de-2", "de"), chat("T-en-1", "en"), chat("T-en-2", "en")},
			volume: "450",
			volumes: []StaffingVolume{kept("after-sales", "phone"), kept("pre-sales", "email"),
				{Queue: "technical-support", Channel: "chat", Base: 4, Head: 2, Factor: 0.5}},
		},
		"all routed away": {
			recs:   []history.Record{chat("T-en-1", "en"), chat("T-en-2", "en")},
			volume: "0",
			volumes: []StaffingVolume{kept("after-sales", "phone"), kept("pre-sales", "email"),
				{Queue: "technical-support", Channel: "chat", Base: 2, Head: 0, Factor: 0}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res := compare(t, base, head, Options{}, tc.recs...)
			if diff := cmp.Diff(tc.volumes, res.StaffingVolumes); diff != "" {
				t.Errorf("volumes (-want +got):\n%s", diff)
			}
			if res.StaffingError != "" || len(res.Staffing) == 0 {
				t.Fatalf("staffing error %q, %d transitions; want none, some", res.StaffingError, len(res.Staffing))
			}
			for _, tr := range res.Staffing {
				if tr.Queue != "technical-support" || tr.Channel != "chat" || tr.From != "short" || tr.To != "met" {
					t.Errorf("transition %s, want technical-support chat short → met", tr)
				}
			}
			want := staffing.Effect(baseReport, analyse(t, withChats(tc.volume, false), week))
			if diff := cmp.Diff(want, res.Staffing); diff != "" {
				t.Errorf("staffing against a forecast of %s chats (-want +got):\n%s", tc.volume, diff)
			}
			if v := *head.Snapshot.Config.Forecasts["technical-support"]["chat"].WeeklyVolume; v != 900 {
				t.Errorf("the head bundle's forecast is %g chats after the comparison, want 900 (unchanged)", v)
			}
		})
	}
}

// TestStaffingUnchangedRouting: with the base's routing every factor is
// 1 and the staffing effect is the forecasts' alone, staffing.Effect of
// the two configurations as they are.
func TestStaffingUnchangedRouting(t *testing.T) {
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "forecasts.cue", technicalChats, "weekly_volume: 900")
	head := openBundle(t, dir)

	res := compareHistory(t, base, head, 3000)
	if len(res.StaffingVolumes) != 3 {
		t.Fatalf("volumes %v, want one per forecast queue channel (3)", res.StaffingVolumes)
	}
	for _, v := range res.StaffingVolumes {
		if v.Base == 0 || v.Head != v.Base || v.Factor != 1 {
			t.Errorf("volume %+v, want records routed there, the same under both, factor 1", v)
		}
	}
	week, err := staffing.CheckWeek(head.Snapshot.Config, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := staffing.Effect(analyse(t, base, week), analyse(t, head, week))
	if len(want) == 0 {
		t.Fatal("tripled chats move no interval: the test shows nothing")
	}
	if diff := cmp.Diff(want, res.Staffing); diff != "" {
		t.Errorf("staffing (-want +got):\n%s", diff)
	}
}

// analyse is b's staffing report of week.
func analyse(t testing.TB, b *bundle.Bundle, week kpi.Period) staffing.Report {
	t.Helper()
	rep, err := staffing.AnalyseWeek(b.Snapshot.Config, week)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
