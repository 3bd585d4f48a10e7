package api

import (
	"fmt"
	"net/http"

	"github.com/supportops/supportops/apiv1"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// endpoint is the handler of a route of apiv1.Routes. The route's table
// entry says how it is authorised: a route with an action gets serve
// behind auth (drillAuth for the drill routes, drill), one without
// gets public.
type endpoint struct {
	serve  func(http.ResponseWriter, request)
	drill  bool
	public http.HandlerFunc
}

// endpoints are the handlers of the routes, by route name.
func (s *Server) endpoints() map[string]endpoint {
	authed := func(h func(http.ResponseWriter, request)) endpoint { return endpoint{serve: h} }
	drill := func(h func(http.ResponseWriter, request)) endpoint { return endpoint{serve: h, drill: true} }
	return map[string]endpoint{
		apiv1.OpHealth:          {public: s.health},
		apiv1.OpMetrics:         authed(s.metrics),
		apiv1.OpOpenAPI:         {public: openAPI},
		apiv1.OpOpenTicket:      authed(s.openTicket),
		apiv1.OpListTickets:     authed(s.listTickets),
		apiv1.OpTicket:          authed(s.getTicket),
		apiv1.OpPostEvent:       authed(s.postEvent),
		apiv1.OpContent:         authed(s.getContent),
		apiv1.OpMigrate:         authed(s.migrateTicket),
		apiv1.OpRequestApproval: authed(s.requestApproval),
		apiv1.OpDecide:          authed(s.decideApproval),
		apiv1.OpReload:          authed(s.reload),
		apiv1.OpStartDrill:      drill(s.startDrill),
		apiv1.OpSyncSchedules:   drill(s.syncSchedules),
		apiv1.OpListDrills:      drill(s.listDrills),
		apiv1.OpDrill:           drill(s.getDrill),
		apiv1.OpAckStep:         drill(s.stepUpdate(drillwf.UpdateAck)),
		apiv1.OpCompleteStep:    drill(s.stepUpdate(drillwf.UpdateDone)),
		apiv1.OpAbortDrill:      drill(s.controlUpdate(drillwf.UpdateAbort)),
		apiv1.OpPauseDrill:      drill(s.controlUpdate(drillwf.UpdatePause)),
		apiv1.OpResumeDrill:     drill(s.controlUpdate(drillwf.UpdateResume)),
		apiv1.OpDrillResult:     drill(s.drillResult),
		apiv1.OpDrillReport:     drill(s.drillReport),
		apiv1.OpHistory:         authed(s.exportHistory),
		apiv1.OpKPIs:            authed(s.getKPIs),
		apiv1.OpListScorecards:  authed(s.listScorecards),
		apiv1.OpScorecard:       authed(s.getScorecard),
		apiv1.OpCloseScorecard:  authed(s.closePeriod),
	}
}

// mux registers every route of apiv1.Routes with its endpoint, authorised
// on the route's action and counted in the metrics under its pattern. A
// route without an endpoint, an endpoint without a route, or a public
// endpoint on a route with an action (or the reverse) is a bug, which
// TestRoutes catches: mux panics on it, as the ServeMux does on a
// conflicting pattern.
func (s *Server) mux() *http.ServeMux {
	if s.Metrics == nil {
		s.Metrics = NewMetrics()
	}
	endpoints := s.endpoints()
	mux := http.NewServeMux()
	for _, rt := range apiv1.Routes() {
		e, ok := endpoints[rt.Name]
		delete(endpoints, rt.Name)
		var h http.HandlerFunc
		switch {
		case !ok:
			panic(fmt.Sprintf("api: route %s (%s) has no endpoint", rt.Name, rt.Pattern()))
		case rt.Public() != (e.public != nil):
			panic(fmt.Sprintf("api: route %s (%s) is public in apiv1.Routes or in its endpoint, not both", rt.Name, rt.Pattern()))
		case rt.Public():
			h = e.public
		case e.drill:
			h = s.drillAuth(rt.Action, e.serve)
		default:
			h = s.auth(rt.Action, e.serve)
		}
		mux.HandleFunc(rt.Pattern(), s.Metrics.count(rt.Pattern(), h))
	}
	for name := range endpoints {
		panic(fmt.Sprintf("api: endpoint %s has no route in apiv1.Routes", name))
	}
	return mux
}

// health answers GET /healthz.
func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, apiv1.Health{Status: apiv1.HealthOK})
}

// metrics answers GET /metrics.
func (s *Server) metrics(w http.ResponseWriter, r request) {
	s.Metrics.handler().ServeHTTP(w, r.Request)
}

// openAPI answers GET /v1/openapi.json with the API's OpenAPI document.
func openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", apiv1.ContentTypeJSON)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(apiv1.OpenAPIDocument())
}
