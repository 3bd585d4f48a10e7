package api

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
)

// TestRoutes checks that the server serves exactly the routes of
// apiv1.Routes, each under its pattern: the server registers from the
// table (mux), so what can disagree is its endpoints.
func TestRoutes(t *testing.T) {
	s := &Server{}
	var names []string
	for _, rt := range apiv1.Routes() {
		names = append(names, rt.Name)
	}
	slices.Sort(names)
	if diff := cmp.Diff(names, slices.Sorted(maps.Keys(s.endpoints()))); diff != "" {
		t.Fatalf("routes of apiv1.Routes (-) and endpoints of the server (+):\n%s", diff)
	}
	mux := func() (mux *http.ServeMux) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("mux: %v", p)
			}
		}()
		return s.mux()
	}()
	for _, rt := range apiv1.Routes() {
		// Fill the wildcards with well-formed ids.
		path := strings.NewReplacer("{id}", "T-1", "{ref}", "sha256:00", "{step}", "s1", "{approval}", "T-1.A1", "{period}", "2026-11").Replace(rt.Path)
		_, pattern := mux.Handler(httptest.NewRequest(rt.Method, path, nil))
		if pattern != rt.Pattern() {
			t.Errorf("%s %s is served by %q, want %q (route %s)", rt.Method, path, pattern, rt.Pattern(), rt.Name)
		}
	}
}

// TestOpenAPIServed checks that GET /v1/openapi.json answers the checked-in
// document to anyone, without a token.
func TestOpenAPIServed(t *testing.T) {
	rec := httptest.NewRecorder()
	(&Server{}).Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, apiv1.PathOpenAPI, nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != apiv1.ContentTypeJSON {
		t.Fatalf("GET %s: %d %s, want 200 %s", apiv1.PathOpenAPI, rec.Code, rec.Header().Get("Content-Type"), apiv1.ContentTypeJSON)
	}
	if diff := cmp.Diff(string(apiv1.OpenAPIDocument()), rec.Body.String()); diff != "" {
		t.Errorf("GET %s (-want +got):\n%s", apiv1.PathOpenAPI, diff)
	}
}

// transcriptEntry is the header of an answer in the route tests' golden
// transcripts (testdata/routes, see runRoutes).
var transcriptEntry = regexp.MustCompile(`^-- (.+): ([A-Z]+) (\S+) -> (\d+) ?(.*)$`)

// TestAnswersMatchTable checks that every JSON answer the server gave in
// the route tests' transcripts is the type apiv1.Routes declares for its
// route and status, exactly: it decodes with no unknown field and encodes
// back to the same bytes. So the table, and the OpenAPI document made from
// it, say what the server writes.
func TestAnswersMatchTable(t *testing.T) {
	files, err := filepath.Glob("testdata/routes/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts in testdata/routes (%v)", err)
	}
	mux := (&Server{}).mux()
	checked := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var head []string
		var body bytes.Buffer
		check := func() {
			if head == nil || body.Len() == 0 || !strings.HasPrefix(head[5], apiv1.ContentTypeJSON) {
				return
			}
			checked++
			checkDeclaredAnswer(t, mux, head, body.Bytes())
		}
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if m := transcriptEntry.FindStringSubmatch(strings.TrimSuffix(line, "\n")); m != nil {
				check()
				head = m
				body.Reset()
				continue
			}
			body.WriteString(line)
		}
		check()
	}
	if checked == 0 {
		t.Error("no JSON answers in the transcripts")
	}
	t.Logf("%d JSON answers checked", checked)
}

// checkDeclaredAnswer checks a transcript's answer (head: name, method, target,
// status, content type) against its route's declared answer.
func checkDeclaredAnswer(t *testing.T, mux *http.ServeMux, head []string, body []byte) {
	t.Helper()
	name, method, target := head[1], head[2], head[3]
	status, _ := strconv.Atoi(head[4])
	_, pattern := mux.Handler(httptest.NewRequest(method, target, nil))
	i := slices.IndexFunc(apiv1.Routes(), func(rt apiv1.Route) bool { return rt.Pattern() == pattern })
	if i < 0 {
		t.Errorf("%s: %s %s is no route of apiv1.Routes", name, method, target)
		return
	}
	rt := apiv1.Routes()[i]
	j := slices.IndexFunc(rt.Answers, func(a apiv1.Answer) bool { return a.Status == status })
	if j < 0 || rt.Answers[j].Body == nil {
		return // not a declared JSON answer (a report in JSON is a string of the table)
	}
	v := reflect.New(reflect.TypeOf(rt.Answers[j].Body))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		t.Errorf("%s: %d of %s is not a %T: %v", name, status, rt.Name, rt.Answers[j].Body, err)
		return
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v.Interface()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(body), again.String()); diff != "" {
		t.Errorf("%s: %d of %s, as a %T (-answered +re-encoded):\n%s", name, status, rt.Name, rt.Answers[j].Body, diff)
	}
}
