package ticket

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/supportops/supportops/engine/model"
)

// Bounds of the performance events' values.
const (
	// MaxHandleSeconds is the most handle time one reply or handle event
	// reports: a day.
	MaxHandleSeconds = 86400
	// MinQAScore and MaxQAScore bound a quality review's score.
	MinQAScore = 0
	MaxQAScore = 100
	// MaxNotesLength is the longest quality review's notes, in bytes.
	MaxNotesLength = 4 << 10
)

// ErrOwnReview is the refusal of a quality review by the ticket's own
// agent (or by someone acting for them).
var ErrOwnReview = errors.New("the ticket's own agent may not review it")

// QA is a quality review of a ticket's handling.
type QA struct {
	Score    int       `json:"score"`
	Reviewer string    `json:"reviewer"`
	Notes    string    `json:"notes,omitempty"`
	At       time.Time `json:"at"`
}

// EntryData are a history entry's facts as values, by the entry's type:
// opened has the ticket's opening facts, routed, rerouted and reassigned
// the agent (routed and rerouted also the queue's team), reply and note
// who wrote it and the handle time, csat the rating, sla_met and
// sla_breached the metric and its target, handled the seconds and
// qa_reviewed the score. The JSON names are recorded in the event store:
// they never change.
type EntryData struct {
	Channel     string `json:"channel,omitempty"`
	ChannelKind string `json:"channel_kind,omitempty"`
	Category    string `json:"category,omitempty"`
	Customer    string `json:"customer,omitempty"`
	Tier        string `json:"tier,omitempty"`
	Language    string `json:"language,omitempty"`
	Team        string `json:"team,omitempty"`
	// Agent is the agent given the ticket; "" (present) when it waits
	// for one.
	Agent *string `json:"agent,omitempty"`
	// From and Public say who wrote a reply or note, and whether the
	// customer sees it.
	From   string `json:"from,omitempty"`
	Public *bool  `json:"public,omitempty"`
	// HandleSeconds is a reply's or note's handle time; Seconds a
	// handled entry's.
	HandleSeconds int `json:"handle_seconds,omitempty"`
	Seconds       int `json:"seconds,omitempty"`
	Rating        int `json:"rating,omitempty"`
	// Metric and TargetSeconds name an SLA clock and its target.
	Metric        string  `json:"metric,omitempty"`
	TargetSeconds float64 `json:"target_seconds,omitempty"`
	// Score and Notes are a quality review's.
	Score *int   `json:"score,omitempty"`
	Notes string `json:"notes,omitempty"`
}

// Performance says whether kind is one of the events the performance
// measures read and the ticket only keeps: answer, abandon, handle, qa,
// complaint, difficult and commendation.
func Performance(kind string) bool {
	switch kind {
	case EventAnswer, EventAbandon, EventHandle, EventQA, EventComplaint, EventDifficult, EventCommendation:
		return true
	}
	return false
}

// Live says whether a channel of kind is a live one, whose contacts are
// answered or abandoned: phone and chat.
func Live(kind string) bool {
	return kind == string(model.Phone) || kind == string(model.Chat)
}

// CheckPerformance says why ev, a performance event or a reply with
// handle time, cannot apply to a ticket in st; nil when it can. A review
// by the ticket's agent wraps ErrOwnReview.
func CheckPerformance(st State, ev Event) error {
	closed := st.Status == StatusClosed
	switch ev.Kind {
	case EventReply:
		if ev.HandleSeconds == 0 {
			return nil
		}
		if ev.From != FromAgent {
			return fmt.Errorf("reply: handle_seconds is an agent's; the %s's reply has none", ev.From)
		}
		return checkSeconds("reply: handle_seconds", ev.HandleSeconds)
	case EventAnswer, EventAbandon:
		switch {
		case !Live(st.ChannelKind):
			return fmt.Errorf("%s: ticket %s came in by %s, a channel of kind %s; only phone and chat contacts are answered or abandoned",
				ev.Kind, st.Ticket.ID, st.Ticket.Channel, orUnknown(st.ChannelKind))
		case closed:
			return fmt.Errorf("%s: the ticket is closed", ev.Kind)
		case !st.AnsweredAt.IsZero():
			return fmt.Errorf("%s: the contact was answered at %s", ev.Kind, st.AnsweredAt.Format(time.RFC3339))
		case !st.AbandonedAt.IsZero():
			return fmt.Errorf("%s: the customer abandoned the contact at %s", ev.Kind, st.AbandonedAt.Format(time.RFC3339))
		}
	case EventHandle:
		return checkSeconds("handle: seconds", ev.Seconds)
	case EventQA:
		switch {
		case ev.Score == nil:
			return errors.New("qa: no score given")
		case *ev.Score < MinQAScore || *ev.Score > MaxQAScore:
			return fmt.Errorf("qa: score must be %d to %d, got %d", MinQAScore, MaxQAScore, *ev.Score)
		case ev.Actor == "":
			return errors.New("qa: no reviewer (actor)")
		case len(ev.Comment) > MaxNotesLength:
			return fmt.Errorf("qa: notes are %d bytes, at most %d", len(ev.Comment), MaxNotesLength)
		case !utf8.ValidString(ev.Comment):
			return errors.New("qa: notes are not valid UTF-8")
		case st.Agent != "" && (ev.Actor == st.Agent || ev.OnBehalfOf == st.Agent):
			return fmt.Errorf("qa: %s is the agent of ticket %s: %w", st.Agent, st.Ticket.ID, ErrOwnReview)
		}
	case EventComplaint, EventDifficult, EventCommendation:
	default:
		return fmt.Errorf("%q is not a performance event", ev.Kind)
	}
	return nil
}

// checkSeconds says why n cannot be a handle time.
func checkSeconds(what string, n int) error {
	if n < 1 || n > MaxHandleSeconds {
		return fmt.Errorf("%s must be 1 to %d, got %d", what, MaxHandleSeconds, n)
	}
	return nil
}

// orUnknown is s, or "(unknown)" when it is empty, for a message.
func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// ApplyPerformance records ev, a performance event or a reply with handle
// time that CheckPerformance accepts, in st at time at.
func ApplyPerformance(st *State, ev Event, at time.Time) {
	switch ev.Kind {
	case EventReply:
		st.HandleSeconds += ev.HandleSeconds
	case EventAnswer:
		st.AnsweredAt = at
	case EventAbandon:
		st.AbandonedAt = at
	case EventHandle:
		st.HandleSeconds += ev.Seconds
	case EventQA:
		st.QA = &QA{Score: *ev.Score, Reviewer: ev.Actor, Notes: ev.Comment, At: at}
	case EventComplaint:
		st.Complaint = true
	case EventDifficult:
		st.Difficult = true
	case EventCommendation:
		st.Commendation = true
	}
}
