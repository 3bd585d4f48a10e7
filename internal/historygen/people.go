package historygen

import (
	"slices"
)

// profile is how an agent works: skill moves CSAT, QA, FCR, resolution
// in time and complaints, in units of about one standard deviation of a
// center's agents.
type profile struct {
	id    string
	team  string
	skill float64
}

// The shape of the agents' skill: the best tenth are stars, the worst
// tenth weak, the rest spread evenly between midHigh and midLow.
const (
	starSkill  = 2.2
	starStep   = 0.15 // each further star a little below the first
	weakSkill  = -1.3
	midHigh    = 0.8
	midLow     = -0.6
	starsPer   = 10 // one star per this many agents, at least one
	seniorEdge = 0.35
	leadEdge   = 0.15
	traineeGap = 0.7
)

// The teams' pressure on the phones: one team is understaffed, one well
// staffed, the rest normal.
const (
	understaffed = 1.28
	wellStaffed  = 0.78
	normalStaff  = 1.0
)

// people draws the agents' profiles and the teams' pressure.
func (g *generator) people() {
	g.agents = map[string]*profile{}
	g.team = map[string][]string{}
	type ranked struct {
		id  string
		key float64
	}
	var rs []ranked
	for _, id := range sortedKeys(g.cfg.Agents) {
		a := g.cfg.Agents[id]
		key := g.rng.Float64()
		if slices.Contains(a.Roles, "senior") {
			key += seniorEdge
		}
		if slices.Contains(a.Roles, "team-lead") {
			key += leadEdge
		}
		if a.Training != nil && a.Training.Trainee {
			key -= traineeGap
		}
		rs = append(rs, ranked{id, key})
		g.agents[id] = &profile{id: id, team: a.Team}
		g.team[a.Team] = append(g.team[a.Team], id)
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		switch {
		case a.key > b.key:
			return -1
		case a.key < b.key:
			return 1
		}
		return 0
	})
	n := len(rs)
	stars := max(1, n/starsPer)
	weak := n / starsPer
	for i, r := range rs {
		p := g.agents[r.id]
		switch {
		case i < stars:
			p.skill = starSkill - starStep*float64(i)
		case i >= n-weak:
			p.skill = weakSkill
		default:
			mid := n - stars - weak
			f := 0.5
			if mid > 1 {
				f = float64(i-stars) / float64(mid-1)
			}
			p.skill = midHigh + (midLow-midHigh)*f
		}
	}
	g.pressure = map[string]float64{}
	teams := sortedKeys(g.cfg.Teams)
	for _, t := range teams {
		g.pressure[t] = normalStaff
	}
	if len(teams) >= 2 {
		perm := g.rng.Perm(len(teams))
		g.pressure[teams[perm[0]]] = understaffed
		g.pressure[teams[perm[1]]] = wellStaffed
	}
}

// assign picks the agent who handles a contact in queue q: an agent of
// the queue's team who works the channel, speaks the language and may
// take the category (skill at least its minimum; a trainee only what they
// are certified for); failing that, any agent of the team working the
// channel, then any agent of the team. "" when the team has nobody.
func (g *generator) assign(c contact) string {
	q := g.cfg.Queues[c.queue]
	cat := g.cfg.Categories[c.category]
	members := g.team[q.Team]
	var fit, channel []string
	for _, id := range members {
		a := g.cfg.Agents[id]
		if _, ok := a.Channels[c.channel]; !ok {
			continue
		}
		channel = append(channel, id)
		if !slices.Contains(a.Languages, c.language) {
			continue
		}
		if a.Skills[cat.Skill] < max(1, cat.MinProficiency) {
			continue
		}
		if a.Training != nil && a.Training.Trainee && !slices.Contains(a.Training.Certified, c.category) {
			continue
		}
		fit = append(fit, id)
	}
	for _, set := range [][]string{fit, channel, members} {
		if len(set) > 0 {
			return set[g.rng.IntN(len(set))]
		}
	}
	return ""
}
