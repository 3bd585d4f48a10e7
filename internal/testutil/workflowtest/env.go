package workflowtest

import (
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

// NewEnv returns a time-skipping test environment whose clock starts at
// start, with the workflow fn registered under name and the methods of
// activities as its activities.
func NewEnv(start time.Time, name string, fn, activities any) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{Name: name})
	env.RegisterActivity(activities)
	return env
}

// Run executes the workflow name with in and returns its result; a
// workflow that does not complete or fails ends the test.
func Run[R any](t testing.TB, env *testsuite.TestWorkflowEnvironment, name string, in any) R {
	t.Helper()
	env.ExecuteWorkflow(name, in)
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow error: %v", err)
	}
	var res R
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	return res
}

// QueryAt schedules the query at delay after the start and hands its
// answer to check; at names the moment in errors.
func QueryAt[S any](t testing.TB, env *testsuite.TestWorkflowEnvironment, delay time.Duration, at fmt.Stringer, query string, check func(S)) {
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(query)
		if err != nil {
			t.Errorf("query at %s: %v", at, err)
			return
		}
		var s S
		if err := v.Get(&s); err != nil {
			t.Errorf("query at %s: %v", at, err)
			return
		}
		check(s)
	}, delay)
}

// UpdateAt schedules the update name with arg at delay after the start.
// done gets its outcome: nil when it was applied, or the error that refused
// it, from its validator or its handler.
func UpdateAt(env *testsuite.TestWorkflowEnvironment, delay time.Duration, name string, arg any, done func(error)) {
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   done,
			OnComplete: func(_ any, err error) { done(err) },
		}, arg)
	}, delay)
}
