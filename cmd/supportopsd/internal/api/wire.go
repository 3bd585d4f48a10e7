package api

import "github.com/supportops/supportops/apiv1"

// The API's wire types are apiv1's. These aliases keep the names the
// daemon and this package's tests know them by; new code uses apiv1's.
type (
	DrillRequest     = apiv1.DrillRequest
	DrillStarted     = apiv1.DrillStarted
	ScheduleReport   = apiv1.ScheduleReport
	ApprovalRequest  = apiv1.ApprovalRequest
	ApprovalDecision = apiv1.ApprovalDecision
	MigrateRequest   = apiv1.MigrateRequest
	StepRequest      = apiv1.StepRequest
	ControlRequest   = apiv1.ControlRequest
	ContentResponse  = apiv1.ContentResponse
)

// ReportHeader is apiv1.ReportHeader.
const ReportHeader = apiv1.ReportHeader
