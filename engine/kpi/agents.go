package kpi

import (
	"fmt"
	"time"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/model"
)

// byAgents makes the results of an agent-based KPI (utilisation,
// workload) from its per-agent sums in p.
func (t *Tally) byAgents(s *spec, perAgent []acc, p Period) []Result {
	out := make([]Result, len(s.names))
	switch s.metric {
	case utilisation:
		scheduled := map[*calendar.Calendar]float64{}
		for slot, name := range s.names {
			var handled, busy, n float64
			for _, a := range t.members(s, slot) {
				handled += perAgent[a].num
				n += perAgent[a].den
				if a < len(t.calendars) && t.calendars[a] != nil {
					cal := t.calendars[a]
					sec, ok := scheduled[cal]
					if !ok {
						sec = cal.Between(p.Start, p.End).Seconds()
						scheduled[cal] = sec
					}
					busy += sec
				}
			}
			out[slot] = s.result(name, handled, busy, n > 0, p.String())
		}
	case workload:
		mean := func(members []int) (float64, float64) {
			var w, n float64
			for _, a := range members {
				w += perAgent[a].num
				n += perAgent[a].den
			}
			if len(members) == 0 {
				return 0, 0
			}
			return w / float64(len(members)), n
		}
		for slot, name := range s.names {
			if s.scope != agent {
				m, n := mean(t.members(s, slot))
				out[slot] = s.result(name, m, m, n > 0, p.String())
				continue
			}
			a := t.member(s, slot)
			var m float64
			if a < t.agents.configured && t.agentTeam[a] != unknown {
				m, _ = mean(t.teamAgents(t.agentTeam[a]))
			}
			out[slot] = s.result(name, perAgent[a].num, m, perAgent[a].den > 0, p.String())
		}
	}
	return out
}

// member is the agent index of slot of an agent scope.
func (t *Tally) member(s *spec, slot int) int {
	if s.fixed != unknown {
		return int(s.fixed)
	}
	return slot
}

// members are the configured agents (indexes) a slot of an agent-based
// KPI sums: the agent, the team's agents, or every agent.
func (t *Tally) members(s *spec, slot int) []int {
	switch s.scope {
	case agent:
		return []int{t.member(s, slot)}
	case team:
		tm := int32(slot)
		if s.fixed != unknown {
			tm = s.fixed
		}
		return t.teamAgents(tm)
	}
	all := make([]int, t.agents.configured)
	for i := range all {
		all[i] = i
	}
	return all
}

// teamAgents are the configured agents of team tm.
func (t *Tally) teamAgents(tm int32) []int {
	var out []int
	for a := range t.agents.configured {
		if t.agentTeam[a] == tm {
			out = append(out, a)
		}
	}
	return out
}

// agentCalendars builds each agent's calendar: the agent's, else the
// team's, else the center's default. An agent without one is an error
// only when need holds.
func agentCalendars(cfg *model.Config, agents []string, need bool) ([]*calendar.Calendar, error) {
	built := map[string]*calendar.Calendar{}
	out := make([]*calendar.Calendar, len(agents))
	for i, id := range agents {
		a := cfg.Agents[id]
		name := a.Calendar
		if name == "" {
			name = cfg.Teams[a.Team].Calendar
		}
		if name == "" {
			name = cfg.Center.DefaultCalendar
		}
		if name == "" {
			if need {
				return nil, fmt.Errorf("agent %q has no calendar (agent, team or center default) to measure utilisation by", id)
			}
			continue
		}
		cal, ok := built[name]
		if !ok {
			m, known := cfg.Calendars[name]
			if !known {
				return nil, fmt.Errorf("agent %q: unknown calendar %q", id, name)
			}
			var err error
			if cal, err = buildCalendar(m); err != nil {
				return nil, fmt.Errorf("calendar %q: %w", name, err)
			}
			built[name] = cal
		}
		out[i] = cal
	}
	return out, nil
}

// buildCalendar builds a business calendar from its configuration.
func buildCalendar(m model.Calendar) (*calendar.Calendar, error) {
	loc, err := time.LoadLocation(m.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load timezone %q: %w", m.Timezone, err)
	}
	spec := calendar.Spec{Location: loc}
	if err := spec.Weekly.AddHours(m.Hours...); err != nil {
		return nil, fmt.Errorf("read hours: %w", err)
	}
	for _, h := range m.Holidays {
		d, err := calendar.ParseDate(h.Date)
		if err != nil {
			return nil, fmt.Errorf("read holiday: %w", err)
		}
		spec.Holidays = append(spec.Holidays, d)
	}
	for _, sd := range m.SpecialDays {
		d, err := calendar.ParseDate(sd.Date)
		if err != nil {
			return nil, fmt.Errorf("read special day: %w", err)
		}
		day := calendar.SpecialDay{Date: d}
		for _, w := range sd.Windows {
			win, err := calendar.ParseWindow(w)
			if err != nil {
				return nil, fmt.Errorf("read special day %s: %w", sd.Date, err)
			}
			day.Windows = append(day.Windows, win)
		}
		spec.SpecialDays = append(spec.SpecialDays, day)
	}
	return calendar.New(spec)
}
