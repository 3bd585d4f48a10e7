package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// breachTarget is the first-reply target of the timer measurement's SLA
// policy, counted from the moment its calendar opens.
const breachTarget = 10 * time.Second

// timerConfig writes into dir a copy of the example configuration at
// example in which every ticket matches one SLA policy, "growth-timers":
// a first reply within breachTarget and a resolution within 72 h, counted
// on the calendar "growth-window", which is closed until opens (UTC,
// whole minutes) and then open to midnight. Every ticket opened before
// then has its first-reply breach due at the same instant,
// opens+breachTarget, so all their timers come due together.
//
// The window must open later on the same UTC day as now: the calendar is
// closed from midnight, so a ticket opened the day before would count from
// midnight instead.
func timerConfig(example, dir string, now, opens time.Time) error {
	now, opens = now.UTC(), opens.UTC()
	if now.YearDay() != opens.YearDay() || opens.Hour() == 0 && opens.Minute() == 0 {
		return fmt.Errorf("write the timer configuration: the window would open at %s UTC, across midnight from now; run it after 00:00 UTC", opens.Format("15:04"))
	}
	if err := copyConfig(example, dir); err != nil {
		return err
	}
	calendar := fmt.Sprintf(`package supportops

// Written by cmd/supportopsd/internal/growth: closed until %[1]s UTC, then
// open, so that every ticket opened before then has its first-reply
// breach due at %[1]s UTC plus the target.
calendars: "growth-window": {
	name:     "growth measurement window"
	timezone: "UTC"
	hours: ["daily %[1]s-24:00"]
}
`, opens.Format("15:04"))
	if err := os.WriteFile(filepath.Join(dir, "growth.cue"), []byte(calendar), 0o600); err != nil {
		return fmt.Errorf("write the timer configuration: %w", err)
	}
	slaPath := filepath.Join(dir, "sla.cue")
	b, err := os.ReadFile(slaPath)
	if err != nil {
		return fmt.Errorf("write the timer configuration: %w", err)
	}
	const list = "sla_policies: [\n"
	if !strings.Contains(string(b), list) {
		return fmt.Errorf("write the timer configuration: %s has no %q", slaPath, strings.TrimSpace(list))
	}
	policy := fmt.Sprintf(`	{
		name:            "growth-timers"
		description:     "Every ticket: first reply within %s of the growth window's opening."
		calendar:        "growth-window"
		escalation_path: "standard"
		metrics: {
			first_reply: target: "%s"
			resolution: target:  "72h"
		}
	},
`, breachTarget, breachTarget)
	patched := strings.Replace(string(b), list, list+policy, 1)
	if err := os.WriteFile(slaPath, []byte(patched), 0o600); err != nil {
		return fmt.Errorf("write the timer configuration: %w", err)
	}
	return nil
}

// copyConfig copies the configuration at example into dir, without its
// example history (which the daemon does not read).
func copyConfig(example, dir string) error {
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		return fmt.Errorf("copy the configuration %s: %w", example, err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "history")); err != nil {
		return fmt.Errorf("copy the configuration %s: %w", example, err)
	}
	return nil
}
