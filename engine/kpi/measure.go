package kpi

import (
	"time"

	"github.com/supportops/supportops/engine/history"
)

// measure adds what record r with fact f contributes to a's sums; the
// caller has checked the period, the channel and the scope.
func (s *spec) measure(a *acc, r *history.Record, f *fact) {
	switch s.metric {
	case answerRate, abandonmentRate, serviceLevel:
		if !f.live {
			return
		}
		a.den++
		if s.counts(r) {
			a.num++
		}
	case asa:
		if f.live && r.AnsweredAt != nil {
			a.num += seconds(r.CreatedAt, *r.AnsweredAt)
			a.den++
		}
	case avgFirstResponse:
		if r.FirstReplyAt != nil {
			a.num += seconds(r.CreatedAt, *r.FirstReplyAt)
			a.den++
		}
	case aht, utilisation:
		if r.HandleSeconds != nil {
			a.num += *r.HandleSeconds
			a.den++
		}
	case csat:
		if r.CSAT != nil {
			a.num += float64(*r.CSAT)
			a.den++
		}
	case qaScore:
		if r.QAScore != nil {
			a.num += *r.QAScore
			a.den++
		}
	case fcr:
		a.den++
		if r.Contacts == 1 && r.Reopened == 0 {
			a.num++
		}
	case resolutionRate:
		if res, ok := r.SLA[resolutionSLA]; ok {
			a.den++
			if !res.Breached {
				a.num++
			}
		}
	case complaintRate:
		a.den++
		if r.Complaint {
			a.num++
		}
	case workload:
		w := 1.0
		if f.channel >= 0 && int(f.channel) < len(s.weights) {
			w = s.weights[f.channel]
		}
		a.num += w
		a.den++
	}
}

// counts says whether an offered ticket counts in the numerator of the
// live-contact rates.
func (s *spec) counts(r *history.Record) bool {
	switch s.metric {
	case answerRate:
		return r.AnsweredAt != nil
	case abandonmentRate:
		return r.AbandonedAt != nil
	case serviceLevel:
		return r.AnsweredAt != nil && r.AnsweredAt.Sub(r.CreatedAt) <= s.within
	}
	return false
}

// seconds is the time from a to b in seconds.
func seconds(a, b time.Time) float64 { return b.Sub(a).Seconds() }
