package daemon

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/eventstore"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// TestKillDaemonMidDrill runs a drill of outage-major in real time on the
// supportopsd binary, answers its first step, kills the process with
// SIGKILL, starts another on the same data directory and goes on: the
// step answered before the kill keeps who answered and when, the steps
// after it were notified once, the drill ends (aborted by its owner) with
// those outcomes in its result, and the event store holds each entry of the
// drill's history exactly once.
func TestKillDaemonMidDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds supportopsd and kills it during a drill")
	}
	ctx, cancel := context.WithTimeout(t.Context(), killTestTimeout)
	defer cancel()
	rig := newKillRig(ctx, t)
	bin, args, dataDir := rig.bin, rig.args, rig.dataDir
	c := rig.client(ctx, t, time.Minute)
	first := rig.run(t, "first")

	const id = "kill-drill"
	if code, serr := c.send("POST", "/v1/drills", map[string]any{"plan": "outage-major", "id": id}, nil); serr != nil || code != http.StatusCreated {
		t.Fatalf("start the drill: %d %v", code, serr)
	}
	answer := func(step, verb string) {
		t.Helper()
		deadline := time.Now().Add(driveTimeout)
		for attempt := 0; ; attempt++ {
			code, serr := c.send("POST", fmt.Sprintf("/v1/drills/%s/steps/%s/%s", id, step, verb), map[string]any{"note": verb + " " + step}, nil)
			if serr == nil {
				return
			}
			if code == http.StatusBadRequest || !c.pause(verb+" "+step, deadline, attempt, serr) {
				t.Fatalf("%s %s: %d %v", verb, step, code, serr)
			}
		}
	}
	drillState := func(ready func(drillwf.State) bool) drillwf.State {
		t.Helper()
		deadline := time.Now().Add(driveTimeout)
		for attempt := 0; ; attempt++ {
			var st drillwf.State
			_, serr := c.send("GET", "/v1/drills/"+id, nil, &st)
			if serr == nil && ready(st) {
				return st
			}
			if !c.pause("state of "+id, deadline, attempt, serr) {
				t.FailNow()
			}
		}
	}
	step := func(st drillwf.State, name string) edrill.StepOutcome {
		for _, s := range st.Steps {
			if s.Step == name {
				return s.StepOutcome
			}
		}
		t.Fatalf("no step %s in %+v", name, st.Steps)
		return edrill.StepOutcome{}
	}
	drillState(func(st drillwf.State) bool { return step(st, "declare").State == edrill.Notified })
	answer("declare", "ack")
	answer("declare", "done")
	before := drillState(func(st drillwf.State) bool { return step(st, "confirm-scope").State == edrill.Notified })

	first.kill(t)
	second, err := startProcess(t, bin, args, "second")
	if err != nil {
		t.Fatal(err)
	}
	after := drillState(func(drillwf.State) bool { return true })
	for _, s := range []string{"declare", "confirm-scope", "deflect"} {
		if diff := cmp.Diff(step(before, s), step(after, s)); diff != "" {
			t.Errorf("step %s after the restart (-before +after):\n%s", s, diff)
		}
	}
	if !slices.Equal(entryTypes(before.History), entryTypes(after.History)[:len(before.History)]) {
		t.Errorf("history changed across the restart:\nbefore %v\nafter  %v", entryTypes(before.History), entryTypes(after.History))
	}

	answer("confirm-scope", "ack")
	answer("confirm-scope", "done")
	if code, serr := c.send("POST", "/v1/drills/"+id+"/abort", map[string]any{"reason": "test over"}, nil); serr != nil {
		t.Fatalf("abort: %d %v", code, serr)
	}
	var res edrill.Result
	if code, serr := c.send("GET", "/v1/drills/"+id+"/result?wait=1m", nil, &res); serr != nil || code != http.StatusOK {
		t.Fatalf("result: %d %v", code, serr)
	}
	if res.Outcome != edrill.Aborted {
		t.Errorf("outcome %s, want aborted", res.Outcome)
	}
	for _, s := range res.Steps {
		switch s.Step {
		case "declare":
			if !cmp.Equal(s.Done, step(before, "declare").Done) || s.State != edrill.Done {
				t.Errorf("declare in the result: %+v, want done as before the kill (%+v)", s, step(before, "declare").Done)
			}
		case "confirm-scope":
			if s.State != edrill.Done || s.Notified != step(before, "confirm-scope").Notified {
				t.Errorf("confirm-scope in the result: %+v, want done, notified once before the kill", s)
			}
		}
	}
	final := drillState(func(st drillwf.State) bool { return st.Status == string(edrill.Aborted) })

	// Each entry of the history is in the event store once.
	second.stop(t)
	events, err := eventstore.OpenSQLite(ctx, filepath.Join(dataDir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer events.Close()
	stored, err := events.List(ctx, eventstore.Filter{Stream: id, IncludeDrill: true})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, e := range final.History {
		want = append(want, fmt.Sprintf("%s/%05d %s", id, e.Seq, e.Type))
	}
	for _, e := range stored {
		got = append(got, e.ID+" "+e.Type)
		if !e.Drill {
			t.Errorf("event %s is not marked as a drill's", e.ID)
		}
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored drill events (-history +store):\n%s", diff)
	}
}

func entryTypes(h []drillwf.Entry) []string {
	out := make([]string, len(h))
	for i, e := range h {
		out[i] = fmt.Sprintf("%d %s %s", e.Seq, e.Type, e.Step)
	}
	return out
}
