package incentive

import (
	"fmt"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// The events an event condition counts, as #EventCondition names them.
const (
	EventDifficultHandled   = "difficult_contact_handled"
	EventComplaintResolved  = "complaint_resolved"
	EventCommendation       = "commendation"
	EventDrillParticipation = "drill_participation"
)

// The recipient kinds of an incentive and the prefixes of their keys.
const (
	RecipientAgent = "agent"
	RecipientTeam  = "team"
)

// Counts are the events a recipient is credited with in a period.
type Counts struct {
	DifficultHandled int `json:"difficult_contact_handled"`
	// DifficultComplaints are the complaints among those difficult
	// contacts.
	DifficultComplaints int `json:"difficult_complaints"`
	ComplaintResolved   int `json:"complaint_resolved"`
	Commendation        int `json:"commendation"`
	DrillParticipation  int `json:"drill_participation"`
	// Complaints are all the recipient's tickets of the period marked
	// complaint; max_complaints checks them for events other than
	// difficult_contact_handled.
	Complaints int `json:"complaints"`
}

// Event returns the count of an event condition's event, and false for
// an event it does not know.
func (c Counts) Event(event string) (int, bool) {
	switch event {
	case EventDifficultHandled:
		return c.DifficultHandled, true
	case EventComplaintResolved:
		return c.ComplaintResolved, true
	case EventCommendation:
		return c.Commendation, true
	case EventDrillParticipation:
		return c.DrillParticipation, true
	}
	return 0, false
}

// ComplaintsFor returns the complaints a max_complaints on event checks:
// DifficultComplaints for difficult_contact_handled, else Complaints.
func (c Counts) ComplaintsFor(event string) int {
	if event == EventDifficultHandled {
		return c.DifficultComplaints
	}
	return c.Complaints
}

func (c *Counts) add(d Counts) {
	c.DifficultHandled += d.DifficultHandled
	c.DifficultComplaints += d.DifficultComplaints
	c.ComplaintResolved += d.ComplaintResolved
	c.Commendation += d.Commendation
	c.DrillParticipation += d.DrillParticipation
	c.Complaints += d.Complaints
}

// kinds are the period kinds a Counter counts in.
func kinds() []kpi.Kind {
	return []kpi.Kind{kpi.Day, kpi.Week, kpi.Month, kpi.Quarter, kpi.Year}
}

// Counter accumulates records into event counts per agent, team and
// period (drill records count here, as drill_participation). The
// package documentation says what each event counts.
type Counter struct {
	loc *time.Location
	// teams maps an agent id to their team id.
	teams map[string]string
	// counts holds, per Period.String(), the counts per recipient key.
	counts map[string]map[string]*Counts
	// last holds, per kind (in the order of kinds), the period the last
	// record fell in: histories come in time order, so the next record
	// is most likely in it too.
	last []slot
	// drilled holds the agent and day ("ID DAY") of each drill
	// participation counted.
	drilled map[string]bool
}

// slot is a period and its counts.
type slot struct {
	p      kpi.Period
	counts map[string]*Counts
}

// NewCounter returns an empty Counter for cfg's agents, teams and time
// zone.
func NewCounter(cfg *model.Config) (*Counter, error) {
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load center time zone %q: %w", cfg.Center.Timezone, err)
	}
	teams := make(map[string]string, len(cfg.Agents))
	for id, a := range cfg.Agents {
		teams[id] = a.Team
	}
	return &Counter{loc: loc, teams: teams, counts: map[string]map[string]*Counts{}, last: make([]slot, len(kinds())),
		drilled: map[string]bool{}}, nil
}

// Add credits a record's events to its agent and the agent's team. A
// record without an agent credits nobody.
func (c *Counter) Add(r *history.Record) {
	if r.Agent == "" {
		return
	}
	d := delta(r)
	if d == (Counts{}) {
		return
	}
	at := r.CreatedAt
	if r.SolvedAt != nil {
		at = *r.SolvedAt
	}
	if r.Drill {
		day := r.Agent + " " + kpi.PeriodOf(kpi.Day, at, c.loc).String()
		if c.drilled[day] {
			return
		}
		c.drilled[day] = true
	}
	keys := []string{RecipientAgent + ":" + r.Agent}
	if team := c.teams[r.Agent]; team != "" {
		keys = append(keys, RecipientTeam+":"+team)
	}
	for i, k := range kinds() {
		m := c.period(i, k, at)
		for _, key := range keys {
			n := m[key]
			if n == nil {
				n = &Counts{}
				m[key] = n
			}
			n.add(d)
		}
	}
}

// period returns the counts of the period of kind k (the i-th of kinds)
// that t falls in.
func (c *Counter) period(i int, k kpi.Kind, t time.Time) map[string]*Counts {
	if s := &c.last[i]; s.counts != nil && s.p.Contains(t) {
		return s.counts
	}
	p := kpi.PeriodOf(k, t, c.loc)
	name := p.String()
	m := c.counts[name]
	if m == nil {
		m = map[string]*Counts{}
		c.counts[name] = m
	}
	c.last[i] = slot{p: p, counts: m}
	return m
}

// delta is what one record adds to its recipients' counts.
func delta(r *history.Record) Counts {
	if r.Drill {
		return Counts{DrillParticipation: 1}
	}
	var d Counts
	if r.Difficult {
		d.DifficultHandled = 1
		if r.Complaint {
			d.DifficultComplaints = 1
		}
	}
	if r.Complaint {
		d.Complaints = 1
		if r.SolvedAt != nil {
			d.ComplaintResolved = 1
		}
	}
	if r.Commendation {
		d.Commendation = 1
	}
	return d
}

// Counts returns the counts of period p, keyed by "agent:ID" and
// "team:ID"; recipients credited with nothing are absent.
func (c *Counter) Counts(p kpi.Period) map[string]Counts {
	m := c.counts[p.String()]
	out := make(map[string]Counts, len(m))
	for k, n := range m {
		out[k] = *n
	}
	return out
}
