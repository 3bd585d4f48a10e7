package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/apiv1"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// readyCheckTimeout bounds each check of a readiness probe, so that a
// database or a frontend that hangs makes the probe 503, not time out.
const readyCheckTimeout = 2 * time.Second

// pollRecheck is how long a sighting of this daemon's worker among the
// task queue's pollers stands: within it a probe asks only whether the
// frontend answers (CheckHealth, cheap); after it the task queue is
// described again, so a worker that stopped polling (a fatal worker
// error) turns the probe 503 within pollRecheck plus the server's own
// poller expiry.
const pollRecheck = 15 * time.Second

// pinger is an event store that says whether its database answers
// (eventstore's SQLite and Postgres).
type pinger interface {
	Ping(ctx context.Context) error
}

// readiness is what GET /readyz knows besides what it asks each time.
type readiness struct {
	// draining is set when the daemon starts stopping: the probe turns 503
	// before the HTTP server stops taking requests.
	draining atomic.Bool
	// polledAt is when the ticket task queue last listed this daemon's
	// worker among its pollers (Unix nanoseconds; 0 never).
	polledAt atomic.Int64
}

// notReady lists why the daemon is not ready; none means ready. A role
// running the workers is ready once the ticket task queue lists its
// worker's identity among the pollers (which also shows that Temporal
// answers); a role without workers asks Temporal's CheckHealth. Every
// role needs its event store to answer.
func (d *Daemon) notReady(ctx context.Context) []string {
	if d.ready.draining.Load() {
		return []string{"shutting down"}
	}
	var reasons []string
	cctx, cancel := context.WithTimeout(ctx, readyCheckTimeout)
	defer cancel()
	if p, ok := d.events.(pinger); ok {
		if err := p.Ping(cctx); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	if d.role.runsWorkers() {
		if err := d.checkPolling(cctx); err != nil {
			reasons = append(reasons, err.Error())
		}
	} else if _, err := d.client.CheckHealth(cctx, &client.CheckHealthRequest{}); err != nil {
		reasons = append(reasons, fmt.Sprintf("temporal frontend: %v", err))
	}
	return reasons
}

// checkPolling says whether the ticket worker polls its task queue, as
// the Temporal frontend sees it. A sighting stands for pollRecheck, while
// the frontend answers.
func (d *Daemon) checkPolling(ctx context.Context) error {
	if at := d.ready.polledAt.Load(); at != 0 && time.Since(time.Unix(0, at)) < pollRecheck {
		if _, err := d.client.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			return fmt.Errorf("temporal frontend: %w", err)
		}
		return nil
	}
	q, err := d.client.DescribeTaskQueue(ctx, ticketwf.TaskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return fmt.Errorf("describe task queue %s: %w", ticketwf.TaskQueue, err)
	}
	for _, p := range q.GetPollers() {
		if p.GetIdentity() == d.identity {
			d.ready.polledAt.Store(time.Now().UnixNano())
			return nil
		}
	}
	return fmt.Errorf("the ticket worker %s does not poll task queue %s yet", d.identity, ticketwf.TaskQueue)
}

// serveReady answers GET /readyz: 200 {"ready":true}, or 503 with the
// reasons.
func (d *Daemon) serveReady(w http.ResponseWriter, r *http.Request) {
	if reasons := d.notReady(r.Context()); len(reasons) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, apiv1.Ready{Reasons: reasons})
		return
	}
	writeJSON(w, http.StatusOK, apiv1.Ready{Ready: true})
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", apiv1.ContentTypeJSON)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
