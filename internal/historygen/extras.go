package historygen

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/history"
)

// QA: reviews per agent and month, and the score: qaNormal for the
// normal agent, qaSkill more per unit of skill, spread qaSpread.
const (
	reviewsPerAgent = 4
	qaNormal        = 80
	qaSkill         = 5
	qaSpread        = 5
	maxQA           = 100
)

// The utilisation each team's handle times are scaled to: healthy for a
// normal team, over the limit for the understaffed one, relaxed for the
// well-staffed one.
const (
	utilisationNormal       = 0.79
	utilisationUnderstaffed = 0.87
	utilisationWellStaffed  = 0.72
)

// The drill: on the month's second Tuesday at 14:00, the first plan (by
// id) that has a drill and synthetic tickets opens them over its span;
// each is worked by one of the drill's participants.
const (
	drillWeek   = 2
	drillHour   = 14
	drillHandle = 4 * time.Minute
	drillPickUp = 15 * time.Second
)

// drill adds the tickets of the month's drill.
func (g *generator) drill() error {
	for _, id := range sortedKeys(g.cfg.EmergencyPlans) {
		plan := g.cfg.EmergencyPlans[id]
		if plan.Drill == nil || plan.Scenario == nil || plan.Scenario.SyntheticTickets == nil {
			continue
		}
		st := plan.Scenario.SyntheticTickets
		roles := plan.Drill.Participants
		if len(roles) == 0 {
			roles = plan.Roles
		}
		var people []string
		for _, a := range sortedKeys(g.cfg.Agents) {
			if slices.ContainsFunc(g.cfg.Agents[a].Roles, func(r string) bool { return slices.Contains(roles, r) }) {
				people = append(people, a)
			}
		}
		if len(people) == 0 || st.Count <= 0 {
			continue
		}
		over, err := time.ParseDuration(cmp.Or(st.Over, "0s"))
		if err != nil {
			over = 0
		}
		day := g.start
		for day.Weekday() != time.Tuesday {
			day = day.AddDate(0, 0, 1)
		}
		start := time.Date(day.Year(), day.Month(), day.Day()+7*(drillWeek-1), drillHour, 0, 0, 0, g.loc)
		for i := range st.Count {
			at := whole(start.Add(time.Duration(float64(over) * float64(i) / float64(st.Count))))
			agent := people[i%len(people)]
			fr := at.Add(drillPickUp)
			solved := fr.Add(drillHandle)
			hs := drillHandle.Seconds()
			r := history.Record{
				Channel: st.Channel, Team: g.cfg.Agents[agent].Team, Agent: agent, Category: st.Category,
				Customer: "drill-" + id, CreatedAt: at, FirstReplyAt: &fr, SolvedAt: &solved,
				AgentReplies: 1, Contacts: 1, HandleSeconds: &hs, Drill: true,
			}
			if g.live(st.Channel) {
				r.AnsweredAt = &fr
			}
			g.records = append(g.records, r)
		}
		return nil
	}
	return nil
}

// reviews gives each agent's solved tickets their QA reviews.
func (g *generator) reviews() {
	byAgent := map[string][]int{}
	for i, r := range g.records {
		if r.Agent != "" && r.SolvedAt != nil && !r.Drill {
			byAgent[r.Agent] = append(byAgent[r.Agent], i)
		}
	}
	for _, id := range sortedKeys(byAgent) {
		idx := byAgent[id]
		p := g.agents[id]
		for _, k := range g.rng.Perm(len(idx))[:min(reviewsPerAgent, len(idx))] {
			s := math.Round(qaNormal + qaSkill*p.skill + qaSpread*g.rng.NormFloat64())
			s = min(max(s, 0), maxQA)
			g.records[idx[k]].QAScore = &s
		}
	}
}

// utilisationScale returns, per team, the factor that brings the summed
// handle time of records to the team's utilisation of its agents'
// scheduled business time in the month.
func (g *generator) utilisationScale(records []history.Record) map[string]float64 {
	handled := map[string]float64{}
	for _, r := range records {
		if r.Agent != "" && r.HandleSeconds != nil && !r.Drill {
			handled[r.Team] += *r.HandleSeconds
		}
	}
	scheduled := map[string]float64{}
	for _, id := range sortedKeys(g.cfg.Agents) {
		a := g.cfg.Agents[id]
		cal := g.cals[cmp.Or(a.Calendar, g.cfg.Teams[a.Team].Calendar, g.cfg.Center.DefaultCalendar)]
		if cal != nil {
			scheduled[a.Team] += cal.Between(g.start, g.end).Seconds()
		}
	}
	scale := map[string]float64{}
	for _, t := range sortedKeys(g.cfg.Teams) {
		if handled[t] <= 0 || scheduled[t] <= 0 {
			continue
		}
		target := utilisationNormal
		switch g.pressure[t] {
		case understaffed:
			target = utilisationUnderstaffed
		case wellStaffed:
			target = utilisationWellStaffed
		}
		scale[t] = target * scheduled[t] / handled[t]
	}
	return scale
}
