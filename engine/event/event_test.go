package event_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/event"
)

// TestRecordedStrings pins the string of every constant: each is recorded
// in the event store and in workflow histories, so changing one changes
// stored data and breaks replay; a Go name may change, its string not.
// No two constants share a string.
func TestRecordedStrings(t *testing.T) {
	recorded := []struct{ got, want string }{
		{event.Opened, "opened"},
		{event.Routed, "routed"},
		{event.Rerouted, "rerouted"},
		{event.Reassigned, "reassigned"},
		{event.Priority, "priority"},
		{event.Status, "status"},
		{event.Reply, "reply"},
		{event.Note, "note"},
		{event.CSAT, "csat"},
		{event.CSATExpired, "csat_expired"},
		{event.Solved, "solved"},
		{event.Reopened, "reopened"},
		{event.Closed, "closed"},
		{event.Merged, "merged"},
		{event.MergedFrom, "merged_from"},
		{event.MergeSignalFailed, "merge_signal_failed"},
		{event.ConfigMigrated, "config_migrated"},
		{event.Answered, "answered"},
		{event.Abandoned, "abandoned"},
		{event.Handled, "handled"},
		{event.QAReviewed, "qa_reviewed"},
		{event.Complained, "complained"},
		{event.MarkedDifficult, "marked_difficult"},
		{event.Commended, "commended"},
		{event.SLAApplied, "sla_applied"},
		{event.SLANone, "sla_none"},
		{event.SLAReplanned, "sla_replanned"},
		{event.SLAWarning, "sla_warning"},
		{event.SLABreached, "sla_breached"},
		{event.SLAMet, "sla_met"},
		{event.Escalated, "escalated"},
		{event.ApprovalRequested, "approval_requested"},
		{event.ApprovalDecided, "approval_decided"},
		{event.ApprovalReminder, "approval_reminder"},
		{event.ApprovalOverdue, "approval_overdue"},
		{event.ApprovalWithdrawn, "approval_withdrawn"},
		{event.DrillStarted, "drill_started"},
		{event.DrillSimulationDrawn, "drill_simulation_drawn"},
		{event.DrillScenarioStarted, "drill_scenario_started"},
		{event.DrillScenarioFailed, "drill_scenario_failed"},
		{event.DrillStepNotified, "drill_step_notified"},
		{event.DrillStepReminded, "drill_step_reminded"},
		{event.DrillStepAcknowledged, "drill_step_acknowledged"},
		{event.DrillStepDone, "drill_step_done"},
		{event.DrillStepLate, "drill_step_late"},
		{event.DrillStepEscalated, "drill_step_escalated"},
		{event.DrillStepSkipped, "drill_step_skipped"},
		{event.DrillPaused, "drill_paused"},
		{event.DrillResumed, "drill_resumed"},
		{event.DrillAborted, "drill_aborted"},
		{event.DrillNotificationFailed, "drill_notification_failed"},
		{event.DrillEnded, "drill_ended"},
		{event.ScorecardStored, "scorecard_stored"},
		{event.ErrBadEvent, "BadEvent"},
		{event.ErrBadRequest, "BadRequest"},
		{event.ErrBadConfig, "BadConfig"},
		{event.ErrUnknownConfig, "UnknownConfig"},
		{event.ErrUnknownAgent, "UnknownAgent"},
		{event.ErrReopenWindowPassed, "ReopenWindowPassed"},
		{event.ErrDecisionDoesNotCount, "DecisionDoesNotCount"},
		{event.ErrBadInput, "BadInput"},
		{event.ErrNoTicketOpener, "NoTicketOpener"},
		{event.ErrOwnTicketReview, "OwnTicketReview"},
	}
	seen := map[string]bool{}
	for _, r := range recorded {
		if diff := cmp.Diff(r.want, r.got); diff != "" {
			t.Errorf("recorded string (-want +got):\n%s", diff)
		}
		if seen[r.got] {
			t.Errorf("%q is the string of two constants", r.got)
		}
		seen[r.got] = true
	}
}
