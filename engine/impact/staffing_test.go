package impact

import (
	"testing"
)

// TestStaffingEffect: tripling technical support's weekly chats leaves
// intervals of the staffing week (2026-W49) short that were met; the same
// configuration on both sides moves none; without forecasts on one side
// there is no effect.
func TestStaffingEffect(t *testing.T) {
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "forecasts.cue", "weekly_volume: 300", "weekly_volume: 900")
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
	if none := compare(t, base, openBundle(t, noForecasts), Options{}); none.StaffingWeek != "" || none.Staffing != nil {
		t.Errorf("without forecasts: week %q, transitions %v; want none", none.StaffingWeek, none.Staffing)
	}
}
