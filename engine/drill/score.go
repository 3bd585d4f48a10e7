package drill

import (
	"time"

	"github.com/supportops/supportops/engine/model"
)

// The weights of the score components when a plan sets none (or sets them
// all to zero), and the credit of a late step.
const (
	DefaultOnTimeWeight      = 0.5
	DefaultAcknowledgeWeight = 0.25
	DefaultMitigateWeight    = 0.25
	// LateCredit is the on-time credit of a step done after its deadline:
	// late is better than never.
	LateCredit = 0.5
)

// Scorecard is the score of a run, with its components.
type Scorecard struct {
	// Total is the weighted score, 0 to 100.
	Total float64 `json:"total"`
	// OnTime, Acknowledge and Mitigate are the components, 0 to 1.
	OnTime      float64 `json:"on_time"`
	Acknowledge float64 `json:"acknowledge"`
	Mitigate    float64 `json:"mitigate"`
	// Weights are the weights applied: the plan's or the defaults.
	Weights model.DrillScoring `json:"weights"`
}

// Score scores the outcomes of a run of p; a step without an outcome
// counts as pending. All times are on the drill clock (Mark.Elapsed), so a
// pause costs nothing. With step weights w, deadlines D and allotted
// times T (Step.Allotted):
//
//	on time      O = Σ w·o / Σ w over all steps, where o is 1 for a step done
//	               by its deadline, LateCredit (0.5) for one done after it,
//	               and 0 for one skipped or never done;
//	acknowledge  A = mean over the notified steps of
//	               clamp(1 − (acknowledged − notified) / T, 0, 1),
//	               0 for a step never acknowledged (a step done without an
//	               acknowledgement is acknowledged when done); a step with
//	               T = 0 scores 1 if acknowledged at once, else 0; A = 0
//	               when no step was notified;
//	mitigate     M = 1 if the mitigation step (Plan.Mitigation) was done by
//	               its deadline D, clamp(1 − (done − D) / D, 0, 1) if done
//	               later (nothing left at twice the deadline), 0 if never;
//	total          100 · (a·O + b·A + c·M) / (a + b + c)
//
// where a, b and c are scoring's on_time, acknowledge and mitigate
// weights, or the Default*Weight constants when scoring is nil or all
// zero.
func Score(p *Plan, out []StepOutcome, scoring *model.DrillScoring) Scorecard {
	w := model.DrillScoring{OnTime: DefaultOnTimeWeight, Acknowledge: DefaultAcknowledgeWeight, Mitigate: DefaultMitigateWeight}
	if scoring != nil && scoring.OnTime >= 0 && scoring.Acknowledge >= 0 && scoring.Mitigate >= 0 &&
		scoring.OnTime+scoring.Acknowledge+scoring.Mitigate > 0 {
		w = *scoring
	}
	all := outcomes(p, out)
	var weighted, weights float64
	var acks float64
	notified := 0
	mitigate := 0.0
	for i, o := range all {
		s := p.Steps[i]
		weights += s.Weight
		switch {
		case o.OnTime(s):
			weighted += s.Weight
		case o.State == Done:
			weighted += s.Weight * LateCredit
		}
		if !o.Notified.IsZero() {
			notified++
			acks += ackCredit(o, s.Allotted)
		}
		if s.ID == p.Mitigation && o.State == Done {
			mitigate = 1
			if late := o.Done.Elapsed - s.Deadline; late > 0 {
				mitigate = 0
				if s.Deadline > 0 {
					mitigate = clamp(1 - float64(late)/float64(s.Deadline))
				}
			}
		}
	}
	c := Scorecard{Mitigate: mitigate, Weights: w}
	if weights > 0 {
		c.OnTime = weighted / weights
	}
	if notified > 0 {
		c.Acknowledge = acks / float64(notified)
	}
	c.Total = 100 * (w.OnTime*c.OnTime + w.Acknowledge*c.Acknowledge + w.Mitigate*c.Mitigate) / (w.OnTime + w.Acknowledge + w.Mitigate)
	return c
}

// ackCredit is a notified step's acknowledgement credit against the time
// allotted to it.
func ackCredit(o StepOutcome, allotted time.Duration) float64 {
	ack := o.Acknowledged
	if ack.IsZero() {
		ack = o.Done
	}
	if ack.IsZero() {
		return 0
	}
	took := max(ack.Elapsed-o.Notified.Elapsed, 0)
	if allotted <= 0 {
		if took == 0 {
			return 1
		}
		return 0
	}
	return clamp(1 - float64(took)/float64(allotted))
}

func clamp(x float64) float64 { return min(max(x, 0), 1) }
