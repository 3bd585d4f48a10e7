package kpi

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// liveRecords are contacts for the live-channel metrics of November 2026.
// Offered (phone or chat, created in November local time, no drill):
// A, B, C and E. D is email; F is 23:30 on 31 October local (November in
// UTC); E is 23:30 on 30 November local (December in UTC); G is a drill.
func liveRecords(t *testing.T) []history.Record {
	a, b, c := at(t, "2026-11-05 10:00"), at(t, "2026-11-06 10:00"), at(t, "2026-11-07 10:00")
	d, e := at(t, "2026-11-08 10:00"), at(t, "2026-11-30 23:30")
	f, g := at(t, "2026-10-31 23:30"), at(t, "2026-11-09 10:00")
	return []history.Record{
		{ID: "A", Channel: "phone", CreatedAt: a, AnsweredAt: plus(a, 10), FirstReplyAt: plus(a, 60)},
		{ID: "B", Channel: "chat", CreatedAt: b, AnsweredAt: plus(b, 25)},
		{ID: "C", Channel: "phone", CreatedAt: c, AbandonedAt: plus(c, 40)},
		{ID: "D", Channel: "email", CreatedAt: d, AnsweredAt: plus(d, 200), FirstReplyAt: plus(d, 600)},
		{ID: "E", Channel: "phone", CreatedAt: e, AnsweredAt: plus(e, 20), FirstReplyAt: plus(e, 120)},
		{ID: "F", Channel: "phone", CreatedAt: f, AbandonedAt: plus(f, 5), FirstReplyAt: plus(f, 1000)},
		{ID: "G", Channel: "phone", CreatedAt: g, AbandonedAt: plus(g, 5), AnsweredAt: plus(g, 100), FirstReplyAt: plus(g, 30), Drill: true},
	}
}

// solvedRecords are tickets for the solved_at metrics of November 2026.
// Solved in November local time: S1 (created in October), S2, S3 (23:30
// on 30 November local, December in UTC) and S7. S4 is solved in
// December, S5 never, S6 is a drill.
func solvedRecords(t *testing.T) []history.Record {
	s1, s2, s3 := at(t, "2026-10-28 10:00"), at(t, "2026-11-10 10:00"), at(t, "2026-11-20 10:00")
	s4, s5, s6, s7 := at(t, "2026-11-25 10:00"), at(t, "2026-11-26 10:00"), at(t, "2026-11-14 10:00"), at(t, "2026-11-16 10:00")
	res := func(breached bool) map[string]history.SLAResult {
		return map[string]history.SLAResult{"resolution": {TargetSeconds: 86400, Breached: breached}}
	}
	return []history.Record{
		{ID: "S1", Channel: "email", CreatedAt: s1, SolvedAt: ptr(at(t, "2026-11-02 09:00")), Contacts: 1,
			HandleSeconds: ptr(300.0), CSAT: ptr(5), QAScore: ptr(90.0), SLA: res(false)},
		{ID: "S2", Channel: "email", CreatedAt: s2, SolvedAt: ptr(at(t, "2026-11-11 09:00")), Contacts: 2,
			HandleSeconds: ptr(600.0), CSAT: ptr(4), QAScore: ptr(80.0), SLA: res(true)},
		{ID: "S3", Channel: "email", CreatedAt: s3, SolvedAt: ptr(at(t, "2026-11-30 23:30")), Contacts: 1,
			HandleSeconds: ptr(900.0), CSAT: ptr(3), QAScore: ptr(70.0),
			SLA: map[string]history.SLAResult{"first_reply": {TargetSeconds: 3600}}},
		{ID: "S4", Channel: "email", CreatedAt: s4, SolvedAt: ptr(at(t, "2026-12-02 09:00")), Contacts: 1,
			HandleSeconds: ptr(1200.0), CSAT: ptr(1), QAScore: ptr(10.0), SLA: res(false)},
		{ID: "S5", Channel: "email", CreatedAt: s5, Contacts: 1, HandleSeconds: ptr(100.0), CSAT: ptr(1), QAScore: ptr(10.0)},
		{ID: "S6", Channel: "email", CreatedAt: s6, SolvedAt: ptr(at(t, "2026-11-15 09:00")), Contacts: 1,
			HandleSeconds: ptr(50.0), CSAT: ptr(1), QAScore: ptr(10.0), SLA: res(false), Drill: true},
		{ID: "S7", Channel: "email", CreatedAt: s7, SolvedAt: ptr(at(t, "2026-11-17 09:00")), Contacts: 1, Reopened: 1,
			SLA: res(false)},
	}
}

// complaintRecords: created in November local time T1-T4; T5 is 23:30 on
// 31 October local; T6 a drill.
func complaintRecords(t *testing.T) []history.Record {
	return []history.Record{
		{ID: "T1", Channel: "email", CreatedAt: at(t, "2026-11-03 10:00"), Complaint: true},
		{ID: "T2", Channel: "phone", CreatedAt: at(t, "2026-11-04 10:00")},
		{ID: "T3", Channel: "chat", CreatedAt: at(t, "2026-11-05 10:00")},
		{ID: "T4", Channel: "email", CreatedAt: at(t, "2026-11-30 23:30"), Complaint: true},
		{ID: "T5", Channel: "email", CreatedAt: at(t, "2026-10-31 23:30")},
		{ID: "T6", Channel: "email", CreatedAt: at(t, "2026-11-06 10:00"), Complaint: true, Drill: true},
	}
}

// repeatRecords: c1 opens R1, R2 six days later (R1 repeats), R3 and
// R4 exactly seven days later in December (R3 repeats); c2 opens R5,
// R6 of another category and R7 ten days after R5 (none repeat); c3's
// R8 is followed only by a drill, R9; R10 has no customer; c4 opens R11
// and R12 at the same instant (not "after": none repeat). November has
// R1-R3, R5-R8 and R10-R12: 10 tickets, 2 repeated.
func repeatRecords(t *testing.T) []history.Record {
	r := func(id, customer, category, created string) history.Record {
		return history.Record{ID: id, Channel: "email", Customer: customer, Category: category, CreatedAt: at(t, created)}
	}
	r9 := r("R9", "c3", "billing", "2026-11-15 10:00")
	r9.Drill = true
	return []history.Record{
		r("R1", "c1", "billing", "2026-11-03 10:00"), r("R2", "c1", "billing", "2026-11-09 10:00"),
		r("R3", "c1", "billing", "2026-11-24 10:00"), r("R4", "c1", "billing", "2026-12-01 10:00"),
		r("R5", "c2", "refunds", "2026-11-10 10:00"), r("R6", "c2", "billing", "2026-11-12 10:00"),
		r("R7", "c2", "refunds", "2026-11-20 10:00"), r("R8", "c3", "billing", "2026-11-14 10:00"), r9,
		r("R10", "", "billing", "2026-11-28 00:00"),
		r("R11", "c4", "billing", "2026-11-29 12:00"), r("R12", "c4", "billing", "2026-11-29 12:00"),
	}
}

func TestMetrics(t *testing.T) {
	nan := math.NaN()
	sl := kpiOf(MetricServiceLevel, "center")
	sl.Within = "20s"
	phoneOnly := kpiOf(MetricAnswerRate, "center")
	phoneOnly.Channel = "phone"
	tests := map[string]struct {
		reason string
		kpi    model.KPI
		recs   func(*testing.T) []history.Record
		want   []row
	}{
		"answer_rate": {
			reason: "3 of A,B,C,E answered; with email D 3/5, by UTC days (F in, E out) 2/4, with drill G 3/5",
			kpi:    kpiOf(MetricAnswerRate, "center"), recs: liveRecords,
			want: []row{{"center", 75, 3, 4, Good}},
		},
		"answer_rate of phone": {
			reason: "channel restricts to phone: A, C, E offered, A and E answered",
			kpi:    phoneOnly, recs: liveRecords,
			want: []row{{"center", 200.0 / 3, 2, 3, OK}},
		},
		"abandonment_rate": {
			reason: "C of A,B,C,E; by UTC days C and F: 2/4; with drill G 2/5",
			kpi:    kpiOf(MetricAbandonmentRate, "center"), recs: liveRecords,
			want: []row{{"center", 25, 1, 4, Below}},
		},
		"service_level": {
			reason: "A (10s) and E (exactly 20s) within 20s, B (25s) not, C unanswered: 2/4",
			kpi:    sl, recs: liveRecords,
			want: []row{{"center", 50, 2, 4, Below}},
		},
		"asa": {
			reason: "A 10, B 25, E 20 over answered offered: 55/3; with email D 255/4, with drill 155/4",
			kpi:    kpiOf(MetricASA, "center"), recs: liveRecords,
			want: []row{{"center", 55.0 / 3, 55, 3, Below}},
		},
		"avg_first_response": {
			reason: "all channels: A 60, D 600, E 120: 780/3; by UTC days F's 1000 in, E out; drill G 30 out",
			kpi:    kpiOf(MetricAvgFirstResponse, "center"), recs: liveRecords,
			want: []row{{"center", 260, 780, 3, Excellent}},
		},
		"aht": {
			reason: "S1 300, S2 600, S3 900 solved in November (S7 has no handle time): 1800/3; by UTC S3 out, by created_at S1 out and S4/S5 in",
			kpi:    kpiOf(MetricAHT, "center"), recs: solvedRecords,
			want: []row{{"center", 600, 1800, 3, Excellent}},
		},
		"csat": {
			reason: "S1 5, S2 4, S3 3: 12/3; with unsolved S5 13/4, by UTC 9/2, with drill S6 13/4",
			kpi:    kpiOf(MetricCSAT, "center"), recs: solvedRecords,
			want: []row{{"center", 4, 12, 3, Below}},
		},
		"qa_score": {
			reason: "S1 90, S2 80, S3 70: 240/3; by UTC 85, with drill S6 250/4",
			kpi:    kpiOf(MetricQAScore, "center"), recs: solvedRecords,
			want: []row{{"center", 80, 240, 3, Excellent}},
		},
		"fcr": {
			reason: "solved S1, S2, S3, S7; S1 and S3 one contact and not reopened: 2/4; by UTC 1/3, with drill 3/5",
			kpi:    kpiOf(MetricFCR, "center"), recs: solvedRecords,
			want: []row{{"center", 50, 2, 4, Below}},
		},
		"resolution_rate": {
			reason: "solved with a resolution target: S1 met, S2 breached, S7 met (S3 has none): 2/3; over all solved 2/4",
			kpi:    kpiOf(MetricResolutionRate, "center"), recs: solvedRecords,
			want: []row{{"center", 200.0 / 3, 2, 3, OK}},
		},
		"complaint_rate": {
			reason: "T1 and T4 of T1-T4: 2/4; by UTC T4 out, T5 in: 1/4; with drill T6 3/5",
			kpi:    kpiOf(MetricComplaintRate, "center"), recs: complaintRecords,
			want: []row{{"center", 50, 2, 4, Below}},
		},
		"repeat_contact_rate": {
			reason: "R1 and R3 (its repeat R4 in December) of 10: 20; counting drill R9 3/11, same-instant R11/R12 4/10",
			kpi:    kpiOf(MetricRepeatContactRate, "center"), recs: repeatRecords,
			want: []row{{"center", 20, 2, 10, Below}},
		},
		"no data": {
			reason: "no rated ticket in November: no_data, never 0",
			kpi:    kpiOf(MetricCSAT, "center"), recs: liveRecords,
			want: []row{{"center", nan, 0, 0, NoData}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			card := cardOf(t, map[string]model.KPI{"k": tc.kpi}, tc.recs(t), "2026-11")
			if diff := cmp.Diff(tc.want, rows(card, "k"), approx); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// TestRepeatsHashCollision checks two customers whose names hash alike
// are still told apart: c1's two tickets repeat, c2's lone one does not,
// though it lies between them.
func TestRepeatsHashCollision(t *testing.T) {
	rp := newRepeats()
	for _, r := range []history.Record{
		{ID: "1", Customer: "c1", Category: "billing", CreatedAt: at(t, "2026-11-03 10:00")},
		{ID: "2", Customer: "c2", Category: "billing", CreatedAt: at(t, "2026-11-04 10:00")},
		{ID: "3", Customer: "c1", Category: "billing", CreatedAt: at(t, "2026-11-05 10:00")},
		{ID: "4", Customer: "c2", Category: "billing", CreatedAt: at(t, "2026-11-20 10:00")},
	} {
		rp.add(&r, r.CreatedAt.UnixNano(), fact{})
	}
	for i := range rp.n {
		rp.entry(i).hash = 42
	}
	rp.resolve()
	if diff := cmp.Diff([]bool{true, false, false, false}, rp.repeat); diff != "" {
		t.Errorf("repeats (-want +got):\n%s", diff)
	}
}
