package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// splitSample is how many tickets' histories split reads.
const splitSample = 300

// windowOpens reads when the breach window of the timer configuration in
// dir opened: the time of day in its growth.cue, on the day of the
// configuration's writing.
func windowOpens(dir string) (time.Time, error) {
	path := filepath.Join(dir, "growth.cue")
	b, err := os.ReadFile(path)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the breach window: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the breach window: %w", err)
	}
	_, window, ok := strings.Cut(string(b), `"daily `)
	var h, mi int
	if !ok {
		return time.Time{}, fmt.Errorf("read the breach window: no daily window in %s", path)
	}
	if _, err := fmt.Sscanf(window, "%02d:%02d-24:00", &h, &mi); err != nil {
		return time.Time{}, fmt.Errorf("read the breach window in %s: %w", path, err)
	}
	day := info.ModTime().UTC().Truncate(24 * time.Hour)
	return day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute), nil
}

// split splits the breach lateness of a size's kept run (the directory
// holding config/ and data/) in two, from the workflows' histories: the
// server's timer queue (from due to the TimerFired event) and the
// dispatch of the workflow task (from TimerFired to the
// WorkflowTaskStarted of the task that recorded the breach, whose time is
// the breach's). It starts supportopsd on the data directory with its
// frontend on a loopback port and reads up to splitSample histories,
// evenly spread over the breaches in the order they were recorded.
func (m *measurer) split(ctx context.Context, dir string, out io.Writer) error {
	cfg, data := filepath.Join(dir, "config"), filepath.Join(dir, "data")
	opens, err := windowOpens(cfg)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, m.o.eventsDSN, data)
	if err != nil {
		return err
	}
	bs, err := readBreaches(ctx, store, opens)
	if cerr := store.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the event store: %w", cerr)
	}
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		return fmt.Errorf("split %s: no breach recorded", dir)
	}
	slices.SortFunc(bs, func(a, b breach) int { return a.at.Compare(b.at) })
	frontend, err := freeAddr()
	if err != nil {
		return err
	}
	spec := daemonSpec{bin: m.o.bin, config: cfg, dataDir: data, args: append(m.daemonArgs(), "--temporal-listen", frontend), log: filepath.Join(dir, "split.log")}
	p, _, err := m.start(ctx, spec, false)
	if err != nil {
		return err
	}
	defer func() { _, _ = p.stop(context.Background()) }()
	c, err := client.Dial(client.Options{HostPort: frontend, Namespace: "default"})
	if err != nil {
		return fmt.Errorf("dial the embedded frontend %s: %w", frontend, err)
	}
	defer c.Close()
	if err := listAtStart(ctx, c, out); err != nil {
		return err
	}
	var fire, dispatch, total []time.Duration
	step := max(len(bs)/splitSample, 1)
	for i := 0; i < len(bs); i += step {
		b := bs[i]
		fired, started, err := timerTimes(ctx, c, ticketwf.WorkflowID(b.ticket), b.due, b.at)
		if err != nil {
			return err
		}
		fire = append(fire, fired.Sub(b.due))
		dispatch = append(dispatch, started.Sub(fired))
		total = append(total, b.at.Sub(b.due))
	}
	for _, d := range [][]time.Duration{fire, dispatch, total} {
		slices.Sort(d)
	}
	fmt.Fprintf(out, "\nBreach lateness split, %d of %d tickets' histories (%s):\n\n", len(fire), len(bs), dir)
	fmt.Fprintln(out, "| part | p50 | p99 | max |")
	fmt.Fprintln(out, "|---|---|---|---|")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{{"due → TimerFired (server's timer queue)", fire}, {"TimerFired → WorkflowTaskStarted (task dispatch and the worker)", dispatch}, {"due → breach recorded (all)", total}} {
		fmt.Fprintf(out, "| %s | %s | %s | %s |\n", row.name, secs(percentile(row.d, 0.5)), secs(percentile(row.d, 0.99)), secs(row.d[len(row.d)-1]))
	}
	return nil
}

// timerTimes finds in a ticket's history the first TimerFired at or after
// due (less a millisecond of rounding) and the first WorkflowTaskStarted
// after it.
func timerTimes(ctx context.Context, c client.Client, workflowID string, due, recorded time.Time) (fired, started time.Time, err error) {
	it := c.GetWorkflowHistory(ctx, workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return fired, started, fmt.Errorf("read the history of %s: %w", workflowID, err)
		}
		at := e.GetEventTime().AsTime()
		switch {
		case fired.IsZero() && e.GetEventType() == enumspb.EVENT_TYPE_TIMER_FIRED && !at.Before(due.Add(-time.Millisecond)):
			fired = at
		case !fired.IsZero() && e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			return fired, at, nil
		}
	}
	return fired, started, fmt.Errorf("read the history of %s: no timer fired after %s before the breach recorded at %s", workflowID, due.Format(time.RFC3339Nano), recorded.Format(time.RFC3339Nano))
}

// listAtStart times, on the running daemon's frontend, the listing
// supportopsd makes at every start to restore the agents' load (the
// board's query in cmd/supportopsd/internal/daemon/agents.go, pages of
// 1,000), and a count of every running ticket for comparison.
func listAtStart(ctx context.Context, c client.Client, out io.Writer) error {
	query := fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running' AND %s IN ('%s', '%s', '%s') AND %s != ''",
		ticketwf.WorkflowName, ticketwf.SearchTicketStatus, ticketwf.StatusOpen, ticketwf.StatusPendingCustomer, ticketwf.StatusPendingInternal,
		ticketwf.SearchTicketAgent)
	start := time.Now()
	rows, pages := 0, 0
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default", PageSize: 1000, NextPageToken: token, Query: query})
		if err != nil {
			return fmt.Errorf("list the open tickets with an agent: %w", err)
		}
		rows += len(resp.GetExecutions())
		pages++
		if token = resp.GetNextPageToken(); len(token) == 0 {
			break
		}
	}
	listed := time.Since(start)
	start = time.Now()
	count, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: "default",
		Query: fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running'", ticketwf.WorkflowName)})
	if err != nil {
		return fmt.Errorf("count the running tickets: %w", err)
	}
	fmt.Fprintf(out, "\nThe start-up listing of open tickets with an agent: %d rows in %d pages, %s; counting the %d running tickets: %s.\n",
		rows, pages, secs(listed), count.GetCount(), secs(time.Since(start)))
	return nil
}
