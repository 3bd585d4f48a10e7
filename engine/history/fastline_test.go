package history

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzFastLine checks the fast path against decodeLine: a line the fast
// path takes decodes to the same record, with the same errors of its
// values, on both.
func FuzzFastLine(f *testing.F) {
	f.Add(`{"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0}`)
	f.Add(`{"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00.5+01:00","agent_replies":1,"contacts":1,"reopened":0,` +
		`"csat":5,"qa_score":87.5,"handle_seconds":1e2,"drill":true,"sla":{"first_reply":{"target_seconds":30,"breached":true}}}`)
	f.Add(`{"id":"T-1","id":"T-2","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0}`)
	f.Add(`{ "id" : "a\"b" , "channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":-0,"contacts":1,"reopened":0,"sla":{}}`)
	d := newLineDecoder()
	f.Fuzz(func(t *testing.T, line string) {
		got, ok := d.fast([]byte(line))
		if !ok {
			return
		}
		want, errs := decodeLine(d.fields, []byte(line))
		if diff := cmp.Diff(errs, check(&got), cmp.AllowUnexported(fieldError{})); diff != "" {
			t.Fatalf("%s: errors (-decodeLine +fast):\n%s", line, diff)
		}
		if len(errs) > 0 {
			return // decodeLine returns no record with errors
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s (-decodeLine +fast):\n%s", line, diff)
		}
	})
}
