package staffing

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseTarget parses a service-level target written PCT/DURATION, the way
// support leads say it: "80/20s" is 80 % of contacts answered within 20
// seconds. The percent may carry a "%" ("80%/20s") and lies in (0, 100];
// the duration is a Go duration of 0 or more ("20s", "1m30s"), or a bare
// number of seconds ("80/20"). It returns the goal's ServiceLevel and
// Within, the rest unset.
func ParseTarget(s string) (Goal, error) {
	pct, within, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Goal{}, fmt.Errorf("target %q: want PERCENT/DURATION, e.g. 80/20s", s)
	}
	sl, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(pct), "%"), 64)
	if err != nil || math.IsNaN(sl) || sl <= 0 || sl > percent {
		return Goal{}, fmt.Errorf("target %q: the service level %q is not a percent in (0, 100]", s, pct)
	}
	d, err := parseAnswerTime(strings.TrimSpace(within))
	if err != nil {
		return Goal{}, fmt.Errorf("target %q: %w", s, err)
	}
	return Goal{ServiceLevel: sl, Within: d}, nil
}

// parseAnswerTime parses a target's answer time: a Go duration, or a bare
// number of seconds.
func parseAnswerTime(s string) (time.Duration, error) {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(secs) || secs < 0 || secs > math.MaxInt64/float64(time.Second) {
			return 0, fmt.Errorf("the answer time %q is not a number of seconds of 0 or more", s)
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("the answer time %q is not a duration such as 20s or 1m", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("the answer time %q is negative", s)
	}
	return d, nil
}

// Target is g's service level and answer time written as ParseTarget reads
// them: "80/20s".
func (g Goal) Target() string {
	return strconv.FormatFloat(g.ServiceLevel, 'g', -1, 64) + "/" + g.Within.String()
}
