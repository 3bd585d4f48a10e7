package daemon

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// registerSearchAttributes makes sure the namespace has the ticket search
// attributes (ticketwf.SearchAttributes), adding the missing ones. One
// registered with another type is an error: the operator must sort it out.
func registerSearchAttributes(ctx context.Context, c client.Client, namespace string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	want := ticketwf.SearchAttributes()
	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("list the search attributes of namespace %s: %w", namespace, err)
	}
	missing := maps.Clone(want)
	for _, name := range slices.Sorted(maps.Keys(want)) {
		typ, ok := have.GetCustomAttributes()[name]
		if !ok {
			continue
		}
		if typ != want[name] {
			return fmt.Errorf("search attribute %s of namespace %s is a %s, supportops needs a %s", name, namespace, typ, want[name])
		}
		delete(missing, name)
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace: namespace, SearchAttributes: missing,
	})
	var exists *serviceerror.AlreadyExists // added meanwhile by another daemon
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("add search attributes %s to namespace %s: %w", strings.Join(slices.Sorted(maps.Keys(missing)), ", "), namespace, err)
	}
	// The server's services learn of new attributes when they refresh
	// their namespace cache (every 10 s by default): wait until the
	// frontend takes a query that names them all.
	var query []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		query = append(query, name+" IS NULL")
	}
	for {
		_, err = c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: namespace, Query: strings.Join(query, " AND ")})
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for namespace %s to know the search attributes: %w", namespace, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
