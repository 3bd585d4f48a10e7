package drill

import (
	"testing"

	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

// TestReplay replays the drill histories recorded from the embedded
// server (testdata/histories; see TestDrills and recordWorkflowHistory in
// cmd/supportopsd/internal/daemon) with today's workflow code: a change
// that would break running drills fails here, and needs a
// workflow.GetVersion gate.
func TestReplay(t *testing.T) {
	workflowtest.Replay(t, "testdata/histories", map[string]any{WorkflowName: Workflow})
}
