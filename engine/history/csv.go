package history

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// column is where a CSV column's cells go: a top-level field, or one part
// of an SLA metric.
type column struct {
	name   string
	field  *field
	metric string // the SLA metric of an "sla.<metric>.<part>" column
	part   string // targetSeconds or breached
}

// header reads a CSV header into its columns, with what is wrong with it;
// fs are the fields.
func header(fs []field, names []string) ([]column, []fieldError) {
	byName := map[string]field{}
	for _, f := range fs {
		byName[f.name] = f
	}
	var cols []column
	var errs []fieldError
	seen := map[string]bool{}
	for _, name := range names {
		col := column{name: name}
		if f, ok := byName[name]; ok {
			col.field = &f
		} else if m, part, ok := slaColumn(name); ok {
			col.metric, col.part = m, part
		} else if name == approvalsField {
			errs = append(errs, fieldError{name, "approvals exist only in JSON Lines histories: CSV has no column for them"})
		} else {
			errs = append(errs, fieldError{name, "unknown column"})
		}
		if seen[name] {
			errs = append(errs, fieldError{name, "column repeated"})
		}
		seen[name] = true
		cols = append(cols, col)
	}
	for _, f := range fs {
		if f.required && !seen[f.name] {
			errs = append(errs, fieldError{f.name, "missing column"})
		}
	}
	for _, col := range cols {
		if col.metric == "" {
			continue
		}
		other := slaField + "." + col.metric + "." + targetSeconds
		if col.part == targetSeconds {
			other = slaField + "." + col.metric + "." + breached
		}
		if !seen[other] {
			errs = append(errs, fieldError{other, "missing column"})
		}
	}
	return cols, errs
}

// slaColumn splits "sla.<metric>.<part>" for a known metric and part.
func slaColumn(name string) (metric, part string, ok bool) {
	rest, ok := strings.CutPrefix(name, slaField+".")
	if !ok {
		return "", "", false
	}
	metric, part, ok = strings.Cut(rest, ".")
	if !ok || !slices.Contains(slaMetrics(), metric) || part != targetSeconds && part != breached {
		return "", "", false
	}
	return metric, part, true
}

// eachCSV reads CSV with a header line, handing each record to fn while
// no line was bad; err is a failure to read, wrapped, or fn's error, errs
// what is wrong with lines.
func eachCSV(name string, br *bufio.Reader, fn func(*Record) error) (errs Errors, err error) {
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	lineErrs := func(line int, fes []fieldError) {
		for _, fe := range fes {
			errs = append(errs, &LineError{File: name, Line: line, Field: fe.field, Message: fe.message})
		}
	}
	names, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		lineErrs(pe.Line, []fieldError{{"", "invalid CSV: " + pe.Err.Error()}})
		return errs, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history %s: %w", name, err)
	}
	line, _ := cr.FieldPos(0)
	fs := fields()
	cols, fes := header(fs, slices.Clone(names))
	lineErrs(line, fes)
	if len(fes) > 0 {
		return errs, nil
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return errs, nil
		}
		if errors.As(err, &pe) {
			lineErrs(pe.Line, []fieldError{{"", "invalid CSV: " + pe.Err.Error()}})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read history %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		rec, fes := decodeRow(fs, cols, row)
		lineErrs(line, fes)
		if len(fes) == 0 && len(errs) == 0 {
			if err := fn(&rec); err != nil {
				return nil, err
			}
		}
	}
}

// decodeRow decodes one CSV row into a record; fs are the fields.
func decodeRow(fs []field, cols []column, row []string) (Record, []fieldError) {
	var rec Record
	var errs []fieldError
	set := map[string]bool{}
	for i, col := range cols {
		cell := row[i]
		if cell == "" {
			continue
		}
		set[col.name] = true
		if col.field != nil {
			v, err := fromText(col.field.kind, cell)
			if err != nil {
				errs = append(errs, fieldError{col.name, err.Error()})
				continue
			}
			col.field.set(&rec, v)
			continue
		}
		k := kindNumber
		if col.part == breached {
			k = kindBool
		}
		v, err := fromText(k, cell)
		if err != nil {
			errs = append(errs, fieldError{col.name, err.Error()})
			continue
		}
		if rec.SLA == nil {
			rec.SLA = map[string]SLAResult{}
		}
		res := rec.SLA[col.metric]
		if col.part == breached {
			res.Breached = v.b
		} else {
			res.TargetSeconds = v.f
		}
		rec.SLA[col.metric] = res
	}
	for _, f := range fs {
		if f.required && !set[f.name] {
			errs = append(errs, fieldError{f.name, "missing"})
		}
	}
	for _, m := range sortedKeys(rec.SLA) {
		for _, part := range []string{targetSeconds, breached} {
			if name := fmt.Sprintf("%s.%s.%s", slaField, m, part); !set[name] {
				errs = append(errs, fieldError{name, "missing"})
			}
		}
	}
	if len(errs) > 0 {
		return Record{}, errs
	}
	return rec, check(&rec)
}
