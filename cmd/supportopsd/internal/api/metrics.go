package api

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the API's Prometheus metrics, in a registry of their own.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	opened   *prometheus.CounterVec
	events   *prometheus.CounterVec
}

// NewMetrics registers the API's metrics and the Go runtime's.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportops_http_requests_total", Help: "HTTP API requests by route and status code.",
		}, []string{"route", "code"}),
		opened: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportops_tickets_opened_total", Help: "Tickets opened through the API; created is false when the external id was known.",
		}, []string{"created"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportops_ticket_events_total", Help: "Ticket events by kind and outcome (applied or refused).",
		}, []string{"kind", "outcome"}),
	}
	m.reg.MustRegister(m.requests, m.opened, m.events,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds a collector of the daemon's (e.g. notifications by kind).
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// count wraps a route's handler to count its requests by status code.
func (m *Metrics) count(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h(sw, r)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
	}
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}
