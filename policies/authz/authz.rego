# METADATA
# title: API authorisation
# description: >-
#   Decides whether a principal may perform an API action. Default deny; the
#   built-in role ops_admin may do everything; the roles agent, supervisor,
#   manager and integration are granted actions by the table grants; an agent
#   acts on a ticket only when it is assigned to them or to their team. The
#   contract is in policies/README.md.
package supportops.authz

import rego.v1

# METADATA
# title: Decision
# description: >-
#   The authorisation decision: allow and the reasons, never empty. Always
#   defined: the else chain ends in an unconditional branch.
decision := {"allow": false, "reasons": [sprintf("unknown action %q", [action])]} if {
	not action in actions
} else := {"allow": false, "reasons": [sprintf("no role of %s grants %s", [principal, action])]} if {
	count(granting) == 0
} else := {"allow": false, "reasons": [agent_denial]} if {
	restricted
	not ticket_match
} else := {"allow": true, "reasons": allow_reasons}

# METADATA
# title: Actions
# description: Every action of the API.
actions := {
	"tickets.open",
	"tickets.read",
	"tickets.list",
	"tickets.event",
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
#   the table: it is granted every action.
grants := {
	"agent": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
		"approvals.request",
		"drills.act",
	},
	"supervisor": {
		"tickets.open",
		"tickets.read",
		"tickets.list",
		"tickets.event",
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
		"approvals.request",
		"approvals.decide",
		"drills.start",
		"drills.act",
		"reports.read",
		"config.reload",
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
ticket_actions := {"tickets.read", "tickets.event"}

# action is the requested action; "" when the input names none.
action := input.action if {
	is_string(input.action)
} else := ""

# principal names the principal in reasons.
principal := input.principal.id if {
	named(input.principal.id)
} else := "an unnamed principal"

# named holds when s is a non-empty string.
named(s) if {
	is_string(s)
	s != ""
}

# roles are the principal's roles.
roles := {role | some role in input.principal.roles; is_string(role)}

# METADATA
# title: Granting roles
# description: The principal's roles that grant the action.
granting contains "ops_admin" if {
	"ops_admin" in roles
	action in actions
}

granting contains role if {
	some role in roles
	action in grants[role]
}

# METADATA
# title: Restricted
# description: >-
#   The principal is restricted to their own and their team's tickets: agent
#   is their only role granting the action, and the action is on one ticket.
restricted if {
	granting == {"agent"}
	ticket_action
}

ticket_action if action in ticket_actions

ticket_action if {
	action == "approvals.request"
	has_resource
}

has_resource if is_object(input.resource)

# METADATA
# title: Ticket match
# description: Why the ticket is the agent's own or their team's; undefined when it is neither.
ticket_match := sprintf("ticket is assigned to %s", [input.principal.id]) if {
	named(input.principal.id)
	input.resource.assignee == input.principal.id
} else := sprintf("ticket belongs to team %s", [input.principal.team]) if {
	named(input.principal.team)
	input.resource.team == input.principal.team
}

# agent_denial says why a restricted agent may not act on the ticket.
agent_denial := sprintf("%s is an agent and %s names no ticket", [principal, action]) if {
	not has_resource
} else := sprintf("%s is an agent and ticket is assigned to %s of %s", [principal, assignee, team])

assignee := input.resource.assignee if {
	named(input.resource.assignee)
} else := "nobody"

team := sprintf("team %s", [input.resource.team]) if {
	named(input.resource.team)
} else := "no team"

# METADATA
# title: Allow reasons
# description: One reason per granting role, sorted; an agent's also says why the ticket is theirs.
allow_reasons := [sprintf("role agent grants %s %s: %s", [principal, action, ticket_match])] if {
	restricted
} else := [sprintf("role %s grants %s %s", [role, principal, action]) | some role in sort(granting)]
