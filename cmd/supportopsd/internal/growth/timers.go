package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/sla"
)

// openStore opens the daemon's event store from this process: the
// PostgreSQL database dsn names, else the SQLite file in dataDir.
func openStore(ctx context.Context, dsn, dataDir string) (eventstore.Store, error) {
	if dsn != "" {
		s, err := eventstore.OpenPostgres(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("open the daemon's event store: %w", err)
		}
		return s, nil
	}
	s, err := eventstore.OpenSQLite(ctx, filepath.Join(dataDir, "events.db"))
	if err != nil {
		return nil, fmt.Errorf("open the daemon's event store: %w", err)
	}
	return s, nil
}

// countEvents counts the stored events of type typ.
func countEvents(ctx context.Context, s eventstore.Store, typ string) (int, error) {
	evs, err := s.List(ctx, eventstore.Filter{Types: []string{typ}})
	if err != nil {
		return 0, fmt.Errorf("count %s events: %w", typ, err)
	}
	return len(evs), nil
}

// waitEvents polls the store every 2 s until it holds n events of type typ
// or limit passes; it returns how many it holds.
func waitEvents(ctx context.Context, s eventstore.Store, typ string, n int, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		got, err := countEvents(ctx, s, typ)
		if err != nil || got >= n || time.Now().After(deadline) {
			return got, err
		}
		select {
		case <-ctx.Done():
			return got, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

// lateness is how late the first-reply breaches fired.
type lateness struct {
	// breaches is how many tickets recorded one; together is how many of
	// them were due at the window's opening plus the target (opened
	// before it), the rest opened later and were due later.
	breaches, together int
	p50, p99, max      time.Duration
	// spread is from the first breach recorded to the last.
	spread time.Duration
}

// breach is a ticket's first-reply breach: when it was due and when the
// workflow recorded it.
type breach struct {
	ticket      string
	due, at     time.Time
	openedFirst bool // opened before the window opened
}

// readBreaches reads each ticket's opening and first-reply breach from the
// store. A breach is recorded (its event's time) by the workflow task that
// handles the timer, at that task's workflow.Now; it was due at the breach
// target past the later of the ticket's opening (when its clock started)
// and the calendar's opening.
func readBreaches(ctx context.Context, s eventstore.Store, opens time.Time) ([]breach, error) {
	evs, err := s.List(ctx, eventstore.Filter{Types: []string{event.Opened, event.SLABreached}})
	if err != nil {
		return nil, fmt.Errorf("read the breaches: %w", err)
	}
	openedAt := map[string]time.Time{}
	for _, e := range evs {
		if e.Type == event.Opened {
			openedAt[e.Stream] = e.At
		}
	}
	var out []breach
	for _, e := range evs {
		if e.Type != event.SLABreached {
			continue
		}
		var d struct {
			Metric string `json:"metric"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return nil, fmt.Errorf("read the breach %s: %w", e.ID, err)
		}
		at, ok := openedAt[e.Stream]
		if d.Metric != sla.FirstReply || !ok {
			continue
		}
		out = append(out, breach{ticket: e.Stream, due: later(at, opens).Add(breachTarget), at: e.At, openedFirst: !at.After(opens)})
	}
	return out, nil
}

// breachLateness is how late the first-reply breaches were recorded:
// each one's time against when it was due.
func breachLateness(ctx context.Context, s eventstore.Store, opens time.Time) (lateness, error) {
	bs, err := readBreaches(ctx, s, opens)
	if err != nil {
		return lateness{}, err
	}
	var out lateness
	if len(bs) == 0 {
		return out, nil
	}
	late := make([]time.Duration, 0, len(bs))
	first, last := bs[0].at, bs[0].at
	for _, b := range bs {
		if b.openedFirst {
			out.together++
		}
		late = append(late, b.at.Sub(b.due))
		if b.at.Before(first) {
			first = b.at
		}
		if b.at.After(last) {
			last = b.at
		}
	}
	slices.Sort(late)
	out.breaches = len(late)
	out.p50, out.p99, out.max = percentile(late, 0.50), percentile(late, 0.99), late[len(late)-1]
	out.spread = last.Sub(first)
	return out, nil
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// percentile is the nearest-rank q-quantile of sorted.
func percentile[T any](sorted []T, q float64) T {
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
