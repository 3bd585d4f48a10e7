package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
)

// transient holds for an error worth sending the same update again for.
func transient(err error) bool {
	if err == nil {
		return false
	}
	var unavailable *serviceerror.Unavailable
	var exhausted *serviceerror.ResourceExhausted
	var deadline *serviceerror.DeadlineExceeded
	return errors.As(err, &unavailable) || errors.As(err, &exhausted) || errors.As(err, &deadline) ||
		errors.Is(err, context.DeadlineExceeded)
}

// queryWorkflow asks workflowID's query and decodes the answer into out.
// A query needs a worker: right after a worker restart it may time out
// while the server moves the workflow off the old worker, and a worker
// that is stopping fails the queries it holds with "context canceled";
// both are asked again, a few times. Other errors are returned as the
// server gave them.
func queryWorkflow(ctx context.Context, c client.Client, workflowID, query string, out any) error {
	for attempt := 0; ; attempt++ {
		v, err := c.QueryWorkflow(ctx, workflowID, "", query)
		if err == nil {
			return v.Get(out)
		}
		var failed *serviceerror.QueryFailed
		retry := transient(err) || errors.As(err, &failed) && strings.Contains(failed.Message, "context canceled")
		if !retry || ctx.Err() != nil || attempt == 3 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 250 * time.Millisecond):
		}
	}
}

// queryState asks workflowID's state query (see queryWorkflow) for the
// state of what, a ticket or a drill: a workflow the server does not know
// is api.ErrNotFound.
func queryState[S any](ctx context.Context, c client.Client, workflowID, query, what string) (S, error) {
	var st S
	err := queryWorkflow(ctx, c, workflowID, query, &st)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return st, api.ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("query %s: %w", what, err)
	}
	return st, nil
}

// updateWorkflow sends the update opts and waits for its outcome, decoded
// into out. The update has an id of its own (opts.UpdateID), so sending
// it again after a transient failure (a worker restarting, a busy server)
// applies it once. Other errors are returned as the server gave them; the
// validator's and the handler's refusals are application errors.
func updateWorkflow(ctx context.Context, c client.Client, opts client.UpdateWorkflowOptions, out any) error {
	for attempt := 0; ; attempt++ {
		h, err := c.UpdateWorkflow(ctx, opts)
		if err == nil {
			err = h.Get(ctx, out)
		}
		if !transient(err) || ctx.Err() != nil || attempt == 5 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 500 * time.Millisecond):
		}
	}
}
