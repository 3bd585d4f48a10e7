package config

import (
	"strings"

	"github.com/supportops/supportops/engine/model"
)

// checkKPIs checks the KPIs: monotonic bands, the settings a metric
// needs, and the names of channels and scopes.
func (c *checker) checkKPIs() {
	cfg := c.cfg
	for id, p := range entries("kpis", cfg.KPIs) {
		k := cfg.KPIs[id]
		b := k.Bands
		higher := k.Direction == "higher"
		if (higher && !(b.Excellent > b.Good && b.Good > b.OK)) || (!higher && !(b.Excellent < b.Good && b.Good < b.OK)) {
			order := ">"
			if !higher {
				order = "<"
			}
			c.errorf(p.at("bands"), "bands are not monotonic: %s is better, so want excellent %s good %s ok, got %g, %g, %g",
				k.Direction, order, order, b.Excellent, b.Good, b.OK)
		}
		if k.Metric == "service_level" && k.Within == "" {
			c.errorf(p.at("metric"), "service_level needs within: the answer time, e.g. within: \"20s\"")
		}
		if k.Within != "" {
			if k.Metric != "service_level" {
				c.errorf(p.at("within"), "within applies to service_level only, not %s", k.Metric)
			} else {
				c.duration(p.at("within"), k.Within)
			}
		}
		if len(k.Weights) > 0 && k.Metric != "workload" {
			c.errorf(p.at("weights"), "weights apply to workload only, not %s", k.Metric)
		}
		for _, ch := range model.SortedKeys(k.Weights) {
			ref(c, p.at("weights", ch), "channels", ch, cfg.Channels)
		}
		if kind, _, _ := strings.Cut(k.Scope, ":"); (k.Metric == "utilisation" || k.Metric == "workload") && (kind == "queue" || kind == "channel") {
			c.errorf(p.at("scope"), "%s measures agents: want scope center, team:ID or agent:ID (or team:*, agent:*), not %s", k.Metric, k.Scope)
		}
		if k.Channel != "" {
			ref(c, p.at("channel"), "channels", k.Channel, cfg.Channels)
		}
		if kind, name, ok := strings.Cut(k.Scope, ":"); ok && name != "*" {
			switch kind {
			case "team":
				ref(c, p.at("scope"), "teams", name, cfg.Teams)
			case "queue":
				ref(c, p.at("scope"), "queues", name, cfg.Queues)
			case "agent":
				ref(c, p.at("scope"), "agents", name, cfg.Agents)
			case "channel":
				ref(c, p.at("scope"), "channels", name, cfg.Channels)
			}
		}
	}
}

func (c *checker) checkIncentives() {
	cfg := c.cfg
	for id, p := range entries("incentives", cfg.Incentives) {
		in := cfg.Incentives[id]
		hasKPI := false
		for i, cond := range in.When {
			if cond.KPI != "" {
				hasKPI = true
				ref(c, p.at("when", i, "kpi"), "kpis", cond.KPI, cfg.KPIs)
			}
		}
		if in.Top > 0 && !hasKPI {
			c.errorf(p.at("top"), "top needs a KPI condition to rank recipients by")
		}
		r, rp := in.Reward, p.at("reward")
		kinds := 0
		for _, set := range []bool{r.Bonus > 0, r.Points > 0, r.Award != ""} {
			if set {
				kinds++
			}
		}
		if kinds != 1 {
			c.errorf(rp, "reward must set exactly one of bonus, points or award")
		}
		if r.Bonus > 0 && r.Currency == "" {
			c.errorf(rp.at("bonus"), "bonus needs a currency")
		}
		if in.Cap > 0 && r.Award != "" {
			c.warnf(p.at("cap"), "cap has no effect on an award")
		}
	}
}
