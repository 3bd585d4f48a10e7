package api

import (
	"fmt"
	"net/http"

	"github.com/supportops/supportops/apiv1"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// The bounds of what a request may carry. Everything a request sends to a
// ticket or a drill ends in its workflow's history, which Temporal bounds
// (50 MB, then the workflow is ended): without bounds, one caller could end
// a ticket by writing long texts. So a reply's text is kept in the event
// store and the workflow holds its reference (see Contents), and every
// other field is bounded here; a request over a bound is refused whole,
// naming the field and its bound. A ticket offered for intake is bounded
// by its own checks (engine/ticket: tkt.MaxSubjectLength,
// tkt.MaxNameLength, tkt.MaxLabels, tkt.MaxIDLength).
const (
	// MaxRequestBody is the largest request body, in bytes (413 beyond).
	MaxRequestBody = maxBody
	// MaxReplyBody is the longest text of a reply or note, in bytes (413
	// beyond).
	MaxReplyBody = 64 << 10
	// MaxComment is the longest free text other than a reply's: an
	// approval's or a CSAT's comment, a drill step's note, a drill's abort
	// reason (400 beyond).
	MaxComment = 4 << 10
	// MaxName is the longest identifier or name a request gives: an
	// actor, agent, status, priority, side, event kind, approval action
	// or decision, ticket to merge into, configuration version, drill
	// plan, drill id, or person acted for (400 beyond).
	MaxName = 128
	// MaxChecklist is the most checklist items a drill step's answer
	// ticks, and MaxChecklistItem the longest, in bytes (400 beyond).
	MaxChecklist     = 64
	MaxChecklistItem = 512
)

// limitError is a request over one of the bounds: the status to answer
// (413 for a body, 400 for a field) and the message, which names the field
// and its bound.
type limitError struct {
	status int
	msg    string
}

func (e *limitError) Error() string { return e.msg }

// field is a text of a request and its bound.
type field struct {
	name, value string
	max         int
}

// checkFields says which of fields is over its bound; nil when none is.
// (Invalid UTF-8 cannot come through: decoding JSON replaces it.)
func checkFields(fields ...field) *limitError {
	for _, f := range fields {
		if len(f.value) > f.max {
			return &limitError{http.StatusBadRequest, fmt.Sprintf("%s is %d bytes; the limit is %d", f.name, len(f.value), f.max)}
		}
	}
	return nil
}

// checkEventRequest says what bound an event request is over, or nil.
func checkEventRequest(req apiv1.EventRequest) *limitError {
	ev := req.Event
	if err := checkFields(
		field{"kind", ev.Kind, MaxName}, field{"actor", ev.Actor, MaxName}, field{"from", ev.From, MaxName},
		field{"status", ev.Status, MaxName}, field{"agent", ev.Agent, MaxName}, field{"priority", ev.Priority, MaxName},
		field{"comment", ev.Comment, MaxComment}, field{"action", ev.Action, MaxName},
		field{"approval", ev.Approval, MaxName}, field{"decision", ev.Decision, MaxName},
		field{"into", ev.Into, MaxName}, field{"config", ev.Config, MaxName},
	); err != nil {
		return err
	}
	switch {
	case ev.BodyRef != "" || ev.BodySize != 0:
		return &limitError{http.StatusBadRequest, "body_ref, body_size: set by the daemon; send a reply's text as body"}
	case req.Body != nil && ev.Kind != ticketwf.EventReply:
		return &limitError{http.StatusBadRequest, fmt.Sprintf("body: only a %s has one, not a %q event", ticketwf.EventReply, ev.Kind)}
	case req.Body != nil && len(*req.Body) > MaxReplyBody:
		return &limitError{http.StatusRequestEntityTooLarge, fmt.Sprintf("reply body is %d bytes; the limit is %d (64 KiB)", len(*req.Body), MaxReplyBody)}
	}
	return nil
}

// checkApprovalRequest says what bound an approval request is over, or nil.
func checkApprovalRequest(body apiv1.ApprovalRequest) *limitError {
	return checkFields(field{"action", body.Action, MaxName}, field{"comment", body.Comment, MaxComment})
}

// checkApprovalDecision says what bound an approval decision is over, or
// nil.
func checkApprovalDecision(body apiv1.ApprovalDecision) *limitError {
	return checkFields(field{"decision", body.Decision, MaxName}, field{"comment", body.Comment, MaxComment})
}

// checkMigrateRequest says what bound a migration request is over, or nil.
func checkMigrateRequest(body apiv1.MigrateRequest) *limitError {
	return checkFields(field{"config", body.Config, MaxName})
}

// checkDrillRequest says what bound a request to start a drill is over,
// or nil.
func checkDrillRequest(body apiv1.DrillRequest) *limitError {
	return checkFields(field{"plan", body.Plan, MaxName}, field{"id", body.ID, MaxName}, field{"mode", string(body.Mode), MaxName})
}

// checkStepRequest says what bound an answer to a drill step is over, or
// nil.
func checkStepRequest(body apiv1.StepRequest) *limitError {
	if len(body.Checklist) > MaxChecklist {
		return &limitError{http.StatusBadRequest, fmt.Sprintf("checklist has %d items; the limit is %d", len(body.Checklist), MaxChecklist)}
	}
	fields := []field{{"note", body.Note, MaxComment}, {"as", body.As, MaxName}}
	for i, c := range body.Checklist {
		fields = append(fields, field{fmt.Sprintf("checklist[%d]", i), c, MaxChecklistItem})
	}
	return checkFields(fields...)
}

// checkControlRequest says what bound a drill's abort, pause or resume is
// over, or nil.
func checkControlRequest(body apiv1.ControlRequest) *limitError {
	return checkFields(field{"reason", body.Reason, MaxComment}, field{"as", body.As, MaxName})
}

// refuse answers a request over a bound; it reports whether it did.
func refuse(w http.ResponseWriter, err *limitError) bool {
	if err == nil {
		return false
	}
	writeError(w, err.status, err.msg)
	return true
}
