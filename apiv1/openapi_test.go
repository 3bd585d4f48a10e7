package apiv1_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/internal/testutil"
)

//go:generate env SUPPORTOPS_UPDATE=1 go test -run TestOpenAPIDocument .

// TestOpenAPIDocument fails when the checked-in openapi.json (which the
// daemon serves) is not the document the routes and types generate.
// SUPPORTOPS_UPDATE=1, the switch of every golden file of the project,
// rewrites it from them.
func TestOpenAPIDocument(t *testing.T) {
	got, err := apiv1.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if testutil.Updating() {
		if err := os.WriteFile("openapi.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(apiv1.OpenAPIDocument(), got) {
		t.Errorf("openapi.json is not the document the routes and types generate (-checked in +generated):\n%s\nrun: SUPPORTOPS_UPDATE=1 go test ./apiv1 -run TestOpenAPIDocument",
			cmp.Diff(string(apiv1.OpenAPIDocument()), string(got)))
	}
}

// TestOpenAPIWellFormed checks the document's structure: an OpenAPI 3.1
// document with an operation per route, each with its path parameters and
// responses, and every $ref resolving to a schema of its components.
func TestOpenAPIWellFormed(t *testing.T) {
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Info       map[string]any                       `json:"info"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	data := apiv1.OpenAPIDocument()
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") || doc.Info["title"] == nil || doc.Info["version"] == nil {
		t.Errorf("openapi %q, info %v: want 3.1.x with a title and a version", doc.OpenAPI, doc.Info)
	}
	if doc.Components.SecuritySchemes["bearer"] == nil {
		t.Errorf("no bearer security scheme")
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	ids := map[string]bool{}
	wildcard := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc.Paths {
		for method, op := range item {
			where := method + " " + path
			if !slices.Contains(methods, method) {
				t.Errorf("%s: %q is not an HTTP method of OpenAPI", where, method)
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s: operationId %q is empty or not unique", where, id)
			}
			ids[id] = true
			var inPath []string
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p := p.(map[string]any)
				if !slices.Contains([]any{"path", "query", "header", "cookie"}, p["in"]) || p["name"] == "" || p["schema"] == nil {
					t.Errorf("%s: malformed parameter %v", where, p)
				}
				if p["in"] == "path" {
					if p["required"] != true {
						t.Errorf("%s: path parameter %v is not required", where, p["name"])
					}
					inPath = append(inPath, p["name"].(string))
				}
			}
			var want []string
			for _, m := range wildcard.FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
			}
			if diff := cmp.Diff(want, inPath); diff != "" {
				t.Errorf("%s: path parameters (-path +declared):\n%s", where, diff)
			}
			responses, _ := op["responses"].(map[string]any)
			if len(responses) == 0 {
				t.Errorf("%s: no responses", where)
			}
			for code, r := range responses {
				if r.(map[string]any)["description"] == nil {
					t.Errorf("%s: response %s has no description", where, code)
				}
			}
		}
	}
	var routeIDs []string
	for _, r := range apiv1.Routes() {
		routeIDs = append(routeIDs, r.Name)
		if doc.Paths[r.Path][strings.ToLower(r.Method)] == nil {
			t.Errorf("route %s (%s) has no operation", r.Name, r.Pattern())
		}
	}
	if len(ids) != len(routeIDs) {
		t.Errorf("%d operations, %d routes", len(ids), len(routeIDs))
	}
	// Every $ref resolves, and every schema is referred to.
	used := map[string]bool{}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"]; ok {
				name, found := strings.CutPrefix(ref.(string), "#/components/schemas/")
				if !found || doc.Components.Schemas[name] == nil {
					t.Errorf("%s: $ref %v does not resolve", where, ref)
				}
				used[name] = true
			}
			for k, x := range v {
				walk(where+"/"+k, x)
			}
		case []any:
			for _, x := range v {
				walk(where, x)
			}
		}
	}
	walk("#", raw)
	for name := range doc.Components.Schemas {
		if !used[name] {
			t.Errorf("schema %s is never referred to", name)
		}
	}
}

// TestOpenAPISchemas checks how Go types become schemas, on the types of
// the API that show each rule.
func TestOpenAPISchemas(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(apiv1.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	prop := func(schema, name string) any {
		props, _ := doc.Components.Schemas[schema]["properties"].(map[string]any)
		return props[name]
	}
	nullable := func(s any) any { return map[string]any{"oneOf": []any{s, map[string]any{"type": "null"}}} }
	str := map[string]any{"type": "string"}
	for name, tc := range map[string]struct {
		reason string
		got    any
		want   any
	}{
		"time": {"time.Time is a date-time string", prop("TicketState", "opened_at"),
			map[string]any{"type": "string", "format": "date-time"}},
		"duration": {"time.Duration is nanoseconds", prop("DrillState", "elapsed"),
			map[string]any{"type": "integer", "format": "int64", "description": "a duration in nanoseconds"}},
		"map": {"a map is an object of its values", prop("DrillRequest", "assignments"),
			map[string]any{"type": "object", "additionalProperties": str}},
		"slice, not omitempty": {"a nil slice is written as null", prop("DrillStarted", "unfilled"),
			nullable(map[string]any{"type": "array", "items": str})},
		"pointer, omitempty": {"a pointer is its element", prop("ApprovalRequest", "amount"), map[string]any{"type": "number"}},
		"struct":             {"a struct is a $ref", prop("TicketState", "ticket"), map[string]any{"$ref": "#/components/schemas/Ticket"}},
		"embedded":           {"an embedded struct's fields are the outer's", prop("EventRequest", "kind"), str},
		"alias": {"an alias is its type, named as the API names it", prop("DrillList", "drills"),
			nullable(map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/DrillSummary"}})},
		"json -":    {"Error's status is not in the body", prop("Error", "Status"), nil},
		"required":  {"omitempty and omitzero are not required", doc.Components.Schemas["Error"]["required"], []any{"error"}},
		"qualified": {"two types of one name are qualified by package", doc.Components.Schemas["TicketEntry"] != nil && doc.Components.Schemas["DrillEntry"] != nil, true},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
