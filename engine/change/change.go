package change

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/model"
)

// Op is what happened to an entity or field.
type Op string

// The operations of a change.
const (
	// Added means the entity exists in head only.
	Added Op = "added"
	// Removed means the entity exists in base only.
	Removed Op = "removed"
	// Changed means the entity exists in both and differs, or, for an
	// ordered collection, moved relative to the others.
	Changed Op = "changed"
)

// FieldChange is one changed leaf value of an entity.
//
// Path is relative to the entity and uses the json field names and CUE
// selectors: `skills.returns`, `levels[1].after`, `matrix.high.low`,
// `teams."after-sales"`. A list whose field is tagged diff:"set" is compared
// as a set, so a member that was added or removed is reported at the path of
// the list itself, with Before nil (added) or After nil (removed). Ordered
// lists are compared index by index: `levels[2]` with Before nil is a level
// that was added at the end.
//
// Before and After are the values in base and head, nil when absent. Scalars
// are plain Go values (string, int, float64, bool); structs, maps and lists
// are their JSON form (map[string]any, []any, with float64 numbers).
type FieldChange struct {
	Path   string `json:"path"`
	Before any    `json:"before,omitempty"`
	After  any    `json:"after,omitempty"`
}

// Move records that an entity of an ordered collection changed its position
// relative to the other entities that exist in both configurations. From
// and To are 1-based positions in the base and head lists.
type Move struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Change is one entity that was added, removed or changed.
type Change struct {
	// Kind is the json name of the collection in model.Config: "agents",
	// "queues", "sla_policies", "center", "priorities", ...
	Kind string `json:"kind"`
	// ID is the map key, the policy name for sla_policies, and "" for
	// singletons such as center.
	ID string `json:"id"`
	// Op is what happened to the entity.
	Op Op `json:"op"`
	// Moved is set when an entity of an ordered collection (sla_policies)
	// changed its relative order; such an entity is Changed even when its
	// fields are equal.
	Moved *Move `json:"moved,omitempty"`
	// Fields are the changed leaves, for Changed only, sorted by Path
	// (list indices in numeric order).
	Fields []FieldChange `json:"fields,omitempty"`
}

// Set is the whole difference between two configurations: every entity
// that was added, removed or changed.
type Set struct {
	// Changes are sorted by Kind, in the order of model.Config's fields,
	// then by ID.
	Changes []Change `json:"changes"`
}

// Counts returns how many entities the set adds, changes and removes.
func (s Set) Counts() (added, changed, removed int) {
	for _, c := range s.Changes {
		switch c.Op {
		case Added:
			added++
		case Changed:
			changed++
		case Removed:
			removed++
		}
	}
	return added, changed, removed
}

// Empty reports whether the set changes nothing.
func (s Set) Empty() bool { return len(s.Changes) == 0 }

// Compare compares two configurations. Either may be nil (an empty
// configuration).
//
// Map collections are compared by key, the top-level ordered list
// sla_policies by its elements' name, and singletons (center, priorities,
// wellbeing) are added or removed when they go from or to empty. The result
// is deterministic.
func Compare(base, head *model.Config) Set {
	if base == nil {
		base = &model.Config{}
	}
	if head == nil {
		head = &model.Config{}
	}
	d := newDiffer()
	bv, hv := reflect.ValueOf(base).Elem(), reflect.ValueOf(head).Elem()
	t := bv.Type()
	changes := []Change{}
	for i := range t.NumField() {
		kind := jsonName(t.Field(i))
		b, h := bv.Field(i), hv.Field(i)
		switch b.Kind() {
		case reflect.Map:
			changes = d.diffMap(changes, kind, b, h)
		case reflect.Slice:
			changes = d.diffList(changes, kind, b, h)
		default:
			changes = d.diffSingleton(changes, kind, b, h)
		}
	}
	return Set{Changes: changes}
}

// diffMap appends the changes of a collection keyed by id, in key order.
func (d *differ) diffMap(changes []Change, kind string, b, h reflect.Value) []Change {
	start := len(changes)
	k := reflect.New(b.Type().Key()).Elem()
	matched := 0
	for it := b.MapRange(); it.Next(); {
		k.SetIterKey(it)
		y := h.MapIndex(k)
		if !y.IsValid() {
			changes = append(changes, Change{Kind: kind, ID: k.String(), Op: Removed})
			continue
		}
		matched++
		if fields := d.compare(it.Value(), y); len(fields) > 0 {
			changes = append(changes, Change{Kind: kind, ID: k.String(), Op: Changed, Fields: fields})
		}
	}
	if matched < h.Len() {
		for it := h.MapRange(); it.Next(); {
			k.SetIterKey(it)
			if !b.MapIndex(k).IsValid() {
				changes = append(changes, Change{Kind: kind, ID: k.String(), Op: Added})
			}
		}
	}
	slices.SortFunc(changes[start:], func(a, b Change) int { return strings.Compare(a.ID, b.ID) })
	return changes
}

// diffSingleton appends the change of a value that exists at most once, such
// as center. An empty value (nil, or all fields empty) counts as absent.
func (d *differ) diffSingleton(changes []Change, kind string, b, h reflect.Value) []Change {
	bEmpty, hEmpty := isDeepEmpty(b), isDeepEmpty(h)
	switch {
	case bEmpty && hEmpty:
	case hEmpty:
		changes = append(changes, Change{Kind: kind, Op: Removed})
	case bEmpty:
		changes = append(changes, Change{Kind: kind, Op: Added})
	default:
		if fields := d.compare(b, h); len(fields) > 0 {
			changes = append(changes, Change{Kind: kind, Op: Changed, Fields: fields})
		}
	}
	return changes
}

// keyed is one element of an ordered list, with its id and 1-based position.
type keyed struct {
	id  string
	pos int
	v   reflect.Value
}

// diffList appends the changes of an ordered list of entities identified by
// their name field (sla_policies: the first match wins). An element is moved
// when it is not part of the longest common subsequence of the names both
// lists share, so inserting or removing one policy does not mark every policy
// after it as moved.
func (d *differ) diffList(changes []Change, kind string, b, h reflect.Value) []Change {
	bl, hl := listEntities(b), listEntities(h)
	bm := make(map[string]keyed, len(bl))
	for _, e := range bl {
		bm[e.id] = e
	}
	hm := make(map[string]keyed, len(hl))
	for _, e := range hl {
		hm[e.id] = e
	}
	var bCommon, hCommon []string
	for _, e := range bl {
		if _, ok := hm[e.id]; ok {
			bCommon = append(bCommon, e.id)
		}
	}
	for _, e := range hl {
		if _, ok := bm[e.id]; ok {
			hCommon = append(hCommon, e.id)
		}
	}
	stay := commonOrder(bCommon, hCommon)

	start := len(changes)
	for _, x := range bl {
		y, ok := hm[x.id]
		if !ok {
			changes = append(changes, Change{Kind: kind, ID: x.id, Op: Removed})
			continue
		}
		c := Change{Kind: kind, ID: x.id, Op: Changed, Fields: d.compare(x.v, y.v)}
		if !stay[x.id] {
			c.Moved = &Move{From: x.pos, To: y.pos}
		}
		if c.Moved != nil || len(c.Fields) > 0 {
			changes = append(changes, c)
		}
	}
	for _, y := range hl {
		if _, ok := bm[y.id]; !ok {
			changes = append(changes, Change{Kind: kind, ID: y.id, Op: Added})
		}
	}
	slices.SortFunc(changes[start:], func(a, b Change) int { return strings.Compare(a.ID, b.ID) })
	return changes
}

// listEntities returns the elements of an ordered list keyed by their json
// "name" field. A name that occurs more than once (an invalid configuration)
// is keyed "name#2", "name#3", ... from its second occurrence on.
func listEntities(l reflect.Value) []keyed {
	if l.Len() == 0 {
		return nil
	}
	name := nameField(l.Type().Elem())
	out := make([]keyed, 0, l.Len())
	seen := make(map[string]int, l.Len())
	for i := range l.Len() {
		v := l.Index(i)
		id := v.Field(name).String()
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s#%d", id, n)
		}
		out = append(out, keyed{id: id, pos: i + 1, v: v})
	}
	return out
}

// nameField returns the index of the string field whose json name is "name".
// Every ordered top-level list of model.Config has one; a test keeps it so.
func nameField(t reflect.Type) int {
	for i := range t.NumField() {
		if f := t.Field(i); jsonName(f) == "name" && f.Type.Kind() == reflect.String {
			return i
		}
	}
	panic(fmt.Sprintf("change: list element %v has no name field to key it by", t))
}

// commonOrder returns the ids that keep their relative order: a longest
// common subsequence of a and b, which hold the same ids. On ties the element
// that moved up in b is the one reported as moved.
func commonOrder(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	// lcs[i][j] is the length of a longest common subsequence of a[i:], b[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	stay := make(map[string]bool, lcs[0][0])
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			stay[a[i]] = true
			i++
			j++
		case lcs[i+1][j] > lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return stay
}

// compareNatural orders paths so that list indices sort numerically:
// levels[2] before levels[10].
func compareNatural(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			da, db := digitRun(a), digitRun(b)
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitRun(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
