package apiv1

// DrillRequest is the body of POST /v1/drills.
type DrillRequest struct {
	// Plan is the id of an emergency plan of the configuration.
	Plan string `json:"plan"`
	// ID is the drill's id; by default "D-<plan>-<8 hex digits>".
	ID string `json:"id,omitempty"`
	// Mode is drill (the default) or live.
	Mode DrillMode `json:"mode,omitempty"`
	// Simulate fills the roles with simulated participants, seeded with
	// Seed (random when not given), who never answer with the
	// probability FailureRate.
	Simulate    bool    `json:"simulate,omitempty"`
	Seed        *uint64 `json:"seed,omitempty"`
	FailureRate float64 `json:"failure_rate,omitempty"`
	// Speed runs the drill clock faster, 1 to 3600; by default 60 when
	// simulated, else 1 (real time).
	Speed float64 `json:"speed,omitempty"`
	// Assignments override who fills a role: role → person.
	Assignments map[string]string `json:"assignments,omitempty"`
}

// DrillStarted is the answer to POST /v1/drills.
type DrillStarted struct {
	ID    string    `json:"id"`
	Plan  string    `json:"plan"`
	Mode  DrillMode `json:"mode"`
	Speed float64   `json:"speed"`
	// Seed is the simulation's seed, to run the same drill again.
	Seed *uint64 `json:"seed,omitempty"`
	// Assignments are who fills each role; Unfilled the roles nobody
	// does, open to anyone.
	Assignments map[string]string `json:"assignments"`
	Unfilled    []string          `json:"unfilled"`
}

// DrillList is the answer of GET /v1/drills: the drills, newest first.
type DrillList struct {
	Drills []DrillSummary `json:"drills"`
}

// ScheduleReport says what a sync of the drill schedules did. Every list
// holds plan ids, sorted; a plan's schedule id is "drill-schedule/<plan>".
type ScheduleReport struct {
	Created   []string `json:"created"`
	Updated   []string `json:"updated"`
	Deleted   []string `json:"deleted"`
	Unchanged []string `json:"unchanged"`
	// Cadences are the schedules as the configuration has them, created,
	// updated or unchanged, by plan.
	Cadences []Cadence `json:"cadences"`
}

// Changed reports whether the sync created, updated or deleted a schedule.
func (r ScheduleReport) Changed() bool {
	return len(r.Created)+len(r.Updated)+len(r.Deleted) > 0
}

// ScheduleSyncFailure is the answer (500) of POST /v1/drills/schedules/sync
// that failed part way: the error, and what was done before it.
type ScheduleSyncFailure struct {
	Message string         `json:"error"`
	Report  ScheduleReport `json:"report"`
}

// StepRequest is the body of POST /v1/drills/{id}/steps/{step}/ack and
// .../done.
type StepRequest struct {
	Note string `json:"note,omitempty"`
	// Checklist are the checklist items ticked, by text or number from 1.
	Checklist []string `json:"checklist,omitempty"`
	// As answers for another person: only an ops_admin or the drill's
	// owner may.
	As string `json:"as,omitempty"`
}

// ControlRequest is the body of POST /v1/drills/{id}/abort, .../pause
// and .../resume.
type ControlRequest struct {
	// Reason is required to abort.
	Reason string `json:"reason,omitempty"`
	// As acts for another person, as in StepRequest.
	As string `json:"as,omitempty"`
}

// ReportHeader is the answer header of GET /v1/drills/{id}/report that
// says whether the report is of a drill that has ended (ReportFinal) or of
// one still running (ReportProvisional).
const ReportHeader = "Supportops-Report"

// The kinds of a report, in ReportHeader.
const (
	ReportFinal       = "final"
	ReportProvisional = "provisional"
)

// The formats of GET /v1/drills/{id}/report?format=.
const (
	ReportMarkdown = "md"
	ReportHTML     = "html"
	ReportJSON     = "json"
)

// ReportContentTypes are the content types of the report formats.
func ReportContentTypes() map[string]string {
	return map[string]string{
		ReportMarkdown: "text/markdown; charset=utf-8",
		ReportHTML:     "text/html; charset=utf-8",
		ReportJSON:     ContentTypeJSON,
	}
}
