# METADATA
# title: Approval decision tests
# description: Unit tests of data.supportops.approval.decision, asserting whole decisions.
package supportops.approval_test

import rego.v1

import data.supportops.approval

# config is a small approval configuration: refunds up to 50 need no
# approval, up to 500 a supervisor, above that a supervisor then a manager;
# an SLA exception always needs a supervisor.
config := {"approvals": {
	"refund": {
		"currency": "EUR",
		"tiers": [
			{"up_to": 50, "approvers": []},
			{"up_to": 500, "approvers": ["supervisor"]},
			{"approvers": ["supervisor", "manager"]},
		],
	},
	"sla_exception": {"tiers": [{"approvers": ["supervisor"]}]},
}}

# decide evaluates the decision for request r under config.
decide(r) := d if {
	d := approval.decision with input as r with data.supportops.config as config
}

alice := {"id": "alice", "roles": ["agent"]}

bob := {"id": "bob", "roles": ["supervisor"]}

eve := {"id": "eve", "roles": ["manager"]}

petra := {"id": "petra", "roles": ["supervisor", "manager"]}

big_refund := "refund of 900 needs approval by supervisor, then manager (above 500)"

test_small_refund_allowed if {
	decide({"action": "refund", "amount": 30, "requester": alice, "approvals": []}) == {
		"outcome": "allowed",
		"required": [],
		"pending": [],
		"reasons": ["refund of 30 needs no approval (up to 50)"],
	}
}

test_refund_at_tier_limit_needs_no_approval if {
	decide({"action": "refund", "amount": 50, "requester": alice}) == {
		"outcome": "allowed",
		"required": [],
		"pending": [],
		"reasons": ["refund of 50 needs no approval (up to 50)"],
	}
}

test_mid_refund_needs_supervisor if {
	decide({"action": "refund", "amount": 120, "requester": alice, "approvals": []}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"level 0 (supervisor) awaits approval",
		],
	}
}

test_mid_refund_approved if {
	decide({
		"action": "refund", "amount": 120, "requester": alice,
		"approvals": [{"level": 0, "approver": bob, "decision": "approve"}],
	}) == {
		"outcome": "allowed",
		"required": ["supervisor"],
		"pending": [],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"the only level approved: supervisor by bob",
		],
	}
}

test_large_refund_two_levels_pending if {
	decide({"action": "refund", "amount": 900, "requester": alice, "approvals": []}) == {
		"outcome": "needs_approval",
		"required": ["supervisor", "manager"],
		"pending": ["supervisor", "manager"],
		"reasons": [
			big_refund,
			"level 0 (supervisor) awaits approval",
			"level 1 (manager) awaits approval",
		],
	}
}

test_large_refund_one_level_approved if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [{"level": 0, "approver": bob, "decision": "approve"}],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor", "manager"],
		"pending": ["manager"],
		"reasons": [
			big_refund,
			"level 0 (supervisor) approved by bob",
			"level 1 (manager) awaits approval",
		],
	}
}

test_large_refund_fully_approved if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 1, "approver": eve, "decision": "approve", "comment": "ok"},
			{"level": 0, "approver": bob, "decision": "approve"},
		],
	}) == {
		"outcome": "allowed",
		"required": ["supervisor", "manager"],
		"pending": [],
		"reasons": [big_refund, "all 2 levels approved: supervisor by bob, manager by eve"],
	}
}

test_two_approvers_at_one_level if {
	decide({
		"action": "refund", "amount": 120, "requester": alice,
		"approvals": [
			{"level": 0, "approver": {"id": "carol", "roles": ["supervisor"]}, "decision": "approve"},
			{"level": 0, "approver": bob, "decision": "approve"},
		],
	}) == {
		"outcome": "allowed",
		"required": ["supervisor"],
		"pending": [],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"the only level approved: supervisor by bob and carol",
		],
	}
}

test_rejection_denies if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 1, "approver": eve, "decision": "reject", "comment": "customer abuses refunds"},
			{"level": 0, "approver": bob, "decision": "reject"},
		],
	}) == {
		"outcome": "denied",
		"required": ["supervisor", "manager"],
		"pending": [],
		"reasons": [
			big_refund,
			"bob rejected at level 0 (supervisor)",
			"eve rejected at level 1 (manager): customer abuses refunds",
		],
	}
}

test_rejection_denies_despite_approval if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 0, "approver": bob, "decision": "approve"},
			{"level": 1, "approver": eve, "decision": "reject", "comment": ""},
		],
	}) == {
		"outcome": "denied",
		"required": ["supervisor", "manager"],
		"pending": [],
		"reasons": [big_refund, "eve rejected at level 1 (manager)"],
	}
}

test_self_approval_ignored if {
	decide({
		"action": "refund", "amount": 900,
		"requester": {"id": "carol", "roles": ["supervisor"]},
		"approvals": [
			{"level": 0, "approver": {"id": "carol", "roles": ["supervisor"]}, "decision": "approve"},
			{"level": 1, "approver": eve, "decision": "approve"},
		],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor", "manager"],
		"pending": ["supervisor"],
		"reasons": [
			big_refund,
			"carol's approval at level 0 (supervisor) does not count: nobody approves their own request",
			"level 0 (supervisor) awaits approval",
			"level 1 (manager) approved by eve",
		],
	}
}

test_self_rejection_ignored if {
	decide({
		"action": "refund", "amount": 120,
		"requester": bob,
		"approvals": [{"level": 0, "approver": bob, "decision": "reject"}],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"bob's rejection at level 0 (supervisor) does not count: nobody approves their own request",
			"level 0 (supervisor) awaits approval",
		],
	}
}

test_one_person_two_levels_only_first_counts if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 1, "approver": petra, "decision": "approve"},
			{"level": 0, "approver": petra, "decision": "approve"},
		],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor", "manager"],
		"pending": ["manager"],
		"reasons": [
			big_refund,
			"petra's approval at level 1 (manager) does not count: petra already approved at level 0",
			"level 0 (supervisor) approved by petra",
			"level 1 (manager) awaits approval",
		],
	}
}

test_one_person_two_levels_after_rejection if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 0, "approver": petra, "decision": "reject"},
			{"level": 1, "approver": petra, "decision": "approve"},
		],
	}) == {
		"outcome": "denied",
		"required": ["supervisor", "manager"],
		"pending": [],
		"reasons": [
			big_refund,
			"petra's approval at level 1 (manager) does not count: petra already rejected at level 0",
			"petra rejected at level 0 (supervisor)",
		],
	}
}

test_wrong_role_ignored if {
	decide({
		"action": "refund", "amount": 900, "requester": alice,
		"approvals": [
			{"level": 0, "approver": bob, "decision": "approve"},
			{"level": 1, "approver": {"id": "dave", "roles": ["supervisor"]}, "decision": "approve"},
			{"level": 1, "approver": {"id": "frank"}, "decision": "reject"},
		],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor", "manager"],
		"pending": ["manager"],
		"reasons": [
			big_refund,
			"dave's approval at level 1 (manager) does not count: dave does not hold the role manager",
			"frank's rejection at level 1 (manager) does not count: frank does not hold the role manager",
			"level 0 (supervisor) approved by bob",
			"level 1 (manager) awaits approval",
		],
	}
}

test_level_out_of_range_ignored if {
	decide({
		"action": "refund", "amount": 120, "requester": alice,
		"approvals": [
			{"level": 1, "approver": eve, "decision": "approve"},
			{"level": -1, "approver": bob, "decision": "approve"},
			{"level": "0", "approver": bob, "decision": "approve"},
			{"approver": bob, "decision": "approve"},
		],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"eve's approval at level 1 does not count: there is no level 1 for refund of 120",
			"bob's approval at level -1 does not count: there is no level -1 for refund of 120",
			`bob's approval at level "0" does not count: there is no level "0" for refund of 120`,
			"bob's approval at level none does not count: there is no level none for refund of 120",
			"level 0 (supervisor) awaits approval",
		],
	}
}

test_approval_where_none_is_needed if {
	decide({
		"action": "refund", "amount": 10, "requester": alice,
		"approvals": [{"level": 0, "approver": bob, "decision": "reject"}],
	}) == {
		"outcome": "allowed",
		"required": [],
		"pending": [],
		"reasons": [
			"refund of 10 needs no approval (up to 50)",
			"bob's rejection at level 0 does not count: there is no level 0 for refund of 10",
		],
	}
}

test_malformed_approvals_ignored if {
	decide({
		"action": "refund", "amount": 120, "requester": alice,
		"approvals": [
			"junk",
			{"level": 0, "approver": {"id": ""}, "decision": "approve"},
			{"level": 0, "approver": bob, "decision": "maybe"},
			{"level": 0, "approver": bob},
			{"level": 7, "approver": bob, "decision": "maybe"},
		],
	}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"approval 0 does not count: it names no approver",
			"approval 1 does not count: it names no approver",
			"bob's decision at level 0 (supervisor) does not count: it is neither approve nor reject",
			"bob's decision at level 0 (supervisor) does not count: it is neither approve nor reject",
			"bob's decision at level 7 does not count: there is no level 7 for refund of 120",
			"level 0 (supervisor) awaits approval",
		],
	}
}

test_approvals_not_a_list if {
	decide({"action": "refund", "amount": 120, "requester": alice, "approvals": {"0": "bob"}}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": [
			"refund of 120 needs approval by supervisor (up to 500)",
			"level 0 (supervisor) awaits approval",
		],
	}
}

test_unknown_action_denied if {
	decide({"action": "teleport", "amount": 1, "requester": alice}) == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": [`no approval policy for action "teleport"`],
	}
}

test_missing_action_denied if {
	decide({}) == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": [`no approval policy for action ""`],
	}
}

test_input_not_an_object_denied if {
	decide(["refund"]) == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": [`no approval policy for action ""`],
	}
}

test_no_configuration_denied if {
	d := approval.decision with input as {"action": "refund", "amount": 1} with data.supportops.config as {}
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": [`no approval policy for action "refund"`],
	}
}

# refund_denied is the decision on a refund whose amount does not do.
refund_denied(reason) := {
	"outcome": "denied",
	"required": [],
	"pending": [],
	"reasons": [reason],
}

test_missing_amount_denied if {
	decide({"action": "refund", "requester": alice}) == refund_denied("refund needs a positive amount; the request has none")
}

test_null_amount_denied if {
	decide({"action": "refund", "amount": null, "requester": alice}) == refund_denied("refund needs a positive amount; the request has none")
}

test_zero_amount_denied if {
	decide({"action": "refund", "amount": 0, "requester": alice}) == refund_denied("refund needs a positive amount, not 0")
}

test_negative_amount_denied if {
	decide({"action": "refund", "amount": -1000000, "requester": alice}) == refund_denied("refund needs a positive amount, not -1000000")
}

test_non_finite_amount_denied if {
	# The engine passes a non-finite amount (NaN, ±Inf) as its name.
	decide({"action": "refund", "amount": "+Inf", "requester": alice}) == refund_denied(`the amount "+Inf" of refund is not a number`)
}

test_money_by_currency_needs_amount if {
	payout := {"approvals": {"incentive_payout": {"currency": "EUR", "tiers": [{"approvers": ["manager"]}]}}}
	d := approval.decision with input as {"action": "incentive_payout", "requester": alice} with data.supportops.config as payout
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": ["incentive_payout needs a positive amount; the request has none"],
	}
}

test_money_by_capped_tier_needs_amount if {
	capped := {"approvals": {"escalation_override": {"tiers": [{"up_to": 10, "approvers": []}, {"approvers": ["manager"]}]}}}
	d := approval.decision with input as {"action": "escalation_override", "amount": -1} with data.supportops.config as capped
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": ["escalation_override needs a positive amount, not -1"],
	}
}

test_money_by_action_needs_amount if {
	open := {"approvals": {"compensation": {"tiers": [{"approvers": []}]}}}
	d := approval.decision with input as {"action": "compensation"} with data.supportops.config as open
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": ["compensation needs a positive amount; the request has none"],
	}
}

test_amount_not_a_number_denied if {
	decide({"action": "refund", "amount": "20", "requester": alice}) == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": [`the amount "20" of refund is not a number`],
	}
}

test_action_without_amount if {
	decide({"action": "sla_exception", "requester": alice}) == {
		"outcome": "needs_approval",
		"required": ["supervisor"],
		"pending": ["supervisor"],
		"reasons": ["sla_exception needs approval by supervisor", "level 0 (supervisor) awaits approval"],
	}
}

test_action_without_amount_approved if {
	decide({
		"action": "sla_exception", "requester": alice,
		"approvals": [{"level": 0, "approver": petra, "decision": "approve"}],
	}) == {
		"outcome": "allowed",
		"required": ["supervisor"],
		"pending": [],
		"reasons": ["sla_exception needs approval by supervisor", "the only level approved: supervisor by petra"],
	}
}

test_no_tier_covers_amount_denied if {
	capped := {"approvals": {"refund": {"tiers": [{"up_to": 50, "approvers": []}, {"up_to": 500, "approvers": ["supervisor"]}]}}}
	d := approval.decision with input as {"action": "refund", "amount": 501} with data.supportops.config as capped
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": ["no tier of the refund approval policy covers refund of 501"],
	}
}

test_open_tier_after_open_tier_has_no_label if {
	open := {"approvals": {"refund": {"tiers": [{"approvers": ["manager"]}]}}}
	d := approval.decision with input as {"action": "refund", "amount": 5} with data.supportops.config as open
	d == {
		"outcome": "needs_approval",
		"required": ["manager"],
		"pending": ["manager"],
		"reasons": ["refund of 5 needs approval by manager", "level 0 (manager) awaits approval"],
	}
}

test_tier_without_approvers_needs_none if {
	bare := {"approvals": {"refund": {"tiers": [{"up_to": 10}]}}}
	d := approval.decision with input as {"action": "refund", "amount": 5} with data.supportops.config as bare
	d == {
		"outcome": "allowed",
		"required": [],
		"pending": [],
		"reasons": ["refund of 5 needs no approval (up to 10)"],
	}
}

test_malformed_configuration_falls_back_to_default if {
	broken := {"approvals": {"refund": {"tiers": [{"approvers": [1, 2]}]}}}
	d := approval.decision with input as {"action": "refund", "amount": 5} with data.supportops.config as broken
	d == {
		"outcome": "denied",
		"required": [],
		"pending": [],
		"reasons": ["the approval policy could not reach a decision"],
	}
}
