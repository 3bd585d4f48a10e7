package drill

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones resolve the same on every machine, as in engine/config

	"github.com/supportops/supportops/engine/model"
)

// The named drill cadences of #DrillSettings.cadence and the cron
// expressions they stand for. Each fires at 10:00 in the center's time zone
// — mid-morning on a working day, when the people of a plan are in and the
// morning peak is over — with no jitter, so a drill's time is known in
// advance:
//
//   - weekly: every Tuesday ("0 10 * * TUE");
//   - monthly: the 15th of every month ("0 10 15 * *");
//   - quarterly: the 15th of January, April, July and October
//     ("0 10 15 1,4,7,10 *");
//   - yearly: the 15th of January ("0 10 15 1 *").
//
// The 15th keeps clear of month-end closing and of the first days of a
// month; it can fall on a weekend, so a plan that must drill on a working
// day writes a cron expression instead (e.g. "0 10 * * TUE" weekly, or
// "0 10 8-14 * TUE" for the second Tuesday of every month).
const (
	CadenceWeekly    = "weekly"
	CadenceMonthly   = "monthly"
	CadenceQuarterly = "quarterly"
	CadenceYearly    = "yearly"
)

var namedCadences = map[string]string{
	CadenceWeekly:    "0 10 * * TUE",
	CadenceMonthly:   "0 10 15 * *",
	CadenceQuarterly: "0 10 15 1,4,7,10 *",
	CadenceYearly:    "0 10 15 1 *",
}

// Cadence is when a plan's drills recur, in the form a Temporal Schedule
// takes (ScheduleSpec.CronExpressions and ScheduleSpec.TimeZoneName).
type Cadence struct {
	// Plan is the id of the emergency plan.
	Plan string `json:"plan"`
	// Source is the cadence as the plan writes it: a name or a cron
	// expression.
	Source string `json:"source"`
	// Cron is a five-field cron expression, "minute hour day-of-month
	// month day-of-week", with single spaces: the plan's own, or the
	// default of a named cadence.
	Cron string `json:"cron"`
	// TimeZone is the IANA name of the time zone the expression's times
	// are in: the center's, "UTC" when the center has none.
	TimeZone string `json:"time_zone"`
}

// ParseCadence reads the drill cadence of plan in the time zone tz (the
// center's): one of the names "weekly", "monthly", "quarterly" and
// "yearly" (see CadenceWeekly for the times they stand for), or a cron
// expression with five fields:
//
//	minute        0-59
//	hour          0-23
//	day of month  1-31
//	month         1-12 or JAN-DEC
//	day of week   0-7 or SUN-SAT (0 and 7 are Sunday)
//
// Each field is "*" or a comma-separated list of values, ranges "a-b" and
// steps "*/n", "a-b/n" or "a/n" (from a to the field's end); names are
// the three-letter English abbreviations, in any case. This is the
// five-field subset of what Temporal accepts; "@weekly"-style shorthands,
// "TZ=" prefixes and comments are refused, since the cadence names and the
// center's time zone say the same things. As in Temporal, and unlike
// classic cron, a time must match every field: "0 10 8-14 * TUE" is the
// second Tuesday of each month, not every Tuesday plus the 8th to the 14th.
//
// An expression that can never fire (the 30th of February) is refused.
// Errors name the plan and the field.
func ParseCadence(plan, cadence, tz string) (Cadence, error) {
	c := Cadence{Plan: plan, Source: cadence, TimeZone: tz}
	if c.TimeZone == "" {
		c.TimeZone = "UTC"
	}
	fail := func(err error) (Cadence, error) {
		return Cadence{}, fmt.Errorf("parse the drill cadence of plan %s (%q): %w", plan, cadence, err)
	}
	if _, err := loadZone(c.TimeZone); err != nil {
		return fail(err)
	}
	if cron, ok := namedCadences[cadence]; ok {
		c.Cron = cron
		return c, nil
	}
	fields := strings.Fields(cadence)
	switch len(fields) {
	case len(cronFields):
	case 0, 1:
		return fail(fmt.Errorf("not one of %s, nor a cron expression with five fields (minute hour day-of-month month day-of-week)",
			strings.Join(slices.Sorted(maps.Keys(namedCadences)), ", ")))
	default:
		return fail(fmt.Errorf("a cron expression has five fields (minute hour day-of-month month day-of-week), this one %d", len(fields)))
	}
	if _, err := parseCron(fields); err != nil {
		return fail(err)
	}
	c.Cron = strings.Join(fields, " ")
	return c, nil
}

// Cadences reads the drill cadence of every plan of cfg that has drill
// settings, in the center's time zone, sorted by plan id. It returns the
// cadences it could read and, joined, an error for each plan whose cadence
// it could not, so that one broken plan does not stop the others'
// schedules.
func Cadences(cfg *model.Config) ([]Cadence, error) {
	if cfg == nil {
		return nil, nil
	}
	var out []Cadence
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(cfg.EmergencyPlans)) {
		p := cfg.EmergencyPlans[id]
		if p.Drill == nil {
			continue
		}
		c, err := ParseCadence(id, p.Drill.Cadence, cfg.Center.Timezone)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

// Next is the first time after t at which the cadence fires, in its time
// zone. Times are matched on the wall clock, as Temporal does: a time that
// does not exist on the day summer time starts is skipped.
func (c Cadence) Next(t time.Time) (time.Time, error) {
	loc, err := loadZone(c.TimeZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("find the next drill of plan %s: %w", c.Plan, err)
	}
	spec, err := parseCron(strings.Fields(c.Cron))
	if err != nil {
		return time.Time{}, fmt.Errorf("find the next drill of plan %s (%q): %w", c.Plan, c.Cron, err)
	}
	t = t.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	// The 29th of February on a given weekday recurs within 40 years.
	for range 41 * 366 {
		if spec.matchesDay(day) {
			for _, h := range spec.values(fieldHour) {
				for _, m := range spec.values(fieldMinute) {
					at := time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, loc)
					if at.Hour() == h && at.Minute() == m && at.After(t) {
						return at, nil
					}
				}
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, fmt.Errorf("find the next drill of plan %s: %q does not fire within 40 years", c.Plan, c.Cron)
}

func loadZone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as \"Europe/Berlin\" or \"UTC\"", name)
	}
	return loc, nil
}

// The fields of a five-field cron expression, in order.
const (
	fieldMinute = iota
	fieldHour
	fieldDayOfMonth
	fieldMonth
	fieldDayOfWeek
)

type cronField struct {
	name     string
	min, max int
	names    []string // value min+i is names[i]
}

var cronFields = [...]cronField{
	fieldMinute:     {name: "minute", min: 0, max: 59},
	fieldHour:       {name: "hour", min: 0, max: 23},
	fieldDayOfMonth: {name: "day of month", min: 1, max: 31},
	fieldMonth: {name: "month", min: 1, max: 12,
		names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	// 7 is Sunday too; parseField folds it into 0.
	fieldDayOfWeek: {name: "day of week", min: 0, max: 7, names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

// cronSpec holds, per field, the set of values that match as bits.
type cronSpec [len(cronFields)]uint64

func (s cronSpec) has(field, v int) bool { return s[field]&(1<<v) != 0 }

// values lists the values of a field that match, in ascending order.
func (s cronSpec) values(field int) []int {
	var out []int
	for b := s[field]; b != 0; b &= b - 1 {
		out = append(out, bits.TrailingZeros64(b))
	}
	return out
}

func (s cronSpec) matchesDay(d time.Time) bool {
	return s.has(fieldMonth, int(d.Month())) && s.has(fieldDayOfMonth, d.Day()) && s.has(fieldDayOfWeek, int(d.Weekday()))
}

// parseCron parses the five fields of a cron expression and checks that it
// can fire.
func parseCron(fields []string) (cronSpec, error) {
	var spec cronSpec
	if len(fields) != len(cronFields) {
		return spec, fmt.Errorf("want five fields, got %d", len(fields))
	}
	for i, f := range cronFields {
		set, err := parseField(fields[i], f)
		if err != nil {
			return spec, fmt.Errorf("%s %q: %w", f.name, fields[i], err)
		}
		spec[i] = set
	}
	// Longest month lengths, February's in a leap year.
	days := [...]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	minDay := spec.values(fieldDayOfMonth)[0]
	for _, m := range spec.values(fieldMonth) {
		if minDay <= days[m] {
			return spec, nil
		}
	}
	return spec, fmt.Errorf("never fires: none of the months %s has a day %d", fields[fieldMonth], minDay)
}

// parseField parses one field into the set of its values.
func parseField(s string, f cronField) (uint64, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	var set uint64
	for part := range strings.SplitSeq(s, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return 0, fmt.Errorf("step %q is not a positive number", stepText)
			}
			step = n
		}
		lo, hi := f.min, f.max
		switch a, b, isRange := strings.Cut(rng, "-"); {
		case rng == "*":
		case isRange:
			var err error
			if lo, err = f.value(a); err != nil {
				return 0, err
			}
			if hi, err = f.value(b); err != nil {
				return 0, err
			}
			if hi < lo {
				return 0, fmt.Errorf("range %s ends before it starts", rng)
			}
		default:
			var err error
			if lo, err = f.value(rng); err != nil {
				return 0, err
			}
			if !hasStep { // "a/n" runs from a to the end of the field
				hi = lo
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << v
		}
	}
	if f.max == 7 && set&(1<<7) != 0 { // 7 is Sunday, 0
		set = set&^(1<<7) | 1
	}
	return set, nil
}

// value parses one value of the field: a number in its range or a name.
func (f cronField) value(s string) (int, error) {
	if i := slices.Index(f.names, strings.ToLower(s)); i >= 0 {
		return f.min + i, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if len(f.names) > 0 {
			return 0, fmt.Errorf("%q is neither a number nor one of %s", s, strings.ToUpper(strings.Join(f.names, " ")))
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if n < f.min || n > f.max {
		return 0, fmt.Errorf("%d is not in %d-%d", n, f.min, f.max)
	}
	return n, nil
}
