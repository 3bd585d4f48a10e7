package history

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
)

// Details the ticket workflow writes into its entries, which Fold reads
// back.
const (
	viaSep      = " via "    // opened: "<subject> via <channel>"
	agentSep    = ", agent " // routed, rerouted: "priority P, queue Q, agent A"
	waiting     = "(waiting)"
	toPrefix    = "to "     // reassigned: "to <agent>[ by escalation: ...]"
	ratingWord  = "rating " // csat: "rating N"
	fromAgent   = "agent"   // reply: who replied
	fromCust    = "customer"
	targetOpen  = "(target " // sla_met: "<metric> met after <elapsed> (target <target>)"
	breachedSep = " breached its "
)

// data is what the ticket workflow records in an event's Data: its
// detail, and the ticket's status, queue and priority at the time.
type data struct {
	Detail   string `json:"detail"`
	Queue    string `json:"queue"`
	Priority string `json:"priority"`
}

// Fold folds events into one record per ticket: a stream with an opened
// event (a drill's own stream has none, and gives no record), ordered by
// created_at, then id. It reads the events the ticket workflow records
// today:
//
//   - created_at and channel from opened; drill when an event is a
//     drill's; queue and priority as the last event has them;
//   - agent: the last assignee (routed, rerouted, reassigned), absent
//     while the ticket waits for one;
//   - agent_replies and first_reply_at from the public agent replies
//     (internal notes are no reply); contacts counts the customer's
//     contacts: the opening and each customer reply;
//   - reopened counts reopens; a reopen clears solved_at, closed_at and
//     csat as it does the ticket's state, so they are those of the last
//     solve, close and rating;
//   - sla: each metric met or breached (their entries name its target),
//     with the target of its last such entry and breached when any cycle
//     of it was; a clock never met nor breached records no target today,
//     and is absent.
//
// team, category, customer, tier and language are not in the events
// (the ticket's opening data is not recorded), and answered_at,
// abandoned_at, handle_seconds, qa_score, complaint and difficult need
// events the workflow does not record yet: they stay absent.
func Fold(events []eventstore.Event) []Record {
	streams := map[string][]eventstore.Event{}
	for _, e := range events {
		streams[e.Stream] = append(streams[e.Stream], e)
	}
	records := make([]Record, 0, len(streams))
	for _, evs := range streams {
		slices.SortStableFunc(evs, func(a, b eventstore.Event) int {
			return cmp.Or(cmp.Compare(a.Seq, b.Seq), a.At.Compare(b.At))
		})
		if rec, ok := fold(evs); ok {
			records = append(records, rec)
		}
	}
	slices.SortFunc(records, func(a, b Record) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return records
}

// fold folds one ticket's events, in order, into its record.
func fold(events []eventstore.Event) (Record, bool) {
	rec := Record{ID: events[0].Stream}
	opened := false
	for _, e := range events {
		var d data
		if len(e.Data) > 0 {
			_ = json.Unmarshal(e.Data, &d) // an event without these fields tells nothing more
		}
		rec.Drill = rec.Drill || e.Drill
		rec.Queue = cmp.Or(d.Queue, rec.Queue)
		rec.Priority = cmp.Or(d.Priority, rec.Priority)
		at := e.At.UTC()
		switch e.Type {
		case event.Opened:
			if !opened {
				opened = true
				rec.CreatedAt = at
				rec.Contacts++
				if i := strings.LastIndex(d.Detail, viaSep); i >= 0 {
					rec.Channel = d.Detail[i+len(viaSep):]
				}
			}
		case event.Routed, event.Rerouted:
			if _, agent, ok := strings.Cut(d.Detail, agentSep); ok {
				rec.Agent = agent
				if agent == waiting {
					rec.Agent = ""
				}
			}
		case event.Reassigned:
			if rest, ok := strings.CutPrefix(d.Detail, toPrefix); ok {
				rec.Agent, _, _ = strings.Cut(rest, " ")
			}
		case event.Reply:
			switch d.Detail {
			case fromAgent:
				rec.AgentReplies++
				if rec.FirstReplyAt == nil {
					rec.FirstReplyAt = &at
				}
			case fromCust:
				rec.Contacts++
			}
		case event.CSAT:
			if n, err := strconv.Atoi(strings.TrimPrefix(d.Detail, ratingWord)); err == nil {
				rec.CSAT = &n
			}
		case event.Solved:
			rec.SolvedAt = &at
		case event.Closed:
			rec.ClosedAt = &at
		case event.Reopened:
			rec.Reopened++
			rec.SolvedAt, rec.ClosedAt, rec.CSAT = nil, nil, nil
		case event.SLAMet:
			metric, _, _ := strings.Cut(d.Detail, " ")
			if _, rest, ok := strings.Cut(d.Detail, targetOpen); ok {
				setTarget(&rec, metric, strings.TrimSuffix(rest, ")"), false)
			}
		case event.SLABreached:
			if metric, rest, ok := strings.Cut(d.Detail, breachedSep); ok {
				target, _, _ := strings.Cut(rest, " ")
				setTarget(&rec, metric, target, true)
			}
		}
	}
	return rec, opened
}

// setTarget records a met (breach false) or breached clock of metric
// with target, a Go duration; a breach stays.
func setTarget(rec *Record, metric, target string, breach bool) {
	d, err := time.ParseDuration(target)
	if err != nil || metric == "" {
		return
	}
	if rec.SLA == nil {
		rec.SLA = map[string]SLAResult{}
	}
	res := rec.SLA[metric]
	res.TargetSeconds = d.Seconds()
	res.Breached = res.Breached || breach
	rec.SLA[metric] = res
}
