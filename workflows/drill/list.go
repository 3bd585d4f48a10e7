package drill

import (
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/sdk/converter"

	edrill "github.com/supportops/supportops/engine/drill"
)

// Memo fields the workflow keeps on its execution, so that a list of
// drills needs no query to each: the first five from the start, the
// outcome and score once it ends.
const (
	MemoPlan      = "plan"
	MemoMode      = "mode"
	MemoOwner     = "owner"
	MemoSimulated = "simulated"
	MemoSpeed     = "speed"
	MemoOutcome   = "outcome"
	MemoScore     = "score"
)

// ListQuery is the Temporal visibility query of every drill workflow.
const ListQuery = "WorkflowType = '" + WorkflowName + "'"

// Summary is a drill as its visibility record shows it, declared in
// engine/drill.
type Summary = edrill.RunSummary

// SummaryOf reads a drill's summary from its workflow's visibility record.
func SummaryOf(info *workflowpb.WorkflowExecutionInfo) (Summary, error) {
	id := info.GetExecution().GetWorkflowId()
	s := Summary{ID: strings.TrimPrefix(id, WorkflowID("")), StartedAt: info.GetStartTime().AsTime().UTC(), Status: StatusRunning}
	if info.GetCloseTime() != nil {
		s.EndedAt = info.GetCloseTime().AsTime().UTC()
	}
	fields := info.GetMemo().GetFields()
	dc := converter.GetDefaultDataConverter()
	var outcome string
	var score float64
	for name, dst := range map[string]any{
		MemoPlan: &s.Plan, MemoMode: &s.Mode, MemoOwner: &s.Owner, MemoSimulated: &s.Simulated, MemoSpeed: &s.Speed,
		MemoOutcome: &outcome, MemoScore: &score,
	} {
		p, ok := fields[name]
		if !ok {
			continue
		}
		if err := dc.FromPayload(p, dst); err != nil {
			return s, fmt.Errorf("read memo %s of %s: %w", name, id, err)
		}
	}
	if _, ok := fields[MemoScore]; ok {
		s.Score = &score
	}
	switch st := info.GetStatus(); {
	case outcome != "":
		s.Status = outcome
	case st != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING && st != enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED:
		s.Status = strings.ToLower(strings.TrimPrefix(st.String(), "WORKFLOW_EXECUTION_STATUS_"))
	}
	return s, nil
}
