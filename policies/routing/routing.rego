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

tier := object.get(t, ["customer", "tier"], "")

# The queues that take the ticket's channel and language, split by the tiers
# and categories they name (see the index in policies/README.md).
choice := object.get(idx.queues, [t.channel, t.language], {})

named_tier := object.get(choice, ["tiers", tier], set())

any_tier := object.get(choice, "any_tier", set())

named_category := object.get(choice, ["categories", t.category], set())

any_category := object.get(choice, "any_category", set())

# METADATA
# description: |
#   The queues that take the ticket, from the most specific to the least:
#   naming its tier and its category, its tier only, its category only, and
#   neither.
by_specificity := [
	named_tier & named_category,
	named_tier & any_category,
	any_tier & named_category,
	any_tier & any_category,
]

matching_queues := (named_tier | any_tier) & (named_category | any_category)

# METADATA
# description: The most specific queue that takes the ticket, ties going to the smallest id.
queue := min(by_specificity[i]) if {
	i := min({i | some i, qs in by_specificity; count(qs) > 0})
} else := ""

queue_reason := sprintf("queue %s takes channel %s, language %s, category %s, tier %s%s", [
	queue, t.channel, t.language, t.category, tier_name,
	more_specific,
]) if {
	queue != ""
} else := sprintf("no queue takes channel %s, language %s, category %s, tier %s", [
	t.channel, t.language, t.category, tier_name,
])

tier_name := tier if {
	tier != ""
} else := "(none)"

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

# --- The ticket view ------------------------------------------------------------
#
# Everything above depends on the ticket and the configuration only, not on
# the agents' state, and only on the fields in view_fields. The engine
# evaluates ticket_view once per distinct value of those fields (with an
# input.ticket that holds nothing else) and passes it to each decision as
# input.view; without input.view, a decision computes it itself.

# METADATA
# description: |
#   The paths of the ticket fields the ticket view reads. A policy that
#   extends the view with another field must add its path here.
view_fields := [
	["channel"], ["language"], ["category"], ["priority"], ["impact"], ["urgency"],
	["escalated"], ["customer", "tier"], ["customer", "flags"],
]

# METADATA
# description: The part of the decision that depends on the ticket only.
ticket_view := {
	"priority": priority,
	"queue": queue,
	"team": object.get(cfg.queues, [queue, "team"], ""),
	"reasons": [priority_reason, queue_reason],
	"trainees_limited": count(trainee_limits) > 0,
	"difficult": is_difficult,
}

is_difficult if {
	difficult
} else := false

view := input.view if {
	input.view
} else := ticket_view

# --- Agent choice: the fast path ------------------------------------------------
#
# A decision must stay fast with hundreds of candidates, so no rule here
# looks at the candidates one by one. The roster (input.state) lays every
# set of agents out as a bit mask over its routing order: bit i of a mask
# (an integer) stands for the agent at position i of input.state.order. Who
# may take the ticket is then a few bitwise operations, and the best of them
# is the lowest set bit. The exclusions below explain the same rules agent
# by agent and must agree with these.

masks := input.state.masks

# METADATA
# description: |
#   The agents who may take the ticket now, as a mask: the team's agents
#   with the category's skill, the language and the channel, free on the
#   channel (available and under capacity), minus trainees kept off it and
#   agents in a wellbeing cool-down.
eligible := bits.and(bits.and(qualified_mask, free), bits.negate(kept_off))

qualified_mask := object.get(masks.qualified, [view.team, t.category, t.language, t.channel], 0)

free := object.get(masks.free, t.channel, 0)

# METADATA
# description: Trainees kept off the ticket and agents in a wellbeing cool-down.
kept_off := trainees_kept_off if {
	not view.difficult
} else := trainees_kept_off if {
	count(cooling_down) == 0
} else := bits.or(trainees_kept_off, sum([bits.lsh(1, input.state.pos[id]) | some id in cooling_down]))

trainees_kept_off := masks.trainees if {
	view.trainees_limited
} else := bits.and(masks.trainees, bits.negate(object.get(masks.certified, t.category, 0)))

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
#   The position in the routing order (least open contacts, then longest
#   idle, then id) of the first eligible agent: the lowest set bit of the
#   mask, isolated by x & -x, is 2^position.
best := count(format_int(bits.and(eligible, 0 - eligible), 2)) - 1 if qualified > 0

agent := input.state.order[best]

# qualified is how many agents may take the ticket: the set bits.
qualified := count(replace(format_int(eligible, 2), "0", ""))

agent_reason := sprintf("agent %s: the least loaded (open contacts: %d), then longest idle, of %d qualified in team %s", [
	agent, input.state.agents[agent].open, qualified, view.team,
]) if {
	agent
} else := sprintf("nobody in team %s qualifies; the ticket waits in queue %s", [view.team, view.queue]) if {
	view.queue != ""
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
	d := {"priority": view.priority, "queue": view.queue, "agent": agent, "reasons": reasons}
} else := d if {
	agent
	d := {"priority": view.priority, "queue": view.queue, "agent": agent, "reasons": reasons, "excluded": excluded}
} else := {"priority": view.priority, "queue": view.queue, "reasons": reasons, "excluded": excluded}

reasons := array.concat(view.reasons, [agent_reason])
