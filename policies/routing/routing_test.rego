# Unit tests of the routing policy. The fixture is a small configuration:
# teams "front" (ana, ben, cid the trainee certified for returns, dee) and
# "expert" (eve, fay); queues "vip" (tier vip, chat), "billing" (category
# billing, chat) and the catch-all "general"; categories returns, billing and
# complaints (complaint and difficult); wellbeing max 3 in 1 h, 30 min
# cool-down. The index and the live states are written out by hand, as the
# engine (engine/policy) would build them.
package supportops.routing_test

import rego.v1

import data.supportops.routing

now := 1763636400

cfg := {
	"queues": {
		"vip": {"team": "expert", "channels": ["chat"], "languages": ["en", "de"], "tiers": ["vip"]},
		"billing": {"team": "expert", "channels": ["chat"], "languages": ["en", "de"], "categories": ["billing"]},
		"general": {"team": "front", "channels": ["chat", "email"], "languages": ["en", "de"]},
	},
	"categories": {
		"returns": {"skill": "returns"},
		"billing": {"skill": "billing", "min_proficiency": 3},
		"complaints": {"skill": "returns", "min_proficiency": 2, "complaint": true, "difficult": true},
	},
	"agents": {
		"ana": {"team": "front", "skills": {"returns": 3, "billing": 4}, "languages": ["en", "de"], "channels": {"chat": 2, "email": 5}},
		"ben": {"team": "front", "skills": {"returns": 2, "billing": 2}, "languages": ["en"], "channels": {"chat": 2, "email": 5}},
		"cid": {
			"team": "front", "skills": {"returns": 2, "billing": 3}, "languages": ["en", "de"],
			"channels": {"chat": 1, "email": 3}, "training": {"trainee": true, "certified": ["returns"]},
		},
		"dee": {"team": "front", "skills": {"billing": 5}, "languages": ["de"], "channels": {"email": 4}},
		"eve": {"team": "expert", "skills": {"returns": 5, "billing": 5}, "languages": ["en", "de"], "channels": {"chat": 3, "email": 5}},
		"fay": {"team": "expert", "skills": {"billing": 2}, "languages": ["en"], "channels": {"chat": 2}},
	},
	"priorities": {"matrix": {
		"high": {"high": "P1", "medium": "P2", "low": "P3"},
		"medium": {"high": "P2", "medium": "P3", "low": "P4"},
		"low": {"high": "P3", "medium": "P4", "low": "P4"},
	}},
}

chat_queues := {
	"tiers": {"vip": {"vip"}}, "any_tier": {"billing", "general"},
	"categories": {"billing": {"billing"}}, "any_category": {"vip", "general"},
}

email_queues := {"tiers": {}, "any_tier": {"general"}, "categories": {}, "any_category": {"general"}}

idx := {
	"queues": {
		"chat": {"en": chat_queues, "de": chat_queues},
		"email": {"en": email_queues, "de": email_queues},
	},
	"team_members": {"front": ["ana", "ben", "cid", "dee"], "expert": ["eve", "fay"]},
	"qualified": {
		"front": {
			"returns": {
				"en": {"chat": {"ana", "ben", "cid"}, "email": {"ana", "ben", "cid"}},
				"de": {"chat": {"ana", "cid"}, "email": {"ana", "cid"}},
			},
			"billing": {
				"en": {"chat": {"ana", "cid"}, "email": {"ana", "cid"}},
				"de": {"chat": {"ana", "cid"}, "email": {"ana", "cid", "dee"}},
			},
			"complaints": {
				"en": {"chat": {"ana", "ben", "cid"}, "email": {"ana", "ben", "cid"}},
				"de": {"chat": {"ana", "cid"}, "email": {"ana", "cid"}},
			},
		},
		"expert": {
			"returns": {"en": {"chat": {"eve"}, "email": {"eve"}}, "de": {"chat": {"eve"}, "email": {"eve"}}},
			"billing": {"en": {"chat": {"eve"}, "email": {"eve"}}, "de": {"chat": {"eve"}, "email": {"eve"}}},
			"complaints": {"en": {"chat": {"eve"}, "email": {"eve"}}, "de": {"chat": {"eve"}, "email": {"eve"}}},
		},
	},
	"priority_rank": {"P1": 0, "P2": 1, "P3": 2, "P4": 3},
	"vip_tiers": {"vip": true},
	"trainees": {"cid"},
	"certified": {"returns": {"cid"}},
	"wellbeing": {"max": 3, "window": 3600, "cool_down": 1800},
}

# A routine ticket: returns by email in English, P3 from the matrix.
ticket := {
	"id": "T-1", "channel": "email", "category": "returns", "impact": "medium", "urgency": "medium",
	"priority": "", "language": "en", "customer": {"id": "C-1", "tier": "standard", "flags": []},
	"escalated": false,
}

tk(patch) := object.union(ticket, patch)

# Everybody available. Order by (open, last_assigned, id):
# fay (0, 0), cid (0, ...620000), ben (0, ...632800), dee (1), ana (1), eve (2).
base_state := {
	"agents": {
		"ana": {"status": "available", "load": {"chat": 1}, "open": 1, "last_assigned": 1763630000, "difficult_contacts": 0, "last_difficult": 0},
		"ben": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763632800, "difficult_contacts": 0, "last_difficult": 0},
		"cid": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763620000, "difficult_contacts": 0, "last_difficult": 0},
		"dee": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763600000, "difficult_contacts": 0, "last_difficult": 0},
		"eve": {"status": "available", "load": {"chat": 1, "email": 1}, "open": 2, "last_assigned": 1763610000, "difficult_contacts": 0, "last_difficult": 0},
		"fay": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": 0, "last_difficult": 0},
	},
	"free": {"chat": {"ana", "ben", "cid", "eve", "fay"}, "email": {"ana", "ben", "cid", "dee", "eve"}},
	"order": ["fay", "cid", "ben", "dee", "ana", "eve"],
	"difficult": {},
}

# prepare lays a state written out by hand (agents, free, order, difficult)
# out as the engine's roster does (engine/policy/roster.go): each agent's
# position in the order, and the free agents and the index's sets as bit
# masks over the order.
prepare(state) := object.union(object.remove(state, ["free"]), {
	"pos": pos,
	"masks": {
		"free": {ch: mask(ids, pos) | some ch, ids in state.free},
		"qualified": {team: {cat: {lang: {ch: mask(ids, pos) |
			some ch, ids in by_ch
		} |
			some lang, by_ch in by_lang
		} |
			some cat, by_lang in by_cat
		} |
			some team, by_cat in idx.qualified
		},
		"trainees": mask(idx.trainees, pos),
		"certified": {cat: mask(ids, pos) | some cat, ids in idx.certified},
	},
}) if {
	pos := {id: i | some i, id in state.order}
}

mask(ids, pos) := sum([bits.lsh(1, pos[id]) | some id in ids])

run(tick, state, explain) := d if {
	d := routing.decision with data.supportops.config as cfg
		with data.supportops.index as idx
		with input as {"ticket": tick, "state": prepare(state), "now": now, "explain": explain}
}

p3 := "priority P3 from the matrix: impact medium, urgency medium"

general_en_email := "queue general takes channel email, language en, category returns, tier standard"

# --- Priority -----------------------------------------------------------------

test_priority_given if {
	run(tk({"priority": "P2"}), base_state, false) == {
		"priority": "P2", "queue": "general", "agent": "cid",
		"reasons": [
			"priority P2 as given on the ticket",
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
	}
}

test_priority_from_matrix if {
	run(tk({"impact": "high", "urgency": "medium"}), base_state, false) == {
		"priority": "P2", "queue": "general", "agent": "cid",
		"reasons": [
			"priority P2 from the matrix: impact high, urgency medium",
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
	}
}

test_priority_none if {
	run(tk({"impact": "unknown"}), base_state, false) == {
		"priority": "", "queue": "general", "agent": "cid",
		"reasons": [
			`no priority: the ticket gives none and the matrix has none for impact "unknown", urgency "medium"`,
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
	}
}

test_priority_none_without_impact_or_urgency if {
	d := run(object.remove(ticket, ["impact", "urgency"]), base_state, false)
	d.priority == ""
	d.reasons[0] == `no priority: the ticket gives none and the matrix has none for impact "", urgency ""`
	d.agent == "cid"
}

# --- Queue --------------------------------------------------------------------

test_queue_tier_beats_category_and_catch_all if {
	run(tk({"channel": "chat", "category": "billing", "customer": {"tier": "vip"}}), base_state, false) == {
		"priority": "P3", "queue": "vip", "agent": "eve",
		"reasons": [
			p3,
			"queue vip takes channel chat, language en, category billing, tier vip (the most specific of 3 queues that do)",
			"agent eve: the least loaded (open contacts: 2), then longest idle, of 1 qualified in team expert",
		],
	}
}

test_queue_category_beats_catch_all if {
	run(tk({"channel": "chat", "category": "billing"}), base_state, false) == {
		"priority": "P3", "queue": "billing", "agent": "eve",
		"reasons": [
			p3,
			"queue billing takes channel chat, language en, category billing, tier standard (the most specific of 2 queues that do)",
			"agent eve: the least loaded (open contacts: 2), then longest idle, of 1 qualified in team expert",
		],
	}
}

test_queue_catch_all if {
	run(ticket, base_state, false) == {
		"priority": "P3", "queue": "general", "agent": "cid",
		"reasons": [
			p3,
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
	}
}

test_queue_tie_goes_to_smallest_id if {
	extra := {"queues": {"a-billing": {"team": "front", "channels": ["chat"], "languages": ["en"], "categories": ["billing"]}}}
	d := routing.decision with data.supportops.config as object.union(cfg, extra)
		with data.supportops.index as json.patch(idx, [
			{"op": "add", "path": "/queues/chat/en/any_tier/a-billing", "value": "a-billing"},
			{"op": "add", "path": "/queues/chat/en/categories/billing/a-billing", "value": "a-billing"},
		])
		with input as {"ticket": tk({"channel": "chat", "category": "billing"}), "state": prepare(base_state), "now": now, "explain": false}
	d == {
		"priority": "P3", "queue": "a-billing", "agent": "ana",
		"reasons": [
			p3,
			"queue a-billing takes channel chat, language en, category billing, tier standard (the most specific of 3 queues that do)",
			"agent ana: the least loaded (open contacts: 1), then longest idle, of 1 qualified in team front",
		],
	}
}

test_no_queue if {
	run(tk({"channel": "phone"}), base_state, false) == {
		"priority": "P3", "queue": "",
		"reasons": [
			p3,
			"no queue takes channel phone, language en, category returns, tier standard",
			"no agent: no queue takes the ticket",
		],
		"excluded": {},
	}
}

test_no_queue_without_tier if {
	no_tier := object.union(object.remove(ticket, ["customer"]), {"language": "fr", "customer": {"id": "C-2"}})
	run(no_tier, base_state, true) == {
		"priority": "P3", "queue": "",
		"reasons": [
			p3,
			"no queue takes channel email, language fr, category returns, tier (none)",
			"no agent: no queue takes the ticket",
		],
		"excluded": {},
	}
}

# --- Agent choice -------------------------------------------------------------

# ana has the fewest open contacts; ben has been idle longer; cid is away.
# Order: fay (0, 0), cid (0, ...620000), ana (0, ...630000), ben (1, ...000000), dee (1), eve (2).
least_open_state := {
	"agents": {
		"ana": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763630000, "difficult_contacts": 0, "last_difficult": 0},
		"ben": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763000000, "difficult_contacts": 0, "last_difficult": 0},
		"cid": {"status": "away", "load": {}, "open": 0, "last_assigned": 1763620000, "difficult_contacts": 0, "last_difficult": 0},
		"dee": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763600000, "difficult_contacts": 0, "last_difficult": 0},
		"eve": {"status": "available", "load": {"chat": 1, "email": 1}, "open": 2, "last_assigned": 1763610000, "difficult_contacts": 0, "last_difficult": 0},
		"fay": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": 0, "last_difficult": 0},
	},
	"free": {"chat": {"ana", "ben", "eve", "fay"}, "email": {"ana", "ben", "dee", "eve"}},
	"order": ["fay", "cid", "ana", "ben", "dee", "eve"],
	"difficult": {},
}

test_agent_least_open_contacts if {
	run(ticket, least_open_state, false) == {
		"priority": "P3", "queue": "general", "agent": "ana",
		"reasons": [
			p3,
			general_en_email,
			"agent ana: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
	}
}

# In base_state cid and ben both have no open contacts; cid has been idle longer.
test_agent_tie_goes_to_longest_idle if {
	d := run(ticket, base_state, false)
	d.agent == "cid"
	base_state.agents.cid.open == base_state.agents.ben.open
	base_state.agents.cid.last_assigned < base_state.agents.ben.last_assigned
}

# ana and ben: same open contacts, same last assignment; cid is away.
# Order: fay (0, 0), cid (0, ...620000), ana, ben (0, ...630000), dee (1), eve (2).
tie_state := {
	"agents": {
		"ana": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763630000, "difficult_contacts": 0, "last_difficult": 0},
		"ben": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763630000, "difficult_contacts": 0, "last_difficult": 0},
		"cid": {"status": "away", "load": {}, "open": 0, "last_assigned": 1763620000, "difficult_contacts": 0, "last_difficult": 0},
		"dee": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763600000, "difficult_contacts": 0, "last_difficult": 0},
		"eve": {"status": "available", "load": {"chat": 1, "email": 1}, "open": 2, "last_assigned": 1763610000, "difficult_contacts": 0, "last_difficult": 0},
		"fay": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": 0, "last_difficult": 0},
	},
	"free": {"chat": {"ana", "ben", "eve", "fay"}, "email": {"ana", "ben", "dee", "eve"}},
	"order": ["fay", "cid", "ana", "ben", "dee", "eve"],
	"difficult": {},
}

test_agent_tie_goes_to_smallest_id if {
	run(ticket, tie_state, false) == {
		"priority": "P3", "queue": "general", "agent": "ana",
		"reasons": [
			p3,
			general_en_email,
			"agent ana: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
	}
}

test_explain_false_has_no_excluded if {
	d := run(ticket, base_state, false)
	d.agent == "cid"
	not "excluded" in object.keys(d)
}

test_explain_absent_has_no_excluded if {
	d := routing.decision with data.supportops.config as cfg
		with data.supportops.index as idx
		with input as {"ticket": ticket, "state": prepare(base_state), "now": now}
	d.agent == "cid"
	not "excluded" in object.keys(d)
}

test_explain_true_lists_excluded_with_an_agent if {
	run(ticket, base_state, true) == {
		"priority": "P3", "queue": "general", "agent": "cid",
		"reasons": [
			p3,
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
		"excluded": {"dee": ["does not speak en", "lacks skill returns"]},
	}
}

# --- Exclusions ---------------------------------------------------------------

# ben is busy and cid away; otherwise base_state (the order keeps them).
status_state := object.union(base_state, {
	"agents": {"ben": {"status": "busy"}, "cid": {"status": "away"}},
	"free": {"chat": {"ana", "eve", "fay"}, "email": {"ana", "dee", "eve"}},
})

test_status_not_available if {
	run(ticket, status_state, true) == {
		"priority": "P3", "queue": "general", "agent": "ana",
		"reasons": [
			p3,
			general_en_email,
			"agent ana: the least loaded (open contacts: 1), then longest idle, of 1 qualified in team front",
		],
		"excluded": {
			"ben": ["is busy"],
			"cid": ["is away"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

# ana (chat 2 of 2) and cid (chat 1 of 1) are at capacity on chat.
# Order: fay (0, 0), ben (0, ...632800), dee (1, ...600000), cid (1, ...620000), eve (2, ...610000), ana (2, ...630000).
capacity_state := {
	"agents": {
		"ana": {"status": "available", "load": {"chat": 2}, "open": 2, "last_assigned": 1763630000, "difficult_contacts": 0, "last_difficult": 0},
		"ben": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763632800, "difficult_contacts": 0, "last_difficult": 0},
		"cid": {"status": "available", "load": {"chat": 1}, "open": 1, "last_assigned": 1763620000, "difficult_contacts": 0, "last_difficult": 0},
		"dee": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763600000, "difficult_contacts": 0, "last_difficult": 0},
		"eve": {"status": "available", "load": {"chat": 1, "email": 1}, "open": 2, "last_assigned": 1763610000, "difficult_contacts": 0, "last_difficult": 0},
		"fay": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": 0, "last_difficult": 0},
	},
	"free": {"chat": {"ben", "eve", "fay"}, "email": {"ana", "ben", "cid", "dee", "eve"}},
	"order": ["fay", "ben", "dee", "cid", "eve", "ana"],
	"difficult": {},
}

test_at_capacity if {
	run(tk({"channel": "chat"}), capacity_state, true) == {
		"priority": "P3", "queue": "general", "agent": "ben",
		"reasons": [
			p3,
			"queue general takes channel chat, language en, category returns, tier standard",
			"agent ben: the least loaded (open contacts: 0), then longest idle, of 1 qualified in team front",
		],
		"excluded": {
			"ana": ["is at capacity on chat (2 of 2)"],
			"cid": ["is at capacity on chat (1 of 1)"],
			"dee": ["does not serve chat", "does not speak en", "lacks skill returns"],
		},
	}
}

# German returns by email: dee speaks German and serves email but lacks the skill;
# ben does not speak German.
test_lacks_skill_and_language if {
	run(tk({"language": "de"}), base_state, true) == {
		"priority": "P3", "queue": "general", "agent": "cid",
		"reasons": [
			p3,
			"queue general takes channel email, language de, category returns, tier standard",
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"ben": ["does not speak de"],
			"dee": ["lacks skill returns"],
		},
	}
}

# fay holds billing at 2; the category needs 3.
test_proficiency_too_low if {
	run(tk({"channel": "chat", "category": "billing"}), base_state, true) == {
		"priority": "P3", "queue": "billing", "agent": "eve",
		"reasons": [
			p3,
			"queue billing takes channel chat, language en, category billing, tier standard (the most specific of 2 queues that do)",
			"agent eve: the least loaded (open contacts: 2), then longest idle, of 1 qualified in team expert",
		],
		"excluded": {"fay": ["has skill billing at 2, needs 3"]},
	}
}

# A gold customer's German returns by chat goes to general; dee does not serve chat.
test_channel_not_served if {
	d := run(tk({"channel": "chat", "language": "de", "customer": {"tier": "gold"}, "category": "returns"}), base_state, true)
	d.excluded.dee == ["does not serve chat", "lacks skill returns"]
	d.agent == "cid"
}

# cid holds billing at 3 but is certified for returns only.
test_trainee_not_certified if {
	run(tk({"category": "billing"}), base_state, true) == {
		"priority": "P3", "queue": "general", "agent": "ana",
		"reasons": [
			p3,
			"queue general takes channel email, language en, category billing, tier standard",
			"agent ana: the least loaded (open contacts: 1), then longest idle, of 1 qualified in team front",
		],
		"excluded": {
			"ben": ["has skill billing at 2, needs 3"],
			"cid": ["is a trainee not certified for billing"],
			"dee": ["does not speak en"],
		},
	}
}

test_trainee_kept_off_complaints if {
	d := run(tk({"category": "complaints"}), base_state, true)
	d.agent == "ben"
	d.excluded.cid == ["is a trainee and trainees take no complaints", "is a trainee not certified for complaints"]
}

# Even certified for complaints, a trainee takes none.
test_trainee_certified_still_kept_off_complaints if {
	certified := {"agents": {"cid": {"training": {"certified": ["returns", "complaints"]}}}}
	d := routing.decision with data.supportops.config as object.union(cfg, certified)
		with data.supportops.index as object.union(idx, {"certified": {"complaints": {"cid"}}})
		with input as {"ticket": tk({"category": "complaints"}), "state": prepare(base_state), "now": now, "explain": true}
	d == {
		"priority": "P3", "queue": "general", "agent": "ben",
		"reasons": [
			p3,
			"queue general takes channel email, language en, category complaints, tier standard",
			"agent ben: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"cid": ["is a trainee and trainees take no complaints"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

# A VIP email goes to general: the vip queue takes chat only.
test_trainee_kept_off_vip if {
	run(tk({"customer": {"tier": "vip"}}), base_state, true) == {
		"priority": "P3", "queue": "general", "agent": "ben",
		"reasons": [
			p3,
			"queue general takes channel email, language en, category returns, tier vip",
			"agent ben: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"cid": ["is a trainee and trainees take no VIP customers"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

test_trainee_kept_off_p1_from_matrix if {
	run(tk({"impact": "high", "urgency": "high"}), base_state, true) == {
		"priority": "P1", "queue": "general", "agent": "ben",
		"reasons": [
			"priority P1 from the matrix: impact high, urgency high",
			general_en_email,
			"agent ben: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"cid": ["is a trainee and trainees take no P1 tickets"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

test_trainee_kept_off_p1_given if {
	d := run(tk({"priority": "P1"}), base_state, true)
	d.agent == "ben"
	d.excluded.cid == ["is a trainee and trainees take no P1 tickets"]
}

test_trainee_takes_p2 if {
	d := run(tk({"priority": "P2"}), base_state, true)
	d.agent == "cid"
	not d.excluded.cid
}

test_trainee_kept_off_abusive if {
	run(tk({"customer": {"flags": ["abusive"]}}), base_state, true) == {
		"priority": "P3", "queue": "general", "agent": "ben",
		"reasons": [
			p3,
			general_en_email,
			"agent ben: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"cid": ["is a trainee and trainees take no abusive-flagged customers"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

# --- Wellbeing ------------------------------------------------------------------

# ana is first in the order (no open contacts, never assigned) but had 3
# difficult contacts, the last 10 minutes ago.
# Order: ana (0, 0), fay (0, 0), cid (0, ...620000), ben (0, ...632800), dee (1), eve (2).
cool_state(count, last) := {
	"agents": {
		"ana": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": count, "last_difficult": last},
		"ben": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763632800, "difficult_contacts": 0, "last_difficult": 0},
		"cid": {"status": "available", "load": {}, "open": 0, "last_assigned": 1763620000, "difficult_contacts": 0, "last_difficult": 0},
		"dee": {"status": "available", "load": {"email": 1}, "open": 1, "last_assigned": 1763600000, "difficult_contacts": 0, "last_difficult": 0},
		"eve": {"status": "available", "load": {"chat": 1, "email": 1}, "open": 2, "last_assigned": 1763610000, "difficult_contacts": 0, "last_difficult": 0},
		"fay": {"status": "available", "load": {}, "open": 0, "last_assigned": 0, "difficult_contacts": 0, "last_difficult": 0},
	},
	"free": {"chat": {"ana", "ben", "cid", "eve", "fay"}, "email": {"ana", "ben", "cid", "dee", "eve"}},
	"order": ["ana", "fay", "cid", "ben", "dee", "eve"],
	"difficult": {"ana": {"count": count, "last": last}},
}

cooling := cool_state(3, now - 600)

cool_down_reason := "is in a wellbeing cool-down: 3 difficult contacts, the last 10 min ago (cool-down 30 min)"

test_wellbeing_routine_ticket_not_held_back if {
	run(ticket, cooling, true) == {
		"priority": "P3", "queue": "general", "agent": "ana",
		"reasons": [
			p3,
			general_en_email,
			"agent ana: the least loaded (open contacts: 0), then longest idle, of 3 qualified in team front",
		],
		"excluded": {"dee": ["does not speak en", "lacks skill returns"]},
	}
}

test_wellbeing_cool_down_escalated if {
	run(tk({"escalated": true}), cooling, true) == {
		"priority": "P3", "queue": "general", "agent": "cid",
		"reasons": [
			p3,
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"ana": [cool_down_reason],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

test_wellbeing_cool_down_abusive if {
	d := run(tk({"customer": {"flags": ["vip-watch", "abusive"]}}), cooling, true)
	d.agent == "ben"
	d.excluded.ana == [cool_down_reason]
	d.excluded.cid == ["is a trainee and trainees take no abusive-flagged customers"]
}

test_wellbeing_cool_down_difficult_category if {
	d := run(tk({"category": "complaints"}), cooling, true)
	d.agent == "ben"
	d.excluded.ana == [cool_down_reason]
}

test_wellbeing_cool_down_over if {
	d := run(tk({"escalated": true}), cool_state(3, now - 1800), true)
	d.agent == "ana"
	not d.excluded.ana
}

test_wellbeing_below_max if {
	d := run(tk({"escalated": true}), cool_state(2, now - 60), true)
	d.agent == "ana"
	not d.excluded.ana
}

test_wellbeing_not_configured if {
	d := routing.decision with data.supportops.config as cfg
		with data.supportops.index as object.remove(idx, ["wellbeing"])
		with input as {"ticket": tk({"escalated": true}), "state": prepare(cooling), "now": now, "explain": true}
	d.agent == "ana"
	not d.excluded.ana
}

# --- Nobody qualifies -------------------------------------------------------------

# An abusive customer's German complaint by chat: ana is cooling down, cid a
# trainee, ben speaks no German, dee lacks the skill and the channel.
test_nobody_qualifies if {
	run(tk({"channel": "chat", "language": "de", "category": "complaints", "customer": {"flags": ["abusive"]}}), cooling, false) == {
		"priority": "P3", "queue": "general",
		"reasons": [
			p3,
			"queue general takes channel chat, language de, category complaints, tier standard",
			"nobody in team front qualifies; the ticket waits in queue general",
		],
		"excluded": {
			"ana": [cool_down_reason],
			"ben": ["does not speak de"],
			"cid": [
				"is a trainee and trainees take no abusive-flagged customers",
				"is a trainee and trainees take no complaints",
				"is a trainee not certified for complaints",
			],
			"dee": ["does not serve chat", "lacks skill returns"],
		},
	}
}

# ben has no entry in the live state (nor in the order).
no_state := {
	"agents": object.remove(base_state.agents, ["ben"]),
	"free": {"chat": {"ana", "cid", "eve", "fay"}, "email": {"ana", "cid", "dee", "eve"}},
	"order": ["fay", "cid", "dee", "ana", "eve"],
	"difficult": {},
}

test_no_live_state if {
	run(ticket, no_state, true) == {
		"priority": "P3", "queue": "general", "agent": "cid",
		"reasons": [
			p3,
			general_en_email,
			"agent cid: the least loaded (open contacts: 0), then longest idle, of 2 qualified in team front",
		],
		"excluded": {
			"ben": ["has no live state"],
			"dee": ["does not speak en", "lacks skill returns"],
		},
	}
}

# A category the configuration does not know: nobody qualifies, and every
# member of the queue's team says why.
test_unknown_category_excludes_every_member if {
	d := run(tk({"category": "warranty"}), base_state, false)
	not d.agent
	every id in idx.team_members.front {
		"category warranty is not configured, so nobody has its skill" in d.excluded[id]
	}
}

# --- The ticket view -----------------------------------------------------------

view_of(tick) := v if {
	v := routing.ticket_view with data.supportops.config as cfg
		with data.supportops.index as idx
		with input as {"ticket": tick}
}

# The engine passes a cached ticket view; the decision must be the one the
# policy reaches on its own.
test_view_given_decides_as_computed if {
	every tick in [
		tk({"channel": "chat", "customer": {"tier": "vip"}}),
		tk({"category": "complaints", "escalated": true}),
		tk({"channel": "phone"}),
	] {
		every explain in [true, false] {
			run_with_view(tick, base_state, explain) == run(tick, base_state, explain)
		}
	}
}

run_with_view(tick, state, explain) := d if {
	d := routing.decision with data.supportops.config as cfg
		with data.supportops.index as idx
		with input as {"ticket": tick, "state": prepare(state), "now": now, "explain": explain, "view": view_of(tick)}
}

# The view reads only the fields in view_fields: the engine evaluates it on
# those alone.
test_view_reads_only_view_fields if {
	tick := object.union(tk({"customer": {"tier": "vip", "flags": ["abusive"]}, "priority": "P1"}), {"subject": "Where is my parcel?", "tags": ["x"]})
	only := json.filter(tick, [concat("/", path) | some path in routing.view_fields])
	not only.subject
	view_of(only) == view_of(tick)
}
