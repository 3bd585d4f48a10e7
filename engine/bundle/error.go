package bundle

import (
	"errors"
	"fmt"
)

// Stage is a stage of Open.
type Stage int

// The stages of Open, in order.
const (
	// StagePrepare builds the configuration loader.
	StagePrepare Stage = iota
	// StageLoad loads and validates the CUE files.
	StageLoad
	// StageReadPolicies reads the policies.
	StageReadPolicies
	// StageCompilePolicies compiles them against the configuration.
	StageCompilePolicies
)

// Error is a failure of Open or Compile: the stage that failed, the
// configuration directory and the failure, which callers that report
// invalid configurations their own way unwrap (an invalid configuration
// or policy is a diag.Diagnostics).
type Error struct {
	Stage Stage
	Dir   string
	Err   error
}

// Error says the stage and the failure, as supportopsd reports them.
func (e *Error) Error() string {
	switch e.Stage {
	case StagePrepare:
		return fmt.Sprintf("prepare configuration loader: %v", e.Err)
	case StageLoad:
		return fmt.Sprintf("load configuration %s: %v", e.Dir, e.Err)
	case StageReadPolicies:
		return fmt.Sprintf("read policies of %s: %v", e.Dir, e.Err)
	}
	return fmt.Sprintf("compile policies of %s: %v", e.Dir, e.Err)
}

// Unwrap returns the failure.
func (e *Error) Unwrap() error { return e.Err }

// Cause is err without the *Error around it, if any: what the stage that
// failed returned.
func Cause(err error) error {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Err
	}
	return err
}
