package config

import (
	"slices"
	"strings"

	"cuelang.org/go/cue"

	"github.com/supportops/supportops/engine/diag"
)

// maxRefs bounds how many references refCycle follows from one value.
const maxRefs = 64

// refCycle looks for a cycle of references behind an incomplete value at
// sels: `lead: name, name: lead` leaves both fields without a value, and
// `teams: a: teams.b, teams: b: teams.a` leaves every field of both teams
// missing. It follows the references from the user's value at sels, then
// from each enclosing value, and returns where it started and the paths
// of the values in the cycle, in the order the references go; members is
// nil when there is no cycle.
func (p *positions) refCycle(sels []cue.Selector) (start cue.Path, members []cue.Path) {
	if !p.user.Exists() {
		return cue.Path{}, nil
	}
	for n := len(sels); n > 0; n-- {
		start = cue.MakePath(sels[:n]...)
		v := p.user.LookupPath(start)
		if !v.Exists() {
			continue
		}
		seen := []string{start.String()}
		paths := []cue.Path{start}
		for range maxRefs {
			root, ref := v.ReferencePath()
			if !root.Exists() {
				break
			}
			if i := slices.Index(seen, ref.String()); i >= 0 {
				return start, paths[i:]
			}
			seen = append(seen, ref.String())
			paths = append(paths, ref)
			v = root.LookupPath(ref)
		}
	}
	return cue.Path{}, nil
}

// cycles collects the reference cycles found behind incomplete values, one
// diagnostic per cycle however many values it leaves incomplete.
type cycles struct {
	p     *positions
	order []string
	diags map[string]*diag.Diagnostic
}

// add reports whether the incomplete value at labels comes from a cycle of
// references, and records the cycle if so.
func (c *cycles) add(labels []string) bool {
	start, members := c.p.refCycle(selectors(labels))
	if members == nil {
		return false
	}
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.String()
	}
	inside := slices.Contains(names, start.String())
	key := strings.Join(slices.Sorted(slices.Values(names)), "\x00")
	d, ok := c.diags[key]
	if !ok {
		d = &diag.Diagnostic{
			Severity: diag.Error,
			Path:     start.String(),
			Summary:  "reference cycle: " + strings.Join(append(names, names[0]), " -> "),
			Detail:   "each field takes its value from the next one, so none has a value; write a value in one of them",
		}
		if !inside {
			c.addPos(d, start)
		}
		for _, m := range members {
			c.addPos(d, m)
		}
		c.diags[key] = d
		c.order = append(c.order, key)
	}
	if !inside {
		// A value outside the cycle that refers into it: say where.
		c.addPos(d, start)
	}
	return true
}

// addPos adds the position of the user's value at path to d.
func (c *cycles) addPos(d *diag.Diagnostic, at cue.Path) {
	if dp, ok := c.p.rel(valuePos(c.p.user.LookupPath(at))); ok && !slices.Contains(d.Positions, dp) {
		d.Positions = append(d.Positions, dp)
	}
}

// diagnostics returns the diagnostics of the cycles found, in the order
// they were found.
func (c *cycles) diagnostics() diag.Diagnostics {
	var ds diag.Diagnostics
	for _, key := range c.order {
		ds = append(ds, *c.diags[key])
	}
	return ds
}
