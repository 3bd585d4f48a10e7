package impact

import (
	"context"
	"errors"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
)

// Comparer decides each history record under the base and the head
// bundle and aggregates the differences. It keeps only aggregates and
// example ids, never the records. It is not safe for concurrent use.
type Comparer struct {
	base, head *bundle.Bundle
	opts       Options
	res        Result
}

// New prepares a comparison of base against head.
func New(ctx context.Context, base, head *bundle.Bundle, opts Options) (*Comparer, error) {
	if base == nil || head == nil {
		return nil, errors.New("new impact comparer: base and head bundles are required")
	}
	if opts.Examples == 0 {
		opts.Examples = DefaultExamples
	}
	return &Comparer{base: base, head: head, opts: opts, res: Result{Examples: map[string][]string{}}}, nil
}

// Add decides r under both configurations and adds the differences to
// the aggregates. Drill records and records created outside
// Options.Since/Until are skipped (Result.Skipped).
func (c *Comparer) Add(ctx context.Context, r *history.Record) error {
	if r.Drill || (!c.opts.Since.IsZero() && r.CreatedAt.Before(c.opts.Since)) ||
		(!c.opts.Until.IsZero() && !r.CreatedAt.Before(c.opts.Until)) {
		c.res.Skipped++
		return nil
	}
	c.res.Tickets++
	return nil
}

// Result returns the aggregates of the records added so far.
func (c *Comparer) Result() Result {
	return c.res
}
