package drill

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/supportops/supportops/engine/model"
)

// Delay is a range of response delays, drawn uniformly and rounded to the
// second. The zero Delay means the default: a share of the time the plan
// allots to the step (see Participant).
type Delay struct {
	Min time.Duration `json:"min"`
	Max time.Duration `json:"max"`
}

// IsZero reports whether d is the default.
func (d Delay) IsZero() bool { return d.Min == 0 && d.Max == 0 }

// Participant is how simulated people holding a role answer the steps they
// own.
type Participant struct {
	// Ack is the delay from notification to acknowledgement; by default
	// 5% to 20% of the step's allotted time.
	Ack Delay `json:"ack,omitzero"`
	// Done is the delay from acknowledgement to completion; by default
	// 20% to 60% of the step's allotted time. With both defaults a step
	// notified on time is done on time.
	Done Delay `json:"done,omitzero"`
	// Failure is the probability, 0 to 1, that the participant never
	// answers a step at all.
	Failure float64 `json:"failure,omitempty"`
}

// Simulation fills the roles of a run with simulated participants (the
// --simulate of "drill run"). The same seed, plan and settings always give
// the same responses.
type Simulation struct {
	Seed uint64 `json:"seed"`
	// Default is the behaviour of the roles not in Roles.
	Default Participant `json:"default,omitzero"`
	// Roles overrides the behaviour per role.
	Roles map[string]Participant `json:"roles,omitempty"`
}

// Response is what a simulated participant does with one step.
type Response struct {
	Step string `json:"step"`
	Role string `json:"role"`
	// Silent participants never answer.
	Silent bool `json:"silent,omitempty"`
	// AckAfter and DoneAfter count from the step's notification.
	AckAfter  time.Duration `json:"ack_after"`
	DoneAfter time.Duration `json:"done_after"`
}

// pcgStream is the second PCG seed word, fixed so that one number seeds a
// simulation.
const pcgStream = 0x5375_7070_6f72_744f // "SupportO"

// Validate checks the settings: failure probabilities within 0 to 1 and
// delay ranges that are not negative or reversed.
func (s Simulation) Validate() error {
	var errs []error
	check := func(name string, p Participant) {
		if !(p.Failure >= 0 && p.Failure <= 1) {
			errs = append(errs, fmt.Errorf("%s: failure %v is not within 0 to 1", name, p.Failure))
		}
		for _, d := range []struct {
			what string
			d    Delay
		}{{"ack", p.Ack}, {"done", p.Done}} {
			if d.d.Min < 0 || d.d.Max < d.d.Min {
				errs = append(errs, fmt.Errorf("%s: %s delay %s to %s is not a range of durations", name, d.what, d.d.Min, d.d.Max))
			}
		}
	}
	check("default", s.Default)
	for _, role := range model.SortedKeys(s.Roles) {
		check("role "+role, s.Roles[role])
	}
	return errors.Join(errs...)
}

// Responses draws the simulated responses to every step of p, in plan
// order, from a PCG generator seeded with s.Seed. Each step takes three
// draws (failure, acknowledgement, completion) whatever the settings, so
// changing one role's behaviour leaves the other roles' draws alone.
func (s Simulation) Responses(p *Plan) ([]Response, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("simulate plan %s: %w", p.ID, err)
	}
	rng := rand.New(rand.NewPCG(s.Seed, pcgStream))
	out := make([]Response, len(p.Steps))
	for i, st := range p.Steps {
		b, ok := s.Roles[st.Owner]
		if !ok {
			b = s.Default
		}
		fail, ack, done := rng.Float64(), rng.Float64(), rng.Float64()
		ackDelay := draw(b.Ack, Delay{Min: st.Allotted / 20, Max: st.Allotted / 5}, ack)
		out[i] = Response{
			Step: st.ID, Role: st.Owner, Silent: fail < b.Failure, AckAfter: ackDelay,
			DoneAfter: ackDelay + draw(b.Done, Delay{Min: st.Allotted / 5, Max: st.Allotted * 3 / 5}, done),
		}
	}
	return out, nil
}

// draw picks a delay of d (or def when d is zero) at u, within 0 to 1.
func draw(d, def Delay, u float64) time.Duration {
	if d.IsZero() {
		d = def
	}
	x := d.Min + time.Duration(float64(d.Max-d.Min)*u)
	return max(x.Round(time.Second), d.Min.Round(time.Second))
}
