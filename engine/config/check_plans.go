package config

import (
	"slices"
	"time"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/drill"
)

// checkPlans checks the emergency plans: their names against the
// configuration, their steps against each other (drill.Check, reported
// here with positions) and their deadlines against each other and the
// time limit.
func (c *checker) checkPlans() {
	cfg := c.cfg
	for id, p := range entries("emergency_plans", cfg.EmergencyPlans) {
		pl := cfg.EmergencyPlans[id]
		refs(c, p.at("roles"), "roles", pl.Roles, cfg.Roles)
		refs(c, p.at("activation", "roles"), "roles", pl.Activation.Roles, cfg.Roles)
		if ref(c, p.at("commander"), "roles", pl.Commander, cfg.Roles) && !slices.Contains(pl.Roles, pl.Commander) {
			c.errorf(p.at("commander"), "commander role %q is not one of the plan's roles", pl.Commander)
		}
		limit, limitOK := c.duration(p.at("time_limit"), pl.TimeLimit)
		if pl.EscalationPath != "" {
			ref(c, p.at("escalation_path"), "escalation paths", pl.EscalationPath, cfg.EscalationPaths)
		}
		if d := pl.Drill; d != nil {
			refs(c, p.at("drill", "participants"), "roles", d.Participants, cfg.Roles)
			if s := d.Scoring; s != nil && s.OnTime+s.Acknowledge+s.Mitigate == 0 {
				c.errorf(p.at("drill", "scoring"), "scoring weights are all zero")
			}
		}
		if s := pl.Scenario; s != nil && s.SyntheticTickets != nil {
			sp := p.at("scenario", "synthetic_tickets")
			ref(c, sp.at("channel"), "channels", s.SyntheticTickets.Channel, cfg.Channels)
			ref(c, sp.at("category"), "categories", s.SyntheticTickets.Category, cfg.Categories)
		}
		for _, pr := range drill.Check(pl) {
			c.report(diag.Error, p.at(pr.Path...), pr.Detail, "%s", pr.Summary)
		}
		deadlines := make([]time.Duration, len(pl.Steps))
		deadlineOK := make([]bool, len(pl.Steps))
		for i, s := range pl.Steps {
			sp := p.at("steps", i)
			if ref(c, sp.at("owner"), "roles", s.Owner, cfg.Roles) {
				switch {
				case !slices.Contains(pl.Roles, s.Owner):
					c.errorf(sp.at("owner"), "owner role %q is not one of the plan's roles", s.Owner)
				case !c.filled(s.Owner):
					// A drill or activation notifies the first on duty, or
					// else the first agent holding the role.
					c.errorf(sp.at("owner"), "nobody fills role %q of step %q: add agents to on_duty.%s or give the role to an agent", s.Owner, s.ID, s.Owner)
				}
			}
			d, ok := c.duration(sp.at("deadline"), s.Deadline)
			deadlines[i], deadlineOK[i] = d, ok
			if ok && limitOK && d > limit {
				c.errorf(sp.at("deadline"), "deadline %s is after the plan's time_limit %s", s.Deadline, pl.TimeLimit)
			}
		}
		steps := drill.StepIndex(pl.Steps)
		for i, s := range pl.Steps {
			for j, dep := range s.After {
				if k, ok := steps[dep]; ok && dep != s.ID && deadlineOK[i] && deadlineOK[k] && deadlines[k] > deadlines[i] {
					c.errorf(p.at("steps", i, "deadline"), "deadline %s of step %q is before the deadline %s of step %q it waits for (after[%d])",
						s.Deadline, s.ID, pl.Steps[k].Deadline, dep, j)
				}
			}
		}
	}
}

// filled holds when someone can be called for role: an agent on duty
// for it, or an agent holding it.
func (c *checker) filled(role string) bool {
	if len(c.cfg.OnDuty[role]) > 0 {
		return true
	}
	for _, a := range c.cfg.Agents {
		if slices.Contains(a.Roles, role) {
			return true
		}
	}
	return false
}

// compilePlans compiles the emergency plans of a configuration that has
// passed every check, as drills and activations run them (drill.PlanOf).
// Those checks leave nothing for compiling to find; should it find
// something all the same, it is reported at the plan.
func (c *checker) compilePlans() {
	for id, at := range entries("emergency_plans", c.cfg.EmergencyPlans) {
		p, err := drill.PlanOf(c.cfg, id)
		if err != nil {
			c.errorf(at, "%v", err)
			continue
		}
		c.plans[id] = p
	}
}
