package drill

import (
	"slices"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/ticket"
)

// SyntheticTicket is the ticket a scenario's synthetic tickets start
// from, tagged "drill": in the language and tier of the first queue, by
// id, that takes their channel and category (English and no tier when
// none does), at the middle priority of the configuration's levels
// (medium impact and urgency without levels).
func SyntheticTicket(cfg *model.Config, st *model.SyntheticTickets) ticket.Ticket {
	t := ticket.Ticket{Channel: st.Channel, Category: st.Category, Language: "en", Tags: []string{"drill"}}
	for _, id := range model.SortedKeys(cfg.Queues) {
		q := cfg.Queues[id]
		if !slices.Contains(q.Channels, st.Channel) || len(q.Categories) > 0 && !slices.Contains(q.Categories, st.Category) {
			continue
		}
		if len(q.Languages) > 0 {
			t.Language = q.Languages[0]
		}
		if len(q.Tiers) > 0 {
			t.Customer.Tier = q.Tiers[0]
		}
		break
	}
	if p := cfg.Priorities; p != nil && len(p.Levels) > 0 {
		t.Priority = p.Levels[len(p.Levels)/2].ID
	} else {
		t.Impact, t.Urgency = "medium", "medium"
	}
	return t
}
