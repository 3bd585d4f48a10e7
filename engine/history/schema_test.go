package history_test

import (
	"bufio"
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/load"
	cuejson "cuelang.org/go/encoding/json"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/schemas"
)

// recordSchema builds #TicketRecord from the embedded schema.
func recordSchema(t *testing.T) cue.Value {
	t.Helper()
	insts := load.Instances([]string{"."}, &load.Config{FS: schemas.FS(), Dir: "/"})
	if err := insts[0].Err; err != nil {
		t.Fatalf("load schema: %v", err)
	}
	v := cuecontext.New().BuildInstance(insts[0])
	def := v.LookupPath(cue.ParsePath(schemas.RecordDefinition))
	if err := def.Err(); err != nil {
		t.Fatalf("build schema: %v", err)
	}
	return def
}

// vet checks one JSON line against def as `cue vet -d '#TicketRecord'`
// does.
func vet(def cue.Value, line string) error {
	expr, err := cuejson.Extract("line.jsonl", []byte(line))
	if err != nil {
		return err
	}
	return def.Unify(cuecontext.New().BuildExpr(expr)).Validate(cue.Concrete(true))
}

// TestRecordMatchesSchema walks #TicketRecord and Record side by side:
// the same field names, optional in CUE exactly when omitempty in Go, and
// the same kinds.
func TestRecordMatchesSchema(t *testing.T) {
	def := recordSchema(t)
	walkStruct(t, "#TicketRecord", def, reflect.TypeFor[history.Record]())
}

func walkStruct(t *testing.T, path string, v cue.Value, typ reflect.Type) {
	t.Helper()
	type cueField struct {
		v        cue.Value
		optional bool
	}
	fields := map[string]cueField{}
	it, err := v.Fields(cue.Optional(true))
	if err != nil {
		t.Fatalf("%s: not a struct in CUE: %v", path, err)
	}
	for it.Next() {
		sel := it.Selector()
		fields[sel.Unquoted()] = cueField{it.Value(), sel.ConstraintType() == cue.OptionalConstraint}
	}
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		seen[name] = true
		cf, ok := fields[name]
		if !ok {
			t.Errorf("%s.%s: Go field %s is not in the schema", path, name, f.Name)
			continue
		}
		if omit := slices.Contains(strings.Split(opts, ","), "omitempty"); omit != cf.optional {
			t.Errorf("%s.%s: optional in CUE = %v, omitempty in Go = %v", path, name, cf.optional, omit)
		}
		walkValue(t, path+"."+name, cf.v, f.Type)
	}
	for name := range fields {
		if !seen[name] {
			t.Errorf("%s.%s: schema field has no Go field", path, name)
		}
	}
}

func walkValue(t *testing.T, path string, v cue.Value, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	kind := v.IncompleteKind()
	want := cue.BottomKind
	switch {
	case typ == reflect.TypeFor[time.Time]():
		want = cue.StringKind
	case typ.Kind() == reflect.Struct:
		walkStruct(t, path, v, typ)
		return
	case typ.Kind() == reflect.Slice:
		elem := v.LookupPath(cue.MakePath(cue.AnyIndex))
		if !elem.Exists() || elem.Err() != nil {
			t.Errorf("%s: Go slice, CUE value without an element type", path)
			return
		}
		walkValue(t, path+".[_]", elem, typ.Elem())
		return
	case typ.Kind() == reflect.Map:
		probe := cue.MakePath(cue.Str("first_reply"))
		elem := v.FillPath(probe, cuecontext.New().CompileString("_")).LookupPath(probe)
		if !elem.Exists() || elem.Err() != nil {
			t.Errorf("%s: Go map, CUE struct without a pattern constraint", path)
			return
		}
		walkValue(t, path+".[_]", elem, typ.Elem())
		return
	case typ.Kind() == reflect.String:
		want = cue.StringKind
	case typ.Kind() == reflect.Int:
		want = cue.IntKind
	case typ.Kind() == reflect.Float64:
		want = cue.NumberKind
	case typ.Kind() == reflect.Bool:
		want = cue.BoolKind
	}
	if kind&^want != 0 || kind&want == 0 {
		t.Errorf("%s: CUE kind %v, Go %v", path, kind, typ)
	}
}

// TestWrittenRecordsConform writes folded and read records and checks
// every line against #TicketRecord, as the stock `cue vet -d
// '#TicketRecord'` checks a JSON Lines file.
func TestWrittenRecordsConform(t *testing.T) {
	def := recordSchema(t)
	records := append(history.Fold(scenarioEvents()), fullRecord())
	var buf bytes.Buffer
	if err := history.Write(&buf, records); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	n := 0
	for sc.Scan() {
		n++
		if err := vet(def, sc.Text()); err != nil {
			t.Errorf("line %d: %s: %v", n, sc.Text(), err)
		}
	}
	if n != len(records) {
		t.Errorf("wrote %d lines for %d records", n, len(records))
	}
}

// TestReaderAgreesWithSchema checks that Read and #TicketRecord accept
// and refuse the same lines: the reader checks the schema's formats and
// ranges itself (a CUE evaluation a line would be the slowest part of
// computing KPIs), and this keeps the two in step.
func TestReaderAgreesWithSchema(t *testing.T) {
	def := recordSchema(t)
	base := `"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0`
	lines := []string{
		`{` + base + `}`,
		`{` + base + `,"csat":1}`, `{` + base + `,"csat":5}`, `{` + base + `,"csat":0}`, `{` + base + `,"csat":6}`,
		`{` + base + `,"csat":4.5}`, `{` + base + `,"csat":null}`,
		`{` + base + `,"qa_score":0}`, `{` + base + `,"qa_score":100}`, `{` + base + `,"qa_score":100.5}`, `{` + base + `,"qa_score":-1}`,
		`{` + base + `,"qa_score":87.5}`, `{` + base + `,"handle_seconds":-0.5}`, `{` + base + `,"handle_seconds":12.5}`,
		`{` + base + `,"queue":""}`, `{` + base + `,"queue":"Q1"}`, `{` + base + `,"queue":"q-1"}`, `{` + base + `,"customer":""}`,
		`{` + base + `,"customer":"Jane Doe"}`, `{` + base + `,"language":"pt-BR"}`, `{` + base + `,"language":"english"}`,
		`{` + base + `,"priority":"P1"}`, `{` + base + `,"priority":"P 1"}`, `{` + base + `,"tier":"vip"}`, `{` + base + `,"tier":"VIP"}`,
		`{` + base + `,"solved_at":"2026-11-02T10:00:00+01:00"}`, `{` + base + `,"solved_at":"2026-11-02T10:00:00"}`,
		`{` + base + `,"solved_at":"2026-11-02"}`, `{` + base + `,"drill":true}`, `{` + base + `,"drill":"yes"}`,
		`{` + base + `,"sla":{}}`, `{` + base + `,"sla":{"first_reply":{"target_seconds":3600,"breached":true}}}`,
		`{` + base + `,"sla":{"first_reply":{"target_seconds":3600}}}`, `{` + base + `,"sla":{"speed":{"target_seconds":1,"breached":false}}}`,
		`{` + base + `,"sla":{"resolution":{"target_seconds":-1,"breached":false}}}`,
		`{` + base + `,"sla":{"resolution":{"target_seconds":1,"breached":false,"x":1}}}`,
		`{` + base + `,"bogus":1}`, `{` + base + `,"agent_replies":-1}`, `{` + base + `,"contacts":1.5}`,
		`{` + base + `,"approvals":[]}`, `{` + base + `,"approvals":null}`, `{` + base + `,"approvals":{}}`, `{` + base + `,"approvals":[null]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","amount":800,"requester":"julia","outcome":"needs_approval"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"sla_exception","requester":"julia","outcome":"allowed"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","amount":-1,"requester":"julia","outcome":"denied"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"gift","requester":"julia","outcome":"denied"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","requester":"julia","outcome":"approved"}]}`,
		`{` + base + `,"approvals":[{"id":"","action":"refund","requester":"julia","outcome":"denied"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","requester":"","outcome":"denied"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","outcome":"denied"}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","requester":"j","outcome":"denied","x":1}]}`,
		`{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","amount":"8","requester":"j","outcome":"denied"}]}`,
		`{"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1}`,
		`{"id":"","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0}`,
	}
	for _, line := range lines {
		_, readErr := history.Read("h.jsonl", strings.NewReader(line))
		cueErr := vet(def, line)
		if (readErr == nil) != (cueErr == nil) {
			t.Errorf("%s\n  Read: %v\n  cue vet: %v", line, readErr, cueErr)
		}
	}
}
