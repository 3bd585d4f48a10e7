package scorecard

import (
	"context"
	"errors"
	"fmt"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// ErrNoPeriod is returned by FromRecords asked for the default period of a
// history with no records.
var ErrNoPeriod = errors.New("no records to find a period in")

// FromRecords computes the scorecard of a ticket history: it feeds the
// records to cfg's KPI tally and incentive counter and builds the
// scorecard of p, or when p is nil of DefaultPeriod. With an approver,
// the payouts that need approval are decided by it (incentive.Approve).
func FromRecords(ctx context.Context, cfg *model.Config, approver incentive.Approver, records []history.Record, p *kpi.Period) (Scorecard, error) {
	t, err := kpi.New(cfg)
	if err != nil {
		return Scorecard{}, fmt.Errorf("prepare the KPIs: %w", err)
	}
	c, err := incentive.NewCounter(cfg)
	if err != nil {
		return Scorecard{}, fmt.Errorf("prepare the incentives: %w", err)
	}
	for i := range records {
		t.Add(&records[i])
		c.Add(&records[i])
	}
	if p == nil {
		d, ok := DefaultPeriod(cfg, t)
		if !ok {
			return Scorecard{}, ErrNoPeriod
		}
		p = &d
	}
	sc := Build(cfg, t, c, *p)
	if approver != nil {
		if err := incentive.Approve(ctx, approver, &sc.Outcome); err != nil {
			return Scorecard{}, fmt.Errorf("approve the payouts of %s: %w", sc.Period, err)
		}
	}
	return sc, nil
}

// DefaultPeriod is the period a scorecard shows when none is asked for: of
// the kinds of period cfg's KPIs use, longest first, the last complete one
// in what t saw (a month of history gives its month, not the quarter it
// is part of); when none is complete, the latest period of the shortest
// kind. False when t saw no records or cfg has no KPIs.
func DefaultPeriod(cfg *model.Config, t *kpi.Tally) (kpi.Period, bool) {
	inUse := map[kpi.Kind]bool{}
	for _, k := range cfg.KPIs {
		inUse[kpi.Kind(k.Period)] = true
	}
	var used []kpi.Kind
	for _, k := range []kpi.Kind{kpi.Year, kpi.Quarter, kpi.Month, kpi.Week, kpi.Day} {
		if inUse[k] {
			used = append(used, k)
		}
	}
	if len(used) == 0 {
		return kpi.Period{}, false
	}
	for _, k := range used {
		if p, ok := t.Latest(k); ok {
			return p, true
		}
	}
	p, _ := t.Latest(used[len(used)-1])
	return p, !p.Start.IsZero()
}
