package history

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// lineDecoder decodes the JSON lines of one file. Its fast path reads a
// well-formed line of known fields without building a map of it; a line
// it does not take (an error of any kind, an escaped key, a null, a
// repeated field) goes to decodeLine, which reports what is wrong.
type lineDecoder struct {
	fields []field
	index  map[string]int
}

func newLineDecoder() *lineDecoder {
	d := &lineDecoder{fields: fields(), index: map[string]int{}}
	for i, f := range d.fields {
		d.index[f.name] = i
	}
	return d
}

// decode decodes one trimmed, non-empty line.
func (d *lineDecoder) decode(line []byte) (Record, []fieldError) {
	if rec, ok := d.fast(line); ok {
		return rec, check(&rec)
	}
	return decodeLine(d.fields, line)
}

// scanner walks a line that json.Valid accepted.
type scanner struct {
	b []byte
	i int
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

// str reads a string at s.i: its raw bytes between the quotes, and
// whether it has escapes.
func (s *scanner) str() (raw []byte, escaped bool) {
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		switch s.b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			s.i = j + 1
			return s.b[start:j], escaped
		}
	}
	s.i = len(s.b)
	return nil, true
}

// literal reads a number, true, false or null at s.i.
func (s *scanner) literal() []byte {
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

// fast decodes a line of known fields with values of the right kinds; ok
// is false for any other line.
func (d *lineDecoder) fast(line []byte) (rec Record, ok bool) {
	if !json.Valid(line) {
		return rec, false
	}
	s := &scanner{b: line}
	if s.next() != '{' {
		return rec, false
	}
	s.i++
	var seen uint64
	sawSLA := false
	for {
		switch s.next() {
		case '}':
			for i, f := range d.fields {
				if f.required && seen&(1<<i) == 0 {
					return rec, false
				}
			}
			return rec, true
		case ',':
			s.i++
			continue
		case '"':
		default:
			return rec, false
		}
		key, esc := s.str()
		if esc {
			return rec, false
		}
		s.next() // ':'
		s.i++
		if string(key) == slaField {
			if sawSLA || !s.sla(&rec) {
				return rec, false
			}
			sawSLA = true
			continue
		}
		i, known := d.index[string(key)]
		if !known || seen&(1<<i) != 0 {
			return rec, false
		}
		seen |= 1 << i
		f := d.fields[i]
		v, ok := s.value(f.kind)
		if !ok || f.kind == kindString && v.s == "" {
			return rec, false
		}
		f.set(&rec, v)
	}
}

// value reads a value of kind k.
func (s *scanner) value(k kind) (value, bool) {
	var v value
	switch k {
	case kindString, kindTime:
		if s.next() != '"' {
			return v, false
		}
		raw, esc := s.str()
		if esc || !utf8.Valid(raw) {
			return v, false
		}
		if k == kindString {
			v.s = string(raw)
			return v, true
		}
		var err error
		v, err = parseTime(string(raw))
		return v, err == nil
	case kindInt:
		i, err := strconv.ParseInt(string(s.literal()), 10, 0)
		v.i = int(i)
		return v, err == nil
	case kindNumber:
		lit := s.literal()
		if len(lit) == 0 || lit[0] != '-' && (lit[0] < '0' || lit[0] > '9') {
			return v, false
		}
		f, err := strconv.ParseFloat(string(lit), 64)
		v.f = f
		return v, err == nil
	case kindBool:
		switch string(s.literal()) {
		case "true":
			v.b = true
			return v, true
		case "false":
			return v, true
		}
	}
	return v, false
}

// sla reads the sla object into rec.
func (s *scanner) sla(rec *Record) bool {
	if s.next() != '{' {
		return false
	}
	s.i++
	rec.SLA = map[string]SLAResult{}
	for {
		switch s.next() {
		case '}':
			s.i++
			return true
		case ',':
			s.i++
			continue
		case '"':
		default:
			return false
		}
		metric, esc := s.str()
		if esc {
			return false
		}
		if _, dup := rec.SLA[string(metric)]; dup {
			return false
		}
		s.next() // ':'
		s.i++
		res, ok := s.slaResult()
		if !ok {
			return false
		}
		rec.SLA[string(metric)] = res
	}
}

// slaResult reads one metric's {target_seconds, breached}.
func (s *scanner) slaResult() (SLAResult, bool) {
	var res SLAResult
	if s.next() != '{' {
		return res, false
	}
	s.i++
	var target, breach bool
	for {
		switch s.next() {
		case '}':
			s.i++
			return res, target && breach
		case ',':
			s.i++
			continue
		case '"':
		default:
			return res, false
		}
		key, esc := s.str()
		if esc {
			return res, false
		}
		s.next() // ':'
		s.i++
		switch {
		case string(key) == targetSeconds && !target:
			v, ok := s.value(kindNumber)
			if !ok {
				return res, false
			}
			res.TargetSeconds, target = v.f, true
		case string(key) == breached && !breach:
			v, ok := s.value(kindBool)
			if !ok {
				return res, false
			}
			res.Breached, breach = v.b, true
		default:
			return res, false
		}
	}
}
