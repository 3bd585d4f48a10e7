# METADATA
# title: API authorisation
# description: >-
#   Decides whether a principal may perform an API action. Default deny; the
#   built-in role ops_admin may do everything; the roles agent, supervisor,
#   manager and integration are granted actions by the table grants, and
#   team-lead and qa review tickets (tickets.qa); an agent
#   acts on a ticket only when it is assigned to them or to their team, and
#   reassigns it only to an agent of their own team. The contract is in
#   policies/README.md.
package supportops.authz

import rego.v1

# METADATA
# title: Decision
# description: >-
#   The authorisation decision: allow and the reasons, never empty. Always
#   defined: the else chain ends in an unconditional branch.
decision := {"allow": true, "reasons": [sprintf("role agent grants %s %s: %s%s", [principal, input.action, ticket_match, target_match])]} if {
	restricted
	ticket_match
	target_match
} else := {"allow": true, "reasons": [sprintf("role %s grants %s %s", [role, principal, input.action]) | some role in sort(granting)]} if {
	count(granting) > 0
	not restricted
} else := {"allow": false, "reasons": [sprintf("unknown action %q", [action])]} if {
	not actions[action]
} else := {"allow": false, "reasons": [sprintf("no role of %s grants %s", [principal, action])]} if {
	count(granting) == 0
} else := {"allow": false, "reasons": [agent_denial]}

# METADATA
# title: Actions
# description: Every action of the API.
actions := {
	"tickets.open",
	"tickets.read",
	"tickets.list",
	"tickets.event",
	"tickets.act_for",
	"tickets.reassign",
	"tickets.qa",
	"approvals.request",
	"approvals.decide",
	"drills.start",
	"drills.act",
	"reports.read",
	"config.reload",
	"tokens.manage",
}

# METADATA
# title: Grants
# description: >-
#   The actions each role is granted. The built-in role ops_admin is not in
#   the table: it is granted every action. Supervisors and managers lead
#   teams: they reassign tickets to anyone and record events on behalf of
#   others (tickets.act_for); an agent reassigns within their team only, and
#   an integration relays events but gives tickets to nobody by name. Quality
#   reviews of tickets (tickets.qa) are for supervisors, managers, team leads
#   and QA reviewers, who read any ticket to review it; never for an agent as
#   such (nor for anyone on their own ticket: the ticket workflow refuses that).
grants := {
	"agent": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
		"tickets.reassign",
		"approvals.request",
		"drills.act",
	},
	"supervisor": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
		"tickets.act_for",
		"tickets.reassign",
		"tickets.qa",
		"approvals.request",
		"approvals.decide",
		"drills.start",
		"drills.act",
		"reports.read",
	},
	"manager": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
		"tickets.act_for",
		"tickets.reassign",
		"tickets.qa",
		"approvals.request",
		"approvals.decide",
		"drills.start",
		"drills.act",
		"reports.read",
		"config.reload",
	},
	"team-lead": {
		"tickets.read",
		"tickets.list",
		"tickets.qa",
	},
	"qa": {
		"tickets.read",
		"tickets.list",
		"tickets.qa",
	},
	"integration": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
	},
}

# METADATA
# title: Ticket actions
# description: >-
#   The actions on one ticket, on which an agent is restricted to the tickets
#   of their own or their team's. approvals.request is one when it names a
#   ticket (input.resource).
ticket_actions := {"tickets.read", "tickets.event", "tickets.reassign"}

# action names the requested action in the reasons of a denial; "" when
# the input names none. Past the first check, input.action is a known action.
action := input.action if {
	is_string(input.action)
} else := ""

# principal names the principal in reasons.
principal := id if {
	id := input.principal.id
	is_string(id)
	id != ""
} else := "an unnamed principal"

# METADATA
# title: Granting roles
# description: The principal's roles that grant the action.
granting := {role | some role in input.principal.roles; grants[role][input.action]} | admin

# admin holds the built-in role ops_admin when the principal has it and the
# action is known.
admin := {"ops_admin"} if {
	"ops_admin" in input.principal.roles
	actions[input.action]
} else := set()

# METADATA
# title: Restricted
# description: >-
#   The principal is restricted to their own and their team's tickets: agent
#   is their only role granting the action, and the action is on one ticket.
restricted if {
	granting == {"agent"}
	ticket_action
}

ticket_action if ticket_actions[input.action]

ticket_action if {
	action == "approvals.request"
	has_resource
}

has_resource if is_object(input.resource)

# METADATA
# title: Ticket match
# description: Why the ticket is the agent's own or their team's; undefined when it is neither.
ticket_match := sprintf("ticket is assigned to %s", [id]) if {
	id := input.principal.id
	is_string(id)
	id != ""
	input.resource.assignee == id
} else := sprintf("ticket belongs to team %s", [team]) if {
	team := input.principal.team
	is_string(team)
	team != ""
	input.resource.team == team
}

# METADATA
# title: Target match
# description: >-
#   Why a restricted agent may give the ticket to the target agent: "" for
#   an action other than tickets.reassign, the target's team when it is the
#   agent's own; undefined otherwise.
target_match := "" if {
	input.action != "tickets.reassign"
} else := sprintf(", and %s is in team %s", [target_agent, team]) if {
	team := input.principal.team
	is_string(team)
	team != ""
	input.resource.target_team == team
}

# agent_denial says why a restricted agent may not act on the ticket.
agent_denial := sprintf("%s is an agent and %s names no ticket", [principal, action]) if {
	not has_resource
} else := sprintf("%s is an agent and ticket is assigned to %s of %s", [principal, assignee, resource_team]) if {
	not ticket_match
} else := sprintf("%s is an agent and may reassign only within %s, and %s is in %s", [principal, principal_team, target_agent, target_team])

# target_agent names the agent of a reassignment in reasons.
target_agent := a if {
	a := input.resource.target_agent
	is_string(a)
	a != ""
} else := "nobody"

# target_team names the team of the agent of a reassignment in reasons.
target_team := sprintf("team %s", [t]) if {
	t := input.resource.target_team
	is_string(t)
	t != ""
} else := "no team"

# principal_team names the principal's team in reasons.
principal_team := sprintf("team %s", [t]) if {
	t := input.principal.team
	is_string(t)
	t != ""
} else := "no team"

assignee := a if {
	a := input.resource.assignee
	is_string(a)
	a != ""
} else := "nobody"

resource_team := sprintf("team %s", [t]) if {
	t := input.resource.team
	is_string(t)
	t != ""
} else := "no team"
