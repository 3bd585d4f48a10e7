package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	drillwf "github.com/supportops/supportops/workflows/drill"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The fakes below stand for the daemon's services: just enough state to
// answer as the daemon does (not found, conflicts, refusals), in memory,
// keeping what they were sent for the tests to compare. One set serves
// every test of the package; newRig puts them together.

// Bearer tokens of the fake principals.
const (
	tokenOps      = "ops-token"      // ops, an ops_admin
	tokenAgent    = "agent-token"    // julia, an agent of team care, which owns the tickets
	tokenOutsider = "outsider-token" // max, an agent of team billing, which owns none
	tokenGuest    = "guest-token"    // guest, whose role grants nothing
	tokenKevin    = "kevin"          // the example's agent of after-sales
	tokenSam      = "sam"            // the example's supervisor of after-sales
	tokenDaniel   = "daniel"         // the example's QA reviewer, of complaints
)

// fakeTokens maps the tokens above to their principals.
type fakeTokens struct{}

func (fakeTokens) Authenticate(token string) (policy.Principal, error) {
	p, ok := map[string]policy.Principal{
		tokenOps:      {ID: "ops", Roles: []string{"ops_admin"}},
		tokenAgent:    {ID: "julia", Roles: []string{"agent"}, Team: "care"},
		tokenOutsider: {ID: "max", Roles: []string{"agent"}, Team: "billing"},
		tokenGuest:    {ID: "guest", Roles: []string{"viewer"}},
		tokenKevin:    {ID: "kevin-richter", Roles: []string{"agent"}, Team: "after-sales"},
		tokenSam:      {ID: "sabine-mueller", Roles: []string{"supervisor"}, Team: "after-sales"},
		tokenDaniel:   {ID: "daniel-krueger", Roles: []string{"agent", "senior", "qa"}, Team: "complaints"},
	}[token]
	if !ok {
		return policy.Principal{}, errors.New("unknown token")
	}
	return p, nil
}

// fakeAuthz allows an ops_admin everything, and anyone else what concerns
// the tickets of their team or no ticket in particular; the queue
// "after-sales" belongs to team care.
type fakeAuthz struct{}

func (fakeAuthz) Authorize(_ context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	if slices.Contains(req.Principal.Roles, "ops_admin") {
		return policy.AuthzDecision{Allow: true, Reasons: []string{"ops_admin"}}, nil
	}
	if req.Resource == nil || req.Resource.Team == req.Principal.Team {
		return policy.AuthzDecision{Allow: true, Reasons: []string{"own team"}}, nil
	}
	return policy.AuthzDecision{Allow: false, Reasons: []string{"another team's ticket"}}, nil
}

func (fakeAuthz) TeamOf(queue string) string {
	if queue == "after-sales" {
		return "care"
	}
	return ""
}

// engineAuthz is the authz policy of an engine on cfg, for the tests on
// the real policies.
type engineAuthz struct {
	eng *policy.Engine
	cfg *model.Config
}

func (a engineAuthz) Authorize(ctx context.Context, req policy.APIRequest) (policy.AuthzDecision, error) {
	return a.eng.Authorize(ctx, req)
}

func (a engineAuthz) TeamOf(queue string) string { return a.cfg.Queues[queue].Team }

// fakeVersion is the configuration version fakeReloader loads and
// fakeTickets migrates to.
const fakeVersion = "0123456789abcdef0123456789abcdef"

// fakeReloader loads fakeVersion, or refuses the configuration with err.
type fakeReloader struct{ err error }

func (f fakeReloader) Reload(context.Context) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	return fakeVersion, nil
}

// ticketBroken and drillBroken are the ticket and the drill the fakes
// cannot reach: any call about them fails with errBroken, as when Temporal
// is down, which the API answers 500.
const (
	ticketBroken = "T-500"
	drillBroken  = "D-500"
)

var errBroken = errors.New("temporal: connection refused")

// fakeTickets keeps tickets and the events applied to them. Like the
// daemon, it keys intake on the source and external id, applies a keyed
// event once, refuses a key reused with another event and an event kind
// the workflow does not know; a reply adds an entry with its reference to
// the ticket's history, as the workflow does.
type fakeTickets struct {
	mu      sync.Mutex
	tickets map[string]*ticketwf.State
	keyed   map[string][]byte // id + key → the event's JSON
	next    int
	// events are the events applied, as the workflow would get them.
	events []ticketwf.Event
	// listErr is what List fails with, when set.
	listErr error
}

func newFakeTickets() *fakeTickets {
	return &fakeTickets{tickets: map[string]*ticketwf.State{}, keyed: map[string][]byte{}}
}

func (f *fakeTickets) Open(_ context.Context, t tkt.Ticket) (string, bool, error) {
	if t.ID == ticketBroken {
		return "", false, errBroken
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case t.ExternalID != "":
		t.ID = "T-EXT-" + fmt.Sprintf("%x", t.Source+"|"+t.ExternalID)
		if len(t.ID) > tkt.MaxIDLength {
			t.ID = t.ID[:tkt.MaxIDLength]
		}
	case t.ID == "":
		f.next++
		t.ID = fmt.Sprintf("T-%d", f.next)
	}
	if st, ok := f.tickets[t.ID]; ok {
		if diff := tkt.Differences(st.Ticket, t); len(diff) > 0 {
			return "", false, &ConflictError{Reason: fmt.Sprintf("ticket %s exists already, with another %s", t.ID, strings.Join(diff, ", "))}
		}
		return t.ID, false, nil
	}
	if t.Channel == "phone" {
		return "", false, &RejectedError{Reason: "start ticket: phone tickets are not taken here"}
	}
	// The fake's channels are named by their kinds.
	f.tickets[t.ID] = &ticketwf.State{Ticket: t, Status: ticketwf.StatusOpen, Queue: "after-sales", Agent: "julia", ChannelKind: t.Channel}
	return t.ID, true, nil
}

func (f *fakeTickets) State(_ context.Context, id string) (ticketwf.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, err := f.find(id)
	if err != nil {
		return ticketwf.State{}, err
	}
	return *st, nil
}

// find returns ticket id's state: errBroken for ticketBroken, ErrNotFound
// for a ticket the fake does not hold. The caller holds f.mu.
func (f *fakeTickets) find(id string) (*ticketwf.State, error) {
	if id == ticketBroken {
		return nil, errBroken
	}
	st, ok := f.tickets[id]
	if !ok {
		return nil, ErrNotFound
	}
	return st, nil
}

// fakeKinds are the event kinds the fake applies.
var fakeKinds = []string{
	ticketwf.EventReply, ticketwf.EventStatus, ticketwf.EventReassign, ticketwf.EventPriority, ticketwf.EventCSAT,
	ticketwf.EventClose, ticketwf.EventReopen, ticketwf.EventApprovalRequest, ticketwf.EventApprovalDecision, ticketwf.EventMerge,
	ticketwf.EventAnswer, ticketwf.EventAbandon, ticketwf.EventHandle, ticketwf.EventQA, ticketwf.EventComplaint, ticketwf.EventDifficult,
	ticketwf.EventCommendation,
}

func (f *fakeTickets) Event(_ context.Context, id string, ev ticketwf.Event, key string) (ticketwf.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, err := f.find(id)
	if err != nil {
		return ticketwf.State{}, err
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return ticketwf.State{}, err
	}
	if key != "" {
		if first, seen := f.keyed[id+"\x00"+key]; seen {
			if !bytes.Equal(first, body) {
				return ticketwf.State{}, &KeyReusedError{Reason: "Idempotency-Key: used before for another request to ticket " + id}
			}
			return *st, nil
		}
		f.keyed[id+"\x00"+key] = body
	}
	if !slices.Contains(fakeKinds, ev.Kind) {
		return ticketwf.State{}, &RejectedError{Reason: fmt.Sprintf("unknown event kind %q", ev.Kind)}
	}
	// The performance events are checked and kept as the workflow does.
	if tkt.Performance(ev.Kind) || ev.HandleSeconds != 0 {
		if err := tkt.CheckPerformance(*st, ev); err != nil {
			return ticketwf.State{}, &RejectedError{Reason: err.Error()}
		}
		tkt.ApplyPerformance(st, ev, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	}
	f.events = append(f.events, ev)
	if ev.Kind == ticketwf.EventReply {
		st.History = append(st.History, ticketwf.Entry{Seq: len(st.History) + 1, Type: "reply", Actor: ev.Actor, Detail: ev.From, Ref: ev.BodyRef})
	}
	return *st, nil
}

// Migrate moves a ticket to fakeVersion, the only version it knows.
func (f *fakeTickets) Migrate(ctx context.Context, id, version, _ string) (ticketwf.State, error) {
	st, err := f.State(ctx, id)
	if err == nil && version != "" && version != fakeVersion {
		return st, &RejectedError{Reason: fmt.Sprintf("migrate: no configuration version %q", version)}
	}
	st.Config = fakeVersion
	return st, err
}

func (f *fakeTickets) List(_ context.Context, filter ticketwf.Filter, _ int, pageToken string) (ticketwf.Page, error) {
	if f.listErr != nil {
		return ticketwf.Page{}, f.listErr
	}
	// The filter as the daemon reads it: the real query builder.
	if _, err := filter.Query(); err != nil {
		return ticketwf.Page{}, &RejectedError{Reason: err.Error()}
	}
	// Like the daemon: a token it did not give out is refused at once.
	if pageToken != "" && pageToken != "page-2" {
		return ticketwf.Page{}, &RejectedError{Reason: "page_token: not a token this API gave out"}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	page := ticketwf.Page{Tickets: []ticketwf.Summary{}}
	for _, id := range model.SortedKeys(f.tickets) {
		st := f.tickets[id]
		page.Tickets = append(page.Tickets, ticketwf.Summary{ID: st.Ticket.ID, Status: st.Status, Queue: st.Queue, Agent: st.Agent, Running: true})
	}
	if pageToken == "" {
		page.NextPageToken = "page-2"
	}
	return page, nil
}

// The fake drills, all of the plan "outage", whose one step is "triage",
// and owned by ops.
const (
	drillRunning = "D-1" // runs
	drillDone    = "D-2" // ended with a result
	drillFailed  = "D-3" // ended without one: its workflow failed
)

// fakeStarted is the drill fakeDrills starts when the request names none.
const fakeStarted = "D-outage-00000001"

// fakeUpdate is an update fakeDrills was sent.
type fakeUpdate struct {
	ID, Name string
	Arg      any
}

// fakeDrills knows the drills above, and keeps the updates it is sent.
type fakeDrills struct {
	mu      sync.Mutex
	updates []fakeUpdate
	// syncErr is what SyncSchedules fails with, after creating the
	// schedule of "outage".
	syncErr error
}

func (*fakeDrills) Start(_ context.Context, req apiv1.DrillRequest, owner string) (apiv1.DrillStarted, error) {
	if req.Plan != "outage" {
		return apiv1.DrillStarted{}, &RejectedError{Reason: fmt.Sprintf("start drill: unknown plan %q (plans: outage)", req.Plan)}
	}
	id := fakeStarted
	if req.ID == drillBroken {
		return apiv1.DrillStarted{}, errBroken
	}
	if req.ID != "" {
		if err := CheckDrillID(req.ID); err != nil {
			return apiv1.DrillStarted{}, &RejectedError{Reason: err.Error()}
		}
		id = req.ID
	}
	return apiv1.DrillStarted{ID: id, Plan: req.Plan, Mode: edrill.ModeDrill, Speed: 1, Assignments: map[string]string{"commander": owner}, Unfilled: []string{}}, nil
}

func (*fakeDrills) List(context.Context, int) ([]drillwf.Summary, error) {
	return []drillwf.Summary{{ID: drillRunning, Plan: "outage", Mode: edrill.ModeDrill, Owner: "ops", Status: drillwf.StatusRunning}}, nil
}

func (*fakeDrills) State(_ context.Context, id string) (drillwf.State, error) {
	status := drillwf.StatusRunning
	switch id {
	case drillRunning:
	case drillDone:
		status = string(edrill.Completed)
	case drillFailed:
		status = "failed"
	case drillBroken:
		return drillwf.State{}, errBroken
	default:
		return drillwf.State{}, ErrNotFound
	}
	return drillwf.State{Drill: id, Plan: "outage", PlanName: "Outage", Mode: edrill.ModeDrill, Owner: "ops", Status: status, Speed: 1,
		Steps: []drillwf.StepState{{StepOutcome: edrill.StepOutcome{Step: "triage"}}}}, nil
}

func (d *fakeDrills) Update(ctx context.Context, id, name string, arg any) (drillwf.State, error) {
	st, err := d.State(ctx, id)
	if err != nil {
		return st, err
	}
	if id != drillRunning {
		return st, &RejectedError{Reason: fmt.Sprintf("drill %s has ended", id)}
	}
	if u, ok := arg.(drillwf.StepUpdate); ok && u.Step != "triage" {
		return st, &RejectedError{Reason: fmt.Sprintf("no step %q in the plan", u.Step)}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.updates = append(d.updates, fakeUpdate{ID: id, Name: name, Arg: arg})
	return st, nil
}

// fakeResult is the result of drillDone.
func fakeResult() *edrill.Result {
	return &edrill.Result{Drill: drillDone, Plan: "outage", PlanName: "Outage", Mode: edrill.ModeDrill, Owner: "ops",
		StartedAt: time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC), EndedAt: time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC),
		Elapsed: 30 * time.Minute, Outcome: edrill.Completed, Steps: []edrill.StepOutcome{{Step: "triage"}}}
}

func (d *fakeDrills) Result(ctx context.Context, id string, _ time.Duration) (*edrill.Result, drillwf.State, error) {
	st, err := d.State(ctx, id)
	switch {
	case err != nil:
		return nil, st, err
	case id == drillDone:
		return fakeResult(), st, nil
	case id == drillFailed:
		return nil, st, &EndedError{Reason: fmt.Sprintf("drill %s ended without a result: its workflow failed", id)}
	}
	return nil, st, nil
}

// fakePlan is the plan every fake drill runs.
func fakePlan() edrill.Plan {
	return edrill.Plan{ID: "outage", Name: "Outage", Steps: []edrill.Step{{ID: "triage"}}}
}

func (d *fakeDrills) Plan(ctx context.Context, id string) (edrill.Plan, error) {
	if _, err := d.State(ctx, id); err != nil {
		return edrill.Plan{}, err
	}
	return fakePlan(), nil
}

func (d *fakeDrills) SyncSchedules(context.Context) (apiv1.ScheduleReport, error) {
	rep := apiv1.ScheduleReport{Created: []string{"outage"}, Updated: []string{}, Deleted: []string{}, Unchanged: []string{}, Cadences: []edrill.Cadence{}}
	return rep, d.syncErr
}
