package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/eventstore"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestEventLimits: an event over a bound is refused whole, naming the
// field and its bound; a reply's text over 64 KiB is 413, and a request
// over 1 MiB is 413 before anything reads it (issue 11, defect 3).
func TestEventLimits(t *testing.T) {
	reply := func(n int) map[string]any {
		return map[string]any{"kind": "reply", "from": "agent", "public": true, "body": strings.Repeat("x", n)}
	}
	tests := map[string]struct {
		event map[string]any
		want  errAnswer
	}{
		"a reply of 60 KiB":              {reply(60 << 10), errAnswer{Status: http.StatusOK}},
		"a reply of exactly 64 KiB":      {reply(64 << 10), errAnswer{Status: http.StatusOK}},
		"a reply of 64 KiB and one byte": {reply(64<<10 + 1), errAnswer{Status: http.StatusRequestEntityTooLarge, Error: "reply body is 65537 bytes; the limit is 65536 (64 KiB)"}},
		"a reply of 1000000 bytes":       {reply(1_000_000), errAnswer{Status: http.StatusRequestEntityTooLarge, Error: "reply body is 1000000 bytes; the limit is 65536 (64 KiB)"}},
		"a reply of 1 MiB":               {reply(1 << 20), errAnswer{Status: http.StatusRequestEntityTooLarge, Error: "request body is larger than 1048576 bytes, the limit"}},
		"a reply that names its own reference": {map[string]any{"kind": "reply", "body_ref": eventstore.ContentRef(nil)},
			errAnswer{Status: http.StatusBadRequest, Error: "body_ref, body_size: set by the daemon; send a reply's text as body"}},
		"a reply that gives its own size": {map[string]any{"kind": "reply", "body_size": 3},
			errAnswer{Status: http.StatusBadRequest, Error: "body_ref, body_size: set by the daemon; send a reply's text as body"}},
		"a body on a status event": {map[string]any{"kind": "status", "status": "pending", "body": "hi"},
			errAnswer{Status: http.StatusBadRequest, Error: `body: only a reply has one, not a "status" event`}},
		"a CSAT comment of 4 KiB": {map[string]any{"kind": "csat", "rating": 5, "comment": strings.Repeat("c", 4096)},
			errAnswer{Status: http.StatusOK}},
		"a CSAT comment over 4 KiB": {map[string]any{"kind": "csat", "rating": 5, "comment": strings.Repeat("c", 4097)},
			errAnswer{Status: http.StatusBadRequest, Error: "comment is 4097 bytes; the limit is 4096"}},
		"a long actor": {map[string]any{"kind": "reply", "actor": strings.Repeat("a", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "actor is 129 bytes; the limit is 128"}},
		"a long kind": {map[string]any{"kind": strings.Repeat("k", 1000)},
			errAnswer{Status: http.StatusBadRequest, Error: "kind is 1000 bytes; the limit is 128"}},
		"a long status": {map[string]any{"kind": "status", "status": strings.Repeat("s", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "status is 129 bytes; the limit is 128"}},
		"a long agent": {map[string]any{"kind": "reassign", "agent": strings.Repeat("a", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "agent is 129 bytes; the limit is 128"}},
		"a long priority": {map[string]any{"kind": "priority", "priority": strings.Repeat("p", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "priority is 129 bytes; the limit is 128"}},
		"a long into": {map[string]any{"kind": "merge", "into": strings.Repeat("T", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "into is 129 bytes; the limit is 128"}},
		"a long from": {map[string]any{"kind": "reply", "from": strings.Repeat("f", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "from is 129 bytes; the limit is 128"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tokenOps, tc.event))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errAnswer (-want +got):\n%s", diff)
			}
			if tc.want.Status != http.StatusOK && len(r.tickets.events) > 0 {
				t.Errorf("a refused request applied %d events", len(r.tickets.events))
			}
		})
	}
}

// TestRequestLimits: every other request's free texts are bounded, each
// refusal naming the field and its bound.
func TestRequestLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	many := make([]string, MaxChecklist+1)
	tests := map[string]struct {
		got  *limitError
		want *limitError
	}{
		"approval request within bounds": {checkApprovalRequest(apiv1.ApprovalRequest{Action: long(MaxName), Comment: long(MaxComment)}), nil},
		"approval action": {checkApprovalRequest(apiv1.ApprovalRequest{Action: long(129)}),
			&limitError{http.StatusBadRequest, "action is 129 bytes; the limit is 128"}},
		"approval comment": {checkApprovalRequest(apiv1.ApprovalRequest{Action: "refund", Comment: long(5000)}),
			&limitError{http.StatusBadRequest, "comment is 5000 bytes; the limit is 4096"}},
		"decision": {checkApprovalDecision(apiv1.ApprovalDecision{Decision: long(129)}),
			&limitError{http.StatusBadRequest, "decision is 129 bytes; the limit is 128"}},
		"decision comment": {checkApprovalDecision(apiv1.ApprovalDecision{Decision: "approve", Comment: long(4097)}),
			&limitError{http.StatusBadRequest, "comment is 4097 bytes; the limit is 4096"}},
		"migration config": {checkMigrateRequest(apiv1.MigrateRequest{Config: long(129)}),
			&limitError{http.StatusBadRequest, "config is 129 bytes; the limit is 128"}},
		"drill plan": {checkDrillRequest(apiv1.DrillRequest{Plan: long(129)}),
			&limitError{http.StatusBadRequest, "plan is 129 bytes; the limit is 128"}},
		"drill id": {checkDrillRequest(apiv1.DrillRequest{Plan: "outage", ID: long(129)}),
			&limitError{http.StatusBadRequest, "id is 129 bytes; the limit is 128"}},
		"drill mode": {checkDrillRequest(apiv1.DrillRequest{Plan: "outage", Mode: edrill.Mode(long(129))}),
			&limitError{http.StatusBadRequest, "mode is 129 bytes; the limit is 128"}},
		"step note": {checkStepRequest(apiv1.StepRequest{Note: long(4097)}),
			&limitError{http.StatusBadRequest, "note is 4097 bytes; the limit is 4096"}},
		"step as": {checkStepRequest(apiv1.StepRequest{As: long(129)}),
			&limitError{http.StatusBadRequest, "as is 129 bytes; the limit is 128"}},
		"step checklist items": {checkStepRequest(apiv1.StepRequest{Checklist: many}),
			&limitError{http.StatusBadRequest, "checklist has 65 items; the limit is 64"}},
		"step checklist item": {checkStepRequest(apiv1.StepRequest{Checklist: []string{"1", long(513)}}),
			&limitError{http.StatusBadRequest, "checklist[1] is 513 bytes; the limit is 512"}},
		"step within bounds": {checkStepRequest(apiv1.StepRequest{Note: long(MaxComment), As: long(MaxName), Checklist: many[:MaxChecklist]}), nil},
		"abort reason": {checkControlRequest(apiv1.ControlRequest{Reason: long(4097)}),
			&limitError{http.StatusBadRequest, "reason is 4097 bytes; the limit is 4096"}},
		"control as": {checkControlRequest(apiv1.ControlRequest{Reason: "done", As: long(129)}),
			&limitError{http.StatusBadRequest, "as is 129 bytes; the limit is 128"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got, cmp.AllowUnexported(limitError{})); diff != "" {
				t.Errorf("refusal (-want +got):\n%s", diff)
			}
		})
	}
}

// TestApprovalLimitsOverHTTP: the approval routes apply their bounds
// before asking the ticket.
func TestApprovalLimitsOverHTTP(t *testing.T) {
	r := newRig(t)
	tests := map[string]struct {
		path string
		body any
		want errAnswer
	}{
		"request": {"/v1/tickets/T-1/approvals", apiv1.ApprovalRequest{Action: "goodwill", Comment: strings.Repeat("c", 4097)},
			errAnswer{Status: http.StatusBadRequest, Error: "comment is 4097 bytes; the limit is 4096"}},
		"decision": {"/v1/approvals/T-1.A1/decisions", apiv1.ApprovalDecision{Decision: strings.Repeat("d", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "decision is 129 bytes; the limit is 128"}},
		"migration": {"/v1/tickets/T-1/migrate", apiv1.MigrateRequest{Config: strings.Repeat("v", 129)},
			errAnswer{Status: http.StatusBadRequest, Error: "config is 129 bytes; the limit is 128"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, answerOf(t, r.send(t, http.MethodPost, tc.path, tokenOps, tc.body))); diff != "" {
				t.Errorf("errAnswer (-want +got):\n%s", diff)
			}
		})
	}
	if len(r.tickets.events) > 0 {
		t.Errorf("refused requests applied %d events", len(r.tickets.events))
	}
}

// TestReplyBodyKeptAsContent: a reply's text is kept once in the event
// store's contents, the event the workflow gets and the ticket's state
// hold only its reference, and whoever may read the ticket reads the text
// back by it, through that ticket only (issue 11, defect 3).
func TestReplyBodyKeptAsContent(t *testing.T) {
	r := newRig(t)
	text := strings.Repeat("Thank you for your patience. ", 60<<10/29)
	ref := eventstore.ContentRef([]byte(text))
	for range 2 { // the same text twice is one content
		rec := r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tokenOps,
			map[string]any{"kind": "reply", "from": "agent", "public": true, "body": text})
		if rec.Code != http.StatusOK {
			t.Fatalf("reply: %d %.300s", rec.Code, rec.Body)
		}
	}

	want := ticketwf.Event{Kind: ticketwf.EventReply, Actor: "ops", From: ticketwf.FromAgent, Public: true, BodyRef: ref, BodySize: len(text)}
	if diff := cmp.Diff([]ticketwf.Event{want, want}, r.tickets.events); diff != "" {
		t.Errorf("events the workflow got (-want +got):\n%s", diff)
	}
	for _, ev := range r.tickets.events {
		data, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 512 {
			t.Errorf("the event the workflow gets is %d bytes, want the text left out: %.200s", len(data), data)
		}
	}
	st, err := r.tickets.State(t.Context(), "T-1")
	if err != nil {
		t.Fatal(err)
	}
	wantHistory := []ticketwf.Entry{
		{Seq: 1, Type: "reply", Actor: "ops", Detail: ticketwf.FromAgent, Ref: ref},
		{Seq: 2, Type: "reply", Actor: "ops", Detail: ticketwf.FromAgent, Ref: ref},
	}
	if diff := cmp.Diff(wantHistory, st.History); diff != "" {
		t.Errorf("ticket history (-want +got):\n%s", diff)
	}
	if _, err := r.contents.Content(t.Context(), "T-1", ref); err != nil {
		t.Errorf("the text is not in the contents: %v", err)
	}

	reads := map[string]struct {
		path, token string
		want        errAnswer
		wantBody    *apiv1.ContentResponse
	}{
		"the ticket's reader reads it": {"/v1/tickets/T-1/contents/" + ref, tokenOps,
			errAnswer{Status: http.StatusOK}, &apiv1.ContentResponse{Ref: ref, Size: len(text), Body: text}},
		"through another ticket": {"/v1/tickets/T-2/contents/" + ref, tokenOps,
			errAnswer{Status: http.StatusNotFound, Error: "no content " + ref + " in ticket T-2"}, nil},
		"someone who may not read the ticket": {"/v1/tickets/T-1/contents/" + ref, tokenOutsider,
			errAnswer{Status: http.StatusForbidden, Error: "forbidden", Reasons: []string{"another team's ticket"}}, nil},
		"an unknown ticket": {"/v1/tickets/T-9/contents/" + ref, tokenOps,
			errAnswer{Status: http.StatusNotFound, Error: `no ticket "T-9"`}, nil},
		"a malformed reference": {"/v1/tickets/T-1/contents/sha256:abc", tokenOps,
			errAnswer{Status: http.StatusNotFound, Error: `no content "sha256:abc" in ticket T-1 (references look like sha256:<64 hex digits>)`}, nil},
	}
	for name, tc := range reads {
		t.Run(name, func(t *testing.T) {
			rec := r.send(t, http.MethodGet, tc.path, tc.token, nil)
			if diff := cmp.Diff(tc.want, answerOf(t, rec)); diff != "" {
				t.Errorf("errAnswer (-want +got):\n%s", diff)
			}
			if tc.wantBody == nil {
				return
			}
			var got apiv1.ContentResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(*tc.wantBody, got); diff != "" {
				t.Errorf("content (-want +got):\n%.500s", diff)
			}
		})
	}
}

// TestReplyBodyWithoutContents: a daemon that keeps no texts refuses a
// reply with one rather than send it into the workflow; a reply without
// one still goes through.
func TestReplyBodyWithoutContents(t *testing.T) {
	r := newRig(t, withoutContents)
	got := answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tokenOps,
		map[string]any{"kind": "reply", "from": "agent", "public": true, "body": "hi"}))
	want := errAnswer{Status: http.StatusServiceUnavailable, Error: "this daemon keeps no reply texts; send the reply without a body"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errAnswer (-want +got):\n%s", diff)
	}
	got = answerOf(t, r.send(t, http.MethodPost, "/v1/tickets/T-1/events", tokenOps,
		map[string]any{"kind": "reply", "from": "agent", "public": true}))
	if diff := cmp.Diff(errAnswer{Status: http.StatusOK}, got); diff != "" {
		t.Errorf("reply without a body (-want +got):\n%s", diff)
	}
}
