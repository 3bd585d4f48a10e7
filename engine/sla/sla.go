package sla

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/model"
)

// The clocks an SLA policy can run, in the order they are reported.
const (
	FirstReply     = "first_reply"
	NextReply      = "next_reply"
	PeriodicUpdate = "periodic_update"
	Resolution     = "resolution"
)

// Subject is what the SLA policies match a ticket on.
type Subject struct {
	Priority string `json:"priority"`
	Channel  string `json:"channel"`
	Category string `json:"category"`
	Tier     string `json:"tier"`
	Queue    string `json:"queue"`
}

// Terms are the SLA terms a ticket runs under: the first policy that
// matches it, with every clock resolved.
type Terms struct {
	// Policy is the SLA policy's name.
	Policy string `json:"policy"`
	// Clocks are the policy's clocks, in the order first_reply,
	// next_reply, periodic_update, resolution.
	Clocks []Clock `json:"clocks"`
}

// Clock is one SLA metric of a ticket's terms.
type Clock struct {
	// Metric is first_reply, next_reply, periodic_update or resolution.
	Metric string `json:"metric"`
	// Target is the time allowed, counted on Calendar.
	Target time.Duration `json:"target"`
	// Calendar is the business calendar the clock counts on; "" counts
	// wall-clock time.
	Calendar string `json:"calendar,omitempty"`
	// Warnings are the elapsed times (on Calendar) at which a warning is
	// due, ascending, each below Target.
	Warnings []time.Duration `json:"warnings,omitempty"`
	// PauseStatuses are the ticket statuses that stop the clock.
	PauseStatuses []string `json:"pause_statuses,omitempty"`
	// ResetOn are the events that restart the clock.
	ResetOn []string `json:"reset_on,omitempty"`
	// EscalationPath runs on a warning or breach; "" runs none.
	EscalationPath string `json:"escalation_path,omitempty"`
}

// Select returns the terms of the first SLA policy of cfg that matches s;
// ok is false when none does.
func Select(cfg *model.Config, s Subject) (p Terms, ok bool, err error) {
	for i, pol := range cfg.SLAPolicies {
		if !matches(pol.Match, s) {
			continue
		}
		p, err = terms(cfg, pol, s)
		if err != nil {
			return Terms{}, false, fmt.Errorf("sla policy %d (%s): %w", i, pol.Name, err)
		}
		return p, true, nil
	}
	return Terms{}, false, nil
}

func matches(m *model.SLAMatch, s Subject) bool {
	if m == nil {
		return true
	}
	in := func(set []string, v string) bool { return len(set) == 0 || slices.Contains(set, v) }
	return in(m.Priorities, s.Priority) && in(m.Channels, s.Channel) && in(m.Categories, s.Category) &&
		in(m.Tiers, s.Tier) && in(m.Queues, s.Queue)
}

func terms(cfg *model.Config, pol model.SLAPolicy, s Subject) (Terms, error) {
	p := Terms{Policy: pol.Name}
	var err error
	pol.Metrics.Each(func(name string, m *model.SLAMetric) {
		if err != nil {
			return
		}
		var c Clock
		c, err = clock(cfg, pol, s, name, m)
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
			return
		}
		p.Clocks = append(p.Clocks, c)
	})
	return p, err
}

func clock(cfg *model.Config, pol model.SLAPolicy, s Subject, name string, m *model.SLAMetric) (Clock, error) {
	target, err := time.ParseDuration(m.Target)
	if err != nil {
		return Clock{}, fmt.Errorf("target: %w", err)
	}
	c := Clock{Metric: name, Target: target, EscalationPath: cmp.Or(m.EscalationPath, pol.EscalationPath)}
	if m.BusinessHours == nil || *m.BusinessHours {
		c.Calendar = calendarOf(cfg, pol, s, m)
	}
	pause := m.PauseStatuses
	if pause == nil {
		pause = pol.PauseStatuses
	}
	for _, st := range pause {
		c.PauseStatuses = append(c.PauseStatuses, string(st))
	}
	for _, r := range m.ResetOn {
		c.ResetOn = append(c.ResetOn, string(r))
	}
	for _, pct := range m.WarnAt {
		c.Warnings = append(c.Warnings, time.Duration(float64(target)*pct/100))
	}
	for _, b := range m.WarnBefore {
		d, err := time.ParseDuration(b)
		if err != nil {
			return Clock{}, fmt.Errorf("warn_before %q: %w", b, err)
		}
		c.Warnings = append(c.Warnings, target-d)
	}
	c.Warnings = slices.DeleteFunc(c.Warnings, func(w time.Duration) bool { return w <= 0 || w >= target })
	slices.Sort(c.Warnings)
	c.Warnings = slices.Compact(c.Warnings)
	return c, nil
}

// calendarOf is the calendar a business-hours clock counts on: the
// metric's, else the policy's, else the queue's, else the center's
// default; "" (wall clock) when none is set.
func calendarOf(cfg *model.Config, pol model.SLAPolicy, s Subject, m *model.SLAMetric) string {
	queue := ""
	if q, ok := cfg.Queues[s.Queue]; ok {
		queue = q.Calendar
	}
	return cmp.Or(m.Calendar, pol.Calendar, queue, cfg.Center.DefaultCalendar)
}
