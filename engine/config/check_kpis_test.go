package config_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/diag"
)

func TestCheckKPIs(t *testing.T) {
	tests := map[string]struct {
		kpi  string
		want []diag.Diagnostic
	}{
		"service level with within": {
			kpi: `{metric: "service_level", within: "20s", scope: "center", target: 80, direction: "higher", period: "month", bands: {excellent: 80, good: 70, ok: 60}}`,
		},
		"workload with weights": {
			kpi: `{metric: "workload", weights: {chat: 1.5}, scope: "agent:*", target: 110, direction: "higher", period: "month", gate: true, bands: {excellent: 110, good: 100, ok: 85}}`,
		},
		"within on another metric": {
			kpi: `{metric: "answer_rate", within: "20s", scope: "center", target: 95, direction: "higher", period: "month", bands: {excellent: 95, good: 90, ok: 85}}`,
			want: []diag.Diagnostic{{
				Path: "kpis.k.within", Summary: "within applies to service_level only, not answer_rate",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 42}},
			}},
		},
		"service level without within": {
			kpi: `{metric: "service_level", scope: "center", target: 80, direction: "higher", period: "month", bands: {excellent: 80, good: 70, ok: 60}}`,
			want: []diag.Diagnostic{{
				Path: "kpis.k.metric", Summary: `service_level needs within: the answer time, e.g. within: "20s"`,
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 19}},
			}},
		},
		"weights on another metric": {
			kpi: `{metric: "aht", weights: {chat: 2}, scope: "center", target: 300, direction: "lower", period: "month", bands: {excellent: 300, good: 360, ok: 420}}`,
			want: []diag.Diagnostic{{
				Path: "kpis.k.weights", Summary: "weights apply to workload only, not aht",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 35}},
			}},
		},
		"weight of an unknown channel": {
			kpi: `{metric: "workload", weights: {fax: 2}, scope: "agent:*", target: 110, direction: "higher", period: "month", bands: {excellent: 110, good: 100, ok: 85}}`,
			want: []diag.Diagnostic{{
				Path: "kpis.k.weights.fax", Summary: `unknown channel "fax"`, Detail: "known channels: chat",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 46}},
			}},
		},
		"utilisation of a queue": {
			kpi: `{metric: "utilisation", scope: "queue:general", target: 80, direction: "higher", period: "month", bands: {excellent: 80, good: 70, ok: 60}}`,
			want: []diag.Diagnostic{{
				Path: "kpis.k.scope", Summary: "utilisation measures agents: want scope center, team:ID or agent:ID (or team:*, agent:*), not queue:general",
				Positions: []diag.Position{{File: "k.cue", Line: 3, Column: 41}},
			}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"base.cue": base, "k.cue": "package supportops\n\nkpis: k: " + tc.kpi + "\n"})
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
