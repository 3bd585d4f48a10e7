package history

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The formats of a record's names, as #TicketRecord has them (#ID,
// #Language and a priority level id; a test checks that the schema
// agrees).
var (
	idPattern       = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)
	priorityPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// fieldError is what is wrong with one field of a record.
type fieldError struct {
	field, message string
}

// check returns what is wrong with the values of r, field by field, in
// the schema's order: the formats and ranges #TicketRecord sets. The
// presence of required fields and the values' types are the decoder's.
func check(r *Record) []fieldError {
	var errs []fieldError
	bad := func(name, format string, args ...any) {
		errs = append(errs, fieldError{name, fmt.Sprintf(format, args...)})
	}
	ids := []struct {
		name, v  string
		required bool
	}{
		{"channel", r.Channel, true}, {"queue", r.Queue, false}, {"team", r.Team, false},
		{"agent", r.Agent, false}, {"category", r.Category, false},
	}
	for _, id := range ids {
		if (id.required || id.v != "") && !idPattern.MatchString(id.v) {
			bad(id.name, "%q is not an id (lower case letters, digits, _ and -, from a letter)", id.v)
		}
	}
	if r.Priority != "" && !priorityPattern.MatchString(r.Priority) {
		bad("priority", "%q is not a priority level id (letters, digits, _ and -)", r.Priority)
	}
	if r.Tier != "" && !idPattern.MatchString(r.Tier) {
		bad("tier", "%q is not an id (lower case letters, digits, _ and -, from a letter)", r.Tier)
	}
	if r.Language != "" && !languagePattern.MatchString(r.Language) {
		bad("language", "%q is not a language code such as en or pt-BR", r.Language)
	}
	counts := []struct {
		name string
		n    int
	}{{"agent_replies", r.AgentReplies}, {"contacts", r.Contacts}, {"reopened", r.Reopened}}
	for _, c := range counts {
		if c.n < 0 {
			bad(c.name, "%d is negative", c.n)
		}
	}
	if r.HandleSeconds != nil && !(*r.HandleSeconds >= 0) {
		bad("handle_seconds", "%v is negative", *r.HandleSeconds)
	}
	if r.CSAT != nil && (*r.CSAT < minCSAT || *r.CSAT > maxCSAT) {
		bad("csat", "%d is not from %d to %d", *r.CSAT, minCSAT, maxCSAT)
	}
	if r.QAScore != nil && !(*r.QAScore >= minQAScore && *r.QAScore <= maxQAScore) {
		bad("qa_score", "%v is not from %d to %d", *r.QAScore, minQAScore, maxQAScore)
	}
	for _, m := range sortedKeys(r.SLA) {
		if !slices.Contains(slaMetrics(), m) {
			bad(slaField+"."+m, "unknown SLA metric (%s)", strings.Join(slaMetrics(), ", "))
			continue
		}
		if s := r.SLA[m].TargetSeconds; !(s >= 0) {
			bad(slaField+"."+m+"."+targetSeconds, "%v is negative", s)
		}
	}
	return errs
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
