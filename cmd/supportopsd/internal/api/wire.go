package api

import "github.com/supportops/supportops/apiv1"

// The API's wire types are apiv1's. These aliases keep the names the
// daemon and this package's tests know them by; new code uses apiv1.
type (
	// DrillRequest is apiv1.DrillRequest.
	DrillRequest = apiv1.DrillRequest
	// DrillStarted is apiv1.DrillStarted.
	DrillStarted = apiv1.DrillStarted
	// ScheduleReport is apiv1.ScheduleReport.
	ScheduleReport = apiv1.ScheduleReport
	// EventRequest is apiv1.EventRequest.
	EventRequest = apiv1.EventRequest
	// ApprovalRequest is apiv1.ApprovalRequest.
	ApprovalRequest = apiv1.ApprovalRequest
	// ApprovalDecision is apiv1.ApprovalDecision.
	ApprovalDecision = apiv1.ApprovalDecision
	// MigrateRequest is apiv1.MigrateRequest.
	MigrateRequest = apiv1.MigrateRequest
	// StepRequest is apiv1.StepRequest.
	StepRequest = apiv1.StepRequest
	// ControlRequest is apiv1.ControlRequest.
	ControlRequest = apiv1.ControlRequest
	// ContentResponse is apiv1.ContentResponse.
	ContentResponse = apiv1.ContentResponse
)

// ReportHeader is apiv1.ReportHeader.
const ReportHeader = apiv1.ReportHeader
