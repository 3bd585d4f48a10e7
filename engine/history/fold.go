package history

import (
	"cmp"
	"encoding/json"
	"math"
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
	outcomeSep  = ": " // approval_requested: "<T-ID>.A<n> <action>[ of <amount>]: <outcome>"
	amountSep   = " of "
)

// data is what the ticket workflow records in an event's Data: its
// detail, the ticket's status, queue and priority at the time, and the
// entry's facts as values (engine/ticket.EntryData's names) on tickets
// opened since the workflow records them.
type data struct {
	Detail   string `json:"detail"`
	Queue    string `json:"queue"`
	Priority string `json:"priority"`

	Channel  string `json:"channel"`
	Category string `json:"category"`
	Customer string `json:"customer"`
	Tier     string `json:"tier"`
	Language string `json:"language"`
	Team     string `json:"team"`
	// Agent is present, "" while the ticket waits, on routed, rerouted
	// and reassigned.
	Agent         *string  `json:"agent"`
	From          string   `json:"from"`
	HandleSeconds float64  `json:"handle_seconds"`
	Seconds       float64  `json:"seconds"`
	Rating        *int     `json:"rating"`
	Metric        string   `json:"metric"`
	TargetSeconds float64  `json:"target_seconds"`
	Score         *float64 `json:"score"`
}

// Fold folds events into one record per ticket: a stream with an opened
// event (a drill's own stream has none, and gives no record), ordered by
// created_at, then id. It reads the facts the ticket workflow records as
// values, and for events recorded before it did, their details:
//
//   - created_at from opened, and channel, category, customer, tier and
//     language (of events recorded before the values, channel only);
//     drill when an event is a drill's; queue and priority as the last
//     event has them; team as the last routing has it;
//   - agent: the last assignee (routed, rerouted, reassigned), absent
//     while the ticket waits for one;
//   - agent_replies and first_reply_at from the public agent replies
//     (internal notes are no reply); contacts counts the customer's
//     contacts: the opening and each customer reply;
//   - answered_at and abandoned_at from answered and abandoned;
//     handle_seconds sums the handle time of replies, notes and handled
//     events, absent when none was reported; qa_score is the last
//     review's; complaint, difficult and commendation from complained,
//     marked_difficult and commended;
//   - reopened counts reopens; a reopen clears solved_at, closed_at and
//     csat as it does the ticket's state, so they are those of the last
//     solve, close and rating;
//   - approvals: each approval_requested event's request, from its detail
//     "<ticket>.A<n> <action>[ of <amount>]: <outcome>" and its actor, the
//     requester; a detail that does not read so is skipped;
//   - sla: each metric met or breached (their entries name its target),
//     with the target of its last such entry and breached when any cycle
//     of it was; a clock never met nor breached records no target, and
//     is absent.
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
	var handle float64
	handled := false
	var d data
	for _, e := range events {
		rec.Drill = rec.Drill || e.Drill
		d = data{}
		if len(e.Data) > 0 && told(e.Type) {
			_ = json.Unmarshal(e.Data, &d) // an event without these fields tells nothing more
		}
		at := e.At.UTC()
		switch e.Type {
		case event.Opened:
			if !opened {
				opened = true
				rec.CreatedAt = at
				rec.Contacts++
				rec.Channel = d.Channel
				if i := strings.LastIndex(d.Detail, viaSep); i >= 0 && d.Channel == "" {
					rec.Channel = d.Detail[i+len(viaSep):]
				}
				rec.Category, rec.Customer, rec.Tier, rec.Language = d.Category, d.Customer, d.Tier, d.Language
			}
		case event.Routed, event.Rerouted:
			rec.Team = cmp.Or(d.Team, rec.Team)
			if d.Agent != nil {
				rec.Agent = *d.Agent
			} else if _, agent, ok := strings.Cut(d.Detail, agentSep); ok {
				rec.Agent = agent
				if agent == waiting {
					rec.Agent = ""
				}
			}
		case event.Reassigned:
			if d.Agent != nil {
				rec.Agent = *d.Agent
			} else if rest, ok := strings.CutPrefix(d.Detail, toPrefix); ok {
				rec.Agent, _, _ = strings.Cut(rest, " ")
			}
		case event.Reply:
			handle, handled = handle+d.HandleSeconds, handled || d.HandleSeconds > 0
			switch cmp.Or(d.From, d.Detail) {
			case fromAgent:
				rec.AgentReplies++
				if rec.FirstReplyAt == nil {
					rec.FirstReplyAt = &at
				}
			case fromCust:
				rec.Contacts++
			}
		case event.Note:
			handle, handled = handle+d.HandleSeconds, handled || d.HandleSeconds > 0
		case event.Handled:
			handle, handled = handle+d.Seconds, true
		case event.Answered:
			if rec.AnsweredAt == nil {
				rec.AnsweredAt = &at
			}
		case event.Abandoned:
			if rec.AbandonedAt == nil {
				rec.AbandonedAt = &at
			}
		case event.QAReviewed:
			if d.Score != nil {
				score := *d.Score
				rec.QAScore = &score
			}
		case event.Complained:
			rec.Complaint = true
		case event.MarkedDifficult:
			rec.Difficult = true
		case event.Commended:
			rec.Commendation = true
		case event.CSAT:
			if d.Rating != nil {
				n := *d.Rating
				rec.CSAT = &n
			} else if n, err := strconv.Atoi(strings.TrimPrefix(d.Detail, ratingWord)); err == nil {
				rec.CSAT = &n
			}
		case event.Solved:
			rec.SolvedAt = &at
		case event.Closed:
			rec.ClosedAt = &at
		case event.Reopened:
			rec.Reopened++
			rec.SolvedAt, rec.ClosedAt, rec.CSAT = nil, nil, nil
		case event.ApprovalRequested:
			if a, ok := parseApproval(d.Detail, e.Actor); ok {
				rec.Approvals = append(rec.Approvals, a)
			}
		case event.SLAMet, event.SLABreached:
			breach := e.Type == event.SLABreached
			if d.Metric != "" && d.TargetSeconds > 0 {
				setSeconds(&rec, d.Metric, d.TargetSeconds, breach)
				continue
			}
			if !breach {
				metric, _, _ := strings.Cut(d.Detail, " ")
				if _, rest, ok := strings.Cut(d.Detail, targetOpen); ok {
					setTarget(&rec, metric, strings.TrimSuffix(rest, ")"), false)
				}
			} else if metric, rest, ok := strings.Cut(d.Detail, breachedSep); ok {
				target, _, _ := strings.Cut(rest, " ")
				setTarget(&rec, metric, target, true)
			}
		}
	}
	if handled {
		rec.HandleSeconds = &handle
	}
	// The queue and priority are the last an event recorded.
	for i := len(events) - 1; i >= 0 && (rec.Queue == "" || rec.Priority == ""); i-- {
		var qp struct {
			Queue    string `json:"queue"`
			Priority string `json:"priority"`
		}
		if len(events[i].Data) > 0 {
			_ = json.Unmarshal(events[i].Data, &qp)
		}
		rec.Queue, rec.Priority = cmp.Or(rec.Queue, qp.Queue), cmp.Or(rec.Priority, qp.Priority)
	}
	return rec, opened
}

// told says whether fold reads the data of an event of type typ beyond
// the queue and priority: decoding the data of the others would be wasted.
func told(typ string) bool {
	switch typ {
	case event.Opened, event.Routed, event.Rerouted, event.Reassigned, event.Reply, event.Note,
		event.Handled, event.QAReviewed, event.CSAT, event.SLAMet, event.SLABreached, event.ApprovalRequested:
		return true
	}
	return false
}

// setTarget records a met (breach false) or breached clock of metric
// with target, a Go duration; a breach stays.
func setTarget(rec *Record, metric, target string, breach bool) {
	d, err := time.ParseDuration(target)
	if err != nil || metric == "" {
		return
	}
	setSeconds(rec, metric, d.Seconds(), breach)
}

// setSeconds records a met (breach false) or breached clock of metric
// with a target of seconds; a breach stays.
func setSeconds(rec *Record, metric string, seconds float64, breach bool) {
	if rec.SLA == nil {
		rec.SLA = map[string]SLAResult{}
	}
	res := rec.SLA[metric]
	res.TargetSeconds = seconds
	res.Breached = res.Breached || breach
	rec.SLA[metric] = res
}

// parseApproval reads an approval_requested detail,
// "<ticket>.A<n> <action>[ of <amount>]: <outcome>", requested by
// requester; ok is false when it does not read so.
func parseApproval(detail, requester string) (RecordApproval, bool) {
	id, rest, ok := strings.Cut(detail, " ")
	if !ok || id == "" || requester == "" {
		return RecordApproval{}, false
	}
	i := strings.LastIndex(rest, outcomeSep)
	if i < 0 {
		return RecordApproval{}, false
	}
	subject, outcome := rest[:i], rest[i+len(outcomeSep):]
	a := RecordApproval{ID: id, Action: subject, Requester: requester, Outcome: outcome}
	if action, amount, ok := strings.Cut(subject, amountSep); ok {
		n, err := strconv.ParseFloat(amount, 64)
		if err != nil || !(n >= 0) || math.IsInf(n, 1) {
			return RecordApproval{}, false
		}
		a.Action, a.Amount = action, &n
	}
	if !slices.Contains(approvalActions(), a.Action) || !slices.Contains(approvalOutcomes(), a.Outcome) {
		return RecordApproval{}, false
	}
	return a, true
}
