package history

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
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

// rfc3339 parses an RFC 3339 time without making a string, as
// time.Parse(time.RFC3339Nano, s) does when it takes its fast path
// (same checks, same location: local's, time.Local, when its offset
// then is the time's, UTC for "Z", else a fixed zone); false for anything else,
// which parseTime then judges.
func rfc3339(b []byte, local *localZone) (time.Time, bool) {
	if len(b) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	ok := true
	num := func(b []byte, lo, hi int) int {
		x := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				ok = false
				return lo
			}
			x = x*10 + int(c-'0')
		}
		if x < lo || x > hi {
			ok = false
			return lo
		}
		return x
	}
	year := num(b[0:4], 0, 9999)
	month := num(b[5:7], 1, 12)
	day := num(b[8:10], 1, daysIn(time.Month(month), year))
	hour := num(b[11:13], 0, 23)
	minute := num(b[14:16], 0, 59)
	sec := num(b[17:19], 0, 59)
	if !ok || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	b = b[19:]
	nsec := 0
	if len(b) >= 2 && b[0] == '.' && isDigit(b[1]) {
		n := 2
		for n < len(b) && isDigit(b[n]) {
			n++
		}
		digits := b[1:min(n, 10)] // time.Parse reads nine digits at most
		for _, c := range digits {
			nsec = nsec*10 + int(c-'0')
		}
		for range 9 - len(digits) {
			nsec *= 10
		}
		b = b[n:]
	}
	unix := unixDays(year, month, day)*secondsPerDay + int64(hour*3600+minute*60+sec)
	if len(b) == 1 && b[0] == 'Z' {
		return time.Unix(unix, int64(nsec)).UTC(), true
	}
	if len(b) != len("-07:00") {
		return time.Time{}, false
	}
	hr, mm := num(b[1:3], 0, 23), num(b[4:6], 0, 59)
	if !ok || b[0] != '-' && b[0] != '+' || b[3] != ':' {
		return time.Time{}, false
	}
	offset := (hr*60 + mm) * 60
	if b[0] == '-' {
		offset = -offset
	}
	t := time.Unix(unix-int64(offset), int64(nsec))
	if local.offset(t) == offset {
		return t.In(local.loc), true
	}
	return t.In(time.FixedZone("", offset)), true
}

// localZone caches the offset of loc (time.Local) over the span of Unix
// seconds [from, to) it holds for, so that most times are not looked up.
type localZone struct {
	loc      *time.Location
	from, to int64
	off      int
}

// offset is the offset of loc at t.
func (z *localZone) offset(t time.Time) int {
	sec := t.Unix()
	if sec >= z.from && sec < z.to {
		return z.off
	}
	lt := t.In(z.loc)
	_, z.off = lt.Zone()
	start, end := lt.ZoneBounds()
	z.from, z.to = math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
	return z.off
}

// secondsPerDay is the length of a day in Unix time.
const secondsPerDay = 24 * 60 * 60

// daysIn is the number of days of month m (1-12) of year y.
func daysIn(m time.Month, y int) int {
	if m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}

// unixDays is the number of days from 1970-01-01 to the date y-m-d of
// the proleptic Gregorian calendar (negative before), for years 0-9999
// (H. Hinnant's days_from_civil, shifted by 400 years to stay positive).
func unixDays(y, m, d int) int64 {
	const daysPer400Years = 146097
	yy := int64(y) + 400
	if m <= 2 {
		yy--
	}
	era := yy / 400
	yoe := yy - era*400
	doy := int64((153*((m+9)%12)+2)/5 + d - 1)
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*daysPer400Years + doe - 719468 - daysPer400Years
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scanner walks a JSON line, refusing (false) anything but plain JSON.
type scanner struct {
	b []byte
	i int
	// ascii holds when the last string str read is all ASCII.
	ascii bool
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and returns the next byte, 0 at the end.
func (s *scanner) next() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// colon reads the ':' after a key.
func (s *scanner) colon() bool {
	if s.next() != ':' {
		return false
	}
	s.i++
	return true
}

// str reads a string at s.i, its opening quote: its bytes between the
// quotes; false for a string with an escape or a control character, or
// without its closing quote. Its bytes may not be UTF-8 (see text).
func (s *scanner) str() ([]byte, bool) {
	start := s.i + 1
	j := start
	var high uint64                 // the top bits of the bytes passed: non-zero for non-ASCII
	for ; j+8 <= len(s.b); j += 8 { // eight bytes at a time while none is special
		w := binary.LittleEndian.Uint64(s.b[j:])
		if hasLess(w, 0x20)|hasByte(w, '"')|hasByte(w, '\\') != 0 {
			break
		}
		high |= w & msb
	}
	for ; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			s.ascii = high == 0
			return s.b[start:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			high = 1
		}
	}
	return nil, false
}

// The bit tricks of str: each is non-zero when a byte of w is less than
// n (n at most 128), or is c.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

func hasLess(w uint64, n byte) uint64 { return (w - lsb*uint64(n)) &^ w & msb }

func hasByte(w uint64, c byte) uint64 { return hasLess(w^(lsb*uint64(c)), 1) }

// text reads a string as str does, and refuses one that is not UTF-8
// (encoding/json would replace its bad bytes).
func (s *scanner) text() ([]byte, bool) {
	raw, ok := s.str()
	if !ok {
		return nil, false
	}
	return raw, s.ascii || utf8.Valid(raw)
}

// literal reads a number, true, false or null at s.i: the bytes up to
// the next delimiter.
func (s *scanner) literal() []byte {
	s.ws()
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return s.b[start:s.i]
		}
		s.i++
	}
	return s.b[start:]
}

// boolean reads true or false.
func (s *scanner) boolean() (bool, bool) {
	switch string(s.literal()) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// integer reads a JSON number that is an integer in plain digits.
func (s *scanner) integer() (int, bool) {
	lit := s.literal()
	if !jsonNumber(lit) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(lit), 10, 0)
	return int(n), err == nil
}

// number reads a JSON number.
func (s *scanner) number() (float64, bool) {
	lit := s.literal()
	if !jsonNumber(lit) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	return f, err == nil
}

// jsonNumber reports whether b is a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func jsonNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		return i - start
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}
