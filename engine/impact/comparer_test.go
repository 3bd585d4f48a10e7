package impact

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
)

// The edits the tests make to acme-shop.
const (
	// chatSLA is the chat policy's first reply, unique by its context.
	chatSLA        = "match: channels: [\"chat\"]\n\t\tescalation_path: \"standard\"\n\t\tmetrics: {\n\t\t\tfirst_reply: {target: \"30s\""
	chatSLATighter = "match: channels: [\"chat\"]\n\t\tescalation_path: \"standard\"\n\t\tmetrics: {\n\t\t\tfirst_reply: {target: \"20s\""
	logisticsTeam  = "name: \"Logistics\"\n\t\tteam: \"logistics\""
	logisticsMoved = "name: \"Logistics\"\n\t\tteam: \"after-sales\""
	holidays       = "_publicHolidays: [\n"
)

// holidayOn adds a public holiday on date to acme-shop's calendars.
func holidayOn(date string) string {
	return holidays + fmt.Sprintf("\t{date: %q, name: \"Test holiday\"},\n", date)
}

// summary is the part of a Result the hand-worked tests check.
type summary struct {
	Tickets, Changed int
	Counts           Counts
	Breaches         []BreachRate
}

func summarise(r Result) summary {
	return summary{Tickets: r.Tickets, Changed: r.Changed, Counts: r.Counts, Breaches: r.Breaches}
}

// TestDueAcrossWeekend works an email through a weekend on the office
// calendar (Mon-Fri 08:00-12:30, 13:00-18:00, Sat 09:00-14:00): created
// Friday 17:00, its 9h30m first reply has 1h on Friday, 5h on Saturday and
// 3h30m on Monday, so is due Monday 11:30; with Saturday a holiday, 1h on
// Friday and 4h30m + 4h on Monday, due 17:00. Replied Monday 12:00, it
// breaches under the base only, and the standard path's first level
// (after 0s) fires under the base only.
func TestDueAcrossWeekend(t *testing.T) {
	loc := berlin(t)
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "calendars.cue", holidays, holidayOn("2026-11-07"))
	head := openBundle(t, dir)

	created := time.Date(2026, 11, 6, 17, 0, 0, 0, loc)
	rec := history.Record{ID: "T-1", Channel: "email", Category: "order-status", Priority: "P3", Tier: "standard",
		Language: "de", CreatedAt: created, FirstReplyAt: at(time.Date(2026, 11, 9, 12, 0, 0, 0, loc)),
		SolvedAt: at(time.Date(2026, 11, 9, 12, 0, 0, 0, loc))}

	var bo, ho outcome
	if err := newSide(base).decide(context.Background(), &rec, time.Time{}, &bo); err != nil {
		t.Fatal(err)
	}
	if err := newSide(head).decide(context.Background(), &rec, time.Time{}, &ho); err != nil {
		t.Fatal(err)
	}
	type got struct {
		Queue, Policy  string
		Due            time.Time
		Breached       bool
		Fired          uint64
		ResolutionDue  time.Time
		ResolutionMiss bool
	}
	view := func(o outcome) got {
		fr, res := o.metrics[slotFirstReply], o.metrics[slotResolution]
		return got{o.queue, o.policy, fr.due.In(loc), fr.breached, fr.fired, res.due.In(loc), res.breached}
	}
	want := []got{
		// Resolution 47h30m: Fri 1h, Sat 5h, Mon-Thu 4 × 9h30m = 44h, then Fri 08:00 + 3h30m.
		{"after-sales", "email-standard", time.Date(2026, 11, 9, 11, 30, 0, 0, loc), true, 1, time.Date(2026, 11, 13, 11, 30, 0, 0, loc), false},
		// Without Saturday's 5h: 39h by Thursday, then 8h30m on Friday 13th: 08:00-12:30 and 13:00-17:00.
		{"after-sales", "email-standard", time.Date(2026, 11, 9, 17, 0, 0, 0, loc), false, 0, time.Date(2026, 11, 13, 17, 0, 0, 0, loc), false},
	}
	if diff := cmp.Diff(want, []got{view(bo), view(ho)}); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}

	wantSum := summary{Tickets: 1, Changed: 1, Counts: Counts{Due: 1, Breach: 1, Escalation: 1}, Breaches: []BreachRate{
		{Metric: "first_reply", Queue: "after-sales", Tickets: 1, Before: 100, BreachedBefore: 1, FlippedToMet: 1},
		{Metric: "resolution", Queue: "after-sales", Tickets: 1},
	}}
	if diff := cmp.Diff(wantSum, summarise(compare(t, base, head, Options{}, rec))); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
}

// TestBreachOnlyUnderHead: a chat answered after 25 s meets the 30 s first
// reply and breaches a tighter 20 s one, where the standard path's first
// level fires at once.
func TestBreachOnlyUnderHead(t *testing.T) {
	loc := berlin(t)
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "sla.cue", chatSLA, chatSLATighter)
	head := openBundle(t, dir)

	created := time.Date(2026, 11, 10, 10, 0, 0, 0, loc)
	recs := []history.Record{
		{ID: "T-25s", Channel: "chat", Category: "order-status", Priority: "P3", Tier: "standard", Language: "de",
			CreatedAt: created, FirstReplyAt: at(created.Add(25 * time.Second)), SolvedAt: at(created.Add(5 * time.Minute))},
		{ID: "T-10s", Channel: "chat", Category: "order-status", Priority: "P3", Tier: "standard", Language: "de",
			CreatedAt: created, FirstReplyAt: at(created.Add(10 * time.Second)), SolvedAt: at(created.Add(5 * time.Minute))},
		// Abandoned after 40 s unanswered: breached either way.
		{ID: "T-gone", Channel: "chat", Category: "order-status", Priority: "P3", Tier: "standard", Language: "de",
			CreatedAt: created, AbandonedAt: at(created.Add(40 * time.Second)), ClosedAt: at(created.Add(40 * time.Second))},
	}
	res := compare(t, base, head, Options{}, recs...)
	want := summary{Tickets: 3, Changed: 3, Counts: Counts{Due: 3, Breach: 1, Escalation: 1}, Breaches: []BreachRate{
		{Metric: "first_reply", Queue: "after-sales", Tickets: 3, Before: 33.33, After: 66.67, BreachedBefore: 1, BreachedAfter: 2, FlippedToBreach: 1},
	}}
	if diff := cmp.Diff(want, summarise(res)); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	wantEx := map[string][]string{KindDue: {"T-10s", "T-25s", "T-gone"}, KindBreach: {"T-25s"}, KindEscalation: {"T-25s"}}
	if diff := cmp.Diff(wantEx, res.Examples); diff != "" {
		t.Errorf("examples (-want +got):\n%s", diff)
	}
}

// TestQueueMovedToAnotherTeam: logistics handed to the after-sales team
// moves its tickets' team, not their queue, in the matrix and in the
// weekly workload.
func TestQueueMovedToAnotherTeam(t *testing.T) {
	loc := berlin(t)
	base := openBundle(t, exampleDir)
	dir := copyExample(t)
	edit(t, dir, "queues.cue", logisticsTeam, logisticsMoved)
	head := openBundle(t, dir)

	created := time.Date(2026, 11, 10, 10, 0, 0, 0, loc) // ISO week 2026-W46
	recs := []history.Record{
		{ID: "T-parcel", Channel: "email", Category: "delivery-problem", Priority: "P3", Tier: "standard", Language: "de", CreatedAt: created},
		{ID: "T-refund", Channel: "email", Category: "refund", Priority: "P3", Tier: "standard", Language: "de", CreatedAt: created},
	}
	res := compare(t, base, head, Options{}, recs...)
	wantRouting := []Flow{
		{FromQueue: "after-sales", FromTeam: "after-sales", ToQueue: "after-sales", ToTeam: "after-sales", Tickets: 1},
		{FromQueue: "logistics", FromTeam: "logistics", ToQueue: "logistics", ToTeam: "after-sales", Tickets: 1},
	}
	if diff := cmp.Diff(wantRouting, res.Routing); diff != "" {
		t.Errorf("routing (-want +got):\n%s", diff)
	}
	wantWork := []TeamWeek{{Team: "after-sales", Week: "2026-W46", Before: 1, After: 2}, {Team: "logistics", Week: "2026-W46", Before: 1, After: 0}}
	if diff := cmp.Diff(wantWork, res.Workload); diff != "" {
		t.Errorf("workload (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Counts{Team: 1}, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}

// languageFallback is a routing.rego edit: French contacts go to the
// English queues (by category), not to the French service desk.
const (
	routingChoice   = "choice := object.get(idx.queues, [t.channel, t.language], {})"
	routingFallback = "language := \"en\" if t.language == \"fr\" else := t.language\n\nchoice := object.get(idx.queues, [t.channel, language], {})"
)

// TestRoutingEdit: with French routed to the English queues, a French
// refund moves queue within after-sales, and a French delivery problem
// moves to logistics, its team, SLA policy (logistics-written) and due
// times with it; a German one stays.
func TestRoutingEdit(t *testing.T) {
	loc := berlin(t)
	base := openBundle(t, exampleDir)
	head := openBundle(t, routingEdited(t))

	created := time.Date(2026, 11, 10, 10, 0, 0, 0, loc)
	recs := []history.Record{
		{ID: "T-fr-refund", Channel: "email", Category: "refund", Priority: "P3", Tier: "standard", Language: "fr", CreatedAt: created},
		{ID: "T-fr-parcel", Channel: "email", Category: "delivery-problem", Priority: "P3", Tier: "standard", Language: "fr", CreatedAt: created},
		{ID: "T-de-parcel", Channel: "email", Category: "delivery-problem", Priority: "P3", Tier: "standard", Language: "de", CreatedAt: created},
	}
	res := compare(t, base, head, Options{}, recs...)
	wantRouting := []Flow{
		{FromQueue: "after-sales-fr", FromTeam: "after-sales", ToQueue: "after-sales", ToTeam: "after-sales", Tickets: 1},
		{FromQueue: "after-sales-fr", FromTeam: "after-sales", ToQueue: "logistics", ToTeam: "logistics", Tickets: 1},
		{FromQueue: "logistics", FromTeam: "logistics", ToQueue: "logistics", ToTeam: "logistics", Tickets: 1},
	}
	if diff := cmp.Diff(wantRouting, res.Routing); diff != "" {
		t.Errorf("routing (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Counts{Queue: 2, Team: 1, SLAPolicy: 1, Due: 1}, res.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	wantEx := map[string][]string{KindQueue: {"T-fr-parcel", "T-fr-refund"}, KindTeam: {"T-fr-parcel"},
		KindSLAPolicy: {"T-fr-parcel"}, KindDue: {"T-fr-parcel"}}
	if diff := cmp.Diff(wantEx, res.Examples); diff != "" {
		t.Errorf("examples (-want +got):\n%s", diff)
	}
}

// routingEdited is acme-shop with the language fallback in its own
// routing.rego.
func routingEdited(t testing.TB) string {
	t.Helper()
	src, err := defaultRouting()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyExample(t)
	writeFile(t, dir, "policies/routing/routing.rego", src)
	edit(t, dir, "policies/routing/routing.rego", routingChoice, routingFallback)
	return dir
}

// TestIdenticalNoChanges: the same configuration on both sides changes
// nothing, on random records drawn from acme-shop's ids.
func TestIdenticalNoChanges(t *testing.T) {
	b := openBundle(t, exampleDir)
	again := openBundle(t, exampleDir)
	cfg := b.Snapshot.Config
	r := rand.New(rand.NewPCG(15, 2026))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	channels := slices.Sorted(maps.Keys(cfg.Channels))
	categories := append(slices.Sorted(maps.Keys(cfg.Categories)), "")
	tiers := append(slices.Sorted(maps.Keys(cfg.Tiers)), "")
	var priorities []string
	for _, l := range cfg.Priorities.Levels {
		priorities = append(priorities, l.ID)
	}
	priorities = append(priorities, "")
	languages := []string{"de", "en", "fr", "it", ""}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for round := range 5 {
		recs := make([]history.Record, 200)
		for i := range recs {
			created := start.Add(time.Duration(r.Int64N(int64(30 * 24 * time.Hour))))
			rec := history.Record{ID: fmt.Sprintf("R-%d-%d", round, i), Channel: pick(channels), Category: pick(categories),
				Priority: pick(priorities), Tier: pick(tiers), Language: pick(languages), CreatedAt: created}
			if r.IntN(4) > 0 {
				rec.FirstReplyAt = at(created.Add(time.Duration(r.Int64N(int64(48 * time.Hour)))))
			}
			if r.IntN(4) > 0 {
				rec.SolvedAt = at(created.Add(time.Duration(r.Int64N(int64(200 * time.Hour)))))
			}
			if r.IntN(3) == 0 {
				rec.ClosedAt = at(created.Add(time.Duration(r.Int64N(int64(300 * time.Hour)))))
			}
			recs[i] = rec
		}
		res := compare(t, b, again, Options{Until: start.AddDate(0, 1, 0)}, recs...)
		if res.Tickets != len(recs) || res.Changed != 0 || res.Counts != (Counts{}) {
			t.Errorf("round %d: %d tickets, %d changed, counts %+v; want %d, 0, none", round, res.Tickets, res.Changed, res.Counts, len(recs))
		}
		for _, f := range res.Routing {
			if f.FromQueue != f.ToQueue || f.FromTeam != f.ToTeam {
				t.Errorf("round %d: flow %+v moves", round, f)
			}
		}
		for _, br := range res.Breaches {
			if br.Before != br.After || br.FlippedToBreach+br.FlippedToMet != 0 {
				t.Errorf("round %d: breach rate %+v moves", round, br)
			}
		}
		for _, w := range res.Workload {
			if w.Before != w.After {
				t.Errorf("round %d: workload %+v moves", round, w)
			}
		}
		for kind, ids := range res.Examples {
			if kind != KindNoQueue {
				t.Errorf("round %d: examples of %s: %v", round, kind, ids)
			}
		}
	}
}

// TestSkipped: drill records and those outside Since/Until are counted
// as skipped, not compared.
func TestSkipped(t *testing.T) {
	b := openBundle(t, exampleDir)
	day := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	rec := func(id string, created time.Time, drill bool) history.Record {
		return history.Record{ID: id, Channel: "email", Category: "refund", Language: "de", Tier: "standard", CreatedAt: created, Drill: drill}
	}
	recs := []history.Record{
		rec("before", day.Add(-time.Second), false), rec("first", day, false), rec("drill", day.Add(time.Hour), true),
		rec("last", day.Add(24*time.Hour-time.Second), false), rec("until", day.Add(24*time.Hour), false),
	}
	res := compare(t, b, b, Options{Since: day, Until: day.Add(24 * time.Hour)}, recs...)
	if res.Tickets != 2 || res.Skipped != 3 {
		t.Errorf("compared %d, skipped %d; want 2, 3", res.Tickets, res.Skipped)
	}
}

// TestExamplesFirstIDs: the examples are the first ids in order whatever
// order the records come in.
func TestExamplesFirstIDs(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		ids  []string
		want []string
	}{
		{"fewer than n", 3, []string{"b", "a"}, []string{"a", "b"}},
		{"keeps the first", 3, []string{"e", "d", "c", "b", "a", "f", "a"}, []string{"a", "b", "c"}},
		{"none", -1, []string{"a"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Comparer{opts: Options{Examples: tc.n}, examples: map[string][]string{}}
			for _, id := range tc.ids {
				c.example(KindQueue, id)
			}
			if diff := cmp.Diff(tc.want, c.examples[KindQueue]); diff != "" {
				t.Errorf("examples (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPolicyWithoutView: a routing policy that declares no ticket view is
// decided record by record (policy.Engine.Route, no memo) and gives the
// same result as the view.
func TestPolicyWithoutView(t *testing.T) {
	src, err := defaultRouting()
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(src, "view_fields := [")
	end := start + strings.Index(src[start:], "]\n") + 2
	if start < 0 || end < start {
		t.Fatal("no view_fields in the default routing policy")
	}
	dir := copyExample(t)
	writeFile(t, dir, "policies/routing/routing.rego", src[:start]+src[end:])
	base := openBundle(t, exampleDir)
	head := openBundle(t, dir)
	if head.Engine.ViewFields() != nil {
		t.Fatal("the edited policy still declares view fields")
	}
	const n = 300
	res := compareHistory(t, base, head, n)
	if res.Tickets != n || res.Changed != 0 {
		t.Errorf("compared %d, %d changed (%+v); want %d, none", res.Tickets, res.Changed, res.Counts, n)
	}
	if diff := cmp.Diff(compareHistory(t, base, base, n), res); diff != "" {
		t.Errorf("result (-view +no view):\n%s", diff)
	}
}
