package daemon

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	"github.com/supportops/supportops/engine/config"
	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// Drill speeds: the bounds of a request's speed, and the defaults.
const (
	minDrillSpeed       = 1
	maxDrillSpeed       = 3600
	defaultSimulatedRun = 60
)

// startDrillWorker starts the drill worker: the drill workflow and its
// activities, which notify through the daemon's notifier, record into the
// event store and open synthetic tickets through t.
func (d *Daemon) startDrillWorker(t *tickets) error {
	d.drillWorker = worker.New(d.client, drillwf.TaskQueue, worker.Options{WorkerStopTimeout: workerStopTimeout})
	d.drillWorker.RegisterWorkflowWithOptions(drillwf.Workflow, workflow.RegisterOptions{Name: drillwf.WorkflowName})
	d.drillWorker.RegisterActivity(&drillwf.Activities{Notifier: drillNotifier{d.notifier}, Events: d.events, Tickets: drillTickets{t}})
	if err := d.drillWorker.Start(); err != nil {
		return fmt.Errorf("start drill worker: %w", err)
	}
	return nil
}

// drillNotifier delivers drill notifications through the daemon's
// notifier: logged, counted by kind and posted to the webhook.
type drillNotifier struct{ n *notifier }

func (d drillNotifier) Notify(ctx context.Context, x drillwf.Notification) error {
	return d.n.deliver(ctx, x.Kind, x, "drill", x.Drill, "step", x.Step, "targets", x.Targets, "message", x.Message)
}

// drillTickets opens a drill's synthetic tickets as ordinary tickets
// tagged "drill".
type drillTickets struct{ t *tickets }

// OpenDrillTickets opens the scenario's tickets one after the other,
// spread evenly over its period divided by the drill's speed. Each has the
// external id "drill:<drill>:<n>", so a retry finds the tickets opened
// before (and does not wait for them again) instead of opening more. The
// tickets go to the first queue, by id, that takes their channel and
// category, in its first language and tier, at the middle priority of the
// configuration's priority levels.
func (o drillTickets) OpenDrillTickets(ctx context.Context, req drillwf.TicketsRequest) ([]string, error) {
	st := req.Scenario.SyntheticTickets
	if st == nil || st.Count <= 0 {
		return nil, nil
	}
	_, snap, _ := o.t.versions.Current()
	proto := edrill.SyntheticTicket(snap.Config, st)
	over, err := time.ParseDuration(st.Over)
	if err != nil || over < 0 {
		over = 0
	}
	speed := req.Speed
	if speed < 1 {
		speed = 1
	}
	gap := time.Duration(float64(over) / speed / float64(st.Count))
	ids := make([]string, 0, st.Count)
	var wait time.Duration
	for i := range st.Count {
		if wait > 0 {
			select {
			case <-ctx.Done():
				return ids, ctx.Err()
			case <-time.After(wait):
			}
		}
		t := proto
		t.ExternalID = fmt.Sprintf("drill:%s:%d", req.Drill, i+1)
		t.Customer.ID = fmt.Sprintf("drill-%s-%d", req.Drill, i+1)
		t.Subject = fmt.Sprintf("Drill %s: synthetic %s contact %d of %d", req.Drill, st.Category, i+1, st.Count)
		t.CreatedAt = time.Now().UTC()
		id, created, oerr := o.t.Open(ctx, t)
		if oerr != nil {
			return ids, fmt.Errorf("open synthetic ticket %d of %d: %w", i+1, st.Count, oerr)
		}
		ids = append(ids, id)
		wait = 0
		if created {
			wait = gap
		}
	}
	return ids, nil
}

var (
	_ api.Drills           = (*drills)(nil)
	_ drillwf.Notifier     = drillNotifier{}
	_ drillwf.TicketOpener = drillTickets{}
)

// drills runs drills as workflows on Temporal; it implements api.Drills.
type drills struct {
	c         client.Client
	namespace string
	versions  *snapshots
	// syncing runs one schedule sync at a time: two at once could race to
	// create the same schedule.
	syncing sync.Mutex
}

// SyncSchedules implements api.Drills: one Temporal Schedule per plan with
// a drill cadence, starting a real drill (mode drill, real time, the roles
// filled from the on-duty data as the configuration has them when synced).
func (s *drills) SyncSchedules(ctx context.Context) (apiv1.ScheduleReport, error) {
	s.syncing.Lock()
	defer s.syncing.Unlock()
	version, snap, _ := s.versions.Current()
	return syncSchedules(ctx, s.c, snap, scheduleSyncOptions{Version: version, Input: func(plan string) (any, error) {
		return scheduledDrillInput(snap, plan)
	}})
}

// scheduledDrillInput is the input of the scheduled drills of plan: no id
// (each run takes its workflow's) and nothing drawn at random, so that
// syncing the same configuration twice changes nothing.
func scheduledDrillInput(snap *config.Snapshot, plan string) (drillwf.Input, error) {
	in, err := drillInput(snap.Plans, apiv1.DrillRequest{Plan: plan, ID: "scheduled"}, "schedule")
	if err != nil {
		return in, err
	}
	in.ID = ""
	assigned, err := edrill.Assign(snap.Config, &in.Plan, nil)
	if err != nil {
		return in, fmt.Errorf("fill the roles of plan %s: %w", plan, err)
	}
	in.Assignments = assigned.People
	return in, nil
}

// Start implements api.Drills.
func (s *drills) Start(ctx context.Context, req apiv1.DrillRequest, owner string) (apiv1.DrillStarted, error) {
	_, snap, _ := s.versions.Current()
	in, err := drillInput(snap.Plans, req, owner)
	if err != nil {
		return apiv1.DrillStarted{}, &api.RejectedError{Reason: err.Error()}
	}
	assigned, err := edrill.Assign(snap.Config, &in.Plan, req.Assignments)
	if err != nil {
		return apiv1.DrillStarted{}, &api.RejectedError{Reason: err.Error()}
	}
	in.Assignments = assigned.People
	opts := client.StartWorkflowOptions{
		ID:                                       drillwf.WorkflowID(in.ID),
		TaskQueue:                                drillwf.TaskQueue,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
	}
	_, err = s.c.ExecuteWorkflow(ctx, opts, drillwf.WorkflowName, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		return apiv1.DrillStarted{}, &api.RejectedError{Reason: fmt.Sprintf("start drill: drill %s exists already; give another id", in.ID)}
	case err != nil:
		return apiv1.DrillStarted{}, fmt.Errorf("start the workflow of drill %s: %w", in.ID, err)
	}
	out := apiv1.DrillStarted{ID: in.ID, Plan: in.Plan.ID, Mode: in.Mode, Speed: in.Speed, Assignments: in.Assignments, Unfilled: assigned.Unfilled}
	if in.Simulation != nil {
		out.Seed = &in.Simulation.Seed
	}
	if out.Unfilled == nil {
		out.Unfilled = []string{}
	}
	return out, nil
}

// drillInput is the workflow input of a start request, roles not yet
// assigned: the plan as plans (the configuration's, compiled at load time)
// have it, the mode, the simulation and the speed with their defaults, and
// the id. It refuses settings out of range with the reason.
func drillInput(plans edrill.Plans, req apiv1.DrillRequest, owner string) (drillwf.Input, error) {
	plan, err := plans.Get(req.Plan)
	if err != nil {
		return drillwf.Input{}, fmt.Errorf("start drill: %w", err)
	}
	in := drillwf.Input{ID: req.ID, Plan: *plan, Mode: req.Mode, Owner: owner}
	var errs []string
	switch in.Mode {
	case "":
		in.Mode = edrill.ModeDrill
	case edrill.ModeDrill, edrill.ModeLive:
	default:
		errs = append(errs, fmt.Sprintf("mode %q is not drill or live", req.Mode))
	}
	if in.ID == "" {
		in.ID = fmt.Sprintf("D-%s-%s", req.Plan, randomHex(4))
	} else if err = api.CheckDrillID(in.ID); err != nil {
		errs = append(errs, "id: "+err.Error())
	}
	switch {
	case req.Simulate:
		if !(req.FailureRate >= 0 && req.FailureRate <= 1) {
			errs = append(errs, fmt.Sprintf("failure_rate %v is not within 0 to 1", req.FailureRate))
		}
		seed := uint64(0)
		if req.Seed != nil {
			seed = *req.Seed
		} else {
			var b [4]byte
			_, _ = rand.Read(b[:])
			seed = uint64(binary.BigEndian.Uint32(b[:]))
		}
		in.Simulation = &edrill.Simulation{Seed: seed, Default: edrill.Participant{Failure: req.FailureRate}}
	case req.Seed != nil || req.FailureRate != 0:
		errs = append(errs, "seed and failure_rate need simulate")
	}
	in.Speed = req.Speed
	if in.Speed == 0 {
		in.Speed = minDrillSpeed
		if req.Simulate {
			in.Speed = defaultSimulatedRun
		}
	}
	if !(in.Speed >= minDrillSpeed && in.Speed <= maxDrillSpeed) || math.IsNaN(in.Speed) {
		errs = append(errs, fmt.Sprintf("speed %v is not within %d to %d", req.Speed, minDrillSpeed, maxDrillSpeed))
	}
	if in.Mode == edrill.ModeLive {
		if req.Simulate {
			errs = append(errs, "a live run cannot be simulated")
		}
		if in.Speed != 1 {
			errs = append(errs, "a live run runs in real time (speed 1)")
		}
	}
	if len(errs) > 0 {
		return drillwf.Input{}, fmt.Errorf("start drill of plan %s: %s", req.Plan, strings.Join(errs, "; "))
	}
	return in, nil
}

// List implements api.Drills from Temporal's visibility store.
func (s *drills) List(ctx context.Context, limit int) ([]drillwf.Summary, error) {
	resp, err := s.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Namespace: s.namespace, PageSize: int32(limit), Query: drillwf.ListQuery,
	})
	if err != nil {
		return nil, fmt.Errorf("list drills: %w", err)
	}
	out := []drillwf.Summary{}
	for _, info := range resp.GetExecutions() {
		if len(out) == limit {
			break
		}
		sum, serr := drillwf.SummaryOf(info)
		if serr != nil {
			return nil, serr
		}
		out = append(out, sum)
	}
	return out, nil
}

// State implements api.Drills with the drill's state query.
func (s *drills) State(ctx context.Context, id string) (drillwf.State, error) {
	return queryState[drillwf.State](ctx, s.c, drillwf.WorkflowID(id), drillwf.QueryState, "drill "+id)
}

// Update implements api.Drills. The update has an id of its own, so
// sending it again after a transient failure applies it once.
func (s *drills) Update(ctx context.Context, id, name string, arg any) (drillwf.State, error) {
	var st drillwf.State
	opts := client.UpdateWorkflowOptions{
		UpdateID: "api-" + randomHex(8), WorkflowID: drillwf.WorkflowID(id), UpdateName: name, Args: []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	err := updateWorkflow(ctx, s.c, opts, &st)
	var notFound *serviceerror.NotFound
	var appErr *temporal.ApplicationError
	switch {
	case errors.As(err, &notFound):
		// An update to a drill that has ended is not found either.
		if status, derr := s.status(ctx, id); derr == nil {
			return st, &api.RejectedError{Reason: fmt.Sprintf("%s: drill %s has ended (%s)", name, id, statusName(status))}
		}
		return st, api.ErrNotFound
	case errors.As(err, &appErr):
		// The validator's refusals: the update was not applied.
		return st, &api.RejectedError{Reason: appErr.Message()}
	case err != nil:
		return st, fmt.Errorf("send %s to drill %s: %w", name, id, err)
	}
	return st, nil
}

// status is the status of the drill's workflow; an unknown drill is
// api.ErrNotFound.
func (s *drills) status(ctx context.Context, id string) (enumspb.WorkflowExecutionStatus, error) {
	desc, err := s.c.DescribeWorkflowExecution(ctx, drillwf.WorkflowID(id), "")
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return 0, api.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("describe drill %s: %w", id, err)
	}
	return desc.GetWorkflowExecutionInfo().GetStatus(), nil
}

// statusName is a workflow status in lower case: running, completed,
// failed, terminated ...
func statusName(s enumspb.WorkflowExecutionStatus) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "WORKFLOW_EXECUTION_STATUS_"))
}

// Result implements api.Drills.
func (s *drills) Result(ctx context.Context, id string, wait time.Duration) (*edrill.Result, drillwf.State, error) {
	status, err := s.status(ctx, id)
	if err != nil {
		return nil, drillwf.State{}, err
	}
	wid := drillwf.WorkflowID(id)
	if status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING && wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		var res edrill.Result
		gerr := s.c.GetWorkflow(wctx, wid, "").Get(wctx, &res)
		cancel()
		if gerr == nil {
			return &res, drillwf.State{}, nil
		}
		if ctx.Err() != nil {
			return nil, drillwf.State{}, ctx.Err()
		}
		// Still running after wait, or ended otherwise: look again.
		if status, err = s.status(ctx, id); err != nil {
			return nil, drillwf.State{}, err
		}
	}
	switch status {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		st, serr := s.State(ctx, id)
		return nil, st, serr
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		var res edrill.Result
		if gerr := s.c.GetWorkflow(ctx, wid, "").Get(ctx, &res); gerr != nil {
			return nil, drillwf.State{}, fmt.Errorf("read the result of drill %s: %w", id, gerr)
		}
		return &res, drillwf.State{}, nil
	}
	reason := fmt.Sprintf("drill %s ended without a result (%s)", id, statusName(status))
	if gerr := s.c.GetWorkflow(ctx, wid, "").Get(ctx, nil); gerr != nil {
		reason += ": " + gerr.Error()
	}
	return nil, drillwf.State{}, &api.EndedError{Reason: reason}
}

// Plan implements api.Drills from the drill's input, the first event of
// its history.
func (s *drills) Plan(ctx context.Context, id string) (edrill.Plan, error) {
	it := s.c.GetWorkflowHistory(ctx, drillwf.WorkflowID(id), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !it.HasNext() {
		return edrill.Plan{}, api.ErrNotFound
	}
	ev, err := it.Next()
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return edrill.Plan{}, api.ErrNotFound
	}
	if err != nil {
		return edrill.Plan{}, fmt.Errorf("read the history of drill %s: %w", id, err)
	}
	attrs := ev.GetWorkflowExecutionStartedEventAttributes()
	if attrs == nil {
		return edrill.Plan{}, fmt.Errorf("read the input of drill %s: its history starts with %s", id, ev.GetEventType())
	}
	var in drillwf.Input
	if err = converter.GetDefaultDataConverter().FromPayloads(attrs.GetInput(), &in); err != nil {
		return edrill.Plan{}, fmt.Errorf("decode the input of drill %s: %w", id, err)
	}
	return in.Plan, nil
}
