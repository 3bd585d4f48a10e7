package change_test

import (
	"fmt"
	"testing"

	"github.com/supportops/supportops/engine/change"
	"github.com/supportops/supportops/engine/model"
)

// generate returns a configuration of agents agents and queues queues. With
// edits > 0 it changes every edits-th agent in one of several ways (skill
// level, language added, languages reordered, removed, and one agent added
// per change), so that edits = 100 changes about 1% of the agents.
func generate(agents, queues, edits int) *model.Config {
	langs := []string{"en", "de", "fr", "it", "es", "nl"}
	skills := []string{"returns", "billing", "shipping", "technical", "account"}
	channels := []string{"email", "chat", "phone", "social"}
	c := &model.Config{
		Center: model.Center{Name: "Generated", Timezone: "UTC"},
		Agents: make(map[string]model.Agent, agents),
		Queues: make(map[string]model.Queue, queues),
	}
	for i := range agents {
		a := model.Agent{
			Name:      fmt.Sprintf("Agent %d", i),
			Email:     fmt.Sprintf("agent%d@example.com", i),
			Team:      fmt.Sprintf("team%d", i%20),
			Roles:     []string{"agent"},
			Skills:    map[string]int{skills[i%5]: 1 + i%3, skills[(i+1)%5]: 1 + (i+1)%3},
			Languages: []string{langs[i%6], langs[(i+2)%6]},
			Channels:  map[string]int{channels[i%4]: 2, channels[(i+1)%4]: 1},
		}
		if i%10 == 0 {
			a.Roles = append(a.Roles, "team_lead")
		}
		c.Agents[fmt.Sprintf("agent%05d", i)] = a
	}
	for i := range queues {
		c.Queues[fmt.Sprintf("queue%03d", i)] = model.Queue{
			Team:      fmt.Sprintf("team%d", i%20),
			Channels:  []string{channels[i%4], channels[(i+1)%4]},
			Languages: []string{langs[i%6]},
			Tiers:     []string{"standard", "vip"},
		}
	}
	if edits == 0 {
		return c
	}
	for i := 0; i < agents; i += edits {
		id := fmt.Sprintf("agent%05d", i)
		a := c.Agents[id]
		switch (i / edits) % 4 {
		case 0:
			a.Skills[skills[i%5]]++
		case 1:
			a.Languages = append(a.Languages, "pt")
		case 2:
			a.Languages[0], a.Languages[1] = a.Languages[1], a.Languages[0] // no change
		case 3:
			delete(c.Agents, id)
			c.Agents[fmt.Sprintf("new%05d", i)] = a
			continue
		}
		c.Agents[id] = a
	}
	return c
}

func BenchmarkDiff(b *testing.B) {
	base, head := generate(5000, 200, 0), generate(5000, 200, 100)
	b.ReportAllocs()
	var p change.Set
	for b.Loop() {
		p = change.Compare(base, head)
	}
	added, changed, removed := p.Counts()
	b.ReportMetric(float64(added+changed+removed), "changes")
}
