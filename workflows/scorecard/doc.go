// Package scorecard closes a period as a Temporal workflow: it computes
// the period's scorecard (engine/scorecard) from the event store, asks
// the approval policy about the payouts that need approval, stores the
// scorecard once per period and notifies the recipients of the awards.
// A schedule per period kind starts ScheduledWorkflow at each period's
// end, which closes the period that just ended under a workflow id
// derived from the period, so that a rerun is a duplicate.
package scorecard
