package staffing

import (
	"fmt"
	"time"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
)

// This file holds what `supportops staffing` and `supportops plan` run on
// a configuration: the week laid out and analysed (AnalyseWeek), and the
// staffing effect of a change, the intervals that go from met to short or
// back (Effect).

// The two states an interval of Effect is in.
const (
	stateMet   = "met"
	stateShort = "short"
)

// AnalyseWeek lays cfg's forecasts and roster on week (roster.Week) and
// analyses it (Analyse). A configuration without forecasts or staffing
// settings has nothing to staff: its report has no queues.
func AnalyseWeek(cfg *model.Config, week kpi.Period) (Report, error) {
	if len(cfg.Forecasts) == 0 || cfg.Staffing == nil {
		rep := Report{Week: week.String(), Timezone: week.Start.Location().String(), Queues: []QueueReport{}}
		if cfg.Staffing != nil {
			rep.Shrinkage = cfg.Staffing.Shrinkage
			if d, err := time.ParseDuration(cfg.Staffing.Interval); err == nil {
				rep.Interval = formatDuration(d)
			}
		}
		return rep, nil
	}
	plan, err := roster.Week(cfg, week)
	if err != nil {
		return Report{}, err
	}
	return Analyse(cfg, plan)
}

// Transition is a run of consecutive intervals of one queue channel on
// one day that a change takes from met to short, or from short to met.
type Transition struct {
	Queue   string `json:"queue"`
	Channel string `json:"channel"`
	// Start and End bound the run.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// From and To are "met" or "short".
	From string `json:"from"`
	To   string `json:"to"`
	// OnRoster is the most agents on roster the run needs after the
	// change, Scheduled the fewest scheduled after it.
	OnRoster  int     `json:"on_roster"`
	Scheduled float64 `json:"scheduled"`
	// Gate says the queue channel's goal gates validate after the change.
	Gate bool `json:"gate,omitempty"`
}

// String says what changes: "after-sales phone Mon 08:00–09:30: met →
// short (needs 5 on roster, 3 scheduled)".
func (t Transition) String() string {
	end := t.End.Format("15:04")
	if end == "00:00" {
		end = "24:00"
	}
	return fmt.Sprintf("%s %s %s %s–%s: %s → %s (needs %d on roster, %s scheduled)", t.Queue, t.Channel, t.Start.Format("Mon"),
		t.Start.Format("15:04"), end, t.From, t.To, t.OnRoster, formatNumber(t.Scheduled))
}

// Effect lists the intervals of each queue channel that go from met to
// short, or from short to met, between base and head, reports of the
// same week; consecutive intervals of a day that change the same way are
// merged, in head's queue channel and time order, then those only base
// has. A queue channel or interval one side lacks counts as met there: a
// new forecast that the roster leaves short shows as met → short.
func Effect(base, head Report) []Transition {
	var out []Transition
	seen := map[[2]string]bool{}
	for _, h := range head.Queues {
		key := [2]string{h.Queue, h.Channel}
		seen[key] = true
		out = append(out, queueEffect(h, findQueue(base, key), false)...)
	}
	for _, b := range base.Queues {
		if !seen[[2]string{b.Queue, b.Channel}] {
			out = append(out, queueEffect(b, nil, true)...)
		}
	}
	return out
}

// findQueue is rep's report of a queue channel, or nil.
func findQueue(rep Report, key [2]string) *QueueReport {
	for i := range rep.Queues {
		if rep.Queues[i].Queue == key[0] && rep.Queues[i].Channel == key[1] {
			return &rep.Queues[i]
		}
	}
	return nil
}

// queueEffect compares one queue channel: q against other, the base
// (removed false), or q as the base of a queue channel head no longer has
// (removed true, every short interval becomes met).
func queueEffect(q QueueReport, other *QueueReport, removed bool) []Transition {
	// By Unix time: the two reports' zones are loaded apart.
	before := map[int64]bool{}
	if other != nil {
		for _, in := range other.Intervals {
			before[in.Start.Unix()] = in.Short
		}
	}
	var out []Transition
	var cur *Transition
	last := -2
	for k, in := range q.Intervals {
		was, is := before[in.Start.Unix()], in.Short
		if removed {
			was, is = in.Short, false
		}
		if was == is {
			continue
		}
		from, to := stateMet, stateShort
		if was {
			from, to = stateShort, stateMet
		}
		end := in.Start.Add(intervalLength(q, k))
		if cur == nil || k != last+1 || cur.From != from || in.Start.Format(time.DateOnly) != cur.Start.Format(time.DateOnly) {
			out = append(out, Transition{Queue: q.Queue, Channel: q.Channel, Start: in.Start, From: from, To: to,
				Scheduled: in.Scheduled, Gate: q.Gate && !removed})
			cur = &out[len(out)-1]
		}
		cur.End = end
		cur.OnRoster = max(cur.OnRoster, in.OnRoster)
		cur.Scheduled = min(cur.Scheduled, in.Scheduled)
		last = k
	}
	return out
}

// intervalLength is the length of q's interval k: to the next interval's
// start, the last as long as the one before it.
func intervalLength(q QueueReport, k int) time.Duration {
	switch {
	case k+1 < len(q.Intervals):
		return q.Intervals[k+1].Start.Sub(q.Intervals[k].Start)
	case k > 0:
		return q.Intervals[k].Start.Sub(q.Intervals[k-1].Start)
	}
	return time.Hour
}
