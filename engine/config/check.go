package config

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones are checked the same on every machine

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/diag"
	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
)

// checker runs the cross-reference and semantic checks on a decoded model.
// It reports into ds and never stops at the first problem.
type checker struct {
	cfg       *model.Config
	pos       *positions
	ds        diag.Diagnostics
	calendars map[string]*calendar.Calendar
	plans     drill.Plans
	levels    []string // priority level ids, sorted
}

// check runs every check and returns what it found, the calendars it
// built and, when it found no error, the compiled emergency plans.
func check(cfg *model.Config, pos *positions) (diag.Diagnostics, map[string]*calendar.Calendar, drill.Plans) {
	c := &checker{cfg: cfg, pos: pos, calendars: map[string]*calendar.Calendar{}, plans: drill.Plans{}}
	if cfg.Priorities != nil {
		for _, l := range cfg.Priorities.Levels {
			c.levels = append(c.levels, l.ID)
		}
		slices.Sort(c.levels)
	}
	c.checkCenter()
	c.checkCalendars()
	c.checkOrganisation()
	c.checkQueues()
	c.checkPriorities()
	c.checkSLAs()
	c.checkEscalations()
	c.checkKPIs()
	c.checkPlans()
	c.checkIncentives()
	c.checkApprovals()
	c.checkStaffing()
	if !c.ds.HasErrors() {
		c.compilePlans()
	}
	return c.ds, c.calendars, c.plans
}

// report adds a diagnostic at p.
func (c *checker) report(sev diag.Severity, p path, detail, format string, args ...any) {
	c.ds = append(c.ds, diag.Diagnostic{
		Severity:  sev,
		Path:      p.String(),
		Summary:   fmt.Sprintf(format, args...),
		Detail:    detail,
		Positions: c.pos.at(p.cue()),
	})
}

func (c *checker) errorf(p path, format string, args ...any) {
	c.report(diag.Error, p, "", format, args...)
}

func (c *checker) warnf(p path, format string, args ...any) {
	c.report(diag.Warning, p, "", format, args...)
}

// ref reports name at p unless it is a key of m; kind is the plural noun
// used in the message ("teams").
func ref[V any](c *checker, p path, kind, name string, m map[string]V) bool {
	if _, ok := m[name]; ok {
		return true
	}
	c.report(diag.Error, p, diag.Known(kind, name, model.SortedKeys(m)), "unknown %s %q", singular(kind), name)
	return false
}

// refs checks every name of a list.
func refs[V any](c *checker, p path, kind string, names []string, m map[string]V) {
	for i, n := range names {
		ref(c, p.at(i), kind, n, m)
	}
}

// refLevel checks a priority level id.
func (c *checker) refLevel(p path, id string) {
	if _, ok := slices.BinarySearch(c.levels, id); ok {
		return
	}
	if c.cfg.Priorities == nil {
		c.errorf(p, "priority %q used but no priorities are defined", id)
		return
	}
	c.report(diag.Error, p, diag.Known("priorities", id, c.levels), "unknown priority %q", id)
}

func singular(kind string) string {
	switch {
	case strings.HasSuffix(kind, "ies"):
		return strings.TrimSuffix(kind, "ies") + "y"
	case strings.HasSuffix(kind, "s"):
		return strings.TrimSuffix(kind, "s")
	}
	return kind
}

// duration parses a duration the schema has already checked the form of,
// so that what fails here is a duration too long for time.Duration. A
// check that compares durations must skip one that failed: it has no
// value to compare.
func (c *checker) duration(p path, s string) (time.Duration, bool) {
	d, err := time.ParseDuration(s)
	if err != nil {
		c.report(diag.Error, p, fmt.Sprintf("the longest duration is %s (about 292 years)", time.Duration(math.MaxInt64).Truncate(time.Second)),
			"duration %q is out of range", s)
		return 0, false
	}
	return d, true
}

// timezone checks an IANA time zone name.
func (c *checker) timezone(p path, name string) (*time.Location, bool) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		c.report(diag.Error, p, `use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"`, "unknown time zone %q", name)
		return nil, false
	}
	return loc, true
}
