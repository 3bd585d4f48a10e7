package impact

import (
	"path/filepath"
	"testing"

	"github.com/supportops/supportops/internal/testutil"
)

// goldenChange is one change to acme-shop whose impact on the example
// month of history is kept as a golden Result.
type goldenChange struct {
	name string
	// change edits a copy of acme-shop and returns its directory.
	change func(t *testing.T) string
	// check asserts what the change must do, beside the golden.
	check func(t *testing.T, r Result)
}

func editedExample(file, old, new string) func(t *testing.T) string {
	return func(t *testing.T) string {
		dir := copyExample(t)
		edit(t, dir, file, old, new)
		return dir
	}
}

// noChange asserts that nothing changes.
func noChange(t *testing.T, r Result) {
	t.Helper()
	if r.Changed != 0 || r.Counts != (Counts{}) {
		t.Errorf("%d of %d tickets change (%+v), want none", r.Changed, r.Tickets, r.Counts)
	}
}

// TestGoldenResults compares base acme-shop with each change on the whole
// example month (20,060 records, 60 of them drill records).
func TestGoldenResults(t *testing.T) {
	base := openBundle(t, exampleDir)
	for _, tc := range []goldenChange{
		{"chat-sla", editedExample("sla.cue", chatSLA, chatSLATighter), func(t *testing.T, r Result) {
			for _, br := range r.Breaches {
				if br.FlippedToMet != 0 {
					t.Errorf("a tighter SLA flips %d tickets of %s/%s to met", br.FlippedToMet, br.Metric, br.Queue)
				}
			}
			if r.Counts.Breach == 0 || r.Counts.Queue+r.Counts.Team+r.Counts.SLAPolicy != 0 {
				t.Errorf("counts %+v, want breaches and no routing or policy change", r.Counts)
			}
		}},
		{"queue-team", editedExample("queues.cue", logisticsTeam, logisticsMoved), func(t *testing.T, r Result) {
			moved := 0
			for _, f := range r.Routing {
				if f.FromQueue == "logistics" {
					moved += f.Tickets
				}
			}
			if moved == 0 || r.Counts.Team != moved || r.Counts.Queue != 0 {
				t.Errorf("counts %+v, %d logistics tickets; want every one's team moved and no queue", r.Counts, moved)
			}
		}},
		{"routing-language", func(t *testing.T) string { return routingEdited(t) }, func(t *testing.T, r Result) {
			if r.Counts.Queue == 0 {
				t.Errorf("counts %+v, want French tickets moved", r.Counts)
			}
		}},
		{"approval-threshold", editedExample("approvals.cue", "{up_to: 50, approvers: []}", "{up_to: 100, approvers: []}"), noChange},
		// Buß- und Bettag, a Wednesday of the month (a holiday in Saxony only).
		{"holiday", editedExample("calendars.cue", holidays, holidayOn("2026-11-18")), func(t *testing.T, r Result) {
			if r.Counts.Due == 0 || r.Counts.Queue != 0 {
				t.Errorf("counts %+v, want due times moved and no routing change", r.Counts)
			}
		}},
		{"reformat", editedExample("sla.cue", "match: channels: [\"social\"]", "// Public posts only.\n\t\tmatch: {\n\t\t\tchannels: [\"social\"]\n\t\t}"), noChange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := openBundle(t, tc.change(t))
			r := compareHistory(t, base, head, 0)
			if r.Tickets+r.Skipped != 20060 || r.Skipped != 60 {
				t.Errorf("compared %d, skipped %d; want 20,000 and 60", r.Tickets, r.Skipped)
			}
			tc.check(t, r)
			testutil.GoldenJSON(t, filepath.Join("testdata", tc.name+".json"), r)
		})
	}
}
