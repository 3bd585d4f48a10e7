package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// batchBytes is about how much of a JSON Lines file one batch holds: a
// batch ends at the last line end before it (or after it, for a longer
// line).
const batchBytes = 512 * 1024

// batchesAhead is how many batches, per decoding worker, are read ahead
// of the one fn is given records of; it bounds the memory Each holds.
const batchesAhead = 2

// Each reads the records of a history file named name, as Read does
// (format by name or content, gzip by a ".gz" name, a leading byte order
// mark skipped, blank lines skipped), and calls fn with each record in
// the order of the file, on the calling goroutine. JSON Lines are
// decoded in parallel, a batch of lines per worker (GOMAXPROCS of them);
// CSV is read sequentially.
//
// The record fn is given, and its SLA map, are valid during the call
// only: Each reuses them (to keep the record, copy *r and clone its SLA
// map, as Read does). Its strings, times and numbers are its own and may
// be kept.
//
// Once a line is bad fn is called no more, but the file is read to its
// end: Each then returns Errors, a LineError for every bad line in the
// order of the lines. A failure to read is returned wrapped with the
// name, and an error fn returns stops the reading and is returned as
// is. So fn may have seen part of a file when Each fails: a caller
// computes nothing it shows from the records unless Each returns nil
// (nothing is computed from a half-read file).
func Each(name string, r io.Reader, fn func(*Record) error) error {
	br, format, closer, err := open(name, r)
	if err != nil {
		return fmt.Errorf("read history %s: %w", name, err)
	}
	if closer != nil {
		defer closer.Close()
	}
	var errs Errors
	if format == JSONL {
		errs, err = eachJSONL(name, br, fn)
	} else {
		errs, err = eachCSV(name, br, fn)
	}
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// batch is a run of whole lines of a JSON Lines file, and, once a worker
// decoded it, their records and errors.
type batch struct {
	// line is the number of the batch's first line; data its lines.
	line int
	data []byte
	// err is a failure to read after the batch's lines.
	err  error
	recs []Record
	errs Errors
	// decoded is closed when recs and errs are set.
	decoded chan struct{}
}

// eachJSONL reads JSON Lines in batches: one goroutine reads them, workers
// decode them, and the calling goroutine hands their records to fn in
// order, then recycles the batch. errs is what is wrong with lines.
func eachJSONL(name string, br *bufio.Reader, fn func(*Record) error) (errs Errors, err error) {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *batch, workers)
	order := make(chan *batch, workers*batchesAhead)
	free := make(chan *batch, workers*(batchesAhead+1)+2)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { splitBatches(br, free, work, order, stop) })
	for range workers {
		wg.Go(func() {
			d := newLineDecoder()
			for b := range work {
				b.recs, b.errs = d.decodeBatch(name, b.line, b.data, b.recs[:0])
				close(b.decoded)
			}
		})
	}
	defer func() {
		close(stop)
		for range order { // let the reader finish
		}
		wg.Wait()
	}()
	for b := range order {
		<-b.decoded
		if b.err != nil {
			return nil, fmt.Errorf("read history %s: %w", name, b.err)
		}
		for i := range b.recs { // the batch's records come before its errors
			if len(errs) > 0 {
				break
			}
			if err := fn(&b.recs[i]); err != nil {
				return nil, err
			}
		}
		errs = append(errs, b.errs...)
		select {
		case free <- b:
		default:
		}
	}
	return errs, nil
}

// splitBatches reads br into batches of whole lines, sends each to work
// and to order, and closes both at the end of the file, after a failure
// to read (the last batch has it) or when stop is closed. It takes
// batches to fill from free, or makes them.
func splitBatches(br *bufio.Reader, free <-chan *batch, work, order chan<- *batch, stop <-chan struct{}) {
	defer close(order)
	defer close(work)
	var carry []byte
	line := 1
	for {
		var b *batch
		select {
		case b = <-free:
		default:
			b = &batch{data: make([]byte, 0, batchBytes+batchBytes/8)}
		}
		b.line, b.err, b.errs, b.decoded = line, nil, nil, make(chan struct{})
		b.data = append(b.data[:0], carry...)
		eof := false
		for {
			if len(b.data) == cap(b.data) { // a line longer than the batch
				b.data = append(b.data, 0)[:len(b.data)]
			}
			n, err := io.ReadFull(br, b.data[len(b.data):cap(b.data)])
			b.data = b.data[:len(b.data)+n]
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				eof = true
				break
			}
			if err != nil {
				b.err = err
				break
			}
			if bytes.IndexByte(b.data[len(b.data)-n:], '\n') >= 0 {
				break
			}
		}
		carry = carry[:0]
		if !eof && b.err == nil {
			end := bytes.LastIndexByte(b.data, '\n') + 1
			carry = append(carry, b.data[end:]...)
			b.data = b.data[:end]
		}
		line += bytes.Count(b.data, []byte{'\n'})
		select {
		case work <- b:
		case <-stop:
			return
		}
		select {
		case order <- b:
		case <-stop:
			return
		}
		if eof || b.err != nil {
			return
		}
	}
}

// decodeBatch decodes the lines of data, the first of them line number
// first, appending their records to recs up to the first bad line; errs
// are what is wrong with them.
func (d *lineDecoder) decodeBatch(name string, first int, data []byte, recs []Record) ([]Record, Errors) {
	var errs Errors
	var scratch Record // where lines after a bad one are decoded
	n := first
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			rec := &scratch
			if len(errs) == 0 {
				recs = d.slot(recs)
				rec = &recs[len(recs)-1]
			}
			*rec = Record{}
			fes := d.decodeInto(rec, t)
			for _, fe := range fes {
				errs = append(errs, &LineError{File: name, Line: n, Field: fe.field, Message: fe.message})
			}
			if len(fes) > 0 && rec != &scratch {
				recs = recs[:len(recs)-1]
			}
		}
		n++
	}
	return recs, errs
}

// slot extends recs by one record, reusing what fn is done with: the
// record's SLA map goes to the spare ones.
func (d *lineDecoder) slot(recs []Record) []Record {
	if len(recs) == cap(recs) {
		return append(recs, Record{})
	}
	recs = recs[:len(recs)+1]
	if m := recs[len(recs)-1].SLA; m != nil {
		d.spare = append(d.spare, m)
	}
	return recs
}
