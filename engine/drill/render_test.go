package drill_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/internal/testutil"
)

// golden compares got with testdata/name (SUPPORTOPS_UPDATE=1 rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got)
}

// outageRun is the drill of outage-major that outageResult and
// completedOutageResult end in two ways: its roles filled, its first six
// steps as they went in the first 40 minutes (the supervisor acknowledges
// the IVR change late and finishes it after the escalation, nobody answers
// for the known-issue macro), recovery and close not started.
func outageRun(p *drill.Plan) drill.Result {
	m := time.Minute
	return drill.Result{
		Drill: "outage-major-20261116T090000Z", Plan: p.ID, PlanName: p.Name, Mode: drill.ModeDrill, Owner: "petra-lange",
		Assignments: map[string]string{"incident-commander": "petra-lange", "it-liaison": "jan-vogel", "supervisor": "sabine-mueller",
			"team-lead": "katrin-schwarz", "comms-lead": "nina-zimmermann"},
		StartedAt: t0,
		Steps: []drill.StepOutcome{
			{Step: "declare", Owner: "incident-commander", Assignee: "petra-lange", State: drill.Done, Notified: at(0, ""),
				Acknowledged: at(m, "petra-lange"), Done: at(4*m, "petra-lange"),
				Checked: []string{"Open the incident channel #inc-support and the bridge call", "Post the first status in the channel"},
				Notes:   []drill.Note{{At: t0.Add(4 * m), By: "petra-lange", Text: "Bridge: meet.example/inc <b>|</b> *all hands*"}}},
			{Step: "confirm-scope", Owner: "it-liaison", Assignee: "jan-vogel", State: drill.Done, Notified: at(4*m, ""),
				Acknowledged: at(6*m, "jan-vogel"), Done: at(12*m, "jan-vogel"),
				Checked: []string{"Which systems: shop, checkout, payment, app, telephony, ticketing?",
					"Which customers: all, one payment method, one country?", "First ETA from the engineering on-call"}},
			{Step: "deflect", Owner: "supervisor", Assignee: "sabine-mueller", State: drill.Done, Late: true, Notified: at(4*m, ""),
				Acknowledged: at(10*m, "sabine-mueller"), Missed: at(15*m, ""), Done: at(21*m, "sabine-mueller"), Reminders: 2,
				Escalations: []drill.Escalation{{At: t0.Add(15 * m), Targets: []string{"petra-lange"}, Path: "incident"}},
				Notes:       []drill.Note{{At: t0.Add(21 * m), By: "sabine-mueller", Text: "IVR change needs the telephony vendor"}}},
			{Step: "status-page", Owner: "comms-lead", Assignee: "nina-zimmermann", State: drill.Done, Notified: at(12*m, ""),
				Acknowledged: at(13*m, "nina-zimmermann"), Done: at(25*m, "nina-zimmermann")},
			{Step: "known-issue-macro", Owner: "team-lead", Assignee: "katrin-schwarz", State: drill.Late, Notified: at(12*m, ""),
				Missed: at(30*m, ""), Reminders: 2,
				Escalations: []drill.Escalation{{At: t0.Add(30 * m), Targets: []string{"petra-lange"}, Path: "incident"}}},
			{Step: "staffing", Owner: "supervisor", Assignee: "sabine-mueller", State: drill.Done, Notified: at(21*m, ""),
				Acknowledged: at(22*m, "sabine-mueller"), Done: at(40*m, "sabine-mueller"), Checked: []string{"Move email agents to phone and chat"}},
			{Step: "recovery", Owner: "comms-lead", Assignee: "nina-zimmermann", State: drill.Pending},
			{Step: "close", Owner: "incident-commander", Assignee: "petra-lange", State: drill.Pending},
		},
	}
}

// outageResult is outageRun aborted by the commander after an hour: so
// recovery and close never start.
func outageResult(t *testing.T) (drill.Result, *drill.Plan) {
	p := examplePlan(t, "outage-major")
	r := outageRun(p)
	r.EndedAt, r.Elapsed, r.Outcome = t0.Add(time.Hour), time.Hour, drill.Aborted
	r.AbortedBy, r.AbortReason = "petra-lange", "Bridge needed for a real incident"
	return drill.Evaluate(p, r), p
}

func TestMarkdownGolden(t *testing.T) {
	r, p := outageResult(t)
	var b bytes.Buffer
	if err := drill.Markdown(&b, r, p); err != nil {
		t.Fatal(err)
	}
	golden(t, "outage-aborted.md.golden", b.String())
}

func TestJSONGolden(t *testing.T) {
	r, _ := outageResult(t)
	var b bytes.Buffer
	if err := drill.JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "outage-aborted.json.golden", b.String())
	var back drill.Result
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("the JSON result does not read back (-written +read):\n%s", diff)
	}
}

func TestHTMLStructure(t *testing.T) {
	r, p := outageResult(t)
	r.PlanName = `Outage <script>alert("x")</script> & more`
	var b bytes.Buffer
	if err := drill.HTML(&b, r, p); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("the plan name is not escaped:\n%s", page)
	}
	// Well-formed: the page parses as XML, and the lanes and bars are where
	// the report says.
	dec := xml.NewDecoder(&b)
	var lanes []string
	bars := map[string]string{} // step -> bar class
	steps := map[string]bool{}
	var stack []xml.StartElement
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Local == "g" && attr(e, "class") == "lane":
				lanes = append(lanes, attr(e, "data-role"))
			case e.Name.Local == "g" && attr(e, "class") == "step":
				steps[attr(e, "data-step")] = true
			case e.Name.Local == "rect" && strings.HasPrefix(attr(e, "class"), "bar ") && len(stack) > 0 && attr(stack[len(stack)-1], "class") == "step":
				bars[attr(stack[len(stack)-1], "data-step")] = strings.TrimPrefix(attr(e, "class"), "bar ")
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if diff := cmp.Diff(p.Roles, lanes); diff != "" {
		t.Errorf("lanes, one per role of the plan (-want +got):\n%s", diff)
	}
	if len(steps) != len(p.Steps) {
		t.Errorf("%d steps on the timeline, want all %d", len(steps), len(p.Steps))
	}
	want := map[string]string{
		"declare": "on-time", "confirm-scope": "on-time", "status-page": "on-time", "staffing": "on-time",
		"deflect":           "late", // done after its deadline
		"known-issue-macro": "late", // still open past it
	}
	if diff := cmp.Diff(want, bars); diff != "" {
		t.Errorf("bars (no bar for the steps never started) (-want +got):\n%s", diff)
	}
	for _, s := range []string{"late", "deadline", "katrin-schwarz (team-lead) did not respond to known-issue-macro"} {
		if !strings.Contains(page, s) {
			t.Errorf("the page does not mention %q", s)
		}
	}
	if !slices.Contains(lanes, "team-lead") {
		t.Errorf("no team-lead lane in %q", lanes)
	}
}
