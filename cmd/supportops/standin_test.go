package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

// answer writes v as a stand-in daemon's JSON answer, with status.
func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// refuse writes the API's error answer, with status.
func refuse(w http.ResponseWriter, status int, msg string, reasons ...string) {
	answer(w, status, apiv1.Error{Message: msg, Reasons: reasons})
}

// sortedJSON is a request body as a stand-in records it: JSON with the
// keys of its objects sorted, since their order is no part of the
// contract; anything else as it is.
func sortedJSON(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return string(body)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return string(body)
	}
	return string(b)
}

// serveCLI starts handler as a stand-in for supportopsd's API for the
// test and points the CLI at it: SUPPORTOPS_SERVER, and SUPPORTOPS_TOKEN
// sop_test.
func serveCLI(t *testing.T, handler http.HandlerFunc) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	t.Setenv("SUPPORTOPS_SERVER", srv.URL)
	t.Setenv("SUPPORTOPS_TOKEN", "sop_test")
}

// recording is a stand-in's handler: it records each request in *got as
// "METHOD URI AUTHORIZATION BODY", the body as record writes it, then
// answers with handle, which is given the body as it came.
func recording(got *[]string, record func([]byte) string, handle func(w http.ResponseWriter, r *http.Request, body string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body bytes.Buffer
		_, _ = body.ReadFrom(r.Body)
		*got = append(*got, strings.TrimSpace(r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+record(body.Bytes())))
		handle(w, r, body.String())
	}
}

// runCLI runs supportops with args in-process and returns its exit code
// and what it wrote to standard output and standard error.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Run(t.Context(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// cliCase is a run of the CLI against a stand-in daemon and what it must
// do: its exit code, what it prints and the requests it sends.
type cliCase struct {
	name     string
	args     []string
	code     int
	stdout   string
	stderr   string
	requests []string
	// jsonKey, when set, is a field stdout must have, as JSON.
	jsonKey string
}

// run runs the case's command and reports how its exit code and output
// differ from the case's.
func (c cliCase) run(t *testing.T) {
	t.Helper()
	code, stdout, stderr := runCLI(t, c.args...)
	out := stdout
	if c.jsonKey != "" {
		var v map[string]any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil || v[c.jsonKey] == nil {
			t.Errorf("stdout %q is not JSON with %s (%v)", stdout, c.jsonKey, err)
		}
		out = ""
	}
	if code != c.code || out != c.stdout || stderr != c.stderr {
		t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, c.code, c.stdout, c.stderr)
	}
}

// checkRequests reports how the requests a stand-in recorded (got) differ
// from the case's.
func (c cliCase) checkRequests(t *testing.T, got []string) {
	t.Helper()
	if diff := cmp.Diff(c.requests, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}
