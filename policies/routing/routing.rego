# METADATA
# title: Routing
# description: |
#   Where a ticket goes: its priority, its queue and the agent who takes it,
#   with the reasons for each choice and for every member of the queue's team
#   who was passed over. The contract is in policies/README.md.
package supportops.routing

import rego.v1

cfg := data.supportops.config

idx := data.supportops.index

t := input.ticket

# --- Priority -----------------------------------------------------------------

# METADATA
# description: The ticket's own priority wins; else the impact × urgency matrix.
priority := t.priority if {
	t.priority != ""
} else := p if {
	p := cfg.priorities.matrix[t.impact][t.urgency]
} else := ""

priority_reason := sprintf("priority %s as given on the ticket", [t.priority]) if {
	t.priority != ""
} else := sprintf("priority %s from the matrix: impact %s, urgency %s", [priority, t.impact, t.urgency]) if {
	priority != ""
} else := sprintf("no priority: the ticket gives none and the matrix has none for impact %q, urgency %q", [
	object.get(t, "impact", ""),
	object.get(t, "urgency", ""),
])

# rank is the position of the priority, 0 the highest; -1 when it has none.
rank := idx.priority_rank[priority] if {
	priority != ""
} else := -1

# --- Queue --------------------------------------------------------------------

# METADATA
# description: |
#   Queues that take the ticket, as [tiers unset, categories unset, id]: the
#   smallest is the most specific, ties going to the smallest id.
matching_queues contains [unset(q, "tiers"), unset(q, "categories"), id] if {
	some id, q in cfg.queues
	t.channel in q.channels
	t.language in q.languages
	takes(q, "tiers", object.get(t, ["customer", "tier"], ""))
	takes(q, "categories", t.category)
}

unset(q, field) := 1 if {
	not q[field]
} else := 0

takes(q, field, _) if not q[field]

takes(q, field, value) if value in q[field]

queue := m[2] if {
	m := min(matching_queues)
} else := ""

queue_reason := sprintf("queue %s takes channel %s, language %s, category %s, tier %s%s", [
	queue, t.channel, t.language, t.category, object.get(t, ["customer", "tier"], "(none)"),
	more_specific,
]) if {
	queue != ""
} else := sprintf("no queue takes channel %s, language %s, category %s, tier %s", [
	t.channel, t.language, t.category, object.get(t, ["customer", "tier"], "(none)"),
])

more_specific := sprintf(" (the most specific of %d queues that do)", [count(matching_queues)]) if {
	count(matching_queues) > 1
} else := ""

team := cfg.queues[queue].team

members := idx.team_members[team]

# --- What the ticket asks of an agent -----------------------------------------

category := cfg.categories[t.category]

skill := category.skill

min_proficiency := object.get(category, "min_proficiency", 1)

abusive if "abusive" in t.customer.flags

# METADATA
# description: Difficult contacts count towards an agent's wellbeing limit.
difficult if t.escalated == true

difficult if abusive

difficult if category.difficult == true

# METADATA
# description: Why a trainee may not take this ticket, whatever they are certified for.
trainee_limits contains "trainees take no complaints" if category.complaint == true

trainee_limits contains "trainees take no VIP customers" if idx.vip_tiers[t.customer.tier]

trainee_limits contains "trainees take no P1 tickets" if rank == 0

trainee_limits contains "trainees take no abusive-flagged customers" if abusive

# --- Agent choice: the fast path ------------------------------------------------
#
# A decision must stay fast with hundreds of candidates, so the choice is
# made with set operations, which OPA runs natively, on the index of the
# configuration (data.supportops.index) and the roster (input.state): no
# rule here looks at the candidates one by one. The exclusions below explain
# the same rules agent by agent and must agree with these.

# METADATA
# description: |
#   The agents who may take the ticket now: the team's agents with the
#   category's skill, the language and the channel, free on the channel
#   (available and under capacity), minus trainees kept off it and agents in
#   a wellbeing cool-down.
eligible := (idx.qualified[team][t.category][t.language][t.channel] & free) - kept_off

free := object.get(input.state.free, t.channel, set())

# METADATA
# description: Trainees kept off the ticket and agents in a wellbeing cool-down.
kept_off := trainees_kept_off | cooling_down

trainees_kept_off := idx.trainees if {
	count(trainee_limits) > 0
} else := idx.trainees - object.get(idx.certified, t.category, set())

# METADATA
# description: Agents whose difficult contacts reached the limit within the cool-down.
cooling_down contains id if {
	difficult
	w := idx.wellbeing
	some id, d in input.state.difficult
	d.count >= w.max
	input.now - d.last < w.cool_down
}

# METADATA
# description: |
#   The position in the roster's routing order (least open contacts, then
#   longest idle, then id) of the first eligible agent. input.state.rank links
#   each agent to its position; graph.reachable follows those links natively,
#   and positions, being numbers, sort before the agent ids it also returns.
best := p if {
	p := min(graph.reachable(input.state.rank, eligible))
	is_number(p)
}

agent := input.state.order[best]

agent_reason := sprintf("agent %s: the least loaded (open contacts: %d), then longest idle, of %d qualified in team %s", [
	agent, input.state.agents[agent].open, count(eligible), team,
]) if {
	agent
} else := sprintf("nobody in team %s qualifies; the ticket waits in queue %s", [team, queue]) if {
	queue != ""
} else := "no agent: no queue takes the ticket"

# --- Why members were passed over ----------------------------------------------

# METADATA
# description: Every reason each member of the queue's team does not qualify.
exclusions[id] contains "has no live state" if {
	some id in members
	not input.state.agents[id]
}

exclusions[id] contains sprintf("is %s", [s.status]) if {
	some id in members
	s := input.state.agents[id]
	s.status != "available"
}

exclusions[id] contains sprintf("category %s is not configured, so nobody has its skill", [t.category]) if {
	some id in members
	not category
}

exclusions[id] contains sprintf("lacks skill %s", [skill]) if {
	some id in members
	not cfg.agents[id].skills[skill]
}

exclusions[id] contains sprintf("has skill %s at %d, needs %d", [skill, level, min_proficiency]) if {
	some id in members
	level := cfg.agents[id].skills[skill]
	level < min_proficiency
}

exclusions[id] contains sprintf("does not speak %s", [t.language]) if {
	some id in members
	not t.language in cfg.agents[id].languages
}

exclusions[id] contains sprintf("does not serve %s", [t.channel]) if {
	some id in members
	not cfg.agents[id].channels[t.channel]
}

exclusions[id] contains sprintf("is at capacity on %s (%d of %d)", [t.channel, load, capacity]) if {
	some id in members
	capacity := cfg.agents[id].channels[t.channel]
	load := object.get(input.state.agents, [id, "load", t.channel], 0)
	load >= capacity
}

exclusions[id] contains sprintf("is a trainee not certified for %s", [t.category]) if {
	some id in members
	id in idx.trainees
	not t.category in cfg.agents[id].training.certified
}

exclusions[id] contains sprintf("is a trainee and %s", [limit]) if {
	some id in members
	id in idx.trainees
	some limit in trainee_limits
}

exclusions[id] contains msg if {
	some id in members
	id in cooling_down
	s := input.state.agents[id]
	msg := sprintf("is in a wellbeing cool-down: %d difficult contacts, the last %d min ago (cool-down %d min)", [
		s.difficult_contacts,
		floor((input.now - s.last_difficult) / 60),
		floor(idx.wellbeing.cool_down / 60),
	])
}

excluded := {id: sort(reasons) | some id, reasons in exclusions}

# --- The decision ----------------------------------------------------------------

# METADATA
# description: The routing decision; see policies/README.md for its shape.
decision := d if {
	agent
	not input.explain
	d := {"priority": priority, "queue": queue, "agent": agent, "reasons": reasons}
} else := d if {
	agent
	d := {"priority": priority, "queue": queue, "agent": agent, "reasons": reasons, "excluded": excluded}
} else := {"priority": priority, "queue": queue, "reasons": reasons, "excluded": excluded}

reasons := [priority_reason, queue_reason, agent_reason]
