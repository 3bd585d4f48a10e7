package drill

import (
	"fmt"
	"strings"
)

// Rehearsal is the verdict on an unattended run of a plan with simulated
// participants (supportops drill simulate).
type Rehearsal struct {
	Plan   string `json:"plan"`
	Pass   bool   `json:"pass"`
	Why    string `json:"why,omitempty"`
	Result Result `json:"result"`
}

// Judge gives the verdict on res, a rehearsal of plan whose participants
// fail to answer with probability failureRate. The plan passes when the
// run completes with a score of at least passMark and, when every
// participant answers (failureRate 0) within the time each step is
// allotted, with no step missed: a plan that misses one then cannot be
// completed in time as written.
func Judge(plan string, res Result, failureRate, passMark float64) Rehearsal {
	r := Rehearsal{Plan: plan, Pass: true, Result: res}
	switch {
	case res.Outcome != Completed:
		r.Pass, r.Why = false, fmt.Sprintf("%s after %s", res.Outcome.Words(), FormatDuration(res.Elapsed))
	case failureRate == 0 && len(res.MissedSteps) > 0:
		r.Pass, r.Why = false, "cannot be completed in time: "+strings.Join(res.MissedSteps, ", ")+" missed with participants who always answer"
	case res.Score.Total < passMark:
		r.Pass, r.Why = false, fmt.Sprintf("score %.1f below the pass mark %g", res.Score.Total, passMark)
	}
	return r
}
