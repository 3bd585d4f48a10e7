package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// apiClient calls the API of a daemon with a token, as it is: for the
// tests that check a status code or an answer's raw body on purpose.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

// do sends body (nil, a string sent as it is, or a value sent as JSON) to
// path and decodes the answer as a JSON object.
func (c apiClient) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	return c.doKeyed(method, path, "", body)
}

// doKeyed is do with an Idempotency-Key, unless key is empty.
func (c apiClient) doKeyed(method, path, key string, body any) (int, map[string]any) {
	c.t.Helper()
	r := c.raw(method, path, key, body)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		c.t.Fatalf("%s %s: decode response: %v", method, path, err)
	}
	return r.code, out
}

// raw is do without decoding the answer.
func (c apiClient) raw(method, path, key string, body any) rawResponse {
	c.t.Helper()
	data, err := requestBody(body)
	if err != nil {
		c.t.Fatal(err)
	}
	r, err := rawRequest(c.t.Context(), http.DefaultClient, method, c.base+path, c.token, key, data)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

// clientsOf returns a maker of clients of d's API, each with a new token
// of its principal in the token store of dataDir, d's data directory.
func clientsOf(t *testing.T, d *Daemon, dataDir string) func(policy.Principal) apiClient {
	t.Helper()
	add := tokenAdder(t, dataDir)
	return func(p policy.Principal) apiClient {
		t.Helper()
		return apiClient{t: t, base: "http://" + d.Addr(), token: add(p)}
	}
}

// exampleCopy is a copy of the example configuration's CUE files in a
// directory of its own, for a test that changes it.
func exampleCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyFiles(example, dir, ".cue"); err != nil {
		t.Fatal(err)
	}
	return dir
}

// api is the typed client of the same daemon, with the same token.
func (c apiClient) api() *apiv1.Client { return apiv1.New(c.base, c.token) }

// exampleTicket is the example ticket name, as the typed client sends it.
func exampleTicket(t *testing.T, name string) apiv1.Ticket {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(example, "tickets", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var tk apiv1.Ticket
	if err = json.Unmarshal(b, &tk); err != nil {
		t.Fatal(err)
	}
	return tk
}

// openTicket opens the example ticket name through the typed client and
// returns its id; the ticket must be new.
func openTicket(t *testing.T, c apiClient, name string) string {
	t.Helper()
	opened, err := c.api().OpenTicket(t.Context(), exampleTicket(t, name))
	if err != nil || !opened.Created {
		t.Fatalf("open %s: %+v %v", name, opened, err)
	}
	return opened.ID
}

// solve sets ticket id's status to solved through the typed client.
func solve(t *testing.T, c apiClient, id string) {
	t.Helper()
	ev := ticketwf.Event{Kind: ticketwf.EventStatus, Status: ticketwf.StatusSolved}
	if _, err := c.api().PostEvent(t.Context(), id, apiv1.EventRequest{Event: ev}); err != nil {
		t.Fatalf("solve %s: %v", id, err)
	}
}

// isStatus reports whether err is the API's refusal with status.
func isStatus(err error, status int) bool {
	code, _ := refusal(err)
	return code == status
}

// refusal is the status and message of an error of the typed client that
// is the API's refusal, or 0 and the error's text.
func refusal(err error) (int, string) {
	var e *apiv1.Error
	if errors.As(err, &e) {
		return e.Status, e.Message
	}
	return 0, fmt.Sprint(err)
}

// refusalCase is a request the daemon must refuse: c sends method path
// with body (see apiClient.do), and the answer is want with an error whose
// body holds msg ("" for any).
type refusalCase struct {
	name   string
	c      apiClient
	method string
	path   string
	body   any
	want   int
	msg    string
}

// checkRefusals sends the request of each case and checks its refusal.
func checkRefusals(t *testing.T, cases []refusalCase) {
	t.Helper()
	for _, tc := range cases {
		if got, body := tc.c.do(tc.method, tc.path, tc.body); got != tc.want || body["error"] == nil || !strings.Contains(fmt.Sprint(body), tc.msg) {
			t.Errorf("%s: %d %v, want %d with an error holding %q", tc.name, got, body, tc.want, tc.msg)
		}
	}
}

// rawResponse is an answer of the API as it came.
type rawResponse struct {
	code int
	body string
}

// requestBody is body as a request's: nil for none, a string as it is,
// anything else as JSON.
func requestBody(body any) (io.Reader, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case string:
		return bytes.NewBufferString(b), nil
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		return bytes.NewReader(data), nil
	}
}

// rawRequest sends one request with the bearer token and, unless key is
// empty, an Idempotency-Key, and reads the whole answer. It is the one
// place the daemon's tests speak HTTP themselves.
func rawRequest(ctx context.Context, hc *http.Client, method, url, token, key string, body io.Reader) (rawResponse, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return rawResponse{}, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set(apiv1.IdempotencyKeyHeader, key)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return rawResponse{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return rawResponse{}, err
	}
	return rawResponse{code: resp.StatusCode, body: string(data)}, nil
}
