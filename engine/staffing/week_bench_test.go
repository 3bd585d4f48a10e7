package staffing_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
	"github.com/supportops/supportops/engine/staffing"
)

// bigCenter is the scale: 200 forecast queue channels (50 teams,
// each with a phone, chat, email and second phone queue) and 5,000 agents
// (100 a team) on four shift patterns, 30-minute intervals.
func bigCenter() *model.Config {
	sl, occ := 80.0, 85.0
	cfg := &model.Config{
		Center:    model.Center{Name: "big", Timezone: "Europe/Berlin"},
		Teams:     map[string]model.Team{},
		Queues:    map[string]model.Queue{},
		Agents:    map[string]model.Agent{},
		Forecasts: map[string]map[string]model.Forecast{},
		ShiftPatterns: map[string]model.ShiftPattern{
			"early":  {Hours: "mon-fri 07:00-15:30", Breaks: []string{"11:30-12:00"}},
			"middle": {Hours: "mon-fri 10:00-18:30", Breaks: []string{"13:30-14:00"}},
			"late":   {Hours: "mon-fri 13:30-22:00", Breaks: []string{"17:30-18:00"}},
			"sat":    {Hours: "sat 09:00-17:00", Breaks: []string{"12:30-13:00"}},
		},
		Staffing: &model.Staffing{Interval: "30m", Shrinkage: 30, MaxOccupancy: &occ, Week: "2026-W49", Goals: map[string]map[string]model.StaffingGoal{}},
	}
	profile := map[string]float64{}
	for h := 7; h < 22; h++ {
		profile[fmt.Sprintf("%02d:00", h)] = 100.0 / 15
	}
	one, sat := 1.0, 0.4
	weekdays := &model.Weekdays{Mon: &one, Tue: &one, Wed: &one, Thu: &one, Fri: &one, Sat: &sat}
	patterns := []string{"early", "middle", "late"}
	for t := range 50 {
		team := fmt.Sprintf("team%02d", t)
		cfg.Teams[team] = model.Team{Name: team}
		for i, ch := range []string{"phone", "chat", "email", "phone2"} {
			q := fmt.Sprintf("%s-q%d", team, i)
			channel := ch
			if ch == "phone2" {
				channel = "phone"
			}
			cfg.Queues[q] = model.Queue{Team: team, Channels: []string{channel}, Languages: []string{"de"}}
			volume := 6000.0
			f := model.Forecast{AHT: "5m", WeeklyVolume: &volume, Profile: profile, Weekdays: weekdays}
			if channel == "phone" {
				f.Patience = "2m"
			}
			if channel == "chat" {
				f.Concurrency = 3
			}
			cfg.Forecasts[q] = map[string]model.Forecast{channel: f}
			cfg.Staffing.Goals[q] = map[string]model.StaffingGoal{channel: {Within: "20s", ServiceLevel: &sl}}
		}
		for a := range 100 {
			shifts := []string{patterns[a%3]}
			if a%5 == 0 {
				shifts = append(shifts, "sat")
			}
			cfg.Agents[fmt.Sprintf("%s-a%03d", team, a)] = model.Agent{Name: "A", Team: team, Languages: []string{"de"},
				Channels: map[string]int{"phone": 1, "chat": 3, "email": 10}, Shifts: shifts}
		}
	}
	return cfg
}

// BenchmarkWeek lays out and analyses the week of bigCenter: roster.Week
// and Analyse, what the staffing check runs.
func BenchmarkWeek(b *testing.B) {
	cfg := bigCenter()
	week, err := staffing.CheckWeek(cfg, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		plan, err := roster.Week(cfg, week)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := staffing.Analyse(cfg, plan); err != nil {
			b.Fatal(err)
		}
	}
}
