package impact

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/sla"
	"github.com/supportops/supportops/engine/ticket"
)

// The SLA metrics a record is compared on, in sla's clock order; the
// index of each is its slot in outcome.metrics.
var metricNames = [numMetrics]string{sla.FirstReply, sla.NextReply, sla.PeriodicUpdate, sla.Resolution}

// Slots of outcome.metrics.
const (
	slotFirstReply = 0
	slotResolution = 3
	numMetrics     = 4
)

// maxLevels is how many levels of an escalation path the fired mask
// tells apart; later levels count as the last one.
const maxLevels = 64

// workingHoursProbe is how far past a level's time the calendar is asked
// whether it is open, as the ticket workflow does.
const workingHoursProbe = time.Minute

// memoFields are the ticket fields a routing decision built from a record
// may differ in (channel, language, category, priority, customer.tier) or
// that such a ticket always leaves empty (impact, urgency, escalated,
// customer.flags). When the routing policy's ticket view reads no other
// field, decisions are memoised by the first five.
var memoFields = map[string]bool{
	"channel": true, "language": true, "category": true, "priority": true, "impact": true, "urgency": true,
	"escalated": true, "customer.tier": true, "customer.flags": true,
}

// side is one configuration, base or head, with what its decisions need
// prepared and memoised.
type side struct {
	cfg  *model.Config
	eng  *policy.Engine
	cals map[string]*calendar.Calendar
	// memo holds when routing decisions may be memoised by routeKey.
	memo   bool
	routes map[routeKey]route
	plans  map[sla.Subject]*plan
	// policyCalls counts the routing decisions evaluated by the policy.
	policyCalls int
}

// routeKey is what a memoised routing decision depends on.
type routeKey struct {
	channel, category, priority, tier, language string
}

// route is the routing policy's ticket-level decision.
type route struct {
	priority, queue, team string
}

// plan is the SLA terms of one subject, resolved for comparing.
type plan struct {
	found  bool
	policy string
	clocks [numMetrics]clockPlan
}

// clockPlan is one metric of a plan.
type clockPlan struct {
	present bool
	target  time.Duration
	// cal is the business calendar; nil counts wall-clock time.
	cal    *calendar.Calendar
	path   string
	levels []level
}

// level is one escalation level as the ticket workflow runs it.
type level struct {
	after        time.Duration
	priorities   []string
	workingHours *bool
}

// outcome is what one configuration decides for one record.
type outcome struct {
	route
	found   bool
	policy  string
	metrics [numMetrics]metricOutcome
}

// metricOutcome is one SLA metric of an outcome.
type metricOutcome struct {
	present bool
	target  time.Duration
	due     time.Time
	// judged holds when the record says when the metric's clock stopped
	// (or Options.Until bounds it); breached and fired are set then.
	judged   bool
	breached bool
	path     string
	// fired has bit i set when the path's level i would have fired.
	fired uint64
}

func newSide(b *bundle.Bundle) *side {
	s := &side{cfg: b.Snapshot.Config, eng: b.Engine, cals: b.Snapshot.Calendars,
		routes: map[routeKey]route{}, plans: map[sla.Subject]*plan{}}
	fields := b.Engine.ViewFields()
	s.memo = fields != nil
	for _, f := range fields {
		if !memoFields[joinPath(f)] {
			s.memo = false
		}
	}
	return s
}

func joinPath(p []string) string {
	out := p[0]
	for _, k := range p[1:] {
		out += "." + k
	}
	return out
}

// ticketOf is the ticket the routing policy is given for r: its channel,
// category, priority (as given, so it wins over the matrix), language and
// customer (id and tier), created at r's created_at. Impact, urgency,
// subject, customer flags and tags are not in the record and stay empty,
// as `supportops route` leaves fields a ticket file omits; escalated is
// false.
func ticketOf(r *history.Record) ticket.Ticket {
	return ticket.Ticket{ID: r.ID, Channel: r.Channel, Category: r.Category, Priority: r.Priority,
		Language: r.Language, Customer: ticket.Customer{ID: r.Customer, Tier: r.Tier}, CreatedAt: r.CreatedAt}
}

// route decides r's priority, queue and team: the routing policy's
// ticket view (policy.Engine.RouteTicket), which every decision takes
// whatever the agents' state, or for a policy without a view its decision
// with no agent state at r's created_at. The team is the queue's.
func (s *side) route(ctx context.Context, r *history.Record) (route, error) {
	key := routeKey{r.Channel, r.Category, r.Priority, r.Tier, r.Language}
	if s.memo {
		if rt, ok := s.routes[key]; ok {
			return rt, nil
		}
	}
	s.policyCalls++
	t := ticketOf(r)
	var rt route
	if v, ok, err := s.eng.RouteTicket(ctx, t); err != nil {
		return route{}, fmt.Errorf("route ticket %s: %w", r.ID, err)
	} else if ok {
		rt = route{priority: v.Priority, queue: v.Queue}
	} else {
		d, err := s.eng.Route(ctx, policy.RouteInput{Ticket: t, Now: r.CreatedAt})
		if err != nil {
			return route{}, fmt.Errorf("route ticket %s: %w", r.ID, err)
		}
		rt = route{priority: d.Priority, queue: d.Queue}
	}
	if q, ok := s.cfg.Queues[rt.queue]; ok {
		rt.team = q.Team
	}
	if s.memo {
		s.routes[key] = rt
	}
	return rt, nil
}

// plan returns the SLA terms of subj, resolved once per subject.
func (s *side) plan(subj sla.Subject) (*plan, error) {
	if p, ok := s.plans[subj]; ok {
		return p, nil
	}
	terms, found, err := sla.Select(s.cfg, subj)
	if err != nil {
		return nil, fmt.Errorf("select sla terms: %w", err)
	}
	p := &plan{found: found, policy: terms.Policy}
	for _, c := range terms.Clocks {
		i := slices.Index(metricNames[:], c.Metric)
		if i < 0 {
			continue
		}
		cp := clockPlan{present: true, target: c.Target, path: c.EscalationPath}
		if c.Calendar != "" {
			if cp.cal = s.cals[c.Calendar]; cp.cal == nil {
				return nil, fmt.Errorf("sla policy %s %s: calendar %q is not configured", terms.Policy, c.Metric, c.Calendar)
			}
		}
		if cp.levels, err = s.levels(c.EscalationPath); err != nil {
			return nil, fmt.Errorf("sla policy %s %s: %w", terms.Policy, c.Metric, err)
		}
		p.clocks[i] = cp
	}
	s.plans[subj] = p
	return p, nil
}

// levels parses the escalation path named name; none for "".
func (s *side) levels(name string) ([]level, error) {
	if name == "" {
		return nil, nil
	}
	path, ok := s.cfg.EscalationPaths[name]
	if !ok {
		return nil, fmt.Errorf("escalation path %q is not configured", name)
	}
	out := make([]level, len(path.Levels))
	for i, l := range path.Levels {
		after, err := time.ParseDuration(l.After)
		if err != nil {
			return nil, fmt.Errorf("escalation path %s level %d: after: %w", name, i, err)
		}
		out[i] = level{after: after}
		if l.When != nil {
			out[i].priorities, out[i].workingHours = l.When.Priorities, l.When.WorkingHours
		}
	}
	return out, nil
}

// decide sets out to what this configuration decides for r; until bounds
// the clocks of an open record (zero: unbounded).
func (s *side) decide(ctx context.Context, r *history.Record, until time.Time, out *outcome) error {
	rt, err := s.route(ctx, r)
	if err != nil {
		return err
	}
	p, err := s.plan(sla.Subject{Priority: rt.priority, Channel: r.Channel, Category: r.Category, Tier: r.Tier, Queue: rt.queue})
	if err != nil {
		return fmt.Errorf("ticket %s: %w", r.ID, err)
	}
	*out = outcome{route: rt, found: p.found, policy: p.policy}
	for i := range p.clocks {
		c := &p.clocks[i]
		if !c.present {
			continue
		}
		m := &out.metrics[i]
		m.present, m.target, m.path = true, c.target, c.path
		if c.cal == nil {
			m.due = r.CreatedAt.Add(c.target)
		} else {
			m.due = c.cal.Due(r.CreatedAt, c.target)
		}
		if i != slotFirstReply && i != slotResolution {
			continue
		}
		end, ok := clockEnd(r, i, until)
		if !ok {
			continue
		}
		m.judged = true
		m.breached = end.After(m.due)
		if m.breached {
			m.fired = fired(c, rt.priority, m.due, end)
		}
	}
	return nil
}

// clockEnd is when metric slot i's clock stopped for r: when the metric
// was met (first_reply_at, solved_at), else when the ticket ended
// unmet (the earlier of closed_at and abandoned_at), else until when
// set; ok is false when none is known. Pauses are not in the record, so
// the clock runs through them.
func clockEnd(r *history.Record, i int, until time.Time) (time.Time, bool) {
	met := r.FirstReplyAt
	if i == slotResolution {
		met = r.SolvedAt
	}
	switch {
	case met != nil:
		return *met, true
	case r.ClosedAt != nil && (r.AbandonedAt == nil || r.ClosedAt.Before(*r.AbandonedAt)):
		return *r.ClosedAt, true
	case r.AbandonedAt != nil:
		return *r.AbandonedAt, true
	case !until.IsZero():
		return until, true
	}
	return time.Time{}, false
}

// fired is the mask of c's escalation levels that would have fired for a
// breach at due whose clock stopped at end: as the ticket workflow runs
// them, level i at due + after if the clock still runs then and the
// level's conditions hold (the ticket's priority; working hours on the
// clock's calendar, always in hours on wall-clock time). Repetitions are
// not counted.
func fired(c *clockPlan, priority string, due, end time.Time) uint64 {
	var mask uint64
	for i, l := range c.levels {
		at := due.Add(l.after)
		if !at.Before(end) {
			continue
		}
		if len(l.priorities) > 0 && !slices.Contains(l.priorities, priority) {
			continue
		}
		if l.workingHours != nil {
			inHours := c.cal == nil || c.cal.Between(at, at.Add(workingHoursProbe)) > 0
			if inHours != *l.workingHours {
				continue
			}
		}
		mask |= 1 << min(i, maxLevels-1)
	}
	return mask
}
