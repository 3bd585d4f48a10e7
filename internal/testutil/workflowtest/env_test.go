package workflowtest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

const (
	counterName = "counter"
	updateAdd   = "add"
	queryTotal  = "total"
)

// counter adds what its updates send (refusing negative numbers) until the
// total reaches in, and reports when it did.
func counter(ctx workflow.Context, in int) (string, error) {
	total := 0
	if err := workflow.SetQueryHandler(ctx, queryTotal, func() (int, error) { return total, nil }); err != nil {
		return "", err
	}
	err := workflow.SetUpdateHandlerWithOptions(ctx, updateAdd, func(_ workflow.Context, n int) error {
		total += n
		return nil
	}, workflow.UpdateHandlerOptions{Validator: func(n int) error {
		if n < 0 {
			return errors.New("negative")
		}
		return nil
	}})
	if err != nil {
		return "", err
	}
	if err := workflow.Await(ctx, func() bool { return total >= in }); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d at %s", total, workflow.Now(ctx).Format(time.TimeOnly)), nil
}

// activities has none the counter uses; NewEnv registers it all the same.
type activities struct{}

func (*activities) Nothing(context.Context) error { return nil }

func TestEnv(t *testing.T) {
	start := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	env := workflowtest.NewEnv(start, counterName, counter, &activities{})
	var outcomes []string
	record := func(err error) { outcomes = append(outcomes, fmt.Sprint(err)) }
	workflowtest.UpdateAt(env, time.Minute, updateAdd, 2, record)
	workflowtest.UpdateAt(env, 2*time.Minute, updateAdd, -1, record)
	var totals []int
	workflowtest.QueryAt(t, env, 90*time.Second, 90*time.Second, queryTotal, func(n int) { totals = append(totals, n) })
	workflowtest.UpdateAt(env, 3*time.Minute, updateAdd, 3, record)

	got := workflowtest.Run[string](t, env, counterName, 5)
	if diff := cmp.Diff("5 at 09:03:00", got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"<nil>", "negative", "<nil>"}, outcomes); diff != "" {
		t.Errorf("update outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2}, totals); diff != "" {
		t.Errorf("queried totals (-want +got):\n%s", diff)
	}
}
