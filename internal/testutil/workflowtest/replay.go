package workflowtest

import (
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// HistoryFiles is the pattern of the recorded histories in a directory.
const HistoryFiles = "*.json"

// Replay replays every recorded history of dir (HistoryFiles, one subtest
// each) with today's code of workflows, each registered under its name:
// a change that would break a running workflow fails here. A directory
// without histories fails too.
func Replay(t *testing.T, dir string, workflows map[string]any) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, HistoryFiles))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no recorded histories in %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			for name, fn := range workflows {
				r.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{Name: name})
			}
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
