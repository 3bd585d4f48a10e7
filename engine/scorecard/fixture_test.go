package scorecard

import (
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// fixtureKPIs are KPIs as acme-shop declares them, one of each kind of
// scope and unit, and a description that must be escaped.
func fixtureKPIs() []KPI {
	k := func(id, metric, scope, dir, period string, target, exc, good, ok float64, desc string) KPI {
		return KPI{ID: id, KPI: model.KPI{Description: desc, Metric: metric, Scope: scope, Target: target, Direction: dir,
			Period: period, Bands: model.Bands{Excellent: exc, Good: good, OK: ok}}}
	}
	return []KPI{
		k("answer-rate-phone", "answer_rate", "channel:phone", "higher", "week", 95, 95, 86, 76, "Calls answered rather than abandoned."),
		k("complaint-rate", "complaint_rate", "center", "lower", "month", 1.2, 1.2, 1.35, 1.6, "Contacts that turn into a formal complaint."),
		k("csat-agent", "csat", "agent:*", "higher", "month", 4.8, 4.8, 4.5, 4.2, "CSAT per agent."),
		k("csat-center", "csat", "center", "higher", "month", 4.6, 4.6, 4.45, 4.2, `Average survey score <script>alert("1 & 2")</script>.`),
		k("fcr-technical-support", "fcr", "team:technical-support", "higher", "month", 68, 68, 60, 52, "Device issues often need a call-back."),
		k("first-response-chat", "avg_first_response", "channel:chat", "lower", "week", 20, 20, 22, 28, "Wait before a chat is picked up."),
		k("first-response-email", "avg_first_response", "channel:email", "lower", "week", 14400, 14400, 16200, 19800, "Time to the first email reply."),
		k("qa-score", "qa_score", "agent:*", "higher", "month", 95, 95, 86, 76, "QA scorecard, 0-100."),
		k("resolution-rate", "resolution_rate", "team:*", "higher", "month", 92, 92, 84, 75, "Solved within the SLA."),
		k("service-level-phone", "service_level", "channel:phone", "higher", "month", 80, 80, 72, 62, "Calls answered within 20 s."),
		k("service-level-vip", "service_level", "queue:vip", "higher", "month", 90, 90, 82, 72, "VIP hotline within 20 s."),
		k("utilisation", "utilisation", "team:*", "higher", "week", 82, 82, 76, 68, "Share of logged-in time on contacts."),
	}
}

// fixtureTeams are the center's teams, one with a name to escape.
func fixtureTeams() []Named {
	return []Named{{"after-sales", "After-sales"}, {"complaints", "Complaints"}, {"technical-support", "Technical <support>"}}
}

// fixtureAgents are the center's agents.
func fixtureAgents() []Named {
	return []Named{{"anna", "Anna Schmidt"}, {"ben", "Ben Kraus"}, {"cem", "Cem Yilmaz"}, {"dana", "Dana Wolf"},
		{"eva", "Eva Roth"}, {"finn", "Finn Berg"}, {"gul", "Gül Aydin"}, {"hugo", "Hugo Lenz"}}
}

// fixtureValues are the values of a fixture card: KPI id → scope → value;
// a missing scope of a configured one is no data.
type fixtureValues map[string]map[string]float64

// fixtureCard builds the card of period from values, banding each value
// with kpi.BandOf, and a result with no data for every other configured
// scope of each KPI with values.
func fixtureCard(period string, values fixtureValues) kpi.Card {
	c := kpi.Card{Period: period}
	for _, k := range fixtureKPIs() {
		vs, ok := values[k.ID]
		if !ok {
			continue
		}
		scopes := []string{k.Scope}
		switch k.Scope {
		case "agent:*":
			scopes = nil
			for _, a := range fixtureAgents() {
				scopes = append(scopes, "agent:"+a.ID)
			}
		case "team:*":
			scopes = nil
			for _, t := range fixtureTeams() {
				scopes = append(scopes, "team:"+t.ID)
			}
		}
		for _, s := range scopes {
			r := kpi.Result{KPI: k.ID, Metric: k.Metric, Scope: s, Target: k.Target, Band: kpi.NoData, Direction: k.Direction, Period: period}
			if v, ok := vs[s]; ok {
				r.Value, r.Band = &v, kpi.BandOf(k.KPI, v)
				// Counts that give the value: a rate of 200, a mean of 40.
				r.Denominator = 200
				if unitOf(k.Metric) != unitPercent {
					r.Denominator = 40
				}
				r.Numerator = v * r.Denominator
				if unitOf(k.Metric) == unitPercent {
					r.Numerator = v * r.Denominator / 100
				}
			}
			c.Results = append(c.Results, r)
		}
	}
	return c
}

// agents gives the agents, in order, the values.
func agents(vs ...float64) map[string]float64 {
	m := map[string]float64{}
	for i, v := range vs {
		m["agent:"+fixtureAgents()[i].ID] = v
	}
	return m
}

// fixture is the scorecard of November 2026 of a small center: two earlier
// months (September without phone data), the four weeks within November, a
// spread CSAT and a too easy QA target among the agents, a team heat map
// with a team not measured, and the incentives with a tie at the cut, a
// pending payout approval and near misses.
func fixture() Scorecard {
	month := func(period string, sl, csat float64, phone bool) kpi.Card {
		v := fixtureValues{
			"complaint-rate":        {"center": 1.31},
			"csat-center":           {"center": csat},
			"fcr-technical-support": {"team:technical-support": 50.5},
			"resolution-rate":       {"team:after-sales": 93.1, "team:complaints": 71.4, "team:technical-support": 85.0},
			"service-level-vip":     {},
			"csat-agent":            agents(4.86, 4.81, 4.81, 4.62, 4.44, 4.31, 4.05),
			"qa-score":              agents(97, 96.5, 98, 95.2, 99, 94, 96, 95),
		}
		if phone {
			v["service-level-phone"] = map[string]float64{"channel:phone": sl}
		}
		return fixtureCard(period, v)
	}
	week := func(period string, ar, email, chat float64) kpi.Card {
		return fixtureCard(period, fixtureValues{
			"answer-rate-phone":    {"channel:phone": ar},
			"first-response-email": {"channel:email": email},
			"first-response-chat":  {"channel:chat": chat},
			"utilisation":          {"team:after-sales": 78.5, "team:complaints": 66.0},
		})
	}
	sc := Scorecard{
		Center: "Acme Shop", Period: "2026-11",
		Card:  month("2026-11", 64.2, 4.31, true),
		Trend: []kpi.Card{month("2026-09", 0, 4.22, false), month("2026-10", 73.5, 4.48, true)},
		Weekly: []kpi.Card{week("2026-W45", 81.2, 15100, 21.0),
			week("2026-W46", 77.4, 21000, 29.4), week("2026-W47", 88.0, 14000, 19.5), week("2026-W48", 96.1, 13200, 18.0)},
		KPIs:  fixtureKPIs(),
		Teams: fixtureTeams(),
		Names: map[string]string{},
		Outcome: incentive.Outcome{Period: "2026-11",
			Awards: []incentive.Award{
				{Incentive: "commendation-points", Name: "Commendation points", Recipient: "agent:ben", Reward: model.Reward{Points: 30},
					Reason: "3 commendations × 10 points"},
				{Incentive: "commendation-points", Name: "Commendation points", Recipient: "agent:anna", Reward: model.Reward{Points: 50},
					Reason: "5 commendations × 10 points"},
				{Incentive: "service-star", Name: "Service star", Recipient: "agent:anna", Rank: 1, Reward: model.Reward{Award: "Service star"},
					Reason: "csat-agent 4.86 (excellent), qa-score 97.0 (excellent)"},
				{Incentive: "service-star", Name: "Service star", Recipient: "agent:ben", Rank: 2, Reward: model.Reward{Award: "Service star"},
					Reason: "csat-agent 4.81 (excellent), qa-score 96.5 (excellent)", Tie: "ben and cem both 4.81: ben has more rated tickets (40 to 31)"},
				{Incentive: "team-service-level-bonus", Name: "Team service-level bonus", Recipient: "team:after-sales",
					Reward: model.Reward{Bonus: 400, Currency: "EUR"}, Reason: "service-level-team 74.0 % (good), resolution-rate 93.1 % (excellent)",
					Approval: &incentive.Approval{Status: "pending", Levels: []string{"team-lead", "head-of-service"}, Reasons: []string{"over 250 EUR"}}},
			},
			NearMisses: []incentive.NearMiss{
				{Incentive: "service-star", Name: "Service star", Recipient: "agent:cem", Reason: "missed Service star: ranked 3 of 3, top 2"},
				{Incentive: "service-star", Name: "Service star", Recipient: "agent:dana", Reason: "missed Service star: csat-agent 4.62 < 4.80 (excellent)"},
			}},
	}
	for _, t := range fixtureTeams() {
		sc.Names["team:"+t.ID] = t.Name
	}
	for _, a := range fixtureAgents() {
		sc.Names["agent:"+a.ID] = a.Name
	}
	return sc
}
