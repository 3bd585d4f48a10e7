package history

import (
	"fmt"
	"slices"
	"strings"
)

// The formats of a record's names, as #TicketRecord has them (#ID,
// #Language and a priority level id; a test checks that the schema
// agrees, and one that these agree with the schema's patterns).

// isID reports whether s is an id: ^[a-z][a-z0-9_-]*$.
func isID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || isDigit(c) || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isLanguage reports whether s is a language code: ^[a-z]{2,3}(-[A-Z]{2})?$.
func isLanguage(s string) bool {
	n := 0
	for n < len(s) && s[n] >= 'a' && s[n] <= 'z' {
		n++
	}
	if n < 2 || n > 3 {
		return false
	}
	rest := s[n:]
	return rest == "" || len(rest) == 3 && rest[0] == '-' && isUpper(rest[1]) && isUpper(rest[2])
}

// isPriority reports whether s is a priority level id: ^[A-Za-z0-9_-]+$.
func isPriority(s string) bool {
	for i := range len(s) {
		if c := s[i]; !(c >= 'a' && c <= 'z' || isUpper(c) || isDigit(c) || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

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
		if (id.required || id.v != "") && !isID(id.v) {
			bad(id.name, "%q is not an id (lower case letters, digits, _ and -, from a letter)", id.v)
		}
	}
	if r.Priority != "" && !isPriority(r.Priority) {
		bad("priority", "%q is not a priority level id (letters, digits, _ and -)", r.Priority)
	}
	if r.Tier != "" && !isID(r.Tier) {
		bad("tier", "%q is not an id (lower case letters, digits, _ and -, from a letter)", r.Tier)
	}
	if r.Language != "" && !isLanguage(r.Language) {
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
	errs = append(errs, checkApprovals(r.Approvals)...)
	if slaOK(r.SLA) {
		return errs
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

// slaOK reports whether every metric of sla is known, with a target that
// is not negative: what check has to say about it then is nothing.
func slaOK(sla map[string]SLAResult) bool {
	for m, res := range sla {
		switch m {
		case "first_reply", "next_reply", "periodic_update", "resolution":
		default:
			return false
		}
		if !(res.TargetSeconds >= 0) {
			return false
		}
	}
	return true
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

// checkApprovals returns what is wrong with approvals, as
// #RecordApproval has them.
func checkApprovals(approvals []RecordApproval) []fieldError {
	var errs []fieldError
	for i, a := range approvals {
		path := fmt.Sprintf("%s[%d].", approvalsField, i)
		if a.ID == "" {
			errs = append(errs, fieldError{path + "id", "empty"})
		}
		if !slices.Contains(approvalActions(), a.Action) {
			errs = append(errs, fieldError{path + "action", fmt.Sprintf("%q is not an approval action (%s)", a.Action, strings.Join(approvalActions(), ", "))})
		}
		if a.Amount != nil && !(*a.Amount >= 0) {
			errs = append(errs, fieldError{path + "amount", fmt.Sprintf("%v is negative", *a.Amount)})
		}
		if a.Requester == "" {
			errs = append(errs, fieldError{path + "requester", "empty"})
		}
		if !slices.Contains(approvalOutcomes(), a.Outcome) {
			errs = append(errs, fieldError{path + "outcome", fmt.Sprintf("%q is not an approval outcome (%s)", a.Outcome, strings.Join(approvalOutcomes(), ", "))})
		}
	}
	return errs
}
