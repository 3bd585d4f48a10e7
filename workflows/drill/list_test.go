package drill

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/temporalproto"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/sdk/converter"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

func TestSummaryOf(t *testing.T) {
	ended := start.Add(time.Hour)
	memo := func(fields map[string]any) *commonpb.Memo {
		m := &commonpb.Memo{Fields: map[string]*commonpb.Payload{}}
		for k, v := range fields {
			p, err := converter.GetDefaultDataConverter().ToPayload(v)
			if err != nil {
				t.Fatal(err)
			}
			m.Fields[k] = p
		}
		return m
	}
	// info is a visibility record; its times go through JSON, which spares
	// this test the protobuf timestamp package.
	info := func(id, status string, closed bool, m *commonpb.Memo) *workflowpb.WorkflowExecutionInfo {
		js := fmt.Sprintf(`{"execution": {"workflowId": %q}, "startTime": %q, "status": %q`, WorkflowID(id), start.Format(time.RFC3339), status)
		if closed {
			js += fmt.Sprintf(`, "closeTime": %q`, ended.Format(time.RFC3339))
		}
		var out workflowpb.WorkflowExecutionInfo
		if err := (temporalproto.CustomJSONUnmarshalOptions{}).Unmarshal([]byte(js+"}"), &out); err != nil {
			t.Fatal(err)
		}
		out.Memo = m
		return &out
	}
	score := 88.0
	tests := []struct {
		name   string
		reason string
		info   *workflowpb.WorkflowExecutionInfo
		want   Summary
	}{
		{
			name: "running", reason: "the memo from the start, no outcome yet",
			info: info("D-1", "Running", false,
				memo(map[string]any{MemoPlan: "outage-major", MemoMode: edrill.ModeDrill, MemoOwner: "ops", MemoSimulated: true, MemoSpeed: 60.0})),
			want: Summary{ID: "D-1", Plan: "outage-major", Mode: edrill.ModeDrill, Owner: "ops", Simulated: true, Speed: 60, Status: StatusRunning, StartedAt: start},
		},
		{
			name: "ended", reason: "the outcome and score the workflow keeps at its end",
			info: info("D-2", "Completed", true,
				memo(map[string]any{MemoPlan: "tiny", MemoMode: edrill.ModeLive, MemoSpeed: 1.0, MemoOutcome: edrill.Aborted, MemoScore: 88.0})),
			want: Summary{ID: "D-2", Plan: "tiny", Mode: edrill.ModeLive, Speed: 1, Status: "aborted", Score: &score, StartedAt: start, EndedAt: ended},
		},
		{
			name: "terminated", reason: "a workflow ended without a result shows Temporal's status",
			info: info("D-3", "Terminated", true, nil),
			want: Summary{ID: "D-3", Status: "terminated", StartedAt: start, EndedAt: ended},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SummaryOf(tt.info)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// The provisional result of a running drill scores what was done so far,
// as if it ended at the time of the state.
func TestProvisional(t *testing.T) {
	p := smallPlan(t,
		model.PlanStep{ID: "page", Title: "Page engineering", Owner: "it", Deadline: "10m"},
		model.PlanStep{ID: "wrap", Title: "Wrap up", Owner: "ic", Deadline: "30m", After: []string{"page"}},
	)
	m := time.Minute
	st := State{
		Drill: "drill-2", Plan: p.ID, PlanName: p.Name, Mode: edrill.ModeDrill, Owner: "olga", Status: StatusPaused,
		StartedAt: start, Elapsed: 12 * m, Paused: 3 * m,
		Steps: []StepState{
			{StepOutcome: edrill.StepOutcome{Step: "page", Owner: "it", Assignee: "ian", State: edrill.Done,
				Notified: edrill.Mark{At: start, Elapsed: 0}, Done: edrill.Mark{At: start.Add(4 * m), Elapsed: 4 * m, By: "ian"}}},
			{StepOutcome: edrill.StepOutcome{Step: "wrap", Owner: "ic", Assignee: "ann", State: edrill.Notified,
				Notified: edrill.Mark{At: start.Add(4 * m), Elapsed: 4 * m}}},
		},
	}
	res := st.Provisional(&p)
	if res.Outcome != edrill.Outcome(StatusPaused) || !res.EndedAt.Equal(start.Add(15*m)) || res.Elapsed != 12*m || res.Paused != 3*m {
		t.Errorf("outcome %s, ended %s, elapsed %s, paused %s; want paused, 09:15, 12m, 3m", res.Outcome, res.EndedAt, res.Elapsed, res.Paused)
	}
	if diff := cmp.Diff([]string{"wrap"}, res.MissedSteps); diff != "" {
		t.Errorf("missed steps (-want +got):\n%s", diff)
	}
	if res.Score.OnTime != 0.5 {
		t.Errorf("on time %v, want 0.5 (page done, wrap not yet)", res.Score.OnTime)
	}
}
