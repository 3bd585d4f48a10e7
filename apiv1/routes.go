package apiv1

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/access"
)

// The paths of the API's routes, as patterns of net/http's ServeMux:
// fill their {wildcards} with Path.
const (
	PathHealth             = "/healthz"
	PathMetrics            = "/metrics"
	PathOpenAPI            = "/v1/openapi.json"
	PathTickets            = "/v1/tickets"
	PathTicket             = "/v1/tickets/{id}"
	PathTicketEvents       = "/v1/tickets/{id}/events"
	PathTicketContent      = "/v1/tickets/{id}/contents/{ref}"
	PathTicketMigrate      = "/v1/tickets/{id}/migrate"
	PathTicketApprovals    = "/v1/tickets/{id}/approvals"
	PathApprovalDecisions  = "/v1/approvals/{approval}/decisions"
	PathConfigReload       = "/v1/config/reload"
	PathDrills             = "/v1/drills"
	PathDrillSchedulesSync = "/v1/drills/schedules/sync"
	PathDrill              = "/v1/drills/{id}"
	PathDrillStepAck       = "/v1/drills/{id}/steps/{step}/ack"
	PathDrillStepDone      = "/v1/drills/{id}/steps/{step}/done"
	PathDrillAbort         = "/v1/drills/{id}/abort"
	PathDrillPause         = "/v1/drills/{id}/pause"
	PathDrillResume        = "/v1/drills/{id}/resume"
	PathDrillResult        = "/v1/drills/{id}/result"
	PathDrillReport        = "/v1/drills/{id}/report"
)

// PathReady is the readiness probe (GET, answered 200 or 503 with a
// Ready). It is not in Routes: a load balancer asks it, not a Client.
const PathReady = "/readyz"

// The names of the routes: their OpenAPI operation ids.
const (
	OpHealth          = "health"
	OpMetrics         = "metrics"
	OpOpenAPI         = "openAPI"
	OpOpenTicket      = "openTicket"
	OpListTickets     = "listTickets"
	OpTicket          = "getTicket"
	OpPostEvent       = "postEvent"
	OpContent         = "getContent"
	OpMigrate         = "migrateTicket"
	OpRequestApproval = "requestApproval"
	OpDecide          = "decideApproval"
	OpReload          = "reloadConfig"
	OpStartDrill      = "startDrill"
	OpSyncSchedules   = "syncDrillSchedules"
	OpListDrills      = "listDrills"
	OpDrill           = "getDrill"
	OpAckStep         = "ackDrillStep"
	OpCompleteStep    = "completeDrillStep"
	OpAbortDrill      = "abortDrill"
	OpPauseDrill      = "pauseDrill"
	OpResumeDrill     = "resumeDrill"
	OpDrillResult     = "getDrillResult"
	OpDrillReport     = "getDrillReport"
)

// ContentTypeJSON is the media type of the API's JSON bodies.
const ContentTypeJSON = "application/json"

// IdempotencyKeyHeader is the request header that makes a keyed POST
// (Route.Idempotent) apply once: sending it again with the same key
// answers as the first time.
const IdempotencyKeyHeader = "Idempotency-Key"

// MaxIdempotencyKey is the longest IdempotencyKeyHeader the daemon takes:
// printable ASCII without spaces.
const MaxIdempotencyKey = 128

// Route is one route of the API.
type Route struct {
	// Name is the route's unique name, one of the Op constants.
	Name string
	// Method and Path are the route as the ServeMux has it (Pattern).
	Method, Path string
	// Summary says in one line what the route does.
	Summary string
	// Action is the authz policy's action the route asks for; "" for the
	// routes served without a token.
	Action string
	// Query is the zero value of the route's query parameters (a struct
	// with `query` tags), nil when it takes none.
	Query any
	// Request is the zero value of the route's JSON body, nil when it
	// takes none; OptionalBody says a request may leave it out.
	Request      any
	OptionalBody bool
	// Idempotent routes apply a request once by its IdempotencyKeyHeader.
	Idempotent bool
	// Answers are the route's successful answers; any other is an Error.
	Answers []Answer
}

// Answer is one successful answer of a route.
type Answer struct {
	// Status is the HTTP status code.
	Status int
	// Body is the zero value of the JSON body, nil when the body is not
	// JSON (ContentTypes say what it is).
	Body any
	// ContentTypes are the body's media types when it is not JSON.
	ContentTypes []string
	// Description says when the route answers so.
	Description string
}

// Pattern is the route's ServeMux pattern, "METHOD /path".
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Public reports whether the route is served without a token.
func (r Route) Public() bool { return r.Action == "" }

// Path fills the {wildcards} of a path pattern with values, in order, each
// escaped as one path segment. Missing values leave their wildcards.
func Path(pattern string, values ...string) string {
	var b strings.Builder
	rest := pattern
	for _, v := range values {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			break
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(v))
		rest = rest[j+1:]
	}
	b.WriteString(rest)
	return b.String()
}

// The bounds of the query parameters.
const (
	// DefaultListLimit is the page size of a list without ?limit=, and
	// MaxListLimit the largest.
	DefaultListLimit = 50
	MaxListLimit     = 500
	// MaxResultWait is the longest ?wait= of GET /v1/drills/{id}/result.
	MaxResultWait = 10 * time.Minute
)

// TicketListQuery are the query parameters of GET /v1/tickets; zero values
// are left out.
type TicketListQuery struct {
	Status   string `query:"status"`
	Queue    string `query:"queue"`
	Priority string `query:"priority"`
	Agent    string `query:"agent"`
	Channel  string `query:"channel"`
	// Breached, when set, lists only tickets with (true) or without
	// (false) a breached SLA clock.
	Breached *bool `query:"breached"`
	// Drill lists drill tickets instead of real ones.
	Drill bool `query:"drill"`
	// Limit is the page size, 1 to MaxListLimit; DefaultListLimit when
	// left out.
	Limit int `query:"limit"`
	// PageToken continues from a page's NextPageToken.
	PageToken string `query:"page_token"`
}

// DrillListQuery are the query parameters of GET /v1/drills.
type DrillListQuery struct {
	// Limit is how many drills, 1 to MaxListLimit; DefaultListLimit when
	// left out.
	Limit int `query:"limit"`
}

// DrillResultQuery are the query parameters of GET
// /v1/drills/{id}/result.
type DrillResultQuery struct {
	// Wait is how long to wait for the drill to end, up to MaxResultWait.
	Wait time.Duration `query:"wait"`
}

// DrillReportQuery are the query parameters of GET
// /v1/drills/{id}/report.
type DrillReportQuery struct {
	// Format is ReportMarkdown (the default), ReportHTML or ReportJSON.
	Format string `query:"format"`
}

// Routes returns the table of the API's routes.
func Routes() []Route {
	ok := func(body any) []Answer { return []Answer{{Status: http.StatusOK, Body: body, Description: "done"}} }
	routes := []Route{
		{Name: OpHealth, Method: http.MethodGet, Path: PathHealth,
			Summary: "Say that the daemon serves", Answers: ok(Health{})},
		{Name: OpMetrics, Method: http.MethodGet, Path: PathMetrics, Action: access.ActionReportsRead,
			Summary: "The Prometheus metrics of the API and the daemon",
			Answers: []Answer{{Status: http.StatusOK, ContentTypes: []string{"text/plain"}, Description: "the metrics in Prometheus' text format"}}},
		{Name: OpOpenAPI, Method: http.MethodGet, Path: PathOpenAPI,
			Summary: "This OpenAPI document",
			Answers: []Answer{{Status: http.StatusOK, ContentTypes: []string{ContentTypeJSON}, Description: "the OpenAPI 3.1 document of the API"}}},
	}
	routes = append(routes, ticketRoutes(ok)...)
	routes = append(routes, Route{Name: OpReload, Method: http.MethodPost, Path: PathConfigReload, Action: access.ActionConfigReload,
		Summary: "Reload the configuration; a configuration refused leaves the running one (422 with the reasons)",
		Answers: ok(Reloaded{})})
	routes = append(routes, drillRoutes(ok)...)
	return append(routes, reportRoutes(ok)...)
}

// ticketRoutes are the routes of tickets and their approvals.
func ticketRoutes(ok func(any) []Answer) []Route {
	post, get := http.MethodPost, http.MethodGet
	return []Route{
		{Name: OpOpenTicket, Method: post, Path: PathTickets, Action: access.ActionTicketsOpen,
			Summary: "Open a ticket, or find the one already opened under its id or external id",
			Request: Ticket{}, Answers: []Answer{
				{Status: http.StatusCreated, Body: OpenedTicket{}, Description: "opened"},
				{Status: http.StatusOK, Body: OpenedTicket{}, Description: "the same ticket was opened before"},
			}},
		{Name: OpListTickets, Method: get, Path: PathTickets, Action: access.ActionTicketsList,
			Summary: "List the tickets the caller may read, newest first",
			Query:   TicketListQuery{}, Answers: ok(TicketPage{})},
		{Name: OpTicket, Method: get, Path: PathTicket, Action: access.ActionTicketsRead,
			Summary: "Read a ticket's state", Answers: ok(TicketState{})},
		{Name: OpPostEvent, Method: post, Path: PathTicketEvents, Action: access.ActionTicketsEvent,
			Summary: "Apply an event to a ticket: a reply, a status change, a reassignment ... (a qa review is authorised on tickets.qa)",
			Request: EventRequest{}, Idempotent: true, Answers: ok(TicketState{})},
		{Name: OpContent, Method: get, Path: PathTicketContent, Action: access.ActionTicketsRead,
			Summary: "Read a text of a ticket (a reply's) by its reference", Answers: ok(ContentResponse{})},
		{Name: OpMigrate, Method: post, Path: PathTicketMigrate, Action: access.ActionConfigReload,
			Summary: "Move a running ticket to another configuration version",
			Request: MigrateRequest{}, OptionalBody: true, Answers: ok(TicketState{})},
		{Name: OpRequestApproval, Method: post, Path: PathTicketApprovals, Action: access.ActionApprovalsRequest,
			Summary: "Ask for approval of an action on a ticket",
			Request: ApprovalRequest{}, Idempotent: true,
			Answers: []Answer{{Status: http.StatusCreated, Body: TicketState{}, Description: "asked; the ticket's last approval is this one"}}},
		{Name: OpDecide, Method: post, Path: PathApprovalDecisions, Action: access.ActionApprovalsDecide,
			Summary: "Approve or reject the next open level of an approval",
			Request: ApprovalDecision{}, Idempotent: true, Answers: ok(TicketState{})},
	}
}

// drillRoutes are the routes of drills.
func drillRoutes(ok func(any) []Answer) []Route {
	post, get := http.MethodPost, http.MethodGet
	act := access.ActionDrillsAct
	reportTypes := make([]string, 0, 3)
	for _, f := range []string{ReportMarkdown, ReportHTML, ReportJSON} {
		reportTypes = append(reportTypes, ReportContentTypes()[f])
	}
	return []Route{
		{Name: OpStartDrill, Method: post, Path: PathDrills, Action: access.ActionDrillsStart,
			Summary: "Start a drill or live run of an emergency plan", Request: DrillRequest{},
			Answers: []Answer{{Status: http.StatusCreated, Body: DrillStarted{}, Description: "started"}}},
		{Name: OpSyncSchedules, Method: post, Path: PathDrillSchedulesSync, Action: access.ActionDrillsStart,
			Summary: "Make the schedules of recurring drills match the configuration",
			Answers: append(ok(ScheduleReport{}), Answer{Status: http.StatusInternalServerError, Body: ScheduleSyncFailure{},
				Description: "the sync failed part way; the report says what was done"})},
		{Name: OpListDrills, Method: get, Path: PathDrills, Action: act,
			Summary: "List the drills, newest first", Query: DrillListQuery{}, Answers: ok(DrillList{})},
		{Name: OpDrill, Method: get, Path: PathDrill, Action: act,
			Summary: "Read a drill's live state", Answers: ok(DrillState{})},
		{Name: OpAckStep, Method: post, Path: PathDrillStepAck, Action: act,
			Summary: "Acknowledge a step of a drill", Request: StepRequest{}, OptionalBody: true, Answers: ok(DrillState{})},
		{Name: OpCompleteStep, Method: post, Path: PathDrillStepDone, Action: act,
			Summary: "Complete a step of a drill", Request: StepRequest{}, OptionalBody: true, Answers: ok(DrillState{})},
		{Name: OpAbortDrill, Method: post, Path: PathDrillAbort, Action: act,
			Summary: "Abort a drill, with a reason", Request: ControlRequest{}, OptionalBody: true, Answers: ok(DrillState{})},
		{Name: OpPauseDrill, Method: post, Path: PathDrillPause, Action: act,
			Summary: "Pause a drill's clock", Request: ControlRequest{}, OptionalBody: true, Answers: ok(DrillState{})},
		{Name: OpResumeDrill, Method: post, Path: PathDrillResume, Action: act,
			Summary: "Resume a paused drill", Request: ControlRequest{}, OptionalBody: true, Answers: ok(DrillState{})},
		{Name: OpDrillResult, Method: get, Path: PathDrillResult, Action: access.ActionReportsRead,
			Summary: "Read a drill's result, waiting up to ?wait= for it to end", Query: DrillResultQuery{},
			Answers: []Answer{
				{Status: http.StatusOK, Body: DrillResult{}, Description: "the drill has ended: its result"},
				{Status: http.StatusAccepted, Body: DrillState{}, Description: "the drill still runs: its state"},
			}},
		{Name: OpDrillReport, Method: get, Path: PathDrillReport, Action: access.ActionReportsRead,
			Summary: "Render a drill's report; of a drill still running, a provisional one", Query: DrillReportQuery{},
			Answers: []Answer{{Status: http.StatusOK, ContentTypes: reportTypes,
				Description: "the report; the " + ReportHeader + " header says final or provisional"}}},
	}
}
