package policy

import "context"

// RouteWithoutViews routes in without the engine's ticket views: the
// policy computes the view itself, as it does in its unit tests.
func (e *Engine) RouteWithoutViews(ctx context.Context, in RouteInput) (RoutingDecision, error) {
	return e.decideRoute(ctx, in, &viewCache{})
}
