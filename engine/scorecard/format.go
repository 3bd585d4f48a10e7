package scorecard

import (
	"fmt"
	"math"
	"strings"
)

// How a metric's values read.
type unit int

const (
	unitPlain   unit = iota // one decimal
	unitPercent             // a rate or level: "80.0 %", "1.35 %"
	unitSeconds             // a time: "4h 0m", "3m 20s", "25 s"
	unitCSAT                // a 1-5 rating: "4.62"
)

// Time units of formatted durations, in seconds.
const (
	secondsPerMinute = 60
	secondsPerHour   = 3600
)

// smallPercent is the percentage below which two decimals are shown: the
// bands of a complaint rate are 1.2, 1.35 and 1.6.
const smallPercent = 10

// minus is the sign of a negative gap: a typographic minus.
const minus = "\u2212"

// unitOf is the unit of a metric's values.
func unitOf(metric string) unit {
	switch metric {
	case "answer_rate", "abandonment_rate", "service_level", "fcr", "repeat_contact_rate",
		"resolution_rate", "complaint_rate", "utilisation", "workload":
		return unitPercent
	case "asa", "avg_first_response", "aht":
		return unitSeconds
	case "csat":
		return unitCSAT
	}
	return unitPlain
}

// formatValue formats a value of metric: "64.2 %", "4h 0m", "25 s", "4.31".
func formatValue(metric string, v float64) string {
	switch unitOf(metric) {
	case unitPercent:
		return percent(v) + " %"
	case unitSeconds:
		return duration(v)
	case unitCSAT:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// formatGap formats a gap to target, signed so that "+" is better than the
// target: "+3.2 pts", "−1h 0m", "−0.28"; zero is "on target".
func formatGap(metric string, g float64) string {
	u := unitOf(metric)
	text := ""
	switch u {
	case unitPercent:
		text = percent(math.Abs(g)) + " pts"
	case unitSeconds:
		text = duration(math.Abs(g))
	case unitCSAT:
		text = fmt.Sprintf("%.2f", math.Abs(g))
	default:
		text = fmt.Sprintf("%.1f", math.Abs(g))
	}
	if strings.Trim(text, "0.hms pt") == "" {
		return "on target"
	}
	if g < 0 {
		return minus + text
	}
	return "+" + text
}

// percent formats a percentage without its sign: one decimal, two below
// smallPercent.
func percent(v float64) string {
	if math.Abs(v) < smallPercent {
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// duration formats seconds: "4h 0m" from an hour, "3m 20s" from a minute,
// else "25 s" or "21.5 s".
func duration(s float64) string {
	if math.Round(s*10) < 10*secondsPerMinute {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", s), ".0") + " s"
	}
	if r := int(math.Round(s)); r < secondsPerHour {
		return fmt.Sprintf("%dm %ds", r/secondsPerMinute, r%secondsPerMinute)
	}
	m := int(math.Round(s / secondsPerMinute))
	return fmt.Sprintf("%dh %dm", m/60, m%60)
}
