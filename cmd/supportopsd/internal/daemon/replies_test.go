package daemon

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestLongRepliesKeepHistorySmall is defect 3 of issue 11: 54 replies of
// about 1 MB pushed a ticket's workflow past Temporal's 50 MB history
// limit, and the ticket was gone. Now a reply over 64 KiB is refused with
// 413, and a reply's text goes to the event store: 60 replies of 60 KiB
// (3.6 MB of text) leave the workflow's history under 1 MB, and each text
// is read back by the reference its history entry holds.
func TestLongRepliesKeepHistorySmall(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, exampleCopy(t), dir)
	defer d.Stop(context.Background())
	ops := clientsOf(t, d, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})

	id := openTicket(t, ops, "abusive-customer")
	reply := func(body string) apiv1.EventRequest {
		return apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}, Body: &body}
	}

	_, err := ops.api().PostEvent(t.Context(), id, reply(strings.Repeat("x", 1_000_000)))
	if code, msg := refusal(err); code != http.StatusRequestEntityTooLarge || msg != "reply body is 1000000 bytes; the limit is 65536 (64 KiB)" {
		t.Errorf("a reply of 1 MB: %d %s, want 413 naming the limit", code, msg)
	}

	const replies, size = 60, 60 << 10
	texts := make([]string, replies)
	for i := range texts {
		texts[i] = fmt.Sprintf("reply %02d: ", i) + strings.Repeat("Thank you for waiting. ", size/23)
		if _, err = ops.api().PostEvent(t.Context(), id, reply(texts[i])); err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
	}

	desc, err := d.client.DescribeWorkflowExecution(t.Context(), ticketwf.WorkflowID(id), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.GetWorkflowExecutionInfo().GetHistorySizeBytes(); got <= 0 || got > 1<<20 {
		t.Errorf("history of %d bytes after %d replies of %d bytes, want under 1 MiB", got, replies, size)
	} else {
		t.Logf("history of %d bytes after %d replies of %d bytes", got, replies, size)
	}

	// Each reply's entry holds the reference of its text, which reads back.
	st, err := ops.api().Ticket(t.Context(), id)
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	var refs []string
	for _, e := range st.History {
		if e.Type == "reply" {
			refs = append(refs, e.Ref)
		}
	}
	if len(refs) != replies {
		t.Fatalf("%d replies in the history, want %d", len(refs), replies)
	}
	for i, ref := range refs {
		if want := eventstore.ContentRef([]byte(texts[i])); ref != want {
			t.Fatalf("reply %d: ref %q, want %s", i, ref, want)
		}
	}
	for _, i := range []int{0, replies - 1} {
		content, cerr := ops.api().Content(t.Context(), id, refs[i])
		if cerr != nil || content.Body != texts[i] {
			t.Errorf("read reply %d back: %v, body of %d bytes", i, cerr, len(content.Body))
		}
	}
}
