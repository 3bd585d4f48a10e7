package historygen

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// The example history, as `make history` writes it.
const (
	exampleDir     = "../../examples/acme-shop"
	exampleHistory = exampleDir + "/history/2026-11.jsonl.gz"
	exampleMonth   = "2026-11"
	exampleSeed    = 13
)

// gzipped generates and compresses a month of the example.
func gzipped(t *testing.T, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteGzip(&buf, generated(t, opts)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func generated(t *testing.T, opts Options) []history.Record {
	t.Helper()
	snap := configtest.Load(t, exampleDir)
	opts.Calendars = snap.Calendars
	recs, err := Generate(snap.Config, opts)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestDeterministic(t *testing.T) {
	opts := Options{Month: exampleMonth, Seed: 7, Tickets: 1500}
	a, b := gzipped(t, opts), gzipped(t, opts)
	if !bytes.Equal(a, b) {
		t.Fatalf("two generations with seed 7 differ (%d and %d bytes)", len(a), len(b))
	}
	opts.Seed = 8
	if c := gzipped(t, opts); bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same history")
	}
}

// TestCommittedHistory checks that the committed example history is what
// the generator makes of the example today: run `make history` after a
// change of either.
func TestCommittedHistory(t *testing.T) {
	want, err := os.ReadFile(exampleHistory)
	if err != nil {
		t.Fatal(err)
	}
	got := gzipped(t, Options{Month: exampleMonth, Seed: exampleSeed})
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what the generator makes (%d bytes, fresh %d): run make history", exampleHistory, len(want), len(got))
	}
	recs, err := history.Read(exampleHistory, bytes.NewReader(want))
	if err != nil {
		t.Fatalf("read the committed history back: %v", err)
	}
	if len(recs) < DefaultTickets {
		t.Fatalf("the committed history has %d tickets, want at least %d", len(recs), DefaultTickets)
	}
}

// shape is what a month of history looks like, in round shares.
type shape struct {
	Tickets, Drills, Reviewed               int
	PhoneAnswered, PhoneWithin20s           float64 // of phone calls offered
	Rated, Complaints, Difficult            float64 // of tickets
	WeekdayPerSaturday                      float64 // tickets a day
	LiveOutsideHours                        int     // calls and chats at night, outside the VIP desk
	Channels, Queues, Teams, AgentsAssigned int
}

func TestShape(t *testing.T) {
	snap := configtest.Load(t, exampleDir)
	recs, err := Generate(snap.Config, Options{Month: exampleMonth, Seed: exampleSeed, Calendars: snap.Calendars})
	if err != nil {
		t.Fatal(err)
	}
	got := measure(t, snap.Config, recs)
	// Rounded so that a tuning that keeps the month believable keeps
	// the test: shares to the percent, a ratio to one digit.
	want := shape{
		Tickets: 20000, Drills: 60, Reviewed: 26 * reviewsPerAgent,
		PhoneAnswered: 0.78, PhoneWithin20s: 0.65,
		Rated: 0.55, Complaints: 0.02, Difficult: 0.09,
		WeekdayPerSaturday: 2.5, LiveOutsideHours: 0,
		Channels: 6, Queues: 8, Teams: 5, AgentsAssigned: 26,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shape of the example month (-want +got):\n%s", diff)
	}
}

// measure rounds the shape of recs.
func measure(t *testing.T, cfg *model.Config, recs []history.Record) shape {
	t.Helper()
	var s shape
	var offered, answered, within, rated, complaints, difficult, weekday, saturday float64
	channels, queues, teams, agents := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range recs {
		if r.Drill {
			s.Drills++
			continue
		}
		s.Tickets++
		channels[r.Channel], queues[r.Queue], teams[r.Team] = true, true, true
		if r.Agent != "" {
			agents[r.Agent] = true
		}
		if r.Channel == "phone" {
			offered++
			if r.AnsweredAt != nil {
				answered++
				if r.AnsweredAt.Sub(r.CreatedAt).Seconds() <= 20 {
					within++
				}
			}
		}
		if r.CSAT != nil {
			rated++
		}
		if r.Complaint {
			complaints++
		}
		if r.Difficult {
			difficult++
		}
		if r.QAScore != nil {
			s.Reviewed++
		}
		switch d := r.CreatedAt.Weekday(); {
		case d == 6:
			saturday++
		case d >= 1 && d <= 5:
			weekday++
		}
		if k := cfg.Channels[r.Channel].Kind; (k == model.Phone || k == model.Chat) && r.Queue != "vip" {
			if h := r.CreatedAt.Hour(); h < 6 || h >= 20 {
				s.LiveOutsideHours++
			}
		}
	}
	round := func(x float64, unit float64) float64 { return float64(int(x/unit+0.5)) * unit }
	n := float64(s.Tickets)
	s.PhoneAnswered = round(answered/offered, 0.01)
	s.PhoneWithin20s = round(within/offered, 0.01)
	s.Rated, s.Complaints, s.Difficult = round(rated/n, 0.01), round(complaints/n, 0.01), round(difficult/n, 0.01)
	// Per day: November 2026 has 21 weekdays and 4 Saturdays.
	s.WeekdayPerSaturday = round((weekday/21)/(saturday/4), 0.1)
	s.Channels, s.Queues, s.Teams, s.AgentsAssigned = len(channels), len(queues), len(teams), len(agents)
	return s
}
