package config_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/roster"
)

// staffingBase is a valid staffing set-up on base: an hourly chat table for
// Monday, its goal and a shift pattern.
const staffingBase = `
staffing: {interval: "60m", shrinkage: 25, goals: general: chat: {within: "30s", service_level: 80}}
shift_patterns: day: {hours: "mon-fri 09:00-17:00", breaks: ["12:00-12:30"]}
agents: alice: {calendar: "office", shifts: ["day"]}
`

func TestCheckStaffing(t *testing.T) {
	const table = `table: mon: [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 0, 0, 0]`
	tests := map[string]struct {
		src  string
		want []diag.Diagnostic
	}{
		"valid": {
			src: `forecasts: general: chat: {aht: "6m", concurrency: 3, ` + table + `}` + staffingBase,
		},
		"a channel the queue does not take": {
			src: `channels: phone: kind: "phone"
forecasts: general: phone: {aht: "4m", ` + table + `}` + staffingBase + `
staffing: goals: general: phone: kpi: "sl"
kpis: sl: {metric: "service_level", within: "20s", scope: "center", target: 80, direction: "higher", period: "month", bands: {excellent: 80, good: 70, ok: 60}}`,
			want: []diag.Diagnostic{
				{
					Path: "forecasts.general.phone", Summary: `queue "general" does not take channel "phone"`, Detail: "the queue's channels: chat",
					Positions: []diag.Position{{File: "s.cue", Line: 4, Column: 28}},
				},
				{
					Path: "staffing.goals.general.chat", Summary: `goal for queue "general" channel "chat", which has no forecast: it is not checked`, Severity: diag.Warning,
					Positions: []diag.Position{{File: "s.cue", Line: 5, Column: 66}},
				},
			},
		},
		"both forms": {
			src: `forecasts: general: chat: {aht: "6m", weekly_volume: 100, ` + table + `}` + staffingBase,
			want: []diag.Diagnostic{{
				Path: "forecasts.general.chat.table", Summary: "a forecast is either compact (weekly_volume, profile, weekdays) or a table, not both",
				Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 66}},
			}},
		},
		"a compact form missing its profile": {
			src: `forecasts: general: chat: {aht: "6m", weekly_volume: 100, weekdays: {mon: 1}}` + staffingBase,
			want: []diag.Diagnostic{{
				Path: "forecasts.general.chat", Summary: "a compact forecast needs weekly_volume, profile and weekdays, missing profile (or give a table)",
				Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 27}},
			}},
		},
		"a table day of the wrong length and a profile key": {
			src: `forecasts: general: chat: {aht: "6m", table: tue: [1, 2, 3]}
forecasts: mail: email: {aht: "6m", weekly_volume: 100, weekdays: {mon: 1}, profile: {"9am": 100}}
channels: email: kind: "email"
queues: mail: {team: "support", channels: ["email"], languages: ["en"]}
agents: alice: channels: email: 10` + staffingBase + `
staffing: goals: mail: email: {within: "4h", service_level: 90}`,
			want: []diag.Diagnostic{
				{
					Path: "forecasts.general.chat.table.tue", Summary: "tue has 3 intervals, want 24 (24h in 1h intervals, from 00:00)",
					Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 51}},
				},
				{
					Path: `forecasts.mail.email.profile."9am"`, Summary: `profile key "9am": want a clock hour HH:00, such as "08:00"`,
					Positions: []diag.Position{{File: "s.cue", Line: 4, Column: 94}},
				},
			},
		},
		"forecasts without staffing": {
			src: `forecasts: general: chat: {aht: "6m", ` + table + `}`,
			want: []diag.Diagnostic{{
				Path: "forecasts.general", Summary: "forecasts need staffing settings (staffing: interval, shrinkage, goals)",
				Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 21}},
			}},
		},
		"a forecast without a goal, an interval of its own and no patience": {
			src: `forecasts: general: chat: {interval: "30m", aht: "6m", patience: "0s", ` + table + `}
staffing: {interval: "60m", shrinkage: 25, goals: {}}`,
			want: []diag.Diagnostic{
				{
					Path: "forecasts.general.chat", Summary: `no staffing goal for queue "general" channel "chat": add staffing.goals.general.chat`,
					Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 27}},
				},
				{
					Path: "forecasts.general.chat.interval", Summary: "forecast interval 30m differs from staffing.interval 60m: the week is analysed in one interval length",
					Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 38}},
				},
				{
					Path: "forecasts.general.chat.patience", Summary: "patience must be above 0 (leave it out for customers who never give up)",
					Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 66}},
				},
				{
					Path: "forecasts.general.chat.table.mon", Summary: "mon has 24 intervals, want 48 (24h in 30m intervals, from 00:00)",
					Positions: []diag.Position{{File: "s.cue", Line: 3, Column: 84}},
				},
			},
		},
		"goals that name two sources, none, or an SLA without a level": {
			src: `forecasts: general: chat: {aht: "6m", ` + table + `}
staffing: {interval: "60m", shrinkage: 25, week: "2026-W54", goals: general: {
	chat: {within: "30s", sla: "chat", service_level: 80}
	chat2: {gate: true}
	chat3: {sla: "chatty"}
}}`,
			want: []diag.Diagnostic{
				{
					Path: "staffing.week", Summary: `week "2026-W54" does not exist: want an ISO week such as 2026-W49`,
					Positions: []diag.Position{{File: "s.cue", Line: 4, Column: 50}},
				},
				{
					Path: "staffing.goals.general.chat", Summary: "a goal sets exactly one of kpi, sla or within",
					Positions: []diag.Position{{File: "s.cue", Line: 5, Column: 8}},
				},
				{
					Path: "staffing.goals.general.chat2", Summary: "a goal sets exactly one of kpi, sla or within",
					Positions: []diag.Position{{File: "s.cue", Line: 6, Column: 9}},
				},
				{
					Path: "staffing.goals.general.chat2", Summary: `goal for queue "general" channel "chat2", which has no forecast: it is not checked`, Severity: diag.Warning,
					Positions: []diag.Position{{File: "s.cue", Line: 6, Column: 9}},
				},
				{
					Path: "staffing.goals.general.chat3", Summary: "a goal from an SLA policy needs service_level: the percentage answered within its first_reply target",
					Positions: []diag.Position{{File: "s.cue", Line: 7, Column: 9}},
				},
				{
					Path: "staffing.goals.general.chat3", Summary: `goal for queue "general" channel "chat3", which has no forecast: it is not checked`, Severity: diag.Warning,
					Positions: []diag.Position{{File: "s.cue", Line: 7, Column: 9}},
				},
				{
					Path: "staffing.goals.general.chat3.sla", Summary: `unknown SLA policy "chatty"`, Detail: "no SLA policies are defined",
					Positions: []diag.Position{{File: "s.cue", Line: 7, Column: 15}},
				},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"base.cue": base, "s.cue": "package supportops\n\n" + tc.src + "\n"})
			_, err := newLoader(t).Load(t.Context(), dir)
			var got diag.Diagnostics
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("Load error = %v, want diag.Diagnostics", err)
			}
			if diff := cmp.Diff(tc.want, []diag.Diagnostic(got)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			assertPlaced(t, got)
		})
	}
}

// TestStaffingPositions checks that the snapshot records every forecast and
// shift under the path roster writes for it, so validate's staffing check
// finds their positions.
func TestStaffingPositions(t *testing.T) {
	snap, err := newLoader(t).Load(t.Context(), "../../examples/acme-shop")
	if err != nil {
		t.Fatalf("acme-shop is invalid:\n%v", err)
	}
	var want []string
	for q, chans := range snap.Config.Forecasts {
		for ch := range chans {
			want = append(want, roster.Path("forecasts", q, ch))
		}
	}
	for id, a := range snap.Config.Agents {
		for i := range a.Shifts {
			want = append(want, roster.Path("agents", id, "shifts", i))
		}
	}
	slices.Sort(want)
	var got []string
	for p, ps := range snap.Positions {
		if len(ps) == 0 {
			t.Errorf("%s has no position", p)
		}
		got = append(got, p)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recorded paths (-want +got):\n%s", diff)
	}
	if len(want) < 30 {
		t.Errorf("only %d forecasts and shifts in acme-shop", len(want))
	}
}
