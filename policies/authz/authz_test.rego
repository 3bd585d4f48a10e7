# METADATA
# title: API authorisation tests
# description: Unit tests of data.supportops.authz.decision, asserting whole decisions.
package supportops.authz_test

import rego.v1

import data.supportops.authz

# decide evaluates the decision for request r.
decide(r) := d if {
	d := authz.decision with input as r
}

alice := {"id": "alice", "roles": ["agent"], "team": "after-sales"}

# allowed_actions are the actions the decision allows to principal p
# (on a ticket of their own for the ticket actions).
allowed_actions(p) := {action |
	some action in authz.actions
	decide({"principal": p, "action": action, "resource": {"assignee": p.id}}).allow
}

test_agent_actions if {
	allowed_actions(alice) == {
		"tickets.open", "tickets.read", "tickets.list", "tickets.event",
		"approvals.request", "drills.act",
	}
}

test_supervisor_actions if {
	allowed_actions({"id": "sam", "roles": ["supervisor"]}) == {
		"tickets.open", "tickets.read", "tickets.list", "tickets.event",
		"tickets.act_for", "tickets.reassign", "tickets.qa", "approvals.request", "approvals.decide", "drills.start", "drills.act",
		"reports.read",
	}
}

test_manager_actions if {
	allowed_actions({"id": "mia", "roles": ["manager"]}) == {
		"tickets.open", "tickets.read", "tickets.list", "tickets.event",
		"tickets.act_for", "tickets.reassign", "tickets.qa", "approvals.request", "approvals.decide", "drills.start", "drills.act",
		"reports.read", "config.reload",
	}
}

test_team_lead_and_qa_actions if {
	every roles in [["team-lead"], ["qa"]] {
		allowed_actions({"id": "lena", "roles": roles}) == {"tickets.read", "tickets.list", "tickets.qa"}
	}
}

qa(p, resource) := decide({"principal": p, "action": "tickets.qa", "resource": resource})

test_qa_by_reviewers if {
	qa({"id": "lena", "roles": ["agent", "senior", "qa"], "team": "pre-sales"}, {"assignee": "alice", "team": "after-sales"}) == {
		"allow": true,
		"reasons": ["role qa grants lena tickets.qa"],
	}
	qa({"id": "sam", "roles": ["agent", "team-lead", "supervisor"]}, {"assignee": "alice", "team": "after-sales"}) == {
		"allow": true,
		"reasons": ["role supervisor grants sam tickets.qa", "role team-lead grants sam tickets.qa"],
	}
}

test_qa_not_by_agents if {
	qa(alice, {"assignee": "bob", "team": "after-sales"}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.qa"],
	}
	qa({"id": "shopify", "roles": ["integration"]}, {"assignee": "bob"}) == {
		"allow": false,
		"reasons": ["no role of shopify grants tickets.qa"],
	}
}

test_integration_actions if {
	allowed_actions({"id": "shopify", "roles": ["integration"]}) == {
		"tickets.open", "tickets.read", "tickets.list", "tickets.event",
	}
}

test_ops_admin_may_do_everything if {
	allowed_actions({"id": "root", "roles": ["ops_admin"]}) == authz.actions
	count(authz.actions) == 14
}

test_ops_admin_reason if {
	decide({"principal": {"id": "root", "roles": ["ops_admin"]}, "action": "tokens.manage"}) == {
		"allow": true,
		"reasons": ["role ops_admin grants root tokens.manage"],
	}
}

test_every_granting_role_named if {
	decide({"principal": {"id": "root", "roles": ["ops_admin", "manager", "agent"]}, "action": "config.reload"}) == {
		"allow": true,
		"reasons": ["role manager grants root config.reload", "role ops_admin grants root config.reload"],
	}
}

test_supervisor_reason if {
	decide({"principal": {"id": "sam", "roles": ["supervisor"]}, "action": "approvals.decide"}) == {
		"allow": true,
		"reasons": ["role supervisor grants sam approvals.decide"],
	}
}

test_role_without_grant_denied if {
	decide({"principal": alice, "action": "tickets.list"}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.list"],
	}
	decide({"principal": alice, "action": "approvals.decide"}) == {
		"allow": false,
		"reasons": ["no role of alice grants approvals.decide"],
	}
	decide({"principal": {"id": "shopify", "roles": ["integration"]}, "action": "reports.read"}) == {
		"allow": false,
		"reasons": ["no role of shopify grants reports.read"],
	}
	decide({"principal": {"id": "mia", "roles": ["manager"]}, "action": "tokens.manage"}) == {
		"allow": false,
		"reasons": ["no role of mia grants tokens.manage"],
	}
}

test_agent_own_ticket if {
	decide({"principal": alice, "action": "tickets.event", "resource": {"assignee": "alice", "team": "logistics"}}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.event: ticket is assigned to alice"],
	}
}

test_agent_team_ticket if {
	decide({"principal": alice, "action": "tickets.read", "resource": {"assignee": "bob", "team": "after-sales"}}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.read: ticket belongs to team after-sales"],
	}
}

test_agent_other_ticket_denied if {
	decide({"principal": alice, "action": "tickets.event", "resource": {"assignee": "bob", "team": "logistics"}}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to bob of team logistics"],
	}
}

test_agent_unassigned_ticket_without_team_denied if {
	decide({"principal": alice, "action": "tickets.read", "resource": {}}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to nobody of no team"],
	}
}

test_agent_without_team_matches_no_team if {
	decide({
		"principal": {"id": "alice", "roles": ["agent"], "team": ""},
		"action": "tickets.read",
		"resource": {"assignee": "", "team": ""},
	}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to nobody of no team"],
	}
}

test_unnamed_agent_matches_no_assignee if {
	decide({"principal": {"roles": ["agent"]}, "action": "tickets.read", "resource": {"team": "logistics"}}) == {
		"allow": false,
		"reasons": ["an unnamed principal is an agent and ticket is assigned to nobody of team logistics"],
	}
}

test_agent_approval_request_on_other_ticket_denied if {
	decide({"principal": alice, "action": "approvals.request", "resource": {"assignee": "bob", "team": "logistics"}}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to bob of team logistics"],
	}
}

test_agent_approval_request_without_ticket_allowed if {
	decide({"principal": alice, "action": "approvals.request"}) == {
		"allow": true,
		"reasons": ["role agent grants alice approvals.request"],
	}
}

test_agent_ticket_action_missing_resource_denied if {
	decide({"principal": alice, "action": "tickets.event"}) == {
		"allow": false,
		"reasons": ["alice is an agent and tickets.event names no ticket"],
	}
}

test_agent_open_not_ticket_scoped if {
	decide({"principal": alice, "action": "tickets.open", "resource": {"assignee": "bob", "team": "logistics"}}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.open"],
	}
}

test_supervisor_not_restricted_to_own_tickets if {
	decide({
		"principal": {"id": "sam", "roles": ["supervisor"], "team": "after-sales"},
		"action": "tickets.event",
		"resource": {"assignee": "bob", "team": "logistics"},
	}) == {
		"allow": true,
		"reasons": ["role supervisor grants sam tickets.event"],
	}
}

test_integration_not_restricted_to_own_tickets if {
	decide({"principal": {"id": "shopify", "roles": ["integration"]}, "action": "tickets.read", "resource": {"assignee": "bob"}}) == {
		"allow": true,
		"reasons": ["role integration grants shopify tickets.read"],
	}
}

test_agent_with_other_granting_role_not_restricted if {
	decide({"principal": {"id": "alice", "roles": ["agent", "integration"]}, "action": "tickets.read", "resource": {"assignee": "bob"}}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.read", "role integration grants alice tickets.read"],
	}
}

test_agent_with_non_granting_role_still_restricted if {
	decide({"principal": {"id": "alice", "roles": ["agent", "integration"]}, "action": "approvals.request", "resource": {"assignee": "bob"}}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to bob of no team"],
	}
}

test_unknown_action_denied if {
	decide({"principal": {"id": "root", "roles": ["ops_admin"]}, "action": "tickets.delete"}) == {
		"allow": false,
		"reasons": [`unknown action "tickets.delete"`],
	}
}

test_missing_action_denied if {
	decide({"principal": alice}) == {"allow": false, "reasons": [`unknown action ""`]}
}

test_no_roles_denied if {
	decide({"principal": {"id": "alice", "roles": []}, "action": "tickets.open"}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.open"],
	}
	decide({"principal": {"id": "alice"}, "action": "tickets.open"}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.open"],
	}
}

test_unknown_and_malformed_roles_grant_nothing if {
	decide({"principal": {"id": "alice", "roles": ["ceo", 7, {"role": "ops_admin"}]}, "action": "tickets.open"}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.open"],
	}
	decide({"principal": {"id": "alice", "roles": "ops_admin"}, "action": "tickets.open"}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.open"],
	}
}

test_missing_principal_denied if {
	decide({"action": "tickets.open"}) == {
		"allow": false,
		"reasons": ["no role of an unnamed principal grants tickets.open"],
	}
}

test_input_not_an_object_denied if {
	decide("tickets.open") == {"allow": false, "reasons": [`unknown action ""`]}
}

# reassign is a request of principal p to give ticket r's resource to an
# agent of target_team.
reassign(p, resource) := decide({"principal": p, "action": "tickets.reassign", "resource": resource})

test_agent_reassigns_within_team if {
	reassign(alice, {"assignee": "alice", "team": "after-sales", "target_agent": "bob", "target_team": "after-sales"}) == {
		"allow": true,
		"reasons": ["role agent grants alice tickets.reassign: ticket is assigned to alice, and bob is in team after-sales"],
	}
}

test_agent_reassigns_to_other_team_denied if {
	reassign(alice, {"assignee": "alice", "team": "after-sales", "target_agent": "lena", "target_team": "logistics"}) == {
		"allow": false,
		"reasons": ["alice is an agent and may reassign only within team after-sales, and lena is in team logistics"],
	}
}

test_agent_reassigns_to_unknown_agent_denied if {
	reassign({"id": "tom", "roles": ["agent"]}, {"assignee": "tom", "team": "after-sales"}) == {
		"allow": false,
		"reasons": ["tom is an agent and may reassign only within no team, and nobody is in no team"],
	}
}

test_agent_reassigns_other_ticket_denied if {
	reassign(alice, {"assignee": "bob", "team": "logistics", "target_agent": "carl", "target_team": "after-sales"}) == {
		"allow": false,
		"reasons": ["alice is an agent and ticket is assigned to bob of team logistics"],
	}
}

test_supervisor_reassigns_anywhere if {
	reassign({"id": "sam", "roles": ["supervisor"], "team": "after-sales"}, {"assignee": "bob", "team": "logistics", "target_agent": "lena", "target_team": "logistics"}) == {
		"allow": true,
		"reasons": ["role supervisor grants sam tickets.reassign"],
	}
}

test_integration_reassign_denied if {
	reassign({"id": "shopify", "roles": ["integration"]}, {"target_agent": "bob", "target_team": "after-sales"}) == {
		"allow": false,
		"reasons": ["no role of shopify grants tickets.reassign"],
	}
}

test_act_for if {
	decide({"principal": {"id": "sam", "roles": ["supervisor"]}, "action": "tickets.act_for", "resource": {"on_behalf_of": "alice"}}) == {
		"allow": true,
		"reasons": ["role supervisor grants sam tickets.act_for"],
	}
	decide({"principal": alice, "action": "tickets.act_for", "resource": {"assignee": "alice", "on_behalf_of": "bob"}}) == {
		"allow": false,
		"reasons": ["no role of alice grants tickets.act_for"],
	}
	decide({"principal": {"id": "shopify", "roles": ["integration"]}, "action": "tickets.act_for"}) == {
		"allow": false,
		"reasons": ["no role of shopify grants tickets.act_for"],
	}
}
