package kpi

import (
	"cmp"
	"hash/maphash"
	"slices"

	"github.com/supportops/supportops/engine/history"
)

// repeats keeps, of every record, what repeat_contact_rate needs to find
// a later ticket of the same customer and category: the later ticket may
// fall in the next period, so repeats are resolved when a card is made.
type repeats struct {
	seed       maphash.Seed
	categories map[string]uint32
	// chunks hold the entries, chunkSize a chunk, so that a million
	// records are not copied as a slice grows; n counts them.
	chunks [][]repeatEntry
	n      int
	// repeat[i] holds when entry i's customer opened another ticket of
	// the same category after it and at most 7 days later; valid for the
	// first resolved entries.
	repeat   []bool
	resolved int
}

// repeatEntry is one record, compactly: its customer (hashed, so that
// sorting rarely compares the names) and category, when it was created
// and where it counts.
type repeatEntry struct {
	created  int64
	hash     uint64
	category uint32
	fact     fact
	customer string
}

// chunkSize is the number of entries of a chunk.
const chunkSize = 1 << 16

func newRepeats() *repeats {
	return &repeats{seed: maphash.MakeSeed(), categories: map[string]uint32{}}
}

// add keeps record r, created at c (Unix ns), with fact f.
func (rp *repeats) add(r *history.Record, c int64, f fact) {
	e := repeatEntry{created: c, fact: f, customer: r.Customer}
	if r.Customer != "" {
		e.hash = maphash.String(rp.seed, r.Customer)
		cat, ok := rp.categories[r.Category]
		if !ok {
			cat = uint32(len(rp.categories))
			rp.categories[r.Category] = cat
		}
		e.category = cat
	}
	if len(rp.chunks) == 0 || len(rp.chunks[len(rp.chunks)-1]) == chunkSize {
		rp.chunks = append(rp.chunks, make([]repeatEntry, 0, chunkSize))
	}
	last := &rp.chunks[len(rp.chunks)-1]
	*last = append(*last, e)
	rp.n++
}

// entry is the i-th entry.
func (rp *repeats) entry(i int) *repeatEntry {
	return &rp.chunks[i/chunkSize][i%chunkSize]
}

// repeatKey is what resolve sorts: an entry's customer hash, category
// and creation, and its number. It holds no pointer, so sorting a
// million costs no write barriers.
type repeatKey struct {
	hash     uint64
	created  int64
	category uint32
	i        int32
}

// resolve marks the repeated entries when records came since the last
// time: sorted by customer, category and creation, an entry repeats when
// the next later one of its group is at most 7 days after it. Customers
// are sorted by their names' hash; should two names share a hash, the
// keys are sorted again by name as well.
func (rp *repeats) resolve() {
	if rp.resolved == rp.n {
		return
	}
	keys := make([]repeatKey, 0, rp.n)
	i := int32(0)
	for _, chunk := range rp.chunks {
		for j := range chunk {
			e := &chunk[j]
			if e.customer != "" {
				keys = append(keys, repeatKey{hash: e.hash, created: e.created, category: e.category, i: i})
			}
			i++
		}
	}
	slices.SortFunc(keys, func(x, y repeatKey) int {
		switch {
		case x.hash != y.hash:
			return cmp.Compare(x.hash, y.hash)
		case x.category != y.category:
			return cmp.Compare(x.category, y.category)
		}
		return cmp.Compare(x.created, y.created)
	})
	customer := func(k *repeatKey) string { return rp.entry(int(k.i)).customer }
	collided := false
	for k := 1; k < len(keys) && !collided; k++ {
		collided = keys[k].hash == keys[k-1].hash && customer(&keys[k]) != customer(&keys[k-1])
	}
	if collided {
		slices.SortFunc(keys, func(x, y repeatKey) int {
			return cmp.Or(cmp.Compare(x.hash, y.hash), cmp.Compare(customer(&x), customer(&y)),
				cmp.Compare(x.category, y.category), cmp.Compare(x.created, y.created))
		})
	}
	same := func(a, b *repeatKey) bool {
		return a.hash == b.hash && a.category == b.category && (!collided || customer(a) == customer(b))
	}
	rp.repeat = make([]bool, rp.n)
	window := repeatWindow.Nanoseconds()
	// next is the first position after k, in k's group, created strictly
	// later than k.
	next := 0
	for k := range keys {
		e := &keys[k]
		next = max(next, k+1)
		for next < len(keys) && same(e, &keys[next]) && keys[next].created == e.created {
			next++
		}
		if next < len(keys) && same(e, &keys[next]) && keys[next].created-e.created <= window {
			rp.repeat[e.i] = true
		}
	}
	rp.resolved = rp.n
}

// card sums repeat_contact_rate of spec s over the tickets created in p:
// numerator the repeated ones, denominator all.
func (rp *repeats) card(s *spec, p Period) []acc {
	rp.resolve()
	accs := make([]acc, s.slots)
	start, end := p.Start.UnixNano(), p.End.UnixNano()
	i := -1
	for _, chunk := range rp.chunks {
		for j := range chunk {
			i++
			e := &chunk[j]
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
	}
	return accs
}
