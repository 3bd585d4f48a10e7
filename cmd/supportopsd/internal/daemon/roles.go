package daemon

import (
	"fmt"
	"net/http"

	"github.com/supportops/supportops/apiv1"
)

// Role is what one supportopsd process runs (--role), so that the HTTP
// tier and the workers scale separately on one Temporal cluster.
type Role string

// The roles.
const (
	// RoleAll serves the API and runs the workers: one process does it all.
	RoleAll Role = "all"
	// RoleAPI serves the API and runs no workers; it starts, signals,
	// updates and queries workflows through the Temporal client.
	RoleAPI Role = "api"
	// RoleWorker runs the ticket, drill and scorecard workers and keeps the
	// schedules in sync; over HTTP it serves only /healthz, /readyz and
	// /metrics.
	RoleWorker Role = "worker"
)

// parseRole reads --role; "" is RoleAll. A role other than all needs
// --temporal-address (temporalAddress): an embedded Temporal server lives
// in one process's data directory, so an api replica with one of its own
// would start workflows that no worker polls, and a worker replica would
// poll a server that no api replica reaches.
func parseRole(role, temporalAddress string) (Role, error) {
	r := Role(role)
	switch r {
	case "":
		return RoleAll, nil
	case RoleAll:
		return r, nil
	case RoleAPI, RoleWorker:
		if temporalAddress == "" {
			return "", fmt.Errorf("--role %s needs --temporal-address: the api and worker roles are replicas of one Temporal cluster, and an embedded server is one process's own; run --role all alone instead", role)
		}
		return r, nil
	}
	return "", fmt.Errorf("--role %q: want api, worker or all", role)
}

// runsWorkers says whether the role runs the workers.
func (r Role) runsWorkers() bool { return r != RoleAPI }

// servesAPI says whether the role serves the API's routes.
func (r Role) servesAPI() bool { return r != RoleWorker }

// handler is what the daemon serves over HTTP in its role: GET /readyz
// (ready) in front of the API's routes (apiHandler), of which a worker
// serves only the probes and the metrics, answering any other path 404
// with the reason.
func (r Role) handler(apiHandler, ready http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+apiv1.PathReady, ready)
	if r.servesAPI() {
		mux.Handle("/", apiHandler)
		return mux
	}
	mux.Handle(apiv1.PathHealth, apiHandler)
	mux.Handle(apiv1.PathMetrics, apiHandler)
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		writeJSON(w, http.StatusNotFound, apiv1.Error{Message: fmt.Sprintf("%s is not served here", req.URL.Path),
			Reasons: []string{"this supportopsd runs --role worker: it serves only " + apiv1.PathHealth + ", " + apiv1.PathReady + " and " + apiv1.PathMetrics + "; send API requests to a replica of --role api or all"}})
	})
	return mux
}
