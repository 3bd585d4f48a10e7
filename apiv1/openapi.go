package apiv1

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// OpenAPIVersion is the version of the OpenAPI specification the
// document follows.
const OpenAPIVersion = "3.1.0"

// openAPIDocument is openapi.json, the document OpenAPI generates,
// checked in; TestOpenAPIDocument fails when the two differ.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPIDocument returns the API's OpenAPI document, as GET
// /v1/openapi.json serves it.
func OpenAPIDocument() []byte { return bytes.Clone(openAPIDocument) }

// wildcard is a {wildcard} of a path pattern.
var wildcard = regexp.MustCompile(`\{([^}]+)\}`)

// OpenAPI generates the API's OpenAPI 3.1 document from Routes and the Go
// types of their requests and answers, as indented JSON.
func OpenAPI() ([]byte, error) {
	routes := Routes()
	roots := []reflect.Type{reflect.TypeFor[Error]()}
	for _, r := range routes {
		if r.Request != nil {
			roots = append(roots, reflect.TypeOf(r.Request))
		}
		for _, a := range r.Answers {
			if a.Body != nil {
				roots = append(roots, reflect.TypeOf(a.Body))
			}
		}
	}
	s := newSchemas(roots...)
	errorRef := s.schema(reflect.TypeFor[Error]())
	paths := map[string]map[string]any{}
	for _, r := range routes {
		if paths[r.Path] == nil {
			paths[r.Path] = map[string]any{}
		}
		paths[r.Path][strings.ToLower(r.Method)] = s.operation(r, errorRef)
	}
	doc := map[string]any{
		"openapi": OpenAPIVersion,
		"info": map[string]any{
			"title":   "supportopsd API",
			"version": "v1",
			"description": "The HTTP API of supportopsd: tickets, their events and approvals, the configuration's reload, " +
				"and drills of emergency plans. Every route but /healthz and this document takes a bearer token " +
				"(supportopsd token add); the authz policy decides each request. Generated from the Go package " +
				"github.com/supportops/supportops/apiv1, which holds these types and a client.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": s.components,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
		"security": []any{map[string]any{"bearer": []string{}}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode the OpenAPI document: %w", err)
	}
	return append(b, '\n'), nil
}

// operation is the OpenAPI operation of route r.
func (s *schemas) operation(r Route, errorRef map[string]any) map[string]any {
	params := []any{}
	for _, m := range wildcard.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if r.Query != nil {
		t := reflect.TypeOf(r.Query)
		for i := range t.NumField() {
			f := t.Field(i)
			if name := f.Tag.Get("query"); name != "" {
				params = append(params, map[string]any{"name": name, "in": "query", "schema": querySchema(f.Type)})
			}
		}
	}
	if r.Idempotent {
		params = append(params, map[string]any{
			"name": IdempotencyKeyHeader, "in": "header",
			"description": "applies the request once: sending it again with the same key answers as the first time",
			"schema":      map[string]any{"type": "string", "maxLength": MaxIdempotencyKey},
		})
	}
	op := map[string]any{"operationId": r.Name, "summary": r.Summary, "tags": []string{tag(r.Path)}}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if r.Public() {
		op["security"] = []any{}
	} else {
		op["x-supportops-action"] = r.Action
	}
	if r.Request != nil {
		op["requestBody"] = map[string]any{
			"required": !r.OptionalBody,
			"content":  map[string]any{ContentTypeJSON: map[string]any{"schema": s.schema(reflect.TypeOf(r.Request))}},
		}
	}
	responses := map[string]any{"default": map[string]any{
		"description": "refused or failed: the error and its reasons",
		"content":     map[string]any{ContentTypeJSON: map[string]any{"schema": errorRef}},
	}}
	for _, a := range r.Answers {
		content := map[string]any{}
		if a.Body != nil {
			content[ContentTypeJSON] = map[string]any{"schema": s.schema(reflect.TypeOf(a.Body))}
		}
		for _, ct := range a.ContentTypes {
			sc := map[string]any{"type": "string"}
			if ct == ContentTypeJSON {
				sc = map[string]any{"type": "object"}
			}
			content[ct] = map[string]any{"schema": sc}
		}
		resp := map[string]any{"description": a.Description, "content": content}
		if r.Name == OpDrillReport {
			resp["headers"] = map[string]any{ReportHeader: map[string]any{
				"description": "final for a drill that has ended, provisional for one still running",
				"schema":      map[string]any{"type": "string", "enum": []string{ReportFinal, ReportProvisional}},
			}}
		}
		responses[strconv.Itoa(a.Status)] = resp
	}
	op["responses"] = responses
	return op
}

// querySchema is the schema of a query parameter of Go type t.
func querySchema(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return map[string]any{"type": "string", "description": "a Go duration, e.g. 30s or 2m"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() == reflect.Int:
		return map[string]any{"type": "integer"}
	}
	return map[string]any{"type": "string"}
}

// tag groups a route with the others of its resource: the path's first
// element after /v1.
func tag(path string) string {
	rest := strings.TrimPrefix(path, "/v1")
	first, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
	if rest == path || first == "openapi.json" {
		return "daemon"
	}
	return first
}
