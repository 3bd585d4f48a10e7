package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/supportops/supportops/engine/model"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// notifier logs every notification and, when a webhook URL is set, posts
// it there as JSON.
type notifier struct {
	log     *slog.Logger
	webhook string
	client  *http.Client
	sent    *prometheus.CounterVec
	// config is the configuration targets are resolved in; nil resolves
	// nothing.
	config func() *model.Config
}

func newNotifier(log *slog.Logger, webhook string) *notifier {
	return &notifier{log: log, webhook: webhook, client: &http.Client{Timeout: 10 * time.Second},
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supportops_notifications_total",
			Help: "Notifications by kind: SLA warnings and breaches, escalations, pages, approvals, surveys, drill steps.",
		}, []string{"kind"})}
}

func (n *notifier) Notify(ctx context.Context, x ticketwf.Notification) error {
	if n.config != nil && len(x.People) == 0 {
		x.People = resolvePeople(n.config(), x.Targets)
	}
	return n.deliver(ctx, x.Kind, x, "ticket", x.Ticket, "targets", x.Targets, "people", x.People, "message", x.Message)
}

// resolvePeople is whom targets reach in cfg: "on_duty:", "role:",
// "team:" and "agent:" targets as escalations resolve them
// (model.Config.People), a bare role name as the agents holding it
// (approvals address their approvers by role), and a bare agent id as the
// agent.
func resolvePeople(cfg *model.Config, targets []string) []string {
	expanded := make([]string, 0, len(targets))
	for _, t := range targets {
		_, isRole := cfg.Roles[t]
		_, isAgent := cfg.Agents[t]
		switch {
		case strings.Contains(t, ":"):
			expanded = append(expanded, t)
		case isRole:
			expanded = append(expanded, "role:"+t)
		case isAgent:
			expanded = append(expanded, "agent:"+t)
		}
	}
	return cfg.People(expanded)
}

// deliver counts a notification of kind, logs it with attrs and posts x
// to the webhook.
func (n *notifier) deliver(ctx context.Context, kind string, x any, attrs ...any) error {
	n.sent.WithLabelValues(kind).Inc()
	n.log.Info("notification", append([]any{"kind", kind}, attrs...)...)
	if n.webhook == "" {
		return nil
	}
	body, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("encode notification: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.webhook, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("prepare webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.client.Do(req)
	if err != nil {
		return fmt.Errorf("post to webhook: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("post to webhook: %s", resp.Status)
	}
	return nil
}
