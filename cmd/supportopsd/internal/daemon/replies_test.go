package daemon

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

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
	cfgDir := t.TempDir()
	if err := copyFiles(example, cfgDir, ".cue"); err != nil {
		t.Fatal(err)
	}
	add := tokenAdder(t, dir)
	ops := apiClient{t: t, token: add(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})}
	d := startDaemon(t, cfgDir, dir)
	defer d.Stop(context.Background())
	ops.base = "http://" + d.Addr()

	var code int
	var out, st map[string]any
	code, out = ops.do("POST", "/v1/tickets", readTicket(t, "abusive-customer"))
	if code != http.StatusCreated {
		t.Fatalf("open: %d %v", code, out)
	}
	id := out["id"].(string)

	huge := map[string]any{"kind": "reply", "from": "agent", "public": true, "body": strings.Repeat("x", 1_000_000)}
	if code, out = ops.do("POST", "/v1/tickets/"+id+"/events", huge); code != http.StatusRequestEntityTooLarge ||
		out["error"] != "reply body is 1000000 bytes; the limit is 65536 (64 KiB)" {
		t.Errorf("a reply of 1 MB: %d %v, want 413 naming the limit", code, out)
	}

	const replies, size = 60, 60 << 10
	texts := make([]string, replies)
	for i := range texts {
		texts[i] = fmt.Sprintf("reply %02d: ", i) + strings.Repeat("Thank you for waiting. ", size/23)
		code, out = ops.do("POST", "/v1/tickets/"+id+"/events", map[string]any{"kind": "reply", "from": "agent", "public": true, "body": texts[i]})
		if code != http.StatusOK {
			t.Fatalf("reply %d: %d %v", i, code, out)
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
	code, st = ops.do("GET", "/v1/tickets/"+id, nil)
	if code != http.StatusOK {
		t.Fatalf("state: %d %v", code, st)
	}
	var refs []string
	for _, e := range st["history"].([]any) {
		if entry := e.(map[string]any); entry["type"] == "reply" {
			ref, _ := entry["ref"].(string)
			refs = append(refs, ref)
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
		code, out = ops.do("GET", "/v1/tickets/"+id+"/contents/"+refs[i], nil)
		if code != http.StatusOK || out["body"] != texts[i] {
			t.Errorf("read reply %d back: %d, body of %d bytes", i, code, len(fmt.Sprint(out["body"])))
		}
	}
}
