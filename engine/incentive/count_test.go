package incentive

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
)

func TestCounter(t *testing.T) {
	cfg := testConfig(nil)
	c, err := NewCounter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, perr := time.Parse(time.RFC3339, s)
		if perr != nil {
			t.Fatal(perr)
		}
		return v
	}
	solved := func(s string) *time.Time { v := at(s); return &v }
	for _, r := range []history.Record{
		// Solved on 1 December in Berlin (23:30 UTC on 30 November): a
		// December contact, though created in November.
		{ID: "1", Agent: "ana", CreatedAt: at("2026-11-30T10:00:00Z"), SolvedAt: solved("2026-11-30T23:30:00Z"), Difficult: true},
		// Unsolved: counted at created_at; a difficult complaint.
		{ID: "2", Agent: "ana", CreatedAt: at("2026-11-30T22:59:00Z"), Difficult: true, Complaint: true},
		{ID: "3", Agent: "ana", CreatedAt: at("2026-11-10T09:00:00Z"), SolvedAt: solved("2026-11-12T09:00:00Z"), Complaint: true},
		{ID: "4", Agent: "ben", CreatedAt: at("2026-11-10T09:00:00Z"), SolvedAt: solved("2026-11-10T10:00:00Z"), Commendation: true},
		// A drill ticket counts as drill participation only, once a day:
		// two tickets of one drill are one participation, a drill on the
		// next day another.
		{ID: "5", Agent: "ben", CreatedAt: at("2026-11-11T09:00:00Z"), Drill: true, Difficult: true, Complaint: true, Commendation: true},
		{ID: "5b", Agent: "ben", CreatedAt: at("2026-11-11T09:05:00Z"), SolvedAt: solved("2026-11-11T09:15:00Z"), Drill: true},
		{ID: "5c", Agent: "ben", CreatedAt: at("2026-11-12T09:00:00Z"), Drill: true},
		// An agent of another team; an agent the configuration does not
		// know counts for themselves only; no agent counts for nobody.
		{ID: "6", Agent: "fay", CreatedAt: at("2026-11-11T09:00:00Z"), Commendation: true},
		{ID: "7", Agent: "zed", CreatedAt: at("2026-11-11T09:00:00Z"), Commendation: true},
		{ID: "8", CreatedAt: at("2026-11-11T09:00:00Z"), Commendation: true, Difficult: true},
		// Nothing to count.
		{ID: "9", Agent: "ana", CreatedAt: at("2026-11-11T09:00:00Z"), SolvedAt: solved("2026-11-11T10:00:00Z")},
	} {
		c.Add(&r)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	period := func(s string) kpi.Period {
		p, perr := kpi.ParsePeriod(s, loc)
		if perr != nil {
			t.Fatal(perr)
		}
		return p
	}
	tests := []struct {
		period string
		want   map[string]Counts
	}{
		{"2026-11", map[string]Counts{
			"agent:ana":    {DifficultHandled: 1, DifficultComplaints: 1, ComplaintResolved: 1, Complaints: 2},
			"agent:ben":    {Commendation: 1, DrillParticipation: 2},
			"agent:fay":    {Commendation: 1},
			"agent:zed":    {Commendation: 1},
			"team:sales":   {DifficultHandled: 1, DifficultComplaints: 1, ComplaintResolved: 1, Complaints: 2, Commendation: 1, DrillParticipation: 2},
			"team:support": {Commendation: 1},
		}},
		{"2026-12", map[string]Counts{
			"agent:ana":  {DifficultHandled: 1},
			"team:sales": {DifficultHandled: 1},
		}},
		{"2026-12-01", map[string]Counts{
			"agent:ana":  {DifficultHandled: 1},
			"team:sales": {DifficultHandled: 1},
		}},
		{"2026-11-30", map[string]Counts{
			"agent:ana":  {DifficultHandled: 1, DifficultComplaints: 1, Complaints: 1},
			"team:sales": {DifficultHandled: 1, DifficultComplaints: 1, Complaints: 1},
		}},
		// 30 November and 1 December are in ISO week 49.
		{"2026-W49", map[string]Counts{
			"agent:ana":  {DifficultHandled: 2, DifficultComplaints: 1, Complaints: 1},
			"team:sales": {DifficultHandled: 2, DifficultComplaints: 1, Complaints: 1},
		}},
		{"2026-Q4", map[string]Counts{
			"agent:ana":    {DifficultHandled: 2, DifficultComplaints: 1, ComplaintResolved: 1, Complaints: 2},
			"agent:ben":    {Commendation: 1, DrillParticipation: 2},
			"agent:fay":    {Commendation: 1},
			"agent:zed":    {Commendation: 1},
			"team:sales":   {DifficultHandled: 2, DifficultComplaints: 1, ComplaintResolved: 1, Complaints: 2, Commendation: 1, DrillParticipation: 2},
			"team:support": {Commendation: 1},
		}},
		{"2026-10", map[string]Counts{}},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, c.Counts(period(tt.period))); diff != "" {
				t.Errorf("Counts(%s) (-want +got):\n%s", tt.period, diff)
			}
		})
	}
}

func TestNewCounterBadZone(t *testing.T) {
	cfg := testConfig(nil)
	cfg.Center.Timezone = "Mars/Olympus"
	if _, err := NewCounter(cfg); err == nil {
		t.Fatal("NewCounter with an unknown time zone: no error")
	}
}
