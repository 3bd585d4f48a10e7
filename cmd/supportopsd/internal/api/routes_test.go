package api

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
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
		path := strings.NewReplacer("{id}", "T-1", "{ref}", "sha256:00", "{step}", "s1", "{approval}", "T-1.A1").Replace(rt.Path)
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
