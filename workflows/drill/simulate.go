package drill

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
)

// simulate draws the simulated participants' responses.
func (r *run) simulate(ctx workflow.Context) error {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
	})
	req := SimulateRequest{Plan: *r.plan, Simulation: *r.in.Simulation}
	if err := workflow.ExecuteLocalActivity(lctx, acts.Simulate, req).Get(ctx, &r.responses); err != nil {
		return fmt.Errorf("simulate the participants of drill %s: %w", r.in.ID, err)
	}
	var silent []string
	for _, resp := range r.responses {
		if resp.Silent {
			silent = append(silent, resp.Step)
		}
	}
	detail := fmt.Sprintf("seed %d; silent on: %s", r.in.Simulation.Seed, strings.Join(silent, ", "))
	if len(silent) == 0 {
		detail = fmt.Sprintf("seed %d; every participant answers", r.in.Simulation.Seed)
	}
	r.note(ctx, event.DrillSimulationDrawn, "", "", detail)
	return nil
}

// openTickets injects the scenario's synthetic tickets; a failure is
// recorded, and the drill goes on without them.
func (r *run) openTickets(ctx workflow.Context) {
	st := r.plan.Scenario.SyntheticTickets
	// The opener spreads the tickets over the scenario's period, at the
	// drill's speed, heartbeating as it goes.
	over, _ := time.ParseDuration(st.Over)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: r.wall(max(over, 0)) + time.Minute,
		HeartbeatTimeout:    4 * ticketsHeartbeat,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 5, MaximumInterval: time.Minute},
	})
	var res TicketsResult
	err := workflow.ExecuteActivity(actx, acts.OpenTickets, TicketsRequest{Drill: r.in.ID, Plan: r.plan.ID, Scenario: *r.plan.Scenario, Speed: r.in.Speed}).Get(ctx, &res)
	if err != nil {
		workflow.GetLogger(ctx).Warn("synthetic tickets not opened", "drill", r.in.ID, "error", err)
		r.note(ctx, event.DrillScenarioFailed, "", "", err.Error())
		return
	}
	r.note(ctx, event.DrillScenarioStarted, "", "", fmt.Sprintf("%d synthetic %s tickets on %s over %s: %d opened",
		st.Count, st.Category, st.Channel, st.Over, len(res.Tickets)))
}

// participate plays a simulated participant's response to a step: the
// acknowledgement and the completion at their delays from the
// notification, through the validation and handling of real updates.
func (r *run) participate(ctx workflow.Context, resp edrill.Response) {
	s := r.plan.Steps[r.index(resp.Step)]
	by := r.people[s.Owner]
	if resp.AckAfter > 0 {
		if err := r.sleep(ctx, resp.AckAfter); err != nil {
			return
		}
	}
	ack := StepUpdate{Step: s.ID, By: by, Note: "simulated"}
	if r.validateAck(ack) == nil {
		r.acknowledge(ctx, ack)
	}
	if d := resp.DoneAfter - resp.AckAfter; d > 0 {
		if err := r.sleep(ctx, d); err != nil {
			return
		}
	}
	done := StepUpdate{Step: s.ID, By: by, Checked: s.Checklist}
	if r.validateDone(done) == nil {
		r.complete(ctx, done)
	}
}
