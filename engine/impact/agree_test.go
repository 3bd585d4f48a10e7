package impact

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/history"
)

// TestBaseAgreesWithRecords: acme-shop's own decisions agree with what
// the example history recorded (the month was produced under it): the
// queue, and each recorded first_reply and resolution target and breach.
// Every one agrees: the month's clocks never paused (pauses are not in
// the record, so a paused clock would show here).
func TestBaseAgreesWithRecords(t *testing.T) {
	s := newSide(openBundle(t, exampleDir))
	f, err := os.Open(historyFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type tally struct{ n, queue, target, breach int }
	var got [numMetrics]tally
	var o outcome
	err = history.Each(historyFile, f, func(r *history.Record) error {
		if r.Drill {
			return nil
		}
		if derr := s.decide(context.Background(), r, time.Time{}, &o); derr != nil {
			return derr
		}
		for _, i := range []int{slotFirstReply, slotResolution} {
			rec, ok := r.SLA[metricNames[i]]
			m := o.metrics[i]
			if !ok || !m.judged {
				continue
			}
			g := &got[i]
			g.n++
			if o.queue == r.Queue {
				g.queue++
			}
			if rec.TargetSeconds == m.target.Seconds() {
				g.target++
			}
			if rec.Breached == m.breached {
				g.breach++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{slotFirstReply, slotResolution} {
		g := got[i]
		t.Logf("%s: %+v", metricNames[i], g)
		if g.n < 10_000 || g.queue != g.n || g.target != g.n || g.breach != g.n {
			t.Errorf("%s: of %d recorded clocks, %d queues, %d targets and %d breaches agree; want all", metricNames[i], g.n, g.queue, g.target, g.breach)
		}
	}
}
