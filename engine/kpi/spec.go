package kpi

import (
	"fmt"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/model"
)

// The metrics a KPI can measure, as #KPIMetric names them.
const (
	MetricAnswerRate              = "answer_rate"
	MetricAbandonmentRate         = "abandonment_rate"
	MetricServiceLevel            = "service_level"
	MetricASA                     = "asa"
	MetricAvgFirstResponse        = "avg_first_response"
	MetricAHT                     = "aht"
	MetricCSAT                    = "csat"
	MetricQAScore                 = "qa_score"
	MetricFCR                     = "fcr"
	MetricRepeatContactRate       = "repeat_contact_rate"
	MetricResolutionRate          = "resolution_rate"
	MetricComplaintRate           = "complaint_rate"
	MetricUtilisation             = "utilisation"
	MetricWorkload                = "workload"
	resolutionSLA                 = "resolution"
	repeatWindow                  = 7 * 24 * time.Hour
	percent                       = 100.0
	unknown                 int32 = -1
)

// metric is a metric as the tally computes it.
type metric uint8

const (
	answerRate metric = iota
	abandonmentRate
	serviceLevel
	asa
	avgFirstResponse
	aht
	csat
	qaScore
	fcr
	repeatContactRate
	resolutionRate
	complaintRate
	utilisation
	workload
)

// metricOf maps a metric name to its metric.
func metricOf(name string) (metric, bool) {
	switch name {
	case MetricAnswerRate:
		return answerRate, true
	case MetricAbandonmentRate:
		return abandonmentRate, true
	case MetricServiceLevel:
		return serviceLevel, true
	case MetricASA:
		return asa, true
	case MetricAvgFirstResponse:
		return avgFirstResponse, true
	case MetricAHT:
		return aht, true
	case MetricCSAT:
		return csat, true
	case MetricQAScore:
		return qaScore, true
	case MetricFCR:
		return fcr, true
	case MetricRepeatContactRate:
		return repeatContactRate, true
	case MetricResolutionRate:
		return resolutionRate, true
	case MetricComplaintRate:
		return complaintRate, true
	case MetricUtilisation:
		return utilisation, true
	case MetricWorkload:
		return workload, true
	}
	return 0, false
}

// rate holds for the metrics that are a percentage of a count.
func (m metric) rate() bool {
	switch m {
	case asa, avgFirstResponse, aht, csat, qaScore:
		return false
	}
	return true
}

// basis is the time a ticket's period is taken from.
type basis uint8

const (
	// created: the period of created_at.
	created basis = iota
	// solved: the period of solved_at; unsolved tickets do not count.
	solved
	// worked: the period of solved_at, or of created_at while unsolved.
	worked
)

// basisOf is the period membership of a metric.
func basisOf(m metric) basis {
	switch m {
	case fcr, aht, resolutionRate, csat, qaScore, workload:
		return solved
	case utilisation:
		return worked
	}
	return created
}

// scopeKind is what a scope measures.
type scopeKind uint8

const (
	center scopeKind = iota
	team
	queue
	agent
	channel
)

// fact is what the tally needs of a record besides its times: the indexes
// of its team, queue, agent and channel (unknown when not configured), the
// agent's configured team, and whether its channel is live.
type fact struct {
	team, queue, agent, channel, agentTeam int32
	live                                   bool
}

// spec is one KPI made ready to count.
type spec struct {
	id     string
	kpi    model.KPI
	metric metric
	basis  basis
	scope  scopeKind
	// fixed is the index of a single named scope, unknown for "*".
	fixed int32
	// names are the concrete scopes, one a slot.
	names []string
	// slots is the number of sums a bucket keeps: one a name, or one an
	// agent for agent-based metrics.
	slots int
	// channel is the channel the KPI is restricted to, unknown for none.
	channel int32
	// within is service_level's answer time.
	within time.Duration
	// weights are workload's weight per channel index.
	weights []float64
}

// agentBased holds for the metrics counted per agent and summed per scope
// when the card is made.
func (s *spec) agentBased() bool { return s.metric == utilisation || s.metric == workload }

// slot is the slot of names a record with f counts in, or -1.
func (s *spec) slot(f *fact) int {
	var idx int32
	switch s.scope {
	case center:
		return 0
	case team:
		idx = f.team
	case queue:
		idx = f.queue
	case agent:
		idx = f.agent
	case channel:
		idx = f.channel
	}
	if idx < 0 {
		return -1
	}
	if s.fixed != unknown {
		if idx == s.fixed {
			return 0
		}
		return -1
	}
	if int(idx) >= len(s.names) {
		return -1 // an id named by a fixed scope of another KPI
	}
	return int(idx)
}

// index numbers ids: the configured ones, sorted, first, then ids that
// KPIs name but the configuration does not have.
type index struct {
	ids        []string
	pos        map[string]int32
	configured int
}

func newIndex[V any](m map[string]V) *index {
	x := &index{ids: sortedKeys(m), pos: make(map[string]int32, len(m))}
	for i, id := range x.ids {
		x.pos[id] = int32(i)
	}
	x.configured = len(x.ids)
	return x
}

// of is id's index, unknown when it has none.
func (x *index) of(id string) int32 {
	if i, ok := x.pos[id]; ok {
		return i
	}
	return unknown
}

// add is id's index, numbering it when new.
func (x *index) add(id string) int32 {
	if i, ok := x.pos[id]; ok {
		return i
	}
	i := int32(len(x.ids))
	x.ids = append(x.ids, id)
	x.pos[id] = i
	return i
}

// newSpec prepares KPI id for counting.
func (t *Tally) newSpec(id string, k model.KPI) (*spec, error) {
	m, ok := metricOf(k.Metric)
	if !ok {
		return nil, fmt.Errorf("kpi %q: unknown metric %q", id, k.Metric)
	}
	s := &spec{id: id, kpi: k, metric: m, basis: basisOf(m), fixed: unknown, channel: unknown}
	if k.Channel != "" {
		s.channel = t.channels.add(k.Channel)
	}
	if k.Within != "" {
		d, err := time.ParseDuration(k.Within)
		if err != nil {
			return nil, fmt.Errorf("kpi %q: parse within: %w", id, err)
		}
		s.within = d
	}
	if m == workload {
		s.weights = make([]float64, len(t.channels.ids))
		for i, ch := range t.channels.ids {
			s.weights[i] = 1
			if w, ok := k.Weights[ch]; ok {
				s.weights[i] = w
			}
		}
	}
	kind, name, hasID := strings.Cut(k.Scope, ":")
	if !hasID {
		if k.Scope != "center" {
			return nil, fmt.Errorf("kpi %q: unknown scope %q", id, k.Scope)
		}
		s.scope, s.names = center, []string{"center"}
		return s, nil
	}
	var x *index
	switch kind {
	case "team":
		s.scope, x = team, t.teams
	case "queue":
		s.scope, x = queue, t.queues
	case "agent":
		s.scope, x = agent, t.agents
	case "channel":
		s.scope, x = channel, t.channels
	default:
		return nil, fmt.Errorf("kpi %q: unknown scope %q", id, k.Scope)
	}
	if s.agentBased() && (s.scope == queue || s.scope == channel) {
		return nil, fmt.Errorf("kpi %q: %s measures agents, not scope %s", id, k.Metric, k.Scope)
	}
	if name == "*" {
		s.names = make([]string, x.configured)
		for i, id := range x.ids[:x.configured] {
			s.names[i] = kind + ":" + id
		}
		return s, nil
	}
	s.fixed = x.add(name)
	s.names = []string{k.Scope}
	return s, nil
}
