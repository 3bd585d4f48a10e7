package apiv1_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
)

// seen is what a test server saw of one request.
type seen struct {
	Method, Path, Query, Auth, Key, Body string
}

// server answers every request with the next of answers (the last one
// again once they run out) and records what it saw. An answer of status 0
// drops the connection instead.
type server struct {
	mu      sync.Mutex
	answers []answer
	seen    []seen
}

type answer struct {
	status int
	body   string
	header map[string]string
}

func newServer(t *testing.T, answers ...answer) (*server, *apiv1.Client) {
	t.Helper()
	s := &server{answers: answers}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	noWait := apiv1.WithBackoff(func(int) time.Duration { return 0 })
	return s, apiv1.New(ts.URL+"/", "tok-1", noWait)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var body strings.Builder
	buf := make([]byte, 512)
	for {
		n, err := r.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil {
			break
		}
	}
	s.seen = append(s.seen, seen{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization"), Key: r.Header.Get(apiv1.IdempotencyKeyHeader), Body: body.String()})
	a := s.answers[min(len(s.seen), len(s.answers))-1]
	s.mu.Unlock()
	if a.status == 0 {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.seen...)
}

const stateJSON = `{"ticket":{"id":"T-1","channel":"email","category":"returns","language":"de","customer":{"id":"","tier":""},"created_at":"2026-01-02T03:04:05Z"},"config":"v1","status":"open","priority":"P2","queue":"after-sales","escalation_level":0,"opened_at":"2026-01-02T03:04:05Z","history":[]}`

func TestClientKeyedPOSTRetriesWithOneKey(t *testing.T) {
	s, c := newServer(t, answer{status: 0}, answer{status: http.StatusServiceUnavailable, body: `{"error":"restarting"}`},
		answer{status: http.StatusOK, body: stateJSON})
	st, err := c.PostEvent(context.Background(), "T-1", apiv1.EventRequest{Event: apiv1.TicketEvent{Kind: "close"}})
	if err != nil {
		t.Fatalf("PostEvent: %v", err)
	}
	if st.Ticket.ID != "T-1" || st.Queue != "after-sales" {
		t.Errorf("PostEvent answered %+v, want the state of T-1", st)
	}
	got := s.requests()
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3 (a dropped connection, a 503, the answer): %+v", len(got), got)
	}
	key := got[0].Key
	if !strings.HasPrefix(key, apiv1.DefaultKeyPrefix) || len(key) != len(apiv1.DefaultKeyPrefix)+32 {
		t.Errorf("Idempotency-Key %q, want %s and 32 hex digits", key, apiv1.DefaultKeyPrefix)
	}
	for _, r := range got {
		want := seen{Method: http.MethodPost, Path: "/v1/tickets/T-1/events", Auth: "Bearer tok-1", Key: key, Body: `{"kind":"close"}`}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("request (-want +got):\n%s", diff)
		}
	}
	// Another call is another request: another key.
	if _, err := c.PostEvent(context.Background(), "T-1", apiv1.EventRequest{Event: apiv1.TicketEvent{Kind: "close"}}); err != nil {
		t.Fatalf("PostEvent: %v", err)
	}
	if again := s.requests()[3].Key; again == key || again == "" {
		t.Errorf("second call sent Idempotency-Key %q, want a new one (first %q)", again, key)
	}
}

func TestClientKeyOfTheContext(t *testing.T) {
	s, c := newServer(t, answer{status: http.StatusOK, body: stateJSON})
	ctx := apiv1.WithIdempotencyKey(context.Background(), "order-4711-refund")
	if _, err := c.RequestApproval(ctx, "T-1", apiv1.ApprovalRequest{Action: "goodwill"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ticket(ctx, "T-1"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range s.requests() {
		keys = append(keys, r.Key)
	}
	if diff := cmp.Diff([]string{"order-4711-refund", ""}, keys); diff != "" {
		t.Errorf("Idempotency-Keys of a keyed POST and a GET (-want +got):\n%s", diff)
	}
}

func TestClientRetries(t *testing.T) {
	unavailable := answer{status: http.StatusServiceUnavailable, body: `{"error":"this daemon runs no drills"}`}
	for name, tc := range map[string]struct {
		reason   string
		call     func(*apiv1.Client) error
		answers  []answer
		requests int
		status   int // of the *apiv1.Error; 0 for none
	}{
		"unkeyed POST, 503": {
			reason: "opening a ticket has no key: a resend could open it twice",
			call: func(c *apiv1.Client) error {
				_, err := c.OpenTicket(context.Background(), apiv1.Ticket{ID: "T-1"})
				return err
			},
			answers: []answer{unavailable}, requests: 1, status: http.StatusServiceUnavailable,
		},
		"unkeyed POST, dropped connection": {
			reason: "a drill's abort has no key",
			call: func(c *apiv1.Client) error {
				_, err := c.AbortDrill(context.Background(), "D-1", apiv1.ControlRequest{Reason: "enough"})
				return err
			},
			answers: []answer{{status: 0}}, requests: 1,
		},
		"GET, 503 until the last attempt": {
			reason: "a GET changes nothing: it is sent DefaultAttempts times, then the last answer is the error",
			call: func(c *apiv1.Client) error {
				_, err := c.ListDrills(context.Background(), apiv1.DrillListQuery{})
				return err
			},
			answers: []answer{unavailable}, requests: apiv1.DefaultAttempts, status: http.StatusServiceUnavailable,
		},
		"GET, 502 then 200": {
			reason: "a gateway's error is transient",
			call: func(c *apiv1.Client) error {
				_, err := c.Health(context.Background())
				return err
			},
			answers: []answer{{status: http.StatusBadGateway}, {status: http.StatusOK, body: `{"status":"ok"}`}}, requests: 2,
		},
		"GET, 500": {
			reason: "an internal error is not transient",
			call: func(c *apiv1.Client) error {
				_, err := c.Ticket(context.Background(), "T-1")
				return err
			},
			answers:  []answer{{status: http.StatusInternalServerError, body: `{"error":"internal error; see the daemon's log"}`}},
			requests: 1, status: http.StatusInternalServerError,
		},
		"keyed POST, 404": {
			reason: "a refusal is final",
			call: func(c *apiv1.Client) error {
				_, err := c.Decide(context.Background(), "T-1.A1", apiv1.ApprovalDecision{Decision: apiv1.DecisionApprove})
				return err
			},
			answers: []answer{{status: http.StatusNotFound, body: `{"error":"no ticket \"T-1\""}`}}, requests: 1, status: http.StatusNotFound,
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, c := newServer(t, tc.answers...)
			err := tc.call(c)
			if got := len(s.requests()); got != tc.requests {
				t.Errorf("%d requests, want %d (%s)", got, tc.requests, tc.reason)
			}
			var apiErr *apiv1.Error
			switch {
			case err == nil:
				if tc.status != 0 || tc.requests != len(tc.answers) {
					t.Errorf("no error, want one (%s)", tc.reason)
				}
			case errors.As(err, &apiErr):
				if apiErr.Status != tc.status {
					t.Errorf("error %v with status %d, want %d", err, apiErr.Status, tc.status)
				}
			case tc.status != 0:
				t.Errorf("error %v, want an *apiv1.Error of %d", err, tc.status)
			case !strings.HasPrefix(err.Error(), "reach supportopsd: "):
				t.Errorf("error %q, want reach supportopsd: ...", err)
			}
		})
	}
}

func TestClientErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		reason string
		answer answer
		want   apiv1.Error
		text   string
	}{
		"forbidden with reasons": {
			reason: "the policy's reasons come through",
			answer: answer{status: http.StatusForbidden, body: `{"error":"forbidden","reasons":["agents act on their team's tickets","not yours"]}`},
			want:   apiv1.Error{Status: http.StatusForbidden, Message: "forbidden", Reasons: []string{"agents act on their team's tickets", "not yours"}},
			text:   "forbidden (HTTP 403): agents act on their team's tickets; not yours",
		},
		"not found": {
			reason: "a message without reasons",
			answer: answer{status: http.StatusNotFound, body: `{"error":"no ticket \"T-9\""}`},
			want:   apiv1.Error{Status: http.StatusNotFound, Message: `no ticket "T-9"`},
			text:   `no ticket "T-9" (HTTP 404)`,
		},
		"not JSON": {
			reason: "a proxy's page: the status line is the message",
			answer: answer{status: http.StatusInternalServerError, body: "<html>oops</html>"},
			want:   apiv1.Error{Status: http.StatusInternalServerError, Message: "500 Internal Server Error"},
			text:   "500 Internal Server Error (HTTP 500)",
		},
		"schedule sync failure": {
			reason: "an answer with more than an error still reads as one",
			answer: answer{status: http.StatusInternalServerError, body: `{"error":"sync drill schedules: boom","report":{"created":["a"]}}`},
			want:   apiv1.Error{Status: http.StatusInternalServerError, Message: "sync drill schedules: boom"},
			text:   "sync drill schedules: boom (HTTP 500)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newServer(t, tc.answer)
			rep, err := c.SyncSchedules(context.Background())
			if wantRep := strings.Contains(tc.answer.body, `"report"`); wantRep != (len(rep.Created) == 1) {
				t.Errorf("report %+v with the error; want the answer's: %v", rep, wantRep)
			}
			var got *apiv1.Error
			if !errors.As(err, &got) {
				t.Fatalf("error %v, want an *apiv1.Error (%s)", err, tc.reason)
			}
			if diff := cmp.Diff(tc.want, *got); diff != "" {
				t.Errorf("error (-want +got) (%s):\n%s", tc.reason, diff)
			}
			if got.Error() != tc.text {
				t.Errorf("Error() = %q, want %q", got.Error(), tc.text)
			}
		})
	}
}

func TestClientRequests(t *testing.T) {
	breached := false
	for name, tc := range map[string]struct {
		call func(*apiv1.Client) error
		want seen
	}{
		"list tickets": {
			call: func(c *apiv1.Client) error {
				_, err := c.ListTickets(context.Background(), apiv1.TicketListQuery{Queue: "after-sales", Breached: &breached, Limit: 20})
				return err
			},
			want: seen{Method: http.MethodGet, Path: "/v1/tickets", Query: "breached=false&limit=20&queue=after-sales"},
		},
		"step with an escaped id": {
			call: func(c *apiv1.Client) error {
				_, err := c.CompleteStep(context.Background(), "D-1", "a b", apiv1.StepRequest{Note: "ok"})
				return err
			},
			want: seen{Method: http.MethodPost, Path: "/v1/drills/D-1/steps/a%20b/done", Body: `{"note":"ok"}`},
		},
		"reload": {
			call: func(c *apiv1.Client) error { _, err := c.Reload(context.Background()); return err },
			want: seen{Method: http.MethodPost, Path: "/v1/config/reload"},
		},
		"approval request": {
			call: func(c *apiv1.Client) error {
				amount := 80.0
				_, err := c.RequestApproval(context.Background(), "T-1", apiv1.ApprovalRequest{Action: "refund", Amount: &amount})
				return err
			},
			want: seen{Method: http.MethodPost, Path: "/v1/tickets/T-1/approvals", Body: `{"action":"refund","amount":80}`},
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, c := newServer(t, answer{status: http.StatusOK, body: "{}"})
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			got := s.requests()[0]
			got.Auth, got.Key = "", ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClientDrillResult(t *testing.T) {
	for name, tc := range map[string]struct {
		answer      answer
		result, run bool
	}{
		"ended":   {answer: answer{status: http.StatusOK, body: `{"drill":"D-1","outcome":"completed"}`}, result: true},
		"running": {answer: answer{status: http.StatusAccepted, body: `{"drill":"D-1","status":"running"}`}, run: true},
	} {
		t.Run(name, func(t *testing.T) {
			s, c := newServer(t, tc.answer)
			out, err := c.DrillResult(context.Background(), "D-1", 30*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if (out.Result != nil) != tc.result || (out.State != nil) != tc.run {
				t.Errorf("DrillResult = %+v, want a result %v, a state %v", out, tc.result, tc.run)
			}
			if q := s.requests()[0].Query; q != "wait=30s" {
				t.Errorf("query %q, want wait=30s", q)
			}
		})
	}
}

func TestClientDrillReport(t *testing.T) {
	_, c := newServer(t, answer{status: http.StatusOK, body: "# Drill", header: map[string]string{
		apiv1.ReportHeader: apiv1.ReportProvisional, "Content-Type": "text/markdown; charset=utf-8"}})
	got, err := c.DrillReport(context.Background(), "D-1", apiv1.ReportMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	want := apiv1.Report{Kind: apiv1.ReportProvisional, ContentType: "text/markdown; charset=utf-8", Body: []byte("# Drill")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestPath(t *testing.T) {
	for name, tc := range map[string]struct {
		pattern string
		values  []string
		want    string
	}{
		"no wildcard":     {apiv1.PathTickets, nil, "/v1/tickets"},
		"one":             {apiv1.PathTicket, []string{"T-1"}, "/v1/tickets/T-1"},
		"two":             {apiv1.PathDrillStepAck, []string{"D-1", "triage"}, "/v1/drills/D-1/steps/triage/ack"},
		"escaped":         {apiv1.PathTicketContent, []string{"T-1", "a/b"}, "/v1/tickets/T-1/contents/a%2Fb"},
		"missing a value": {apiv1.PathTicketContent, []string{"T-1"}, "/v1/tickets/T-1/contents/{ref}"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := apiv1.Path(tc.pattern, tc.values...); got != tc.want {
				t.Errorf("Path(%q, %q) = %q, want %q", tc.pattern, tc.values, got, tc.want)
			}
		})
	}
}

func TestWireShapes(t *testing.T) {
	for name, tc := range map[string]struct {
		v    any
		want string
	}{
		"opened ticket": {apiv1.OpenedTicket{ID: "T-1", Created: true}, `{"created":true,"id":"T-1"}`},
		"health":        {apiv1.Health{Status: apiv1.HealthOK}, `{"status":"ok"}`},
		"reloaded":      {apiv1.Reloaded{Config: "abc"}, `{"config":"abc"}`},
		"drill list":    {apiv1.DrillList{}, `{"drills":null}`},
		"error":         {apiv1.Error{Status: 403, Message: "forbidden"}, `{"error":"forbidden"}`},
		"sync failure":  {apiv1.ScheduleSyncFailure{Message: "x"}, `{"error":"x","report":{"created":null,"updated":null,"deleted":null,"unchanged":null,"cadences":null}}`},
		"event request": {apiv1.EventRequest{Event: apiv1.TicketEvent{Kind: "reply"}, Body: new("hi")}, `{"kind":"reply","body":"hi"}`},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(b)); diff != "" {
				t.Errorf("JSON (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueryParams(t *testing.T) {
	want := []string{"status", "queue", "priority", "agent", "channel", "breached", "drill", "limit", "page_token"}
	if diff := cmp.Diff(want, apiv1.QueryParams(apiv1.TicketListQuery{})); diff != "" {
		t.Errorf("QueryParams(TicketListQuery) (-want +got):\n%s", diff)
	}
}

// TestClientCoversRoutes calls every method of the Client once and checks
// that together they reach every route of the table, each under its
// pattern.
func TestClientCoversRoutes(t *testing.T) {
	var mu sync.Mutex
	var hit []string
	mux := http.NewServeMux()
	for _, rt := range apiv1.Routes() {
		mux.HandleFunc(rt.Pattern(), func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hit = append(hit, r.Pattern)
			mu.Unlock()
			_, _ = w.Write([]byte("{}"))
		})
	}
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := apiv1.New(ts.URL, "tok-1")
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.Health(ctx); return err },
		func() error { _, err := c.Metrics(ctx); return err },
		func() error { _, err := c.OpenAPI(ctx); return err },
		func() error { _, err := c.OpenTicket(ctx, apiv1.Ticket{}); return err },
		func() error { _, err := c.ListTickets(ctx, apiv1.TicketListQuery{}); return err },
		func() error { _, err := c.Ticket(ctx, "T-1"); return err },
		func() error { _, err := c.PostEvent(ctx, "T-1", apiv1.EventRequest{}); return err },
		func() error { _, err := c.Content(ctx, "T-1", "sha256:00"); return err },
		func() error { _, err := c.Migrate(ctx, "T-1", apiv1.MigrateRequest{}); return err },
		func() error { _, err := c.RequestApproval(ctx, "T-1", apiv1.ApprovalRequest{}); return err },
		func() error { _, err := c.Decide(ctx, "T-1.A1", apiv1.ApprovalDecision{}); return err },
		func() error { _, err := c.Reload(ctx); return err },
		func() error { _, err := c.StartDrill(ctx, apiv1.DrillRequest{}); return err },
		func() error { _, err := c.SyncSchedules(ctx); return err },
		func() error { _, err := c.ListDrills(ctx, apiv1.DrillListQuery{}); return err },
		func() error { _, err := c.Drill(ctx, "D-1"); return err },
		func() error { _, err := c.AckStep(ctx, "D-1", "s1", apiv1.StepRequest{}); return err },
		func() error { _, err := c.CompleteStep(ctx, "D-1", "s1", apiv1.StepRequest{}); return err },
		func() error { _, err := c.AbortDrill(ctx, "D-1", apiv1.ControlRequest{}); return err },
		func() error { _, err := c.PauseDrill(ctx, "D-1", apiv1.ControlRequest{}); return err },
		func() error { _, err := c.ResumeDrill(ctx, "D-1", apiv1.ControlRequest{}); return err },
		func() error { _, err := c.DrillResult(ctx, "D-1", 0); return err },
		func() error { _, err := c.DrillReport(ctx, "D-1", ""); return err },
		func() error { _, err := c.History(ctx, apiv1.HistoryQuery{Since: "2026-11-01T00:00:00Z"}); return err },
		func() error { _, err := c.KPIs(ctx, apiv1.KPIQuery{Period: "2026-11"}); return err },
		func() error { _, err := c.Scorecards(ctx); return err },
		func() error { _, err := c.Scorecard(ctx, "2026-11"); return err },
		func() error { _, err := c.ClosePeriod(ctx, "2026-11"); return err },
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	var want []string
	for _, rt := range apiv1.Routes() {
		want = append(want, rt.Pattern())
	}
	slices.Sort(want)
	slices.Sort(hit)
	if diff := cmp.Diff(want, hit); diff != "" {
		t.Errorf("patterns of the routes (-) and of the Client's calls (+):\n%s", diff)
	}
}
