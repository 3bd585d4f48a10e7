package apiv1

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"time"
)

// Health asks whether the daemon serves (GET /healthz).
func (c *Client) Health(ctx context.Context) (Health, error) {
	return decode[Health](ctx, c, call{route: OpHealth})
}

// Metrics returns the daemon's Prometheus metrics, in their text format
// (GET /metrics).
func (c *Client) Metrics(ctx context.Context) ([]byte, error) {
	a, err := c.do(ctx, call{route: OpMetrics})
	return a.body, err
}

// OpenAPI returns the API's OpenAPI document as the daemon serves it
// (GET /v1/openapi.json).
func (c *Client) OpenAPI(ctx context.Context) ([]byte, error) {
	a, err := c.do(ctx, call{route: OpOpenAPI})
	return a.body, err
}

// OpenTicket opens t, or finds the ticket opened before under its id or
// external id (POST /v1/tickets).
func (c *Client) OpenTicket(ctx context.Context, t Ticket) (OpenedTicket, error) {
	return decode[OpenedTicket](ctx, c, call{route: OpOpenTicket, body: t})
}

// ListTickets returns a page of the tickets the caller may read, newest
// first (GET /v1/tickets).
func (c *Client) ListTickets(ctx context.Context, q TicketListQuery) (TicketPage, error) {
	return decode[TicketPage](ctx, c, call{route: OpListTickets, query: Query(q)})
}

// Ticket returns the state of ticket id (GET /v1/tickets/{id}).
func (c *Client) Ticket(ctx context.Context, id string) (TicketState, error) {
	return decode[TicketState](ctx, c, call{route: OpTicket, values: []string{id}})
}

// PostEvent applies an event to ticket id and returns its state after it
// (POST /v1/tickets/{id}/events).
func (c *Client) PostEvent(ctx context.Context, id string, ev EventRequest) (TicketState, error) {
	return decode[TicketState](ctx, c, call{route: OpPostEvent, values: []string{id}, body: ev})
}

// Content returns a text of ticket id by its reference (GET
// /v1/tickets/{id}/contents/{ref}).
func (c *Client) Content(ctx context.Context, id, ref string) (ContentResponse, error) {
	return decode[ContentResponse](ctx, c, call{route: OpContent, values: []string{id, ref}})
}

// Migrate moves ticket id to another configuration version (POST
// /v1/tickets/{id}/migrate).
func (c *Client) Migrate(ctx context.Context, id string, req MigrateRequest) (TicketState, error) {
	return decode[TicketState](ctx, c, call{route: OpMigrate, values: []string{id}, body: req})
}

// RequestApproval asks for approval of an action on ticket id; the new
// approval is the last of the answer's Approvals (POST
// /v1/tickets/{id}/approvals).
func (c *Client) RequestApproval(ctx context.Context, id string, req ApprovalRequest) (TicketState, error) {
	return decode[TicketState](ctx, c, call{route: OpRequestApproval, values: []string{id}, body: req})
}

// Decide records a decision on the next open level of approval (POST
// /v1/approvals/{approval}/decisions).
func (c *Client) Decide(ctx context.Context, approval string, d ApprovalDecision) (TicketState, error) {
	return decode[TicketState](ctx, c, call{route: OpDecide, values: []string{approval}, body: d})
}

// Reload makes the daemon reload its configuration (POST
// /v1/config/reload); a configuration refused is an *Error (422) with
// the reasons.
func (c *Client) Reload(ctx context.Context) (Reloaded, error) {
	return decode[Reloaded](ctx, c, call{route: OpReload})
}

// StartDrill starts a run of an emergency plan (POST /v1/drills).
func (c *Client) StartDrill(ctx context.Context, req DrillRequest) (DrillStarted, error) {
	return decode[DrillStarted](ctx, c, call{route: OpStartDrill, body: req})
}

// SyncSchedules makes the schedules of recurring drills match the
// configuration (POST /v1/drills/schedules/sync). A sync that failed part
// way is an *Error (500) that comes with the report of what was done.
func (c *Client) SyncSchedules(ctx context.Context) (ScheduleReport, error) {
	a, err := c.do(ctx, call{route: OpSyncSchedules})
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusInternalServerError {
		var failure ScheduleSyncFailure
		if json.Unmarshal(a.body, &failure) == nil {
			return failure.Report, err
		}
	}
	if err != nil {
		return ScheduleReport{}, err
	}
	return decodeBody[ScheduleReport](a.body)
}

// ListDrills returns the drills, newest first (GET /v1/drills).
func (c *Client) ListDrills(ctx context.Context, q DrillListQuery) (DrillList, error) {
	return decode[DrillList](ctx, c, call{route: OpListDrills, query: Query(q)})
}

// Drill returns the live state of drill id (GET /v1/drills/{id}).
func (c *Client) Drill(ctx context.Context, id string) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpDrill, values: []string{id}})
}

// AckStep acknowledges step of drill id (POST
// /v1/drills/{id}/steps/{step}/ack).
func (c *Client) AckStep(ctx context.Context, id, step string, req StepRequest) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpAckStep, values: []string{id, step}, body: req})
}

// CompleteStep completes step of drill id (POST
// /v1/drills/{id}/steps/{step}/done).
func (c *Client) CompleteStep(ctx context.Context, id, step string, req StepRequest) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpCompleteStep, values: []string{id, step}, body: req})
}

// AbortDrill aborts drill id; req.Reason is required (POST
// /v1/drills/{id}/abort).
func (c *Client) AbortDrill(ctx context.Context, id string, req ControlRequest) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpAbortDrill, values: []string{id}, body: req})
}

// PauseDrill pauses drill id (POST /v1/drills/{id}/pause).
func (c *Client) PauseDrill(ctx context.Context, id string, req ControlRequest) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpPauseDrill, values: []string{id}, body: req})
}

// ResumeDrill resumes drill id (POST /v1/drills/{id}/resume).
func (c *Client) ResumeDrill(ctx context.Context, id string, req ControlRequest) (DrillState, error) {
	return decode[DrillState](ctx, c, call{route: OpResumeDrill, values: []string{id}, body: req})
}

// DrillOutcome is the answer of GET /v1/drills/{id}/result: the result of
// a drill that has ended, or the state of one still running.
type DrillOutcome struct {
	// Result is set once the drill has ended (200).
	Result *DrillResult
	// State is set while the drill runs (202).
	State *DrillState
}

// DrillResult waits up to wait for drill id to end (GET
// /v1/drills/{id}/result?wait=).
func (c *Client) DrillResult(ctx context.Context, id string, wait time.Duration) (DrillOutcome, error) {
	a, err := c.do(ctx, call{route: OpDrillResult, values: []string{id}, query: Query(DrillResultQuery{Wait: wait})})
	if err != nil {
		return DrillOutcome{}, err
	}
	var out DrillOutcome
	var v any = &out.Result
	what := "result"
	if a.status == http.StatusAccepted {
		v, what = &out.State, "state"
	}
	if err := json.Unmarshal(a.body, v); err != nil {
		return DrillOutcome{}, fmt.Errorf("decode the %s of drill %s: %w", what, id, err)
	}
	return out, nil
}

// Report is a rendered report of a drill.
type Report struct {
	// Kind is ReportFinal or ReportProvisional.
	Kind string
	// ContentType is the body's media type.
	ContentType string
	Body        []byte
}

// DrillReport renders the report of drill id in format (ReportMarkdown,
// ReportHTML or ReportJSON; "" for the daemon's default) (GET
// /v1/drills/{id}/report?format=).
func (c *Client) DrillReport(ctx context.Context, id, format string) (Report, error) {
	a, err := c.do(ctx, call{route: OpDrillReport, values: []string{id}, query: Query(DrillReportQuery{Format: format})})
	if err != nil {
		return Report{}, err
	}
	return Report{Kind: a.header.Get(ReportHeader), ContentType: a.header.Get("Content-Type"), Body: a.body}, nil
}

// QueryParams are the names of a struct of query parameters (its `query`
// tags), in order.
func QueryParams(params any) []string {
	t := reflect.TypeOf(params)
	var names []string
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("query"); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// Query encodes a struct of query parameters (fields with `query` tags)
// as URL values, leaving out zero values; a time.Duration is written as
// Go writes it ("30s").
func Query(params any) url.Values {
	q := url.Values{}
	v := reflect.ValueOf(params)
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("query")
		f := v.Field(i)
		if name == "" || f.IsZero() {
			continue
		}
		if f.Kind() == reflect.Pointer {
			f = f.Elem()
		}
		switch x := f.Interface().(type) {
		case time.Duration:
			q.Set(name, x.String())
		case string:
			q.Set(name, x)
		case bool:
			q.Set(name, strconv.FormatBool(x))
		case int:
			q.Set(name, strconv.Itoa(x))
		default:
			q.Set(name, fmt.Sprint(x))
		}
	}
	return q
}
