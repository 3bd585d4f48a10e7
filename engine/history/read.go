package history

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"strings"
)

// Format is the format of a history file.
type Format int

// The formats of a history file.
const (
	// JSONL is JSON Lines: one record, a JSON object, a line.
	JSONL Format = iota
	// CSV has a header line of column names, the record's field names,
	// then a record a line; an empty cell is an absent field. The sla
	// map is flattened into a pair of columns per metric,
	// "sla.<metric>.target_seconds" and "sla.<metric>.breached", both
	// empty or both set, since a helpdesk's export is flat. A record's
	// approvals exist only in JSON Lines: an "approvals" column is an
	// error.
	CSV
)

// FormatOf returns the format of a file named name: by its extension,
// ".jsonl" (or ".ndjson", ".json") or ".csv", or else by its first
// non-blank byte, "{" for JSON Lines.
func FormatOf(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".csv":
		return CSV
	}
	if t := bytes.TrimSpace(head); len(t) > 0 && t[0] == '{' {
		return JSONL
	}
	return CSV
}

// byteOrderMark is the UTF-8 byte order mark, skipped at the start of a
// file.
const byteOrderMark = "\ufeff"

// gzipExt ends the name of a gzip-compressed history file.
const gzipExt = ".gz"

// readBuffer is the size of the buffer a history file is read through.
const readBuffer = 64 * 1024

// sniffSize is how much of a file FormatOf is shown when its name does
// not say its format.
const sniffSize = 512

// Read reads the records of a history file named name (in errors, and for
// its format, see FormatOf); a name ending in ".gz" is gzip-compressed,
// and its format is that of the name without it. Every bad line is reported, as a LineError
// of the Errors returned, and then no record is: nothing is computed from
// a half-read file. Blank lines are skipped; unknown fields or columns
// are errors. Read holds every record; Each hands them over one at a
// time.
func Read(name string, r io.Reader) ([]Record, error) {
	var recs []Record
	err := Each(name, r, func(rec *Record) error {
		recs = append(recs, *rec)
		recs[len(recs)-1].SLA = maps.Clone(rec.SLA)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// open prepares a history file named name for reading: through gzip for
// a ".gz" name (closer is then to be closed), past a leading byte order
// mark, and in its format.
func open(name string, r io.Reader) (br *bufio.Reader, format Format, closer io.Closer, err error) {
	base := name
	if b, ok := strings.CutSuffix(name, gzipExt); ok {
		zr, zerr := gzip.NewReader(r)
		if zerr != nil {
			return nil, 0, nil, zerr
		}
		r, base, closer = zr, b, zr
	}
	br = bufio.NewReaderSize(r, readBuffer)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		if closer != nil {
			_ = closer.Close()
		}
		return nil, 0, nil, err
	}
	if bytes.HasPrefix(head, []byte(byteOrderMark)) { // spreadsheets start their CSV with one
		head = head[len(byteOrderMark):]
		_, _ = br.Discard(len(byteOrderMark))
	}
	return br, FormatOf(base, head), closer, nil
}

// decodeLine decodes one JSON line into a record; fs are the fields.
func decodeLine(fs []field, line []byte) (Record, []fieldError) {
	var rec Record
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		msg := "not a JSON object"
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			msg = "invalid JSON: " + syn.Error()
		}
		return rec, []fieldError{{"", msg}}
	}
	var errs []fieldError
	for _, f := range fs {
		raw, ok := obj[f.name]
		if !ok {
			if f.required {
				errs = append(errs, fieldError{f.name, "missing"})
			}
			continue
		}
		delete(obj, f.name)
		v, err := fromJSON(f.kind, raw)
		switch {
		case err != nil:
			errs = append(errs, fieldError{f.name, err.Error()})
		case f.kind == kindString && v.s == "":
			errs = append(errs, fieldError{f.name, "empty"})
		default:
			f.set(&rec, v)
		}
	}
	if raw, ok := obj[slaField]; ok {
		delete(obj, slaField)
		errs = append(errs, decodeSLA(&rec, raw)...)
	}
	if raw, ok := obj[approvalsField]; ok {
		delete(obj, approvalsField)
		errs = append(errs, decodeApprovals(&rec, raw)...)
	}
	for _, k := range sortedKeys(obj) {
		errs = append(errs, fieldError{k, "unknown field"})
	}
	if len(errs) > 0 {
		return Record{}, errs
	}
	return rec, check(&rec)
}

// decodeSLA decodes a JSON line's sla object into rec.
func decodeSLA(rec *Record, raw json.RawMessage) []fieldError {
	var metrics map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &metrics); err != nil || metrics == nil {
		return []fieldError{{slaField, "want an object of metrics, each {target_seconds, breached}"}}
	}
	var errs []fieldError
	rec.SLA = make(map[string]SLAResult, len(metrics))
	for _, m := range sortedKeys(metrics) {
		obj := metrics[m]
		path := slaField + "." + m
		if obj == nil {
			errs = append(errs, fieldError{path, "want an object {target_seconds, breached}"})
			continue
		}
		var res SLAResult
		parts := []struct {
			name string
			kind kind
		}{{targetSeconds, kindNumber}, {breached, kindBool}}
		for _, p := range parts {
			raw, ok := obj[p.name]
			if !ok {
				errs = append(errs, fieldError{path + "." + p.name, "missing"})
				continue
			}
			delete(obj, p.name)
			v, err := fromJSON(p.kind, raw)
			if err != nil {
				errs = append(errs, fieldError{path + "." + p.name, err.Error()})
				continue
			}
			if p.kind == kindNumber {
				res.TargetSeconds = v.f
			} else {
				res.Breached = v.b
			}
		}
		for _, k := range sortedKeys(obj) {
			errs = append(errs, fieldError{path + "." + k, "unknown field"})
		}
		rec.SLA[m] = res
	}
	return errs
}

// decodeApprovals decodes a JSON line's approvals list into rec; the
// values' formats are check's.
func decodeApprovals(rec *Record, raw json.RawMessage) []fieldError {
	const want = "want a list of approvals, each {id, action, amount?, requester, outcome}"
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return []fieldError{{approvalsField, want}}
	}
	var errs []fieldError
	rec.Approvals = make([]RecordApproval, len(list))
	for i, obj := range list {
		path := fmt.Sprintf("%s[%d]", approvalsField, i)
		if obj == nil {
			errs = append(errs, fieldError{path, want})
			continue
		}
		a := &rec.Approvals[i]
		parts := []struct {
			name     string
			required bool
			s        *string
		}{{"id", true, &a.ID}, {"action", true, &a.Action}, {"amount", false, nil}, {"requester", true, &a.Requester}, {"outcome", true, &a.Outcome}}
		for _, p := range parts {
			raw, ok := obj[p.name]
			if !ok {
				if p.required {
					errs = append(errs, fieldError{path + "." + p.name, "missing"})
				}
				continue
			}
			delete(obj, p.name)
			k := kindString
			if p.s == nil {
				k = kindNumber
			}
			v, err := fromJSON(k, raw)
			switch {
			case err != nil:
				errs = append(errs, fieldError{path + "." + p.name, err.Error()})
			case p.s != nil:
				*p.s = v.s
			default:
				a.Amount = &v.f
			}
		}
		for _, k := range sortedKeys(obj) {
			errs = append(errs, fieldError{path + "." + k, "unknown field"})
		}
	}
	return errs
}
