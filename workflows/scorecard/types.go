package scorecard

import (
	"time"

	"github.com/supportops/supportops/engine/incentive"
	escorecard "github.com/supportops/supportops/engine/scorecard"
)

// The names the workflows are registered and scheduled under, and their
// task queue. Recorded strings: they never change.
const (
	// WorkflowName closes one named period (Input).
	WorkflowName = "scorecard.PeriodClose"
	// ScheduledWorkflowName is what a period kind's schedule starts
	// (ScheduledInput): it closes the period that just ended as a child
	// WorkflowName under WorkflowID(period).
	ScheduledWorkflowName = "scorecard.ScheduledClose"
	// TaskQueue is the task queue of both workflows and their
	// activities.
	TaskQueue = "supportops-scorecards"
	// workflowIDPrefix starts the workflow id of a period's close.
	workflowIDPrefix = "scorecard-"
	// scheduledStartAttribute is the search attribute Temporal sets on a
	// workflow a schedule started: the action's nominal time.
	scheduledStartAttribute = "TemporalScheduledStartTime"
)

// WorkflowID is the workflow id of the close of period ("scorecard-2026-11"):
// one close per period, so that closing it again is a duplicate.
func WorkflowID(period string) string { return workflowIDPrefix + period }

// Input is the input of WorkflowName.
type Input struct {
	// Period is the period to close, as engine/kpi names it (2026-11,
	// 2026-W48, 2026-Q4, 2026-11-23).
	Period string `json:"period"`
	// ConfigVersion is the configuration version to compute with; ""
	// takes the one the daemon runs when the scorecard is computed.
	ConfigVersion string `json:"config_version,omitempty"`
}

// ScheduledInput is the input of ScheduledWorkflowName, which a period
// kind's schedule starts at each period's end.
type ScheduledInput struct {
	// Kind is the kind of period the schedule closes (engine/kpi.Kind).
	Kind string `json:"kind"`
	// TimeZone is the center's time zone, in which periods are cut.
	TimeZone string `json:"time_zone"`
}

// Result is what closing a period did.
type Result struct {
	Period string `json:"period"`
	// Created is true when this close stored the scorecard; false when
	// the period had been closed before, which changes nothing.
	Created bool `json:"created"`
	// Awards and Approvals count the awards and the payouts the approval
	// policy was asked about; Notified the recipients notified.
	Awards    int `json:"awards"`
	Approvals int `json:"approvals"`
	Notified  int `json:"notified"`
}

// Stored is a closed period's scorecard as the event store keeps it.
type Stored struct {
	Scorecard escorecard.Scorecard `json:"scorecard"`
	// ComputedAt is when the scorecard was computed.
	ComputedAt time.Time `json:"computed_at"`
	// ConfigVersion is the configuration version it was computed with.
	ConfigVersion string `json:"config_version"`
	// ClosedBy is the workflow run that stored it, "<workflow id>/<run
	// id>": the run that sees itself here after a retry goes on to
	// notify.
	ClosedBy string `json:"closed_by"`
}

// Computed is the answer of the Compute activity: the scorecard's awards,
// and whether the run that asked stored it.
type Computed struct {
	Period  string            `json:"period"`
	Created bool              `json:"created"`
	Awards  []incentive.Award `json:"awards"`
}

// Notification tells a recipient of their award.
type Notification struct {
	Period string          `json:"period"`
	Award  incentive.Award `json:"award"`
}

// NotificationKind is the kind of the daemon's notification of an award.
const NotificationKind = "incentive_award"
