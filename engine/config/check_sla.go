package config

import (
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
)

// checkPriorities checks the priority matrix: unique levels, known
// impacts and urgencies, and a level for every pair.
func (c *checker) checkPriorities() {
	pm := c.cfg.Priorities
	if pm == nil {
		return
	}
	p := path{"priorities"}
	seen := map[string]bool{}
	for i, l := range pm.Levels {
		if seen[l.ID] {
			c.errorf(p.at("levels", i, "id"), "duplicate priority level %q", l.ID)
		}
		seen[l.ID] = true
	}
	impacts, urgencies := sortedCopy(pm.Impacts), sortedCopy(pm.Urgencies)
	for _, imp := range model.SortedKeys(pm.Matrix) {
		if !slices.Contains(pm.Impacts, imp) {
			c.report(diag.Error, p.at("matrix", imp), diag.Known("impacts", imp, impacts), "unknown impact %q", imp)
			continue
		}
		for _, urg := range model.SortedKeys(pm.Matrix[imp]) {
			up := p.at("matrix", imp, urg)
			if !slices.Contains(pm.Urgencies, urg) {
				c.report(diag.Error, up, diag.Known("urgencies", urg, urgencies), "unknown urgency %q", urg)
				continue
			}
			c.refLevel(up, pm.Matrix[imp][urg])
		}
	}
	for _, imp := range pm.Impacts {
		var missing []string
		for _, urg := range pm.Urgencies {
			if _, ok := pm.Matrix[imp][urg]; !ok {
				missing = append(missing, urg)
			}
		}
		if len(missing) > 0 {
			c.errorf(p.at("matrix"), "impact %q has no priority for urgency %s", imp, strings.Join(missing, ", "))
		}
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func (c *checker) checkSLAs() {
	cfg := c.cfg
	names := map[string]int{}
	catchAll := -1
	for i, pol := range cfg.SLAPolicies {
		p := path{"sla_policies", i}
		if j, dup := names[pol.Name]; dup {
			c.errorf(p.at("name"), "duplicate SLA policy name %q (also sla_policies[%d])", pol.Name, j)
		}
		names[pol.Name] = i
		if catchAll >= 0 {
			c.warnf(p, "SLA policy %q never applies: %q before it matches every ticket", pol.Name, cfg.SLAPolicies[catchAll].Name)
		}
		if m := pol.Match; m != nil {
			mp := p.at("match")
			for j, pr := range m.Priorities {
				c.refLevel(mp.at("priorities", j), pr)
			}
			refs(c, mp.at("channels"), "channels", m.Channels, cfg.Channels)
			refs(c, mp.at("categories"), "categories", m.Categories, cfg.Categories)
			refs(c, mp.at("tiers"), "tiers", m.Tiers, cfg.Tiers)
			refs(c, mp.at("queues"), "queues", m.Queues, cfg.Queues)
		}
		if catchAll < 0 && (pol.Match == nil || (len(pol.Match.Priorities)+len(pol.Match.Channels)+len(pol.Match.Categories)+len(pol.Match.Tiers)+len(pol.Match.Queues)) == 0) {
			catchAll = i
		}
		if pol.Calendar != "" {
			ref(c, p.at("calendar"), "calendars", pol.Calendar, cfg.Calendars)
		}
		if pol.EscalationPath != "" {
			ref(c, p.at("escalation_path"), "escalation paths", pol.EscalationPath, cfg.EscalationPaths)
		}
		n := 0
		pol.Metrics.Each(func(name string, m *model.SLAMetric) {
			n++
			c.checkMetric(p.at("metrics", name), m)
		})
		if n == 0 {
			c.errorf(p.at("metrics"), "SLA policy %q sets no metric: set first_reply, next_reply, periodic_update or resolution", pol.Name)
		}
	}
}

func (c *checker) checkMetric(p path, m *model.SLAMetric) {
	target, ok := c.duration(p.at("target"), m.Target)
	if ok && target <= 0 {
		c.errorf(p.at("target"), "target must be positive")
	}
	if m.Calendar != "" {
		ref(c, p.at("calendar"), "calendars", m.Calendar, c.cfg.Calendars)
	}
	if m.EscalationPath != "" {
		ref(c, p.at("escalation_path"), "escalation paths", m.EscalationPath, c.cfg.EscalationPaths)
	}
	for i, wb := range m.WarnBefore {
		if d, dok := c.duration(p.at("warn_before", i), wb); ok && dok && (d <= 0 || d >= target) {
			c.errorf(p.at("warn_before", i), "warn_before %s must be above 0 and below the target %s", wb, m.Target)
		}
	}
	for i := 1; i < len(m.WarnAt); i++ {
		if m.WarnAt[i] <= m.WarnAt[i-1] {
			c.errorf(p.at("warn_at", i), "warn_at must ascend: %g after %g", m.WarnAt[i], m.WarnAt[i-1])
		}
	}
}

func (c *checker) checkEscalations() {
	cfg := c.cfg
	for id, p := range entries("escalation_paths", cfg.EscalationPaths) {
		var prev time.Duration
		prevOK := false
		for i, l := range cfg.EscalationPaths[id].Levels {
			lp := p.at("levels", i)
			after, ok := c.duration(lp.at("after"), l.After)
			if ok && i > 0 && prevOK && after <= prev {
				c.errorf(lp.at("after"), "escalation levels out of order: level %d starts after %s, not later than level %d (%s)", i+1, l.After, i, cfg.EscalationPaths[id].Levels[i-1].After)
			}
			prev, prevOK = after, ok
			for j, t := range l.Targets {
				c.checkTarget(lp.at("targets", j), t)
			}
			if l.Repeat > 0 && l.RepeatEvery == "" {
				c.errorf(lp.at("repeat"), "repeat %d needs repeat_every", l.Repeat)
			}
			if l.RoundRobin && len(l.Targets) < 2 && !strings.HasPrefix(l.Targets[0], "on_duty:") && !strings.HasPrefix(l.Targets[0], "team:") && !strings.HasPrefix(l.Targets[0], "role:") {
				c.warnf(lp.at("round_robin"), "round_robin over a single agent has no effect")
			}
			if l.When != nil {
				for j, pr := range l.When.Priorities {
					c.refLevel(lp.at("when", "priorities", j), pr)
				}
			}
		}
	}
}

// checkTarget checks a "kind:name" escalation target.
func (c *checker) checkTarget(p path, t string) {
	kind, name, _ := strings.Cut(t, ":")
	switch kind {
	case "role":
		ref(c, p, "roles", name, c.cfg.Roles)
	case "team":
		ref(c, p, "teams", name, c.cfg.Teams)
	case "agent":
		ref(c, p, "agents", name, c.cfg.Agents)
	case "on_duty":
		if ref(c, p, "roles", name, c.cfg.Roles) && len(c.cfg.OnDuty[name]) == 0 {
			c.errorf(p, "nobody is on duty as %q: add agents to on_duty.%s", name, name)
		}
	}
}
