package daemon

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// listIDs lists tickets with the query q until the ids listed are want
// (visibility lags a change by a moment) or a deadline passes, and returns
// the last answer.
func listIDs(t *testing.T, c apiClient, q string, want []string) []string {
	t.Helper()
	var got []string
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out := c.do("GET", "/v1/tickets?"+q, nil)
		if code != http.StatusOK {
			t.Fatalf("list %s: %d %v", q, code, out)
		}
		got = got[:0]
		for _, row := range out["tickets"].([]any) {
			got = append(got, row.(map[string]any)["id"].(string))
		}
		slices.Sort(got)
		if slices.Equal(got, want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTicketList lists tickets through the API by the search attributes
// the workflows keep current: by status, queue, agent and breach, page by
// page, only those the principal may read, and refuses malformed filters.
func TestTicketList(t *testing.T) {
	dir := t.TempDir()
	add := tokenAdder(t, dir)
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: add(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})}

	ids := map[string]string{}
	var all []string
	for _, name := range []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"} {
		ids[name] = openTicket(t, ops, name)
		all = append(all, ids[name])
	}
	slices.Sort(all)
	states := map[string]apiv1.TicketState{}
	for name, id := range ids {
		st, err := ops.api().Ticket(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		states[name] = st
	}
	solved := ids["trainee-order-status"]
	solve(t, ops, solved)

	if got := listIDs(t, ops, "", all); !cmp.Equal(got, all) {
		t.Errorf("all tickets: %v, want %v", got, all)
	}
	if got := listIDs(t, ops, "status=solved", []string{solved}); !cmp.Equal(got, []string{solved}) {
		t.Errorf("solved: %v, want [%s]", got, solved)
	}
	open := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return id == solved })
	if got := listIDs(t, ops, "status=open", open); !cmp.Equal(got, open) {
		t.Errorf("open: %v, want %v", got, open)
	}
	// By queue and by agent, as routing decided.
	abusive := states["abusive-customer"]
	queue, agent := abusive.Queue, abusive.Agent
	var inQueue []string
	for name, st := range states {
		if st.Queue == queue {
			inQueue = append(inQueue, ids[name])
		}
	}
	slices.Sort(inQueue)
	if got := listIDs(t, ops, "queue="+queue, inQueue); !cmp.Equal(got, inQueue) {
		t.Errorf("queue %s: %v, want %v", queue, got, inQueue)
	}
	if got := listIDs(t, ops, "agent="+agent+"&breached=false", []string{ids["abusive-customer"]}); !cmp.Equal(got, []string{ids["abusive-customer"]}) {
		t.Errorf("agent %s: %v", agent, got)
	}
	if got := listIDs(t, ops, "drill=true", nil); len(got) != 0 {
		t.Errorf("drill tickets: %v, want none", got)
	}

	// A row carries what the list shows.
	_, out := ops.do("GET", "/v1/tickets?status=solved", nil)
	row := out["tickets"].([]any)[0].(map[string]any)
	st := states["trainee-order-status"]
	want := map[string]any{"id": solved, "status": "solved", "priority": st.Priority, "queue": st.Queue, "agent": st.Agent,
		"channel": st.Ticket.Channel, "breached": false, "running": true}
	delete(row, "opened_at")
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}

	// Page by page.
	var paged []string
	q := url.Values{"limit": {"2"}}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("more than 5 pages of 2 for 5 tickets")
		}
		code, page := ops.do("GET", "/v1/tickets?"+q.Encode(), nil)
		if code != http.StatusOK {
			t.Fatalf("page: %d %v", code, page)
		}
		rows := page["tickets"].([]any)
		if len(rows) > 2 {
			t.Fatalf("page of %d rows, limit 2", len(rows))
		}
		for _, r := range rows {
			paged = append(paged, r.(map[string]any)["id"].(string))
		}
		next, _ := page["next_page_token"].(string)
		if next == "" {
			break
		}
		q.Set("page_token", next)
	}
	slices.Sort(paged)
	if !cmp.Equal(paged, all) {
		t.Errorf("paged: %v, want %v", paged, all)
	}

	// An agent sees their own and their team's tickets only.
	team := d.versions.TeamOf(queue)
	member := apiClient{t: t, base: ops.base, token: add(policy.Principal{ID: "someone", Roles: []string{"agent"}, Team: team})}
	var teams []string
	for name, st := range states {
		if d.versions.TeamOf(st.Queue) == team {
			teams = append(teams, ids[name])
		}
	}
	slices.Sort(teams)
	if got := listIDs(t, member, "", teams); !cmp.Equal(got, teams) {
		t.Errorf("agent of team %s sees %v, want %v", team, got, teams)
	}

	for _, tc := range []struct{ q, want string }{
		{"status=bogus", "status"},
		{"queue=x'%20OR%20'1'='1", "queue"},
		{"limit=0", "limit"},
		{"limit=9999", "limit"},
		{"breached=maybe", "breached"},
		{"sort=id", "unknown parameter"},
		{"status=open&status=solved", "given 2 times"},
		{"page_token=***", "page_token"},
		{"page_token=%%%", "malformed query"},
	} {
		code, body := ops.do("GET", "/v1/tickets?"+tc.q, nil)
		if msg, _ := body["error"].(string); code != http.StatusBadRequest || !strings.Contains(msg, tc.want) {
			t.Errorf("?%s: %d %v, want 400 naming %s", tc.q, code, body, tc.want)
		}
	}
	if code, _ := (apiClient{t: t, base: ops.base}).do("GET", "/v1/tickets", nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", code)
	}

	// Merging: into an unknown ticket is refused; into a real one closes
	// the ticket, and the other one learns of it.
	from, into := ids["full-capacity"], ids["after-hours-p1"]
	merge := func(into string) (apiv1.TicketState, error) {
		return ops.api().PostEvent(t.Context(), from, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventMerge, Into: into}})
	}
	if _, err := merge("T-NOPE"); !isStatus(err, http.StatusNotFound) {
		t.Errorf("merge into an unknown ticket: %v, want 404", err)
	}
	merged, err := merge(into)
	if err != nil || merged.Status != ticketwf.StatusClosed || merged.MergedInto != into {
		t.Fatalf("merge: %v status %v merged_into %v", err, merged.Status, merged.MergedInto)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, serr := ops.api().Ticket(t.Context(), into)
		if serr != nil {
			t.Fatal(serr)
		}
		if strings.Contains(fmt.Sprint(st.History), "merged_from") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ticket %s never noted the merge: %v", into, st.History)
		}
		time.Sleep(100 * time.Millisecond)
	}
	recordHistory(t, d, from, "ticket-merged-listed")
	recordHistory(t, d, into, "ticket-merged-into")
}

// TestRegisterSearchAttributes adds the ticket search attributes to a
// namespace that lacks them (a data directory from before they existed, or
// a remote server), is a no-op once they are there, and refuses one that
// is registered with another type.
func TestRegisterSearchAttributes(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	srv, c := embeddedClient(ctx, t, embedded.Options{DataDir: t.TempDir()})
	for i := range 2 {
		if err := registerSearchAttributes(ctx, c, srv.Namespace()); err != nil {
			t.Fatalf("register, time %d: %v", i+1, err)
		}
	}
	in := ticketwf.Input{Ticket: tkt.Ticket{ID: "T-1", Channel: "chat", Priority: "P3"}}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "sa-check", TaskQueue: "nobody", TypedSearchAttributes: ticketwf.InitialSearchAttributes(in)}, ticketwf.WorkflowName, in)
	if err != nil {
		t.Fatalf("start a workflow with the search attributes: %v", err)
	}
	if err = c.TerminateWorkflow(ctx, run.GetID(), "", "test over"); err != nil {
		t.Fatal(err)
	}

	// A namespace where TicketStatus is a number.
	wrong, c2 := embeddedClient(ctx, t, embedded.Options{DataDir: t.TempDir(),
		SearchAttributes: map[string]enumspb.IndexedValueType{ticketwf.SearchTicketStatus: enumspb.INDEXED_VALUE_TYPE_INT}})
	err = registerSearchAttributes(ctx, c2, wrong.Namespace())
	if err == nil || !strings.Contains(err.Error(), "search attribute TicketStatus of namespace default is a Int, supportops needs a Keyword") {
		t.Errorf("register over a TicketStatus of another type: %v", err)
	}
}

// TestBoardSurvivesRestart: the agents' load comes back after a restart
// of the daemon, from the tickets that are still open, so routing does
// not pile new tickets on agents who already have some.
func TestBoardSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	tok := tokenAdder(t, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	d := startDaemon(t, example, dir)
	ops := apiClient{t: t, base: "http://" + d.Addr(), token: tok}
	want := map[string]map[string]int{}
	var solved string
	for _, name := range []string{"abusive-customer", "vip-refund-complaint", "trainee-order-status", "full-capacity", "after-hours-p1"} {
		id := openTicket(t, ops, name)
		if name == "trainee-order-status" {
			solved = id // solved: no longer load
			continue
		}
		st, err := ops.api().Ticket(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if want[st.Agent] == nil {
			want[st.Agent] = map[string]int{}
		}
		want[st.Agent][st.Ticket.Channel]++
	}
	solve(t, ops, solved)
	load := func() map[string]map[string]int {
		states, err := d.board.States(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]map[string]int{}
		for id, s := range states {
			for ch, n := range s.Load {
				if n > 0 {
					if out[id] == nil {
						out[id] = map[string]int{}
					}
					out[id][ch] = n
				}
			}
		}
		return out
	}
	if diff := cmp.Diff(want, load()); diff != "" {
		t.Fatalf("load before the restart (-want +got):\n%s", diff)
	}
	// The list shows the solve before the daemon stops.
	listIDs(t, ops, "status=solved", []string{solved})
	d.Stop(context.Background())
	d = startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	if diff := cmp.Diff(want, load()); diff != "" {
		t.Errorf("load after the restart (-want +got):\n%s", diff)
	}
}

// TestIdempotencyKey: an event sent twice with the same Idempotency-Key
// (a client retrying after a lost answer) is applied once; another key, or
// none, applies it again.
func TestIdempotencyKey(t *testing.T) {
	dir := t.TempDir()
	tok := tokenAdder(t, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	base := "http://" + d.Addr()
	ops := apiClient{t: t, base: base, token: tok}
	id := openTicket(t, ops, "vip-refund-complaint")
	send := func(key string) (int, map[string]any) {
		t.Helper()
		return ops.doKeyed("POST", "/v1/tickets/"+id+"/events", key, `{"kind": "reply", "from": "customer"}`)
	}
	replies := func(st map[string]any) int {
		n := 0
		for _, e := range st["history"].([]any) {
			if e.(map[string]any)["type"] == "reply" {
				n++
			}
		}
		return n
	}
	_, first := send("retry-me-1")
	code, again := send("retry-me-1")
	if code != http.StatusOK || replies(again) != 1 || !cmp.Equal(first["history"], again["history"]) {
		t.Errorf("same key again: %d with %d replies, want 200 with the first answer (1 reply)", code, replies(again))
	}
	if _, other := send("retry-me-2"); replies(other) != 2 {
		t.Errorf("another key: %d replies, want 2", replies(other))
	}
	if _, none := send(""); replies(none) != 3 {
		t.Errorf("no key: %d replies, want 3", replies(none))
	}
	if code, body := send(strings.Repeat("k", 129)); code != http.StatusBadRequest {
		t.Errorf("a 129-character key: %d %v, want 400", code, body)
	}
}
