package drill_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

var t0 = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)

// at is a mark d into an unpaused run.
func at(d time.Duration, by string) drill.Mark {
	return drill.Mark{At: t0.Add(d), Elapsed: d, By: by}
}

// TestScoreWorkedExample checks the score formula against a run of the
// small plan worked out by hand.
//
//	step     weight  deadline  allotted  notified  acked   done
//	assess   2       10m       10m       0         2m30s   8m     on time
//	notify   1       30m       20m       8m        13m     40m    late
//	restore  1       30m       20m       8m        8m      28m    on time (the mitigation step)
//	review   4       1h        30m       40m       –       –      never done
//
// On time: o = 1, 0.5 (late credit), 1, 0, so
// O = (2·1 + 1·0.5 + 1·1 + 4·0) / (2+1+1+4) = 3.5 / 8 = 0.4375.
//
// Acknowledge, over the four notified steps: 1 − took/allotted gives
// assess 1 − 2.5/10 = 0.75, notify 1 − 5/20 = 0.75, restore 1 − 0/20 = 1
// and review 0 (never acknowledged), so A = 2.5 / 4 = 0.625.
//
// Mitigate: restore done at 28m, by its 30m deadline: M = 1.
//
// With the weights 0.5, 0.3, 0.2 (sum 1):
// total = 100 · (0.5·0.4375 + 0.3·0.625 + 0.2·1) = 100 · (0.21875 + 0.1875 + 0.2) = 60.625.
//
// Then restore is done at 45m instead, 15m late, with the default weights
// 0.5, 0.25, 0.25: its on-time credit drops to 0.5, so
// O = (2 + 0.5 + 0.5 + 0) / 8 = 0.375; A stays 0.625;
// M = 1 − 15/30 = 0.5; total = 100 · (0.5·0.375 + 0.25·0.625 + 0.25·0.5)
// = 100 · (0.1875 + 0.15625 + 0.125) = 46.875.
func TestScoreWorkedExample(t *testing.T) {
	p, err := drill.Compile("small", small())
	if err != nil {
		t.Fatal(err)
	}
	m := time.Minute
	out := []drill.StepOutcome{
		{Step: "assess", State: drill.Done, Notified: at(0, ""), Acknowledged: at(150*time.Second, "ann"), Done: at(8*m, "ann")},
		{Step: "notify", State: drill.Done, Late: true, Notified: at(8*m, ""), Acknowledged: at(13*m, "bo"), Done: at(40*m, "bo")},
		{Step: "restore", State: drill.Done, Notified: at(8*m, ""), Acknowledged: at(8*m, "cy"), Done: at(28*m, "cy")},
		{Step: "review", State: drill.Late, Notified: at(40*m, ""), Missed: at(60*m, "")},
	}
	approx := cmpopts.EquateApprox(0, 1e-12)
	got := drill.Score(p, out, &model.DrillScoring{OnTime: 0.5, Acknowledge: 0.3, Mitigate: 0.2})
	want := drill.Scorecard{Total: 60.625, OnTime: 0.4375, Acknowledge: 0.625, Mitigate: 1,
		Weights: model.DrillScoring{OnTime: 0.5, Acknowledge: 0.3, Mitigate: 0.2}}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}

	out[2].Done = at(45*m, "cy")
	out[2].Late = true
	got = drill.Score(p, out, nil)
	want = drill.Scorecard{Total: 46.875, OnTime: 0.375, Acknowledge: 0.625, Mitigate: 0.5,
		Weights: model.DrillScoring{OnTime: 0.5, Acknowledge: 0.25, Mitigate: 0.25}}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("score with restore late and default weights (-want +got):\n%s", diff)
	}
}

func TestScoreEdges(t *testing.T) {
	p, err := drill.Compile("small", small())
	if err != nil {
		t.Fatal(err)
	}
	m := time.Minute
	tests := map[string]struct {
		out     []drill.StepOutcome
		scoring *model.DrillScoring
		want    drill.Scorecard
		reason  string
	}{
		"nothing happened": {
			want:   drill.Scorecard{Weights: model.DrillScoring{OnTime: 0.5, Acknowledge: 0.25, Mitigate: 0.25}},
			reason: "steps without an outcome are pending: no credit, and no division by zero",
		},
		"zero weights": {
			out:     []drill.StepOutcome{{Step: "assess", State: drill.Done, Notified: at(0, ""), Done: at(5*m, "ann")}},
			scoring: &model.DrillScoring{},
			// O = 2/8; A = 1 − 5/10 (done counts as acknowledged); M = 0.
			want:   drill.Scorecard{Total: 100 * (0.5*0.25 + 0.25*0.5), OnTime: 0.25, Acknowledge: 0.5, Weights: model.DrillScoring{OnTime: 0.5, Acknowledge: 0.25, Mitigate: 0.25}},
			reason: "all-zero weights fall back to the defaults; a step done unacknowledged is acknowledged when done",
		},
		"mitigated at twice the deadline": {
			out: []drill.StepOutcome{{Step: "restore", State: drill.Done, Notified: at(0, ""), Acknowledged: at(30*m, "cy"), Done: at(60*m, "cy")},
				{Step: "assess", State: drill.Skipped, Notified: at(0, ""), Missed: at(10*m, "")}},
			scoring: &model.DrillScoring{Mitigate: 1},
			// restore: acknowledged after 30m of 20m allotted: 0; M = 1 − 30/30 = 0.
			want:   drill.Scorecard{OnTime: 0.5 / 8, Weights: model.DrillScoring{Mitigate: 1}},
			reason: "credits clamp at 0",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := drill.Score(p, tt.out, tt.scoring)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	p, err := drill.Compile("small", small())
	if err != nil {
		t.Fatal(err)
	}
	m := time.Minute
	r := drill.Result{Plan: "small", Steps: []drill.StepOutcome{
		{Step: "assess", Owner: "ic", Assignee: "ann", State: drill.Done, Notified: at(0, ""), Acknowledged: at(2*m, "ann"), Done: at(8*m, "ann")},
		{Step: "notify", Owner: "comms", Assignee: "bo", State: drill.Skipped, Notified: at(8*m, ""), Missed: at(30*m, "")},
		{Step: "restore", Owner: "it", Assignee: "cy", State: drill.Done, Late: true, Notified: at(8*m, ""), Acknowledged: at(12*m, "cy"), Done: at(35*m, "cy")},
		{Step: "review", Owner: "ic", Assignee: "ann", State: drill.Late, Notified: at(35*m, ""), Missed: at(60*m, "")},
	}}
	got := drill.Evaluate(p, r)
	if got.TimeToAcknowledge != 3*m || got.TimeToMitigate != 35*m || !got.Mitigated {
		t.Errorf("time to acknowledge %s (want the mean of 2m and 4m), to mitigate %s, mitigated %v",
			got.TimeToAcknowledge, got.TimeToMitigate, got.Mitigated)
	}
	if diff := cmp.Diff([]string{"notify", "restore", "review"}, got.MissedSteps); diff != "" {
		t.Errorf("missed steps (-want +got):\n%s", diff)
	}
	want := []drill.ActionItem{
		{Kind: drill.ItemSkipped, Steps: []string{"notify"}, Role: "comms", Person: "bo", Text: "notify: skipped at its 30m deadline (comms bo)"},
		{Kind: drill.ItemLate, Steps: []string{"restore"}, Role: "it", Person: "cy", Text: "restore: done at 35m, 5m after its 30m deadline (it cy)"},
		{Kind: drill.ItemUnfinished, Steps: []string{"review"}, Role: "ic", Person: "ann", Text: "review: not done by the end, deadline 1h (ic ann)"},
		{Kind: drill.ItemNoResponse, Steps: []string{"notify"}, Role: "comms", Person: "bo", Text: "bo (comms) did not respond to notify"},
		{Kind: drill.ItemNoResponse, Steps: []string{"review"}, Role: "ic", Person: "ann", Text: "ann (ic) did not respond to review"},
	}
	if diff := cmp.Diff(want, got.ActionItems); diff != "" {
		t.Errorf("action items (-want +got):\n%s", diff)
	}
}
