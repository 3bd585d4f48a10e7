package scorecard

import (
	"testing"

	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

// TestReplay replays the recorded histories of period closes (written by
// the daemon's TestScorecards with SUPPORTOPS_RECORD_HISTORIES=1) with
// today's code: a change that would break a close in flight fails here.
func TestReplay(t *testing.T) {
	workflowtest.Replay(t, "testdata/histories", map[string]any{WorkflowName: Workflow, ScheduledWorkflowName: ScheduledWorkflow})
}
