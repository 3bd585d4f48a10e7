package config

import (
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/model"
)

// checkOrganisation checks the names that categories, channels, teams,
// agents and on-duty rotas use, and that those on duty hold their role.
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
	for id, p := range entries("teams", cfg.Teams) {
		t := cfg.Teams[id]
		if t.Lead != "" && ref(c, p.at("lead"), "agents", t.Lead, cfg.Agents) && cfg.Agents[t.Lead].Team != id {
			c.warnf(p.at("lead"), "lead %q is a member of team %q, not %q", t.Lead, cfg.Agents[t.Lead].Team, id)
		}
		if t.Calendar != "" {
			ref(c, p.at("calendar"), "calendars", t.Calendar, cfg.Calendars)
		}
	}
	for id, p := range entries("agents", cfg.Agents) {
		a := cfg.Agents[id]
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
	for role, p := range entries("on_duty", cfg.OnDuty) {
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
	for id, p := range entries("queues", cfg.Queues) {
		q := cfg.Queues[id]
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

// checkApprovals checks the approval tiers: known approver roles, and
// up_to ascending, left out by the last tier only.
func (c *checker) checkApprovals() {
	cfg := c.cfg
	for action, p := range entries("approvals", cfg.Approvals) {
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
