package change

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText renders the change set for people, as `supportops plan` shows it:
//
//	$ supportops plan --base main --head .
//	+ agents.zoe
//	~ agents.alice
//	    languages: + fr
//	    languages: - it
//	    skills.returns: 2 → 3
//	- queues.old
//	~ sla_policies.vip-p1 (moved from position 3 to 1)
//	    metrics.first_reply.target: "15m" → "10m"
//
//	Plan: 1 to add, 2 to change, 1 to remove.
//
// and "No changes." when the set is empty. A changed value shows as
// "before → after"; a value that appeared or disappeared (a set member, a
// map entry, a list element) as "+ value" or "- value". Strings are quoted
// with %q, except that on "+"/"-" lines a plain token (letters, digits and
// _ . : / @ -) is shown bare, as set members usually are ids; numbers and
// booleans print with %v, structs, maps and lists as compact JSON.
func (s Set) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if s.Empty() {
		bw.WriteString("No changes.\n")
	}
	for _, c := range s.Changes {
		bw.WriteString(opSymbol(c.Op))
		bw.WriteByte(' ')
		bw.WriteString(c.Kind)
		if c.ID != "" {
			bw.WriteByte('.')
			bw.WriteString(c.ID)
		}
		if c.Moved != nil {
			fmt.Fprintf(bw, " (moved from position %d to %d)", c.Moved.From, c.Moved.To)
		}
		bw.WriteByte('\n')
		for _, f := range c.Fields {
			fmt.Fprintf(bw, "    %s: %s\n", f.Path, fieldText(f))
		}
	}
	if !s.Empty() {
		added, changed, removed := s.Counts()
		fmt.Fprintf(bw, "\nPlan: %d to add, %d to change, %d to remove.\n", added, changed, removed)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

func opSymbol(op Op) string {
	switch op {
	case Added:
		return "+"
	case Removed:
		return "-"
	default:
		return "~"
	}
}

func fieldText(f FieldChange) string {
	switch {
	case f.Before == nil && f.After == nil:
		return "null → null"
	case f.Before == nil:
		return "+ " + memberText(f.After)
	case f.After == nil:
		return "- " + memberText(f.Before)
	default:
		return valueText(f.Before) + " → " + valueText(f.After)
	}
}

func memberText(v any) string {
	if s, ok := v.(string); ok && isPlainToken(s) {
		return s
	}
	return valueText(v)
}

// isPlainToken reports whether s is shown bare as a set member: non-empty,
// made of letters, digits and _ . : / @ - only.
func isPlainToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.ContainsRune("_.:/@-", c):
		default:
			return false
		}
	}
	return true
}

func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case int, int64, uint64, float64, bool:
		return fmt.Sprintf("%v", v)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(raw)
}
