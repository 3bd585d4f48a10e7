package impact

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
)

// Comparer decides each history record under the base and the head
// bundle and aggregates the differences. It keeps only aggregates and
// example ids, never the records, so its memory is bounded by the
// aggregates (queues × teams, metrics × queues, teams × weeks) and not by
// the history. It is not safe for concurrent use.
//
// Each record is decided as follows under each configuration:
//   - routing: the routing policy's decision with no agent state at the
//     record's created_at, for a ticket built from the record (ticketOf);
//     its team is the queue's. Agent choice needs live state that history
//     does not hold and is not compared.
//   - SLA: the terms sla.Select picks for the routed priority and queue,
//     each metric's due time from created_at on its calendar, and, for
//     first_reply and resolution, whether it would have breached given the
//     record's first_reply_at and solved_at (an unmet metric runs until the
//     ticket was closed or abandoned, else until Options.Until, else it is
//     not judged). next_reply and periodic_update start at conversation
//     events the record does not hold: their due time from created_at
//     stands for their target and calendar. Pauses are not in the record:
//     clocks run through them.
//   - escalations: the levels of a breached metric's path that would have
//     fired before the metric was met (see fired).
//   - approvals: each approval request the record holds, as first made
//     (its action, amount and requester, no approvals yet), with the
//     requester's roles and team as that configuration's agents have
//     them (an id that is no agent there has no roles and no team); it
//     differs when the outcome or the required levels do.
type Comparer struct {
	base, head *side
	opts       Options
	// loc is the zone of workload weeks: the head center's.
	loc *time.Location

	tickets, changed, skipped, noQueue int
	counts                             Counts
	examples                           map[string][]string
	flows                              map[flowKey]int
	breaches                           map[breachKey]*BreachRate
	byChannel                          map[breachKey]*BreachRate
	workload                           map[weekKey]*[2]int
	approvals                          map[approvalKey]*ApprovalChange
	// volumes counts the records per queue and channel routed there under
	// the base ([0]) and the head ([1]), for the staffing of the head.
	volumes map[volumeKey]*[2]int
	// latest is the latest created_at compared, for the staffing week.
	latest time.Time

	bo, ho outcome
}

type flowKey struct{ fromQueue, fromTeam, toQueue, toTeam string }

// breachKey is a row of breach rates: a metric's slot and a queue (or a
// channel).
type breachKey struct {
	slot int
	name string
}

// volumeKey is a queue channel.
type volumeKey struct{ queue, channel string }

type weekKey struct {
	team       string
	year, week int
}

// New prepares a comparison of base against head: each bundle's policies
// and calendars are compiled already; New checks they can be used.
func New(ctx context.Context, base, head *bundle.Bundle, opts Options) (*Comparer, error) {
	if base == nil || head == nil || base.Snapshot == nil || head.Snapshot == nil || base.Engine == nil || head.Engine == nil {
		return nil, errors.New("new impact comparer: base and head bundles are required")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("new impact comparer: %w", err)
	}
	if opts.Examples == 0 {
		opts.Examples = DefaultExamples
	}
	loc, err := time.LoadLocation(head.Snapshot.Config.Center.Timezone)
	if err != nil {
		return nil, fmt.Errorf("new impact comparer: head center time zone: %w", err)
	}
	return &Comparer{
		base: newSide(base), head: newSide(head), opts: opts, loc: loc,
		examples: map[string][]string{}, flows: map[flowKey]int{},
		breaches: map[breachKey]*BreachRate{}, byChannel: map[breachKey]*BreachRate{}, workload: map[weekKey]*[2]int{},
		approvals: map[approvalKey]*ApprovalChange{},
		volumes:   map[volumeKey]*[2]int{},
	}, nil
}

// Add decides r under both configurations and adds the differences to
// the aggregates. Drill records and records created outside
// Options.Since/Until are skipped (Result.Skipped). r is not kept.
func (c *Comparer) Add(ctx context.Context, r *history.Record) error {
	if r.Drill || (!c.opts.Since.IsZero() && r.CreatedAt.Before(c.opts.Since)) ||
		(!c.opts.Until.IsZero() && !r.CreatedAt.Before(c.opts.Until)) {
		c.skipped++
		return nil
	}
	if err := c.base.decide(ctx, r, c.opts.Until, &c.bo); err != nil {
		return fmt.Errorf("decide under the base: %w", err)
	}
	if err := c.head.decide(ctx, r, c.opts.Until, &c.ho); err != nil {
		return fmt.Errorf("decide under the head: %w", err)
	}
	approvals, err := c.compareApprovals(ctx, r)
	if err != nil {
		return err
	}
	c.tickets++
	if r.CreatedAt.After(c.latest) {
		c.latest = r.CreatedAt
	}
	c.aggregate(r, approvals)
	return nil
}

// aggregate adds the outcomes c.bo and c.ho of r; approvals says whether
// any of its approval requests is decided differently.
func (c *Comparer) aggregate(r *history.Record, approvals bool) {
	b, h := &c.bo, &c.ho
	changed := false
	count := func(differs bool, n *int, kind string) {
		if differs {
			*n++
			changed = true
			c.example(kind, r.ID)
		}
	}
	count(b.queue != h.queue, &c.counts.Queue, KindQueue)
	count(b.team != h.team, &c.counts.Team, KindTeam)
	count(b.priority != h.priority, &c.counts.Priority, KindPriority)
	count(b.found != h.found || b.policy != h.policy, &c.counts.SLAPolicy, KindSLAPolicy)
	due, breach, esc := false, false, false
	for i := range b.metrics {
		bm, hm := &b.metrics[i], &h.metrics[i]
		due = due || bm.present != hm.present || !bm.due.Equal(hm.due)
		breach = breach || bm.breached != hm.breached
		esc = esc || bm.fired != hm.fired || (bm.fired != 0 && bm.path != hm.path)
		if (bm.present || hm.present) && (bm.judged || hm.judged) {
			addBreach(c.breaches, breachKey{i, h.queue}, BreachRate{Metric: metricNames[i], Queue: h.queue}, bm.breached, hm.breached)
			addBreach(c.byChannel, breachKey{i, r.Channel}, BreachRate{Metric: metricNames[i], Channel: r.Channel}, bm.breached, hm.breached)
		}
	}
	count(due, &c.counts.Due, KindDue)
	count(breach, &c.counts.Breach, KindBreach)
	count(esc, &c.counts.Escalation, KindEscalation)
	count(approvals, &c.counts.Approval, KindApproval)
	if h.queue == "" {
		c.noQueue++
		c.example(KindNoQueue, r.ID)
	}
	if changed {
		c.changed++
	}
	c.flows[flowKey{b.queue, b.team, h.queue, h.team}]++
	year, week := r.CreatedAt.In(c.loc).ISOWeek()
	c.week(b.team, year, week)[0]++
	c.week(h.team, year, week)[1]++
	c.volume(b.queue, r.Channel)[0]++
	c.volume(h.queue, r.Channel)[1]++
}

func (c *Comparer) volume(queue, channel string) *[2]int {
	k := volumeKey{queue, channel}
	v := c.volumes[k]
	if v == nil {
		v = &[2]int{}
		c.volumes[k] = v
	}
	return v
}

func (c *Comparer) week(team string, year, week int) *[2]int {
	k := weekKey{team, year, week}
	w := c.workload[k]
	if w == nil {
		w = &[2]int{}
		c.workload[k] = w
	}
	return w
}

// addBreach adds a record breached before and after to rows' row k,
// created from row.
func addBreach(rows map[breachKey]*BreachRate, k breachKey, row BreachRate, before, after bool) {
	br := rows[k]
	if br == nil {
		br = &row
		rows[k] = br
	}
	br.Tickets++
	if before {
		br.BreachedBefore++
	}
	if after {
		br.BreachedAfter++
	}
	switch {
	case after && !before:
		br.FlippedToBreach++
	case before && !after:
		br.FlippedToMet++
	}
}

// example keeps id among kind's examples if it is one of the first
// Options.Examples ids in order, whatever order records come in.
func (c *Comparer) example(kind, id string) {
	n := c.opts.Examples
	if n <= 0 {
		return
	}
	ids := c.examples[kind]
	i, found := slices.BinarySearch(ids, id)
	if found || i >= n {
		return
	}
	if len(ids) == n {
		ids = ids[:n-1]
	}
	c.examples[kind] = slices.Insert(ids, i, id)
}

// Result returns the aggregates of the records added so far, every list
// sorted.
func (c *Comparer) Result() Result {
	res := Result{Tickets: c.tickets, Changed: c.changed, Skipped: c.skipped, Counts: c.counts, NoQueue: c.noQueue,
		Examples: make(map[string][]string, len(c.examples)),
		Routing:  make([]Flow, 0, len(c.flows)),
		Workload: make([]TeamWeek, 0, len(c.workload))}
	for k, ids := range c.examples {
		res.Examples[k] = slices.Clone(ids)
	}
	for k, n := range c.flows {
		res.Routing = append(res.Routing, Flow{FromQueue: k.fromQueue, FromTeam: k.fromTeam, ToQueue: k.toQueue, ToTeam: k.toTeam, Tickets: n})
	}
	slices.SortFunc(res.Routing, func(a, b Flow) int {
		return cmp.Or(strings.Compare(a.FromQueue, b.FromQueue), strings.Compare(a.FromTeam, b.FromTeam),
			strings.Compare(a.ToQueue, b.ToQueue), strings.Compare(a.ToTeam, b.ToTeam))
	})
	res.Breaches, res.BreachesByChannel = rates(c.breaches), rates(c.byChannel)
	res.Approvals = c.approvalChanges()
	keys := make([]weekKey, 0, len(c.workload))
	for k := range c.workload {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b weekKey) int {
		return cmp.Or(strings.Compare(a.team, b.team), cmp.Compare(a.year, b.year), cmp.Compare(a.week, b.week))
	})
	for _, k := range keys {
		w := c.workload[k]
		res.Workload = append(res.Workload, TeamWeek{Team: k.team, Week: fmt.Sprintf("%04d-W%02d", k.year, k.week), Before: w[0], After: w[1]})
	}
	c.staffing(&res)
	return res
}

// rates are rows with their rates, sorted by metric then queue and
// channel.
func rates(rows map[breachKey]*BreachRate) []BreachRate {
	out := make([]BreachRate, 0, len(rows))
	for _, br := range rows {
		row := *br
		row.Before = percent(br.BreachedBefore, br.Tickets)
		row.After = percent(br.BreachedAfter, br.Tickets)
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b BreachRate) int {
		return cmp.Or(cmp.Compare(slices.Index(metricNames[:], a.Metric), slices.Index(metricNames[:], b.Metric)),
			strings.Compare(a.Queue, b.Queue), strings.Compare(a.Channel, b.Channel))
	})
	return out
}

// percent is n of total in percent, rounded to 0.01; 0 of nothing.
func percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(total)) / 100
}
