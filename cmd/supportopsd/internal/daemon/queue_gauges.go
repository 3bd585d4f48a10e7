package daemon

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
)

// The gauges of the queues, one series per queue.
const (
	metricServiceLevel = "supportops_queue_service_level_today_percent"
	metricAnswerRate   = "supportops_queue_answer_rate_today_percent"
	metricOpen         = "supportops_queue_open_tickets"
	metricBreached     = "supportops_queue_breached_open_tickets"
	labelQueue         = "queue"
)

// Computing the gauges folds the recorded events: a scrape within
// gaugeRefresh of the last computation answers its figures again, and a
// computation takes at most gaugeTimeout.
const (
	gaugeRefresh = 30 * time.Second
	gaugeTimeout = 20 * time.Second
	// defaultServiceLevelWithin is the service level's answer time when
	// no service_level KPI says one: the 80/20 rule's 20 seconds.
	defaultServiceLevelWithin = 20 * time.Second
)

// queueGauges is a Prometheus collector of each queue's figures, from the
// ticket records of the event store, today in the center's time zone:
// the service level (live contacts answered within the service level
// KPI's time, of those offered today) and the answer rate (answered of
// offered), and of every ticket, those open and those open with a breached
// SLA clock. Drill tickets count nowhere. A queue without a live contact
// today has no service level or answer rate series.
type queueGauges struct {
	r *reports
	// log reports a computation that failed (the scrape then has no
	// queue series).
	log func(msg string, args ...any)

	serviceLevel, answerRate, open, breached *prometheus.Desc

	mu       sync.Mutex
	computed time.Time
	last     []prometheus.Metric
}

func newQueueGauges(r *reports, log func(string, ...any)) *queueGauges {
	q := []string{labelQueue}
	return &queueGauges{r: r, log: log,
		serviceLevel: prometheus.NewDesc(metricServiceLevel, "Live contacts (phone, chat) answered within the service level time, of those offered today, per queue.", q, nil),
		answerRate:   prometheus.NewDesc(metricAnswerRate, "Live contacts (phone, chat) answered, of those offered today, per queue.", q, nil),
		open:         prometheus.NewDesc(metricOpen, "Tickets neither solved, closed nor abandoned, per queue.", q, nil),
		breached:     prometheus.NewDesc(metricBreached, "Open tickets with a breached SLA clock, per queue.", q, nil),
	}
}

// Describe implements prometheus.Collector.
func (g *queueGauges) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{g.serviceLevel, g.answerRate, g.open, g.breached} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (g *queueGauges) Collect(ch chan<- prometheus.Metric) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.r.now()
	if g.last == nil || now.Sub(g.computed) >= gaugeRefresh || now.Before(g.computed) {
		ctx, cancel := context.WithTimeout(context.Background(), gaugeTimeout)
		metrics, err := g.compute(ctx, now)
		cancel()
		if err != nil {
			g.log("compute the queue gauges", "error", err)
			return
		}
		g.computed, g.last = now, metrics
	}
	for _, m := range g.last {
		ch <- m
	}
}

// queueFigures are one queue's counts.
type queueFigures struct {
	offered, answered, withinSL, open, breached int
}

// compute folds the records and returns the series.
func (g *queueGauges) compute(ctx context.Context, now time.Time) ([]prometheus.Metric, error) {
	_, snap, _ := g.r.versions.Current()
	cfg := snap.Config
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return nil, err
	}
	records, err := g.r.History(ctx, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	figures := queueCounts(cfg, records, kpi.PeriodOf(kpi.Day, now, loc), serviceLevelWithin(cfg))
	metrics := []prometheus.Metric{}
	for _, q := range slices.Sorted(maps.Keys(figures)) {
		f := figures[q]
		metrics = append(metrics,
			prometheus.MustNewConstMetric(g.open, prometheus.GaugeValue, float64(f.open), q),
			prometheus.MustNewConstMetric(g.breached, prometheus.GaugeValue, float64(f.breached), q))
		if f.offered > 0 {
			metrics = append(metrics,
				prometheus.MustNewConstMetric(g.serviceLevel, prometheus.GaugeValue, 100*float64(f.withinSL)/float64(f.offered), q),
				prometheus.MustNewConstMetric(g.answerRate, prometheus.GaugeValue, 100*float64(f.answered)/float64(f.offered), q))
		}
	}
	return metrics, nil
}

// queueCounts counts the records of each configured queue: the live
// contacts offered in today, answered, answered within within, and the
// open and breached tickets of any day. Drill tickets are left out.
func queueCounts(cfg *model.Config, records []history.Record, today kpi.Period, within time.Duration) map[string]queueFigures {
	out := map[string]queueFigures{}
	for q := range cfg.Queues {
		out[q] = queueFigures{}
	}
	for i := range records {
		r := &records[i]
		if r.Drill || r.Queue == "" {
			continue
		}
		f := out[r.Queue]
		kind := cfg.Channels[r.Channel].Kind
		if (kind == model.Phone || kind == model.Chat) && today.Contains(r.CreatedAt) {
			f.offered++
			if r.AnsweredAt != nil {
				f.answered++
				if r.AnsweredAt.Sub(r.CreatedAt) <= within {
					f.withinSL++
				}
			}
		}
		if r.SolvedAt == nil && r.ClosedAt == nil && r.AbandonedAt == nil {
			f.open++
			for _, s := range r.SLA {
				if s.Breached {
					f.breached++
					break
				}
			}
		}
		out[r.Queue] = f
	}
	return out
}

// serviceLevelWithin is the answer time of cfg's service level: the
// within of its first service_level KPI by id that has one, else
// defaultServiceLevelWithin.
func serviceLevelWithin(cfg *model.Config) time.Duration {
	for _, id := range model.SortedKeys(cfg.KPIs) {
		k := cfg.KPIs[id]
		if k.Metric != "service_level" || k.Within == "" {
			continue
		}
		if d, err := time.ParseDuration(k.Within); err == nil {
			return d
		}
	}
	return defaultServiceLevelWithin
}
