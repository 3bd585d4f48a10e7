package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// kind is the type of a record field's value.
type kind int

const (
	kindString kind = iota
	kindTime
	kindInt
	kindNumber
	kindBool
)

// field is one top-level field of a record (all but sla), with where its
// value goes.
type field struct {
	name     string
	kind     kind
	required bool
	// ptr returns where the value goes in r: *string, *time.Time,
	// **time.Time, *int, **int, **float64 or *bool.
	ptr func(r *Record) any
}

// fields are a record's top-level fields but sla, in the schema's order.
func fields() []field {
	return []field{
		{"id", kindString, true, func(r *Record) any { return &r.ID }},
		{"channel", kindString, true, func(r *Record) any { return &r.Channel }},
		{"queue", kindString, false, func(r *Record) any { return &r.Queue }},
		{"team", kindString, false, func(r *Record) any { return &r.Team }},
		{"agent", kindString, false, func(r *Record) any { return &r.Agent }},
		{"category", kindString, false, func(r *Record) any { return &r.Category }},
		{"priority", kindString, false, func(r *Record) any { return &r.Priority }},
		{"customer", kindString, false, func(r *Record) any { return &r.Customer }},
		{"tier", kindString, false, func(r *Record) any { return &r.Tier }},
		{"language", kindString, false, func(r *Record) any { return &r.Language }},
		{"created_at", kindTime, true, func(r *Record) any { return &r.CreatedAt }},
		{"answered_at", kindTime, false, func(r *Record) any { return &r.AnsweredAt }},
		{"abandoned_at", kindTime, false, func(r *Record) any { return &r.AbandonedAt }},
		{"first_reply_at", kindTime, false, func(r *Record) any { return &r.FirstReplyAt }},
		{"solved_at", kindTime, false, func(r *Record) any { return &r.SolvedAt }},
		{"closed_at", kindTime, false, func(r *Record) any { return &r.ClosedAt }},
		{"agent_replies", kindInt, true, func(r *Record) any { return &r.AgentReplies }},
		{"contacts", kindInt, true, func(r *Record) any { return &r.Contacts }},
		{"handle_seconds", kindNumber, false, func(r *Record) any { return &r.HandleSeconds }},
		{"reopened", kindInt, true, func(r *Record) any { return &r.Reopened }},
		{"csat", kindInt, false, func(r *Record) any { return &r.CSAT }},
		{"qa_score", kindNumber, false, func(r *Record) any { return &r.QAScore }},
		{"complaint", kindBool, false, func(r *Record) any { return &r.Complaint }},
		{"difficult", kindBool, false, func(r *Record) any { return &r.Difficult }},
		{"commendation", kindBool, false, func(r *Record) any { return &r.Commendation }},
		{"drill", kindBool, false, func(r *Record) any { return &r.Drill }},
	}
}

// SLA's fields in JSON, and the suffixes of its CSV columns
// ("sla.<metric>.target_seconds", "sla.<metric>.breached").
const (
	slaField       = "sla"
	approvalsField = "approvals"
	targetSeconds  = "target_seconds"
	breached       = "breached"
)

// value is a decoded field value of one of the kinds.
type value struct {
	s string
	t time.Time
	i int
	f float64
	b bool
}

// set stores v in the field of r.
func (f field) set(r *Record, v value) {
	switch p := f.ptr(r).(type) {
	case *string:
		*p = v.s
	case *time.Time:
		*p = v.t
	case **time.Time:
		*p = &v.t
	case *int:
		*p = v.i
	case **int:
		*p = &v.i
	case **float64:
		*p = &v.f
	case *bool:
		*p = v.b
	}
}

// fromJSON decodes a JSON value of kind k.
func fromJSON(k kind, raw []byte) (value, error) {
	raw = bytes.TrimSpace(raw)
	var v value
	switch k {
	case kindString, kindTime:
		if len(raw) == 0 || raw[0] != '"' {
			return v, fmt.Errorf("want a string, got %s", raw)
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return v, fmt.Errorf("want a string, got %s", raw)
		}
		if k == kindString {
			v.s = s
			return v, nil
		}
		return parseTime(s)
	case kindInt, kindNumber:
		if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
			if k == kindInt {
				return v, fmt.Errorf("want an integer, got %s", raw)
			}
			return v, fmt.Errorf("want a number, got %s", raw)
		}
		return fromText(k, string(raw))
	case kindBool:
		switch string(raw) {
		case "true":
			v.b = true
			return v, nil
		case "false":
			return v, nil
		}
		return v, fmt.Errorf("want true or false, got %s", raw)
	}
	return v, fmt.Errorf("unknown kind %d", k)
}

// fromText decodes a CSV cell (or a JSON number) of kind k.
func fromText(k kind, s string) (value, error) {
	var v value
	switch k {
	case kindString:
		v.s = s
	case kindTime:
		return parseTime(s)
	case kindInt:
		i, err := strconv.ParseInt(s, 10, 0)
		if err != nil {
			return v, fmt.Errorf("want an integer, got %s", s)
		}
		v.i = int(i)
	case kindNumber:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !json.Valid([]byte(s)) {
			return v, fmt.Errorf("want a number, got %s", s)
		}
		v.f = f
	case kindBool:
		switch s {
		case "true":
			v.b = true
		case "false":
		default:
			return v, fmt.Errorf("want true or false, got %s", s)
		}
	}
	return v, nil
}

// parseTime parses an RFC 3339 time, which has a zone.
func parseTime(s string) (value, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return value{}, fmt.Errorf("want an RFC 3339 time with a zone, got %q", s)
	}
	return value{t: t}, nil
}
