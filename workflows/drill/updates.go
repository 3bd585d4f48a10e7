package drill

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
)

// validateStep checks an acknowledgement or completion of a step before
// it enters the history.
func (r *run) validateStep(verb string, u StepUpdate, ok func(o edrill.StepOutcome) error) error {
	if r.ended {
		return fmt.Errorf("%s: drill %s has ended", verb, r.in.ID)
	}
	if u.By == "" {
		return fmt.Errorf("%s: who answers (by) is not given", verb)
	}
	i := r.index(u.Step)
	if i < 0 {
		ids := make([]string, len(r.plan.Steps))
		for k, s := range r.plan.Steps {
			ids[k] = s.ID
		}
		return fmt.Errorf("%s: unknown step %q (steps: %s)", verb, u.Step, strings.Join(ids, ", "))
	}
	s, o := r.plan.Steps[i], r.steps[i]
	switch o.State {
	case edrill.Pending:
		var waiting []string
		for _, dep := range s.After {
			if d, _ := r.stepOutcome(dep); !d.State.Settled() {
				waiting = append(waiting, dep)
			}
		}
		if len(waiting) > 0 {
			return fmt.Errorf("%s: step %s has not started; it waits for %s", verb, s.ID, strings.Join(waiting, ", "))
		}
		// Its owner is being notified this moment (the drill has just
		// started, or the step before was just done): the handler waits
		// for the step to start, then checks the answer again.
	case edrill.Skipped:
		return fmt.Errorf("%s: step %s was skipped at its deadline", verb, s.ID)
	case edrill.Done:
		return fmt.Errorf("%s: step %s is already done (by %s)", verb, s.ID, o.Done.By)
	}
	if holder := r.people[s.Owner]; holder != "" && u.By != holder && u.By != r.in.Owner && u.By != r.people[r.plan.Commander] {
		return fmt.Errorf("%s: %s does not hold the %s role of step %s (%s does); only they, the drill owner or the commander may answer it",
			verb, u.By, s.Owner, s.ID, holder)
	}
	for _, item := range u.Checked {
		if _, found := s.ChecklistItem(item); !found {
			return fmt.Errorf("%s: %q is not an item of the checklist of step %s (%d items)", verb, item, s.ID, len(s.Checklist))
		}
	}
	return ok(o)
}

func (r *run) validateAck(u StepUpdate) error {
	return r.validateStep("ack", u, func(o edrill.StepOutcome) error {
		if !o.Acknowledged.IsZero() {
			return fmt.Errorf("ack: step %s is already acknowledged (by %s)", o.Step, o.Acknowledged.By)
		}
		return nil
	})
}

func (r *run) validateDone(u StepUpdate) error {
	return r.validateStep("done", u, func(edrill.StepOutcome) error { return nil })
}

// validateControl checks that by may pause, resume or abort the drill.
func (r *run) validateControl(verb string, c Control) error {
	if r.ended {
		return fmt.Errorf("%s: drill %s has ended", verb, r.in.ID)
	}
	if c.By == "" || c.By != r.in.Owner && c.By != r.people[r.plan.Commander] {
		return fmt.Errorf("%s: only the drill owner (%s) or the commander (%s) may %s drill %s, not %q",
			verb, r.in.Owner, r.who(r.plan.Commander), verb, r.in.ID, c.By)
	}
	return nil
}

func (r *run) validateAbort(c Control) error {
	if err := r.validateControl("abort", c); err != nil {
		return err
	}
	if strings.TrimSpace(c.Reason) == "" {
		return errors.New("abort: give a reason")
	}
	return nil
}

func (r *run) validatePause(c Control) error {
	if err := r.validateControl("pause", c); err != nil {
		return err
	}
	if r.paused {
		return fmt.Errorf("pause: drill %s is paused already", r.in.ID)
	}
	return nil
}

func (r *run) validateResume(c Control) error {
	if err := r.validateControl("resume", c); err != nil {
		return err
	}
	if !r.paused {
		return fmt.Errorf("resume: drill %s is not paused", r.in.ID)
	}
	return nil
}

// acknowledge applies a validated acknowledgement.
func (r *run) acknowledge(ctx workflow.Context, u StepUpdate) {
	o := &r.steps[r.index(u.Step)]
	o.Acknowledged = r.mark(ctx, u.By)
	if o.State == edrill.Notified {
		o.State = edrill.Acknowledged
	}
	r.answer(ctx, o, u, event.DrillStepAcknowledged)
}

// complete applies a validated completion; a step not acknowledged is
// acknowledged by it.
func (r *run) complete(ctx workflow.Context, u StepUpdate) {
	i := r.index(u.Step)
	o := &r.steps[i]
	o.Done = r.mark(ctx, u.By)
	if o.Acknowledged.IsZero() {
		o.Acknowledged = o.Done
	}
	o.State = edrill.Done
	o.Late = o.Late || o.Done.Elapsed > r.plan.Steps[i].Deadline
	r.answer(ctx, o, u, event.DrillStepDone)
}

// answer records the notes and checklist items of an update, and its
// entry.
func (r *run) answer(ctx workflow.Context, o *edrill.StepOutcome, u StepUpdate, typ string) {
	s := r.plan.Steps[r.index(u.Step)]
	if len(u.Checked) > 0 {
		ticked := slices.Clone(o.Checked)
		for _, item := range u.Checked {
			text, _ := s.ChecklistItem(item)
			ticked = append(ticked, text)
		}
		// In the checklist's order, each once.
		o.Checked = slices.DeleteFunc(slices.Clone(s.Checklist), func(item string) bool { return !slices.Contains(ticked, item) })
	}
	if u.Note != "" {
		o.Notes = append(o.Notes, edrill.Note{At: r.now(ctx), By: u.By, Text: u.Note})
	}
	detail := u.Note
	if len(u.Checked) > 0 {
		detail = strings.TrimSpace(fmt.Sprintf("%s (checklist %d of %d)", detail, len(o.Checked), len(s.Checklist)))
	}
	r.note(ctx, typ, s.ID, u.By, detail)
}

func (r *run) onAck(ctx workflow.Context, u StepUpdate) (State, error) {
	if err := r.started(ctx, u, r.validateAck); err != nil {
		return State{}, err
	}
	r.acknowledge(ctx, u)
	return r.answered(ctx)
}

func (r *run) onDone(ctx workflow.Context, u StepUpdate) (State, error) {
	if err := r.started(ctx, u, r.validateDone); err != nil {
		return State{}, err
	}
	r.complete(ctx, u)
	return r.answered(ctx)
}

// started waits until the step an accepted answer is for has started (it
// may have been accepted while its owner was being notified), and checks
// the answer again if it had to wait.
func (r *run) started(ctx workflow.Context, u StepUpdate, validate func(StepUpdate) error) error {
	i := r.index(u.Step)
	if r.steps[i].State != edrill.Pending {
		return nil
	}
	// Answers that wait go on in the order they came: an ack and a done
	// sent together are applied in that order.
	turn := r.waiting
	r.waiting++
	defer func() { r.served++ }()
	if err := workflow.Await(ctx, func() bool { return (r.ended || r.steps[i].State != edrill.Pending) && r.served == turn }); err != nil {
		return err
	}
	return validate(u)
}

func (r *run) onAbort(ctx workflow.Context, c Control) (State, error) {
	r.outcome, r.abortBy, r.abortReason = edrill.Aborted, c.By, c.Reason
	r.note(ctx, event.DrillAborted, "", c.By, c.Reason)
	return r.answered(ctx)
}

func (r *run) onPause(ctx workflow.Context, c Control) (State, error) {
	r.paused, r.pausedAt = true, r.now(ctx)
	r.epoch++
	r.note(ctx, event.DrillPaused, "", c.By, c.Reason)
	return r.answered(ctx)
}

func (r *run) onResume(ctx workflow.Context, c Control) (State, error) {
	now := r.now(ctx)
	r.pausedFor += now.Sub(r.pausedAt)
	r.paused = false
	r.epoch++
	r.note(ctx, event.DrillResumed, "", c.By, fmt.Sprintf("after %s", edrill.FormatDuration(now.Sub(r.pausedAt))))
	return r.answered(ctx)
}

// answered returns the state once what an update did is in the event
// store.
func (r *run) answered(ctx workflow.Context) (State, error) {
	seq := len(r.history)
	if err := workflow.Await(ctx, func() bool { return r.recorded >= seq }); err != nil {
		return State{}, err
	}
	return r.state(r.now(ctx)), nil
}
