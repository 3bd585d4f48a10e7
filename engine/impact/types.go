package impact

import (
	"time"

	"github.com/supportops/supportops/engine/staffing"
)

// DefaultExamples is how many example ticket ids Result keeps per kind of
// change when Options.Examples is zero.
const DefaultExamples = 5

// The kinds of change a record can show, the keys of Result.Examples and
// the json names of Counts.
const (
	KindQueue      = "queue"
	KindTeam       = "team"
	KindPriority   = "priority"
	KindSLAPolicy  = "sla_policy"
	KindDue        = "due"
	KindBreach     = "breach"
	KindEscalation = "escalation"
	KindApproval   = "approval"
	// KindNoQueue marks a record the head routes to no queue.
	KindNoQueue = "no_queue"
)

// Options bound and shape a comparison.
type Options struct {
	// Since and Until bound the records compared by created_at: Since
	// inclusive, Until exclusive; a zero time is unbounded.
	Since, Until time.Time
	// Examples is how many ticket ids are kept per kind of change (the
	// first in id order); 0 means DefaultExamples, a negative number none.
	Examples int
}

// Result is what a change does to a history: the counts of records that
// change in each way, example ids, and the aggregates before → after.
// Every slice is sorted, so the same inputs give the same Result.
type Result struct {
	// Tickets counts the records compared.
	Tickets int `json:"tickets"`
	// Changed counts the records with any difference.
	Changed int `json:"changed"`
	// Skipped counts the drill records and those outside Since/Until.
	Skipped int `json:"skipped"`
	// Counts are the records that change in each way.
	Counts Counts `json:"counts"`
	// Examples holds, per kind (KindQueue, ...), the first ticket ids that
	// change that way, in id order.
	Examples map[string][]string `json:"examples"`
	// Routing is the from × to matrix of queue and team: one Flow per
	// (before, after) pair that any record takes, sorted by before then
	// after.
	Routing []Flow `json:"routing"`
	// Breaches are, per SLA metric and queue (the head's queue), the
	// breach rates before and after, sorted by metric then queue.
	Breaches []BreachRate `json:"breaches"`
	// BreachesByChannel are the same breach rates per SLA metric and
	// channel (Queue empty, Channel set), sorted by metric then channel.
	BreachesByChannel []BreachRate `json:"breaches_by_channel"`
	// Workload is, per team and ISO week of created_at, the tickets the
	// team takes before and after, sorted by team then week.
	Workload []TeamWeek `json:"workload"`
	// Staffing is the staffing effect of the change when both
	// configurations have forecasts (staffing.Effect of the base's week
	// report and the head's, the head's forecasts scaled by
	// StaffingVolumes); nil otherwise.
	Staffing []staffing.Transition `json:"staffing,omitempty"`
	// StaffingVolumes are, per queue channel of the head's forecasts, the
	// records routed there under the base and the head and the factor the
	// head's forecast is scaled by for Staffing, sorted by queue then
	// channel; nil when Staffing is not computed for want of forecasts.
	StaffingVolumes []StaffingVolume `json:"staffing_volumes,omitempty"`
	// StaffingWeek is the week Staffing lays both sides on: the head's
	// staffing.week (the base's when the head has no staffing settings),
	// else the ISO week after the latest record compared.
	StaffingWeek string `json:"staffing_week,omitempty"`
	// StaffingError says why the staffing effect could not be computed.
	StaffingError string `json:"staffing_error,omitempty"`
	// NoQueue counts the records the head routes to no queue.
	NoQueue int `json:"no_queue"`
	// Approvals are the recorded approval requests decided differently,
	// per action and decision before → after, sorted by action, then
	// before, then after; absent when none is.
	Approvals []ApprovalChange `json:"approvals,omitempty"`
}

// Counts are the records that change in each way; a record may count in
// several.
type Counts struct {
	// Queue counts the records routed to another queue.
	Queue int `json:"queue"`
	// Team counts the records whose queue belongs to another team.
	Team int `json:"team"`
	// Priority counts the records given another priority.
	Priority int `json:"priority"`
	// SLAPolicy counts the records that select another SLA policy.
	SLAPolicy int `json:"sla_policy"`
	// Due counts the records with any SLA metric's due time moved (or a
	// metric added or removed).
	Due int `json:"due"`
	// Breach counts the records whose would-breach differs on any metric.
	Breach int `json:"breach"`
	// Escalation counts the records whose fired escalation levels differ.
	Escalation int `json:"escalation"`
	// Approval counts the records with an approval request whose outcome
	// or required levels differ (see Comparer).
	Approval int `json:"approval"`
}

// Flow is one cell of the routing matrix: the records that went to
// FromQueue (of FromTeam) under the base and to ToQueue (of ToTeam) under
// the head. "" is no queue or no team.
type Flow struct {
	FromQueue string `json:"from_queue"`
	FromTeam  string `json:"from_team"`
	ToQueue   string `json:"to_queue"`
	ToTeam    string `json:"to_team"`
	// Tickets counts the records.
	Tickets int `json:"tickets"`
}

// BreachRate is how often one SLA metric breaches in one queue (or, in
// Result.BreachesByChannel, on one channel), before and after: of the
// records the head routes to Queue (or that came in on Channel) whose
// terms have Metric under either configuration and whose clock the
// record says stopped (see Comparer). A side whose terms lack Metric
// counts the record as met.
type BreachRate struct {
	Metric  string `json:"metric"`
	Queue   string `json:"queue"`
	Channel string `json:"channel,omitempty"`
	// Tickets counts the records measured.
	Tickets int `json:"tickets"`
	// Before and After are the breach rates in percent under the base and
	// the head.
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// BreachedBefore and BreachedAfter count the breaching records.
	BreachedBefore int `json:"breached_before"`
	BreachedAfter  int `json:"breached_after"`
	// FlippedToBreach counts the records met under the base that breach
	// under the head; FlippedToMet the other way.
	FlippedToBreach int `json:"flipped_to_breach"`
	FlippedToMet    int `json:"flipped_to_met"`
}

// TeamWeek is one team's workload in one ISO week, before and after.
type TeamWeek struct {
	Team string `json:"team"`
	// Week is the ISO week of created_at in the head center's time zone,
	// "2026-W45".
	Week   string `json:"week"`
	Before int    `json:"before"`
	After  int    `json:"after"`
}
