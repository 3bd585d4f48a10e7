package config

import (
	"github.com/supportops/supportops/engine/model"
)

// checkApprovals checks the approval tiers: known approver roles, and
// up_to ascending, left out by the last tier only.
func (c *checker) checkApprovals() {
	cfg := c.cfg
	for _, action := range model.SortedKeys(cfg.Approvals) {
		p := path{"approvals", string(action)}
		tiers := cfg.Approvals[action].Tiers
		for i, t := range tiers {
			tp := p.at("tiers", i)
			refs(c, tp.at("approvers"), "roles", t.Approvers, cfg.Roles)
			if t.UpTo == nil {
				if i != len(tiers)-1 {
					c.errorf(tp, "only the last tier may leave out up_to")
				}
				continue
			}
			if i > 0 && tiers[i-1].UpTo != nil && *t.UpTo <= *tiers[i-1].UpTo {
				c.errorf(tp.at("up_to"), "tiers must ascend: up_to %g after %g", *t.UpTo, *tiers[i-1].UpTo)
			}
		}
	}
}
