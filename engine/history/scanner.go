package history

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

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

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
