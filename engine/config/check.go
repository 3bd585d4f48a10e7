package config

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones are checked the same on every machine

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
)

// checker runs the cross-reference and semantic checks on a decoded model.
// It reports into ds and never stops at the first problem.
type checker struct {
	cfg       *model.Config
	pos       *positions
	ds        diag.Diagnostics
	calendars map[string]*calendar.Calendar
	levels    []string // priority level ids, sorted
}

// check runs every check and returns what it found, and the calendars it
// built.
func check(cfg *model.Config, pos *positions) (diag.Diagnostics, map[string]*calendar.Calendar) {
	c := &checker{cfg: cfg, pos: pos, calendars: map[string]*calendar.Calendar{}}
	if cfg.Priorities != nil {
		for _, l := range cfg.Priorities.Levels {
			c.levels = append(c.levels, l.ID)
		}
		slices.Sort(c.levels)
	}
	c.checkCenter()
	c.checkCalendars()
	c.checkOrganisation()
	c.checkQueues()
	c.checkPriorities()
	c.checkSLAs()
	c.checkEscalations()
	c.checkKPIs()
	c.checkPlans()
	c.checkIncentives()
	c.checkApprovals()
	return c.ds, c.calendars
}

// report adds a diagnostic at p.
func (c *checker) report(sev diag.Severity, p path, detail, format string, args ...any) {
	c.ds = append(c.ds, diag.Diagnostic{
		Severity:  sev,
		Path:      p.String(),
		Summary:   fmt.Sprintf(format, args...),
		Detail:    detail,
		Positions: c.pos.at(p.cue()),
	})
}

func (c *checker) errorf(p path, format string, args ...any) {
	c.report(diag.Error, p, "", format, args...)
}

func (c *checker) warnf(p path, format string, args ...any) {
	c.report(diag.Warning, p, "", format, args...)
}

// ref reports name at p unless it is a key of m; kind is the plural noun
// used in the message ("teams").
func ref[V any](c *checker, p path, kind, name string, m map[string]V) bool {
	if _, ok := m[name]; ok {
		return true
	}
	c.report(diag.Error, p, diag.Known(kind, name, model.SortedKeys(m)), "unknown %s %q", singular(kind), name)
	return false
}

// refs checks every name of a list.
func refs[V any](c *checker, p path, kind string, names []string, m map[string]V) {
	for i, n := range names {
		ref(c, p.at(i), kind, n, m)
	}
}

// refLevel checks a priority level id.
func (c *checker) refLevel(p path, id string) {
	if _, ok := slices.BinarySearch(c.levels, id); ok {
		return
	}
	if c.cfg.Priorities == nil {
		c.errorf(p, "priority %q used but no priorities are defined", id)
		return
	}
	c.report(diag.Error, p, diag.Known("priorities", id, c.levels), "unknown priority %q", id)
}

func singular(kind string) string {
	switch {
	case strings.HasSuffix(kind, "ies"):
		return strings.TrimSuffix(kind, "ies") + "y"
	case strings.HasSuffix(kind, "s"):
		return strings.TrimSuffix(kind, "s")
	}
	return kind
}

// duration parses a duration the schema has already checked the form of,
// so that what fails here is a duration too long for time.Duration. A
// check that compares durations must skip one that failed: it has no
// value to compare.
func (c *checker) duration(p path, s string) (time.Duration, bool) {
	d, err := time.ParseDuration(s)
	if err != nil {
		c.report(diag.Error, p, fmt.Sprintf("the longest duration is %s (about 292 years)", time.Duration(math.MaxInt64).Truncate(time.Second)),
			"duration %q is out of range", s)
		return 0, false
	}
	return d, true
}

// timezone checks an IANA time zone name.
func (c *checker) timezone(p path, name string) (*time.Location, bool) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		c.report(diag.Error, p, `use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"`, "unknown time zone %q", name)
		return nil, false
	}
	return loc, true
}

func (c *checker) checkCenter() {
	p := path{"center"}
	c.timezone(p.at("timezone"), c.cfg.Center.Timezone)
	if dc := c.cfg.Center.DefaultCalendar; dc != "" {
		ref(c, p.at("default_calendar"), "calendars", dc, c.cfg.Calendars)
	}
}

func (c *checker) checkCalendars() {
	for _, id := range model.SortedKeys(c.cfg.Calendars) {
		if cal := c.buildCalendar(path{"calendars", id}, c.cfg.Calendars[id]); cal != nil {
			c.calendars[id] = cal
		}
	}
}

// buildCalendar checks a calendar and builds it; nil when it has errors.
func (c *checker) buildCalendar(p path, m model.Calendar) *calendar.Calendar {
	loc, ok := c.timezone(p.at("timezone"), m.Timezone)
	var weekly calendar.Weekly
	for i, h := range m.Hours {
		if err := weekly.AddHours(h); err != nil {
			c.errorf(p.at("hours", i), "%v", err)
			ok = false
		}
	}
	spec := calendar.Spec{Location: loc, Weekly: weekly}
	seen := map[string]int{}
	for i, h := range m.Holidays {
		d, err := calendar.ParseDate(h.Date)
		if err != nil {
			c.errorf(p.at("holidays", i, "date"), "%v", err)
			ok = false
			continue
		}
		if j, dup := seen[h.Date]; dup {
			c.warnf(p.at("holidays", i, "date"), "holiday %s is listed twice (also holidays[%d])", h.Date, j)
		}
		seen[h.Date] = i
		spec.Holidays = append(spec.Holidays, d)
	}
	for i, sd := range m.SpecialDays {
		d, err := calendar.ParseDate(sd.Date)
		if err != nil {
			c.errorf(p.at("special_days", i, "date"), "%v", err)
			ok = false
			continue
		}
		day := calendar.SpecialDay{Date: d}
		for j, w := range sd.Windows {
			win, err := calendar.ParseWindow(w)
			if err != nil {
				c.errorf(p.at("special_days", i, "windows", j), "%v", err)
				ok = false
				continue
			}
			day.Windows = append(day.Windows, win)
		}
		spec.SpecialDays = append(spec.SpecialDays, day)
	}
	if !ok {
		return nil
	}
	cal, err := calendar.New(spec)
	if err != nil {
		c.errorf(p, "%v", err)
		return nil
	}
	return cal
}

func (c *checker) checkOrganisation() {
	cfg := c.cfg
	for _, id := range model.SortedKeys(cfg.Categories) {
		ref(c, path{"categories", id, "skill"}, "skills", cfg.Categories[id].Skill, cfg.Skills)
	}
	for _, id := range model.SortedKeys(cfg.Channels) {
		if cal := cfg.Channels[id].Calendar; cal != "" {
			ref(c, path{"channels", id, "calendar"}, "calendars", cal, cfg.Calendars)
		}
	}
	for _, id := range model.SortedKeys(cfg.Teams) {
		t, p := cfg.Teams[id], path{"teams", id}
		if t.Lead != "" && ref(c, p.at("lead"), "agents", t.Lead, cfg.Agents) && cfg.Agents[t.Lead].Team != id {
			c.warnf(p.at("lead"), "lead %q is a member of team %q, not %q", t.Lead, cfg.Agents[t.Lead].Team, id)
		}
		if t.Calendar != "" {
			ref(c, p.at("calendar"), "calendars", t.Calendar, cfg.Calendars)
		}
	}
	for _, id := range model.SortedKeys(cfg.Agents) {
		a, p := cfg.Agents[id], path{"agents", id}
		ref(c, p.at("team"), "teams", a.Team, cfg.Teams)
		refs(c, p.at("roles"), "roles", a.Roles, cfg.Roles)
		for _, s := range model.SortedKeys(a.Skills) {
			ref(c, p.at("skills", s), "skills", s, cfg.Skills)
		}
		for _, ch := range model.SortedKeys(a.Channels) {
			ref(c, p.at("channels", ch), "channels", ch, cfg.Channels)
		}
		if a.Timezone != "" {
			c.timezone(p.at("timezone"), a.Timezone)
		}
		if a.Calendar != "" {
			ref(c, p.at("calendar"), "calendars", a.Calendar, cfg.Calendars)
		}
		if a.Training != nil {
			refs(c, p.at("training", "certified"), "categories", a.Training.Certified, cfg.Categories)
		}
	}
	for _, role := range model.SortedKeys(cfg.OnDuty) {
		p := path{"on_duty", role}
		ref(c, p, "roles", role, cfg.Roles)
		for i, agent := range cfg.OnDuty[role] {
			if ref(c, p.at(i), "agents", agent, cfg.Agents) && !slices.Contains(cfg.Agents[agent].Roles, role) {
				c.errorf(p.at(i), "agent %q is on duty as %q but does not hold that role", agent, role)
			}
		}
	}
}

func (c *checker) checkQueues() {
	cfg := c.cfg
	// Agents whose team does not exist are already reported; judging
	// reachability without them would only repeat that error.
	badTeamRef := false
	byTeam := map[string][]string{}
	for _, id := range model.SortedKeys(cfg.Agents) {
		team := cfg.Agents[id].Team
		if _, ok := cfg.Teams[team]; !ok {
			badTeamRef = true
		}
		byTeam[team] = append(byTeam[team], id)
	}
	for _, id := range model.SortedKeys(cfg.Queues) {
		q, p := cfg.Queues[id], path{"queues", id}
		ref(c, p.at("team"), "teams", q.Team, cfg.Teams)
		refs(c, p.at("channels"), "channels", q.Channels, cfg.Channels)
		refs(c, p.at("categories"), "categories", q.Categories, cfg.Categories)
		refs(c, p.at("tiers"), "tiers", q.Tiers, cfg.Tiers)
		if q.Calendar != "" {
			ref(c, p.at("calendar"), "calendars", q.Calendar, cfg.Calendars)
		}
		if q.EscalationPath != "" {
			ref(c, p.at("escalation_path"), "escalation paths", q.EscalationPath, cfg.EscalationPaths)
		}
		if _, ok := cfg.Teams[q.Team]; ok && !badTeamRef && !c.reachable(q, byTeam[q.Team]) {
			c.report(diag.Error, p, "add an agent of the team who serves one of its channels and speaks one of its languages",
				"queue %q is unreachable: no agent of team %q serves channels %s in languages %s",
				id, q.Team, strings.Join(q.Channels, ", "), strings.Join(q.Languages, ", "))
		}
	}
}

// reachable reports whether one of the agents can take a ticket of q: the
// agent serves one of its channels and speaks one of its languages.
func (c *checker) reachable(q model.Queue, agents []string) bool {
	for _, id := range agents {
		a := c.cfg.Agents[id]
		serves := slices.ContainsFunc(q.Channels, func(ch string) bool { _, ok := a.Channels[ch]; return ok })
		speaks := slices.ContainsFunc(q.Languages, func(l string) bool { return slices.Contains(a.Languages, l) })
		if serves && speaks {
			return true
		}
	}
	return false
}

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
	for _, id := range model.SortedKeys(cfg.EscalationPaths) {
		p := path{"escalation_paths", id}
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

func (c *checker) checkKPIs() {
	cfg := c.cfg
	for _, id := range model.SortedKeys(cfg.KPIs) {
		k, p := cfg.KPIs[id], path{"kpis", id}
		b := k.Bands
		higher := k.Direction == "higher"
		if (higher && !(b.Excellent > b.Good && b.Good > b.OK)) || (!higher && !(b.Excellent < b.Good && b.Good < b.OK)) {
			order := ">"
			if !higher {
				order = "<"
			}
			c.errorf(p.at("bands"), "bands are not monotonic: %s is better, so want excellent %s good %s ok, got %g, %g, %g",
				k.Direction, order, order, b.Excellent, b.Good, b.OK)
		}
		if k.Metric == "service_level" && k.Within == "" {
			c.errorf(p.at("metric"), "service_level needs within: the answer time, e.g. within: \"20s\"")
		}
		if k.Within != "" {
			c.duration(p.at("within"), k.Within)
		}
		if k.Channel != "" {
			ref(c, p.at("channel"), "channels", k.Channel, cfg.Channels)
		}
		if kind, name, ok := strings.Cut(k.Scope, ":"); ok && name != "*" {
			switch kind {
			case "team":
				ref(c, p.at("scope"), "teams", name, cfg.Teams)
			case "queue":
				ref(c, p.at("scope"), "queues", name, cfg.Queues)
			case "agent":
				ref(c, p.at("scope"), "agents", name, cfg.Agents)
			case "channel":
				ref(c, p.at("scope"), "channels", name, cfg.Channels)
			}
		}
	}
}

func (c *checker) checkPlans() {
	cfg := c.cfg
	for _, id := range model.SortedKeys(cfg.EmergencyPlans) {
		pl, p := cfg.EmergencyPlans[id], path{"emergency_plans", id}
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
		steps := map[string]int{}
		for i, s := range pl.Steps {
			if j, dup := steps[s.ID]; dup {
				c.errorf(p.at("steps", i, "id"), "duplicate step id %q (also steps[%d])", s.ID, j)
				continue
			}
			steps[s.ID] = i
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
			for j, dep := range s.After {
				if dep == s.ID {
					c.errorf(sp.at("after", j), "step %q depends on itself", s.ID)
					continue
				}
				ref(c, sp.at("after", j), "steps", dep, steps)
			}
		}
		for i, s := range pl.Steps {
			for j, dep := range s.After {
				if k, ok := steps[dep]; ok && dep != s.ID && deadlineOK[i] && deadlineOK[k] && deadlines[k] > deadlines[i] {
					c.errorf(p.at("steps", i, "deadline"), "deadline %s of step %q is before the deadline %s of step %q it waits for (after[%d])",
						s.Deadline, s.ID, pl.Steps[k].Deadline, dep, j)
				}
			}
		}
		if cycle := findCycle(pl.Steps, steps); cycle != nil {
			c.errorf(p.at("steps", steps[cycle[0]], "after"), "steps form a cycle: %s", strings.Join(cycle, " -> "))
		}
	}
}

// findCycle returns the ids of a dependency cycle among the steps, first id
// repeated at the end, or nil.
func findCycle(steps []model.PlanStep, index map[string]int) []string {
	const (
		unvisited = iota
		onStack
		done
	)
	state := make([]int, len(steps))
	var stack []string
	var visit func(i int) []string
	visit = func(i int) []string {
		state[i] = onStack
		stack = append(stack, steps[i].ID)
		for _, dep := range steps[i].After {
			j, ok := index[dep]
			if !ok || dep == steps[i].ID {
				continue
			}
			switch state[j] {
			case onStack:
				start := slices.Index(stack, dep)
				return append(slices.Clone(stack[start:]), dep)
			case unvisited:
				if c := visit(j); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
		return nil
	}
	for i := range steps {
		if state[i] == unvisited {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}

func (c *checker) checkIncentives() {
	cfg := c.cfg
	for _, id := range model.SortedKeys(cfg.Incentives) {
		in, p := cfg.Incentives[id], path{"incentives", id}
		hasKPI := false
		for i, cond := range in.When {
			if cond.KPI != "" {
				hasKPI = true
				ref(c, p.at("when", i, "kpi"), "kpis", cond.KPI, cfg.KPIs)
			}
		}
		if in.Top > 0 && !hasKPI {
			c.errorf(p.at("top"), "top needs a KPI condition to rank recipients by")
		}
		r, rp := in.Reward, p.at("reward")
		kinds := 0
		for _, set := range []bool{r.Bonus > 0, r.Points > 0, r.Award != ""} {
			if set {
				kinds++
			}
		}
		if kinds != 1 {
			c.errorf(rp, "reward must set exactly one of bonus, points or award")
		}
		if r.Bonus > 0 && r.Currency == "" {
			c.errorf(rp.at("bonus"), "bonus needs a currency")
		}
		if in.Cap > 0 && r.Award != "" {
			c.warnf(p.at("cap"), "cap has no effect on an award")
		}
	}
}

func (c *checker) checkApprovals() {
	cfg := c.cfg
	for _, action := range model.SortedKeys(cfg.Approvals) {
		p := path{"approvals", string(action)}
		tiers := cfg.Approvals[action].Tiers
		for i, t := range tiers {
			tp := p.at("tiers", i)
			refs(c, tp.at("approvers"), "roles", t.Approvers, cfg.Roles)
			if t.UpTo == nil {
				if i != len(tiers)-1 {
					c.errorf(tp, "only the last tier may leave out up_to")
				}
				continue
			}
			if i > 0 && tiers[i-1].UpTo != nil && *t.UpTo <= *tiers[i-1].UpTo {
				c.errorf(tp.at("up_to"), "tiers must ascend: up_to %g after %g", *t.UpTo, *tiers[i-1].UpTo)
			}
		}
	}
}
