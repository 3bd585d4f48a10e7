package daemon

import (
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	scorecardwf "github.com/supportops/supportops/workflows/scorecard"
)

// TestKillDaemonMidClose closes November on the supportopsd binary over
// the events of 20k tickets, kills the process with SIGKILL while the
// close computes, starts another on the same data directory and closes
// November again: the second request finds the close in flight and waits
// for it, its computation is retried on the new process once the dead
// one's heartbeat is missed, and the scorecard is stored exactly once.
func TestKillDaemonMidClose(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and kills it during a period close")
	}
	ctx, cancel := context.WithTimeout(t.Context(), killTestTimeout)
	defer cancel()
	rig := newKillRig(ctx, t)
	seedMonth(ctx, t, rig.dataDir)
	tc, err := client.Dial(client.Options{HostPort: rig.args[slices.Index(rig.args, "--temporal-address")+1]})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	c := rig.client(ctx, t, 5*time.Minute)
	first := rig.run(t, "first")

	const period = "2026-11"
	go func() { _, _ = c.send("POST", apiv1.PathScorecards, apiv1.CloseRequest{Period: period}, nil) }() // dies with the process
	deadline := time.Now().Add(time.Minute)
	for computing := false; !computing; {
		desc, derr := tc.DescribeWorkflowExecution(ctx, scorecardwf.WorkflowID(period), "")
		if derr == nil {
			if desc.GetWorkflowExecutionInfo().GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				t.Fatalf("the close ended (%s) before the kill: give it more to compute", desc.GetWorkflowExecutionInfo().GetStatus())
			}
			for _, a := range desc.GetPendingActivities() {
				computing = computing || a.GetActivityType().GetName() == "Compute" && a.GetState() == enumspb.PENDING_ACTIVITY_STATE_STARTED
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the close never computed: %v", derr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.kill(t)
	second := rig.run(t, "second")

	var closed apiv1.Closed
	deadline = time.Now().Add(3 * time.Minute)
	for attempt := 0; ; attempt++ {
		code, serr := c.send("POST", apiv1.PathScorecards, apiv1.CloseRequest{Period: period}, &closed)
		if serr == nil {
			if code != http.StatusOK || closed.Created {
				t.Errorf("close after the restart: %d %+v, want 200: the close in flight did it", code, closed)
			}
			break
		}
		if !c.pause("close after the restart", deadline, attempt, serr) {
			t.FailNow()
		}
	}
	if closed.Scorecard.Period != period || closed.Scorecard.Results == 0 {
		t.Errorf("closed %+v, want %s with results", closed.Scorecard, period)
	}
	var res scorecardwf.Result
	if err = tc.GetWorkflow(ctx, scorecardwf.WorkflowID(period), "").Get(ctx, &res); err != nil || !res.Created {
		t.Errorf("the close: %+v, %v; want it to have stored the scorecard", res, err)
	}

	second.stop(t)
	events, err := eventstore.OpenSQLite(ctx, filepath.Join(rig.dataDir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer events.Close()
	stored, err := events.List(ctx, eventstore.Filter{Types: []string{event.ScorecardStored}})
	if err != nil || len(stored) != 1 || stored[0].Stream != "scorecard:"+period {
		t.Errorf("stored scorecards: %d (%v), want the one of %s", len(stored), err, period)
	}
}

// seedMonth records the events of BenchmarkCloseMonth's month in the
// event store of dataDir, before a daemon opens it.
func seedMonth(ctx context.Context, t *testing.T, dataDir string) {
	t.Helper()
	versions := newSnapshots(example, t.TempDir())
	if _, err := versions.load(ctx); err != nil {
		t.Fatal(err)
	}
	store, err := eventstore.OpenSQLite(ctx, filepath.Join(dataDir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err = store.Append(ctx, closeBenchEvents(versions.Model())...); err != nil {
		t.Fatal(err)
	}
}
