package drill_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
)

func TestJudge(t *testing.T) {
	tests := map[string]struct {
		res         drill.Result
		failureRate float64
		passMark    float64
		wantPass    bool
		wantWhy     string
		reason      string
	}{
		"pass": {
			res:      drill.Result{Outcome: drill.Completed, Score: drill.Scorecard{Total: 80}},
			passMark: 60, wantPass: true,
			reason: "completed, nothing missed, above the pass mark",
		},
		"timed out": {
			res:     drill.Result{Outcome: drill.TimedOut, Elapsed: 4 * time.Hour},
			wantWhy: "timed out after 4h",
			reason:  "a run that does not complete fails, saying how it ended and when",
		},
		"missed with perfect participants": {
			res:     drill.Result{Outcome: drill.Completed, MissedSteps: []string{"declare", "recovery"}, Score: drill.Scorecard{Total: 90}},
			wantWhy: "cannot be completed in time: declare, recovery missed with participants who always answer",
			reason:  "participants who always answer still miss: the plan's deadlines are too tight",
		},
		"missed with failing participants": {
			res:         drill.Result{Outcome: drill.Completed, MissedSteps: []string{"declare"}, Score: drill.Scorecard{Total: 70}},
			failureRate: 0.2, passMark: 60, wantPass: true,
			reason: "misses are expected when participants fail to answer; the score decides",
		},
		"below the pass mark": {
			res:      drill.Result{Outcome: drill.Completed, Score: drill.Scorecard{Total: 42.25}},
			passMark: 50, wantWhy: "score 42.2 below the pass mark 50",
			reason: "the score is judged last",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := drill.Judge("outage", tt.res, tt.failureRate, tt.passMark)
			want := drill.Rehearsal{Plan: "outage", Pass: tt.wantPass, Why: tt.wantWhy, Result: tt.res}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
