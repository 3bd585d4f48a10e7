package policy_test

import (
	"cmp"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/ticket"
)

// referenceRoute is the routing policy's queue and agent selection written
// in plain Go: the differential test checks that the Rego policy agrees with
// it, and BenchmarkRouteReference measures it as the limit the policy is
// compared with. It mirrors policies/README.md, not the Rego code.
func referenceRoute(cfg *model.Config, ix policy.Index, agents map[string]ticket.AgentState, in policy.RouteInput) (queue, agent string) {
	t := in.Ticket
	type match struct {
		tiersUnset, catsUnset int
		id                    string
	}
	var best *match
	for id, q := range cfg.Queues {
		if !slices.Contains(q.Channels, t.Channel) || !slices.Contains(q.Languages, t.Language) {
			continue
		}
		m := match{id: id}
		if q.Tiers == nil {
			m.tiersUnset = 1
		} else if !slices.Contains(q.Tiers, t.Customer.Tier) {
			continue
		}
		if q.Categories == nil {
			m.catsUnset = 1
		} else if !slices.Contains(q.Categories, t.Category) {
			continue
		}
		if best == nil || cmp.Or(cmp.Compare(m.tiersUnset, best.tiersUnset), cmp.Compare(m.catsUnset, best.catsUnset), cmp.Compare(m.id, best.id)) < 0 {
			best = &m
		}
	}
	if best == nil {
		return "", ""
	}
	queue = best.id
	cat, ok := cfg.Categories[t.Category]
	if !ok {
		return queue, ""
	}
	minProf := max(cat.MinProficiency, 1)
	priority := t.Priority
	if priority == "" && cfg.Priorities != nil {
		priority = cfg.Priorities.Matrix[t.Impact][t.Urgency]
	}
	rank, ranked := ix.PriorityRank[priority]
	abusive := slices.Contains(t.Customer.Flags, ticket.FlagAbusive)
	limited := cat.Complaint || ix.VIPTiers[t.Customer.Tier] || (ranked && rank == 0) || abusive
	difficult := t.Escalated || abusive || cat.Difficult
	now := in.Now.Unix()

	type candidate struct {
		load int
		last int64
		id   string
	}
	var pick *candidate
	for _, id := range ix.TeamMembers[cfg.Queues[queue].Team] {
		s, ok := agents[id]
		if !ok || s.Status != ticket.Available {
			continue
		}
		a := cfg.Agents[id]
		if !slices.Contains(a.Languages, t.Language) {
			continue
		}
		if c, serves := a.Channels[t.Channel]; !serves || a.Skills[cat.Skill] < minProf || s.Load[t.Channel] >= c {
			continue
		}
		if a.Training != nil && a.Training.Trainee && (limited || !slices.Contains(a.Training.Certified, t.Category)) {
			continue
		}
		if w := ix.Wellbeing; w != nil && difficult && s.DifficultContacts >= w.Max && now-unix(s.LastDifficultAt) < w.CoolDown {
			continue
		}
		c := candidate{id: id, last: unix(s.LastAssignedAt)}
		for _, n := range s.Load {
			c.load += n
		}
		if pick == nil || cmp.Or(cmp.Compare(c.load, pick.load), cmp.Compare(c.last, pick.last), cmp.Compare(c.id, pick.id)) < 0 {
			pick = &c
		}
	}
	if pick == nil {
		return queue, ""
	}
	return queue, pick.id
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
