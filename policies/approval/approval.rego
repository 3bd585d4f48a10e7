# METADATA
# title: Approval decisions
# description: >-
#   Decides whether an action that may need approval (refund, compensation,
#   sla_exception, ...) is allowed, still needs approval or is denied, from the
#   approval policy of the configuration (data.supportops.config.approvals) and
#   the approvals recorded so far (input.approvals). The contract is in
#   policies/README.md.
package supportops.approval

import rego.v1

# METADATA
# title: Decision
# description: >-
#   The approval decision: outcome ("allowed", "needs_approval" or "denied"),
#   the required roles (one level each), the pending roles and the reasons.
#   Always defined: the else chain ends in an unconditional branch, and the
#   default covers a configuration malformed beyond what the schema allows.
default decision := {
	"outcome": "denied",
	"required": [],
	"pending": [],
	"reasons": ["the approval policy could not reach a decision"],
}

decision := denied([sprintf("no approval policy for action %q", [action])]) if {
	not policy
} else := denied([sprintf("the amount %s of %s is not a number", [json.marshal(input.amount), action])]) if {
	bad_amount
} else := denied([amount_denial]) if {
	money
	not positive
} else := denied([sprintf("no tier of the %s approval policy covers %s", [action, subject])]) if {
	not tier
} else := {
	"outcome": "denied",
	"required": required,
	"pending": [],
	"reasons": array.concat(array.concat([header], notes), rejections),
} if {
	count(rejections) > 0
} else := {
	"outcome": "allowed",
	"required": required,
	"pending": [],
	"reasons": array.concat(array.concat([header], notes), approved_summary),
} if {
	count(pending) == 0
} else := {
	"outcome": "needs_approval",
	"required": required,
	"pending": pending,
	"reasons": array.concat(array.concat([header], notes), level_lines),
}

# denied is a decision that denies before any tier applies.
denied(reasons) := {"outcome": "denied", "required": [], "pending": [], "reasons": reasons}

# METADATA
# title: Action
# description: The requested action; "" when the input names none.
action := input.action if {
	is_string(input.action)
} else := ""

# METADATA
# title: Policy
# description: The approval policy of the action; undefined when there is none.
policy := data.supportops.config.approvals[action]

# METADATA
# title: Amount
# description: >-
#   The amount of the request. Only money actions have tiers with up_to, and
#   their amount is checked to be a positive number before a tier is chosen;
#   an action without money takes the (only, uncapped) tier whatever it is.
amount := input.amount

# METADATA
# title: Money actions
# description: >-
#   The action moves money: its policy names a currency or caps a tier with
#   up_to, or it is one of the actions that always pay out (refund,
#   compensation, incentive_payout). A money action needs a positive amount:
#   a request without one is denied, never counted as 0 (fail closed).
money if is_string(policy.currency)

money if {
	some t in policy.tiers
	capped(t)
}

money if action in {"refund", "compensation", "incentive_payout"}

# positive holds when the request's amount is a number above 0.
positive if {
	is_number(input.amount)
	input.amount > 0
}

# amount_denial says why a money action's amount does not do.
amount_denial := sprintf("%s needs a positive amount, not %v", [action, input.amount]) if {
	is_number(input.amount)
} else := sprintf("%s needs a positive amount; the request has none", [action])

# bad_amount holds when the input carries an amount that is not a number.
bad_amount if {
	input.amount != null
	not is_number(input.amount)
}

# subject names the request in reasons: "refund of 120", or "sla_exception"
# when it has no amount.
subject := sprintf("%s of %v", [action, input.amount]) if {
	is_number(input.amount)
} else := action

# METADATA
# title: Tier
# description: >-
#   The first tier of the policy whose up_to is at least the amount; a tier
#   without up_to takes any amount. Undefined when no tier covers the amount.
tier_index := min({i | some i, t in policy.tiers; fits(t)})

tier := policy.tiers[tier_index]

fits(t) if not capped(t)

fits(t) if t.up_to >= amount

# capped holds when tier t has an upper limit.
capped(t) if is_number(t.up_to)

# tier_label describes the tier's band of amounts for the reasons.
tier_label := sprintf(" (up to %v)", [tier.up_to]) if {
	is_number(tier.up_to)
} else := sprintf(" (above %v)", [policy.tiers[tier_index - 1].up_to]) if {
	is_number(policy.tiers[tier_index - 1].up_to)
} else := ""

# METADATA
# title: Required
# description: The roles that must approve, one level each, in order.
required := tier.approvers if {
	is_array(tier.approvers)
} else := []

# approvals are the decisions recorded so far, in the order given.
approvals := input.approvals if {
	is_array(input.approvals)
} else := []

# approver is the id of the person who made the approval a.
approver(a) := a.approver.id if {
	is_string(a.approver.id)
	a.approver.id != ""
}

# noun says what kind of decision a is.
noun(a) := "approval" if {
	a.decision == "approve"
} else := "rejection" if {
	a.decision == "reject"
} else := "decision"

# level_text prints the level of a, also when it is missing or malformed.
level_text(a) := text if {
	text := json.marshal(a.level)
} else := "none"

# in_range holds when a names one of the required levels.
in_range(a) if {
	is_number(a.level)
	is_string(required[a.level])
}

# valid_decision holds when a approves or rejects.
valid_decision(a) if a.decision in {"approve", "reject"}

# holds_role holds when the approver of a holds the role of its level.
holds_role(a) if {
	some role in a.approver.roles
	role == required[a.level]
}

# own holds when a is an approval of the requester's own request.
own(a) if approver(a) == input.requester.id

# METADATA
# title: Eligible
# description: >-
#   An approval is eligible when it names an approver and one of the required
#   levels, approves or rejects, and its approver holds the level's role and
#   is not the requester.
eligible(a) if {
	is_string(approver(a))
	in_range(a)
	valid_decision(a)
	holds_role(a)
	not own(a)
}

# METADATA
# title: First level
# description: >-
#   The lowest level at which each approver has an eligible approval. One
#   person cannot fill two levels: only this level counts for them.
first_level[id] := min(levels) if {
	some a in approvals
	eligible(a)
	id := approver(a)
	levels := {b.level | some b in approvals; eligible(b); approver(b) == id}
}

# METADATA
# title: Counts
# description: An approval counts when it is eligible and at its approver's first level.
counts(a) if {
	eligible(a)
	a.level == first_level[approver(a)]
}

# METADATA
# title: Approved by
# description: For each level with a counting approval, the approvers' ids, sorted.
approved_by[level] := ids if {
	some level, _ in required
	ids := sort({approver(a) |
		some a in approvals
		counts(a)
		a.level == level
		a.decision == "approve"
	})
	count(ids) > 0
}

# METADATA
# title: Pending
# description: The roles of the levels without a counting approval, in level order.
pending := [role | some level, role in required; not approved_by[level]]

# METADATA
# title: Rejections
# description: One reason per counting rejection, in level order.
rejections := [rejection_reason(approvals[i]) |
	some pair in sort([[a.level, i] | some i, a in approvals; counts(a); a.decision == "reject"])
	i := pair[1]
]

rejection_reason(a) := sprintf("%s rejected at level %v (%s): %s", [approver(a), a.level, required[a.level], a.comment]) if {
	is_string(a.comment)
	a.comment != ""
} else := sprintf("%s rejected at level %v (%s)", [approver(a), a.level, required[a.level]])

# METADATA
# title: Header
# description: The first reason, saying which approvals the tier requires.
header := sprintf("%s needs no approval%s", [subject, tier_label]) if {
	count(required) == 0
} else := sprintf("%s needs approval by %s%s", [subject, concat(", then ", required), tier_label])

# METADATA
# title: Notes
# description: One reason per approval that does not count, in the order given.
notes := [note(i, a) | some i, a in approvals; not counts(a)]

note(i, a) := sprintf("approval %d does not count: it names no approver", [i]) if {
	not approver(a)
} else := sprintf("%s's %s at level %s does not count: there is no level %s for %s", [
	approver(a), noun(a), level_text(a), level_text(a), subject,
]) if {
	not in_range(a)
} else := sprintf("%s's decision at level %v (%s) does not count: it is neither approve nor reject", [
	approver(a), a.level, required[a.level],
]) if {
	not valid_decision(a)
} else := sprintf("%s's %s at level %v (%s) does not count: %s does not hold the role %s", [
	approver(a), noun(a), a.level, required[a.level], approver(a), required[a.level],
]) if {
	not holds_role(a)
} else := sprintf("%s's %s at level %v (%s) does not count: nobody approves their own request", [
	approver(a), noun(a), a.level, required[a.level],
]) if {
	own(a)
} else := sprintf("%s's %s at level %v (%s) does not count: %s already %s at level %v", [
	approver(a), noun(a), a.level, required[a.level], approver(a), first_verb(approver(a)), first_level[approver(a)],
])

# first_verb says what the approver did at their first level.
first_verb(id) := "approved" if {
	some a in approvals
	counts(a)
	approver(a) == id
	a.decision == "approve"
} else := "rejected"

# approved_summary is the closing reason of an allowed decision.
approved_summary := [] if {
	count(required) == 0
} else := [sprintf("the only level approved: %s", [concat(", ", level_approvals)])] if {
	count(required) == 1
} else := [sprintf("all %d levels approved: %s", [count(required), concat(", ", level_approvals)])]

level_approvals := [sprintf("%s by %s", [role, concat(" and ", approved_by[level])]) | some level, role in required]

# level_lines are the closing reasons of a decision that needs approval:
# the state of each level, in order.
level_lines := [line |
	some level, role in required
	line := level_line(level, role)
]

level_line(level, role) := sprintf("level %d (%s) approved by %s", [level, role, concat(" and ", approved_by[level])]) if {
	approved_by[level]
} else := sprintf("level %d (%s) awaits approval", [level, role])
