package history

import (
	"slices"
	"time"
)

// lineDecoder decodes JSON lines; Each gives each worker its own. Its
// fast path reads a well-formed line of known fields without building a
// map of it, checking the JSON as it goes; a line it does not take (an
// error of any kind, an escape, a null, a repeated field, a number or
// time in an unusual form) goes to decodeLine, the reference, which
// reports what is wrong. FuzzFastLine checks that the two agree.
type lineDecoder struct {
	fields []field
	index  map[string]int
	// interned says which fields' values are interned in strs: the few
	// ids of channels, queues, teams, agents and the like that most
	// records repeat.
	interned []bool
	strs     *[internSlots]string
	// The optional times and numbers of records point into these slabs,
	// slabSize values each; a full slab is left to its records and a new
	// one made, so a record owns what it points to.
	times  []time.Time
	floats []float64
	ints   []int
	// spare are SLA maps of records fn is done with, for new records to
	// reuse (see Each).
	spare []map[string]SLAResult
	local localZone
	// required has the bit of each required field.
	required uint64
}

// internSlots is the number of strings a decoder interns: a string's
// slot is picked by a hash of its bytes, and a string that hashes to a
// taken slot takes it over.
const internSlots = 1024

// slabSize is the number of values of a slab.
const slabSize = 1024

func newLineDecoder() *lineDecoder {
	d := &lineDecoder{fields: fields(), index: map[string]int{}, strs: new([internSlots]string), local: localZone{loc: time.Local}}
	for i, f := range d.fields {
		d.index[f.name] = i
		if f.required {
			d.required |= 1 << i
		}
		switch f.name {
		case "channel", "queue", "team", "agent", "category", "priority", "tier", "language":
			d.interned = append(d.interned, true)
		default:
			d.interned = append(d.interned, false)
		}
	}
	return d
}

// decodeInto decodes one trimmed, non-empty line into rec (a zero
// Record), returning what is wrong with it.
func (d *lineDecoder) decodeInto(rec *Record, line []byte) []fieldError {
	if d.fast(rec, line) {
		return check(rec)
	}
	var fes []fieldError
	*rec, fes = decodeLine(d.fields, line)
	return fes
}

// intern returns raw as a string, the same string for the same bytes
// while no other string took its slot.
func (d *lineDecoder) intern(raw []byte) string {
	h := uint32(2166136261) // FNV-1a
	for _, c := range raw {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &d.strs[h%internSlots]
	if *slot != string(raw) {
		*slot = string(raw)
	}
	return *slot
}

func (d *lineDecoder) time(t time.Time) *time.Time {
	if len(d.times) == cap(d.times) {
		d.times = make([]time.Time, 0, slabSize)
	}
	d.times = append(d.times, t)
	return &d.times[len(d.times)-1]
}

func (d *lineDecoder) float(f float64) *float64 {
	if len(d.floats) == cap(d.floats) {
		d.floats = make([]float64, 0, slabSize)
	}
	d.floats = append(d.floats, f)
	return &d.floats[len(d.floats)-1]
}

func (d *lineDecoder) int(i int) *int {
	if len(d.ints) == cap(d.ints) {
		d.ints = make([]int, 0, slabSize)
	}
	d.ints = append(d.ints, i)
	return &d.ints[len(d.ints)-1]
}

// fast decodes a line of known fields with values of the right kinds
// into rec; false for any other line, and then rec is half set.
func (d *lineDecoder) fast(rec *Record, line []byte) bool {
	s := scanner{b: line}
	if s.next() != '{' {
		return false
	}
	s.i++
	var seen uint64
	sawSLA := false
	want := 0 // the field expected next: records are written in the schema's order
	for {
		if s.next() != '"' {
			return false
		}
		key, ok := s.str()
		if !ok || !s.colon() {
			return false
		}
		switch {
		case string(key) == slaField:
			if sawSLA || !d.sla(rec, &s) {
				return false
			}
			sawSLA = true
		default:
			i := d.field(key, want)
			if i < 0 {
				return false
			}
			if seen&(1<<i) != 0 || !d.value(rec, i, &s) {
				return false
			}
			seen |= 1 << i
			want = i + 1
		}
		switch s.next() {
		case ',':
			s.i++
		case '}':
			s.i++
			if s.next() != 0 {
				return false
			}
			return seen&d.required == d.required
		default:
			return false
		}
	}
}

// field returns the index of the field named key, -1 for none: looked
// for from want on first, since records are written in the schema's
// order, omitting the fields they lack.
func (d *lineDecoder) field(key []byte, want int) int {
	for i := want; i < len(d.fields) && i < want+lookAhead; i++ {
		if string(key) == d.fields[i].name {
			return i
		}
	}
	if i, ok := d.index[string(key)]; ok {
		return i
	}
	return -1
}

// lookAhead is how many fields on from the one expected field looks at
// before it looks the key up.
const lookAhead = 6

// value reads the value of field i into rec.
func (d *lineDecoder) value(rec *Record, i int, s *scanner) bool {
	f := &d.fields[i]
	switch f.kind {
	case kindString, kindTime:
		if s.next() != '"' {
			return false
		}
		raw, ok := s.text()
		if !ok || len(raw) == 0 {
			return false
		}
		if f.kind == kindTime {
			t, ok := rfc3339(raw, &d.local)
			if !ok {
				return false
			}
			switch p := f.ptr(rec).(type) {
			case *time.Time:
				*p = t
			case **time.Time:
				*p = d.time(t)
			}
			return true
		}
		var str string
		if d.interned[i] {
			str = d.intern(raw)
		} else {
			str = string(raw)
		}
		*f.ptr(rec).(*string) = str
	case kindInt:
		n, ok := s.integer()
		if !ok {
			return false
		}
		switch p := f.ptr(rec).(type) {
		case *int:
			*p = n
		case **int:
			*p = d.int(n)
		}
	case kindNumber:
		x, ok := s.number()
		if !ok {
			return false
		}
		*f.ptr(rec).(**float64) = d.float(x)
	case kindBool:
		b, ok := s.boolean()
		if !ok {
			return false
		}
		*f.ptr(rec).(*bool) = b
	}
	return true
}

// sla reads the sla object into rec, in a map of spare when there is
// one.
func (d *lineDecoder) sla(rec *Record, s *scanner) bool {
	if s.next() != '{' {
		return false
	}
	s.i++
	if n := len(d.spare); n > 0 {
		rec.SLA, d.spare = d.spare[n-1], d.spare[:n-1]
	} else {
		rec.SLA = make(map[string]SLAResult, 2)
	}
	// The metrics read, to find a repeated one and to drop what the
	// spare map held of others (cheaper than clearing it first).
	var metrics [maxSLAMetrics]string
	n := 0
	done := func() bool {
		if len(rec.SLA) != n {
			for m := range rec.SLA {
				if !slices.Contains(metrics[:n], m) {
					delete(rec.SLA, m)
				}
			}
		}
		return true
	}
	if s.next() == '}' {
		s.i++
		return done()
	}
	for {
		if s.next() != '"' || n == maxSLAMetrics {
			return false
		}
		raw, ok := s.text()
		if !ok || !s.colon() {
			return false
		}
		metric := d.intern(raw)
		if slices.Contains(metrics[:n], metric) {
			return false
		}
		metrics[n] = metric
		n++
		res, ok := s.slaResult()
		if !ok {
			return false
		}
		if old, ok := rec.SLA[metric]; !ok || old != res { // a spare map often holds it
			rec.SLA[metric] = res
		}
		switch s.next() {
		case ',':
			s.i++
		case '}':
			s.i++
			return done()
		default:
			return false
		}
	}
}

// maxSLAMetrics is the most metrics the fast path reads of a record's
// sla; decodeLine reads more.
const maxSLAMetrics = 8

// slaResult reads one metric's {target_seconds, breached}, both once.
func (s *scanner) slaResult() (SLAResult, bool) {
	var res SLAResult
	if s.next() != '{' {
		return res, false
	}
	s.i++
	var target, breach bool
	for {
		if s.next() != '"' {
			return res, false
		}
		key, ok := s.str()
		if !ok || !s.colon() {
			return res, false
		}
		switch {
		case string(key) == targetSeconds && !target:
			if res.TargetSeconds, ok = s.number(); !ok {
				return res, false
			}
			target = true
		case string(key) == breached && !breach:
			if res.Breached, ok = s.boolean(); !ok {
				return res, false
			}
			breach = true
		default:
			return res, false
		}
		switch s.next() {
		case ',':
			s.i++
		case '}':
			s.i++
			return res, target && breach
		default:
			return res, false
		}
	}
}
