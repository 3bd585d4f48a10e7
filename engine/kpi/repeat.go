package kpi

import (
	"cmp"
	"slices"

	"github.com/supportops/supportops/engine/history"
)

// repeats keeps, of every record, what repeat_contact_rate needs to find
// a later ticket of the same customer and category: the later ticket may
// fall in the next period, so repeats are resolved when a card is made.
type repeats struct {
	customers, categories map[string]uint32
	entries               []repeatEntry
	// repeat[i] holds when entries[i]'s customer opened another ticket of
	// the same category after it and at most 7 days later; valid for the
	// first resolved entries.
	repeat   []bool
	resolved int
}

// repeatEntry is one record, compactly. customer 0 is none.
type repeatEntry struct {
	created            int64
	customer, category uint32
	fact               fact
}

func newRepeats() *repeats {
	return &repeats{customers: map[string]uint32{}, categories: map[string]uint32{}}
}

// add keeps record r, created at c (Unix ns), with fact f.
func (rp *repeats) add(r *history.Record, c int64, f fact) {
	e := repeatEntry{created: c, fact: f}
	if r.Customer != "" {
		e.customer = intern(rp.customers, r.Customer)
		e.category = intern(rp.categories, r.Category)
	}
	rp.entries = append(rp.entries, e)
}

// intern is s's number in m, numbered from 1 when new.
func intern(m map[string]uint32, s string) uint32 {
	if n, ok := m[s]; ok {
		return n
	}
	n := uint32(len(m) + 1)
	m[s] = n
	return n
}

// resolve marks the repeated entries when records came since the last
// time.
func (rp *repeats) resolve() {
	if rp.resolved == len(rp.entries) {
		return
	}
	order := make([]int32, len(rp.entries))
	for i := range order {
		order[i] = int32(i)
	}
	es := rp.entries
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &es[a], &es[b]
		return cmp.Or(cmp.Compare(x.customer, y.customer), cmp.Compare(x.category, y.category), cmp.Compare(x.created, y.created))
	})
	rp.repeat = make([]bool, len(es))
	window := repeatWindow.Nanoseconds()
	// next is the first position after i, in i's group, created strictly
	// later than i.
	next := 0
	for i, ei := range order {
		e := &es[ei]
		if e.customer == 0 {
			continue
		}
		if next <= i {
			next = i + 1
		}
		for next < len(order) && same(e, &es[order[next]]) && es[order[next]].created == e.created {
			next++
		}
		if next < len(order) && same(e, &es[order[next]]) && es[order[next]].created-e.created <= window {
			rp.repeat[ei] = true
		}
	}
	rp.resolved = len(es)
}

// same holds when a and b have the same customer and category.
func same(a, b *repeatEntry) bool { return a.customer == b.customer && a.category == b.category }

// card sums repeat_contact_rate of spec s over the tickets created in p:
// numerator the repeated ones, denominator all.
func (rp *repeats) card(s *spec, p Period) []acc {
	rp.resolve()
	accs := make([]acc, s.slots)
	start, end := p.Start.UnixNano(), p.End.UnixNano()
	for i := range rp.entries {
		e := &rp.entries[i]
		if e.created < start || e.created >= end || (s.channel != unknown && e.fact.channel != s.channel) {
			continue
		}
		slot := s.slot(&e.fact)
		if slot < 0 {
			continue
		}
		accs[slot].den++
		if rp.repeat[i] {
			accs[slot].num++
		}
	}
	return accs
}
