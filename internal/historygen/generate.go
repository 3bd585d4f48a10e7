package historygen

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/calendar"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// DefaultTickets is about how many tickets a month has when Options.Tickets
// is 0: a mid-sized center of 25 agents.
const DefaultTickets = 20000

// monthLayout is how Options.Month is written.
const monthLayout = "2006-01"

// exportDelay is how long after the month's end the history is exported:
// a ticket solved or closed later is still open in the history.
const exportDelay = 2 * 24 * time.Hour

// autoClose is how long after its solve a ticket is closed.
const autoClose = 72 * time.Hour

// pcgStream is the second word of the PCG state; the seed is the first.
const pcgStream = 0x9e3779b97f4a7c15

// maxDraws bounds the rejection sampling of a contact's attributes and
// time; a configuration where nothing routes or nothing opens ends there.
const maxDraws = 1000

// Options say what to generate.
type Options struct {
	// Month is the calendar month in the center's time zone, "2026-11".
	Month string
	// Seed seeds the generator: the same seed gives the same records.
	Seed uint64
	// Tickets is about how many tickets the month has, repeat contacts
	// included, drill tickets not; DefaultTickets when 0.
	Tickets int
	// Calendars are the configuration's calendars by id, built
	// (config.Snapshot.Calendars).
	Calendars map[string]*calendar.Calendar
}

// generator holds one generation's state.
type generator struct {
	cfg   *model.Config
	cals  map[string]*calendar.Calendar
	loc   *time.Location
	rng   *rand.Rand
	start time.Time // the month's first instant
	end   time.Time // the next month's first instant
	asOf  time.Time // when the history is exported

	agents   map[string]*profile
	team     map[string][]string // agent ids by team, sorted
	pressure map[string]float64  // a team's phone pressure, 1 normal
	mix      mix
	days     [7]float64         // dayShape
	hours    [24]float64        // hourShape
	scale    map[string]float64 // a team's handle time factor, 1 when absent

	records []history.Record
}

// Generate returns a month of ticket history for cfg, ordered by creation
// time, ids T-000001 upwards in that order. It generates the month twice
// from the same seed: the first time to learn how much each team's
// agents handle, the second with handle times scaled so that each team's
// utilisation is what its staffing makes it.
func Generate(cfg *model.Config, opts Options) ([]history.Record, error) {
	first, err := generate(cfg, opts, nil)
	if err != nil {
		return nil, err
	}
	g, err := generate(cfg, opts, first.utilisationScale(first.records))
	if err != nil {
		return nil, err
	}
	return g.records, nil
}

// generate generates a month with the teams' handle times scaled by
// scale (none when nil).
func generate(cfg *model.Config, opts Options, scale map[string]float64) (*generator, error) {
	g, err := newGenerator(cfg, opts)
	if err != nil {
		return nil, err
	}
	g.scale = scale
	want := cmp.Or(opts.Tickets, DefaultTickets)
	for len(g.records) < want {
		if err := g.contact(); err != nil {
			return nil, err
		}
	}
	g.records = g.records[:want]
	if err := g.drill(); err != nil {
		return nil, err
	}
	g.reviews()
	slices.SortStableFunc(g.records, func(a, b history.Record) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for i := range g.records {
		g.records[i].ID = fmt.Sprintf("T-%06d", i+1)
	}
	return g, nil
}

func newGenerator(cfg *model.Config, opts Options) (*generator, error) {
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load the center's time zone %q: %w", cfg.Center.Timezone, err)
	}
	start, err := time.ParseInLocation(monthLayout, opts.Month, loc)
	if err != nil {
		return nil, fmt.Errorf("parse month %q (want YYYY-MM): %w", opts.Month, err)
	}
	if len(cfg.Agents) == 0 || len(cfg.Queues) == 0 {
		return nil, errors.New("generate history: the configuration has no agents or no queues")
	}
	g := &generator{
		cfg:   cfg,
		cals:  opts.Calendars,
		loc:   loc,
		rng:   rand.New(rand.NewPCG(opts.Seed, pcgStream)),
		start: start,
		end:   start.AddDate(0, 1, 0),
	}
	g.asOf = g.end.Add(exportDelay)
	for _, id := range sortedKeys(cfg.Calendars) {
		if g.cals[id] == nil {
			return nil, fmt.Errorf("generate history: calendar %q is not built (Options.Calendars)", id)
		}
	}
	g.people()
	g.mix = newMix(cfg)
	g.days, g.hours = dayShape(), hourShape()
	return g, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// pick returns an index of weights drawn in proportion to its weight; -1
// when every weight is 0.
func (g *generator) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	if total <= 0 {
		return -1
	}
	x := g.rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// exp draws an exponential duration of mean mean.
func (g *generator) exp(mean time.Duration) time.Duration {
	return time.Duration(g.rng.ExpFloat64() * float64(mean))
}

// seconds rounds d to whole seconds, as the history keeps them.
func seconds(d time.Duration) time.Duration { return d.Round(time.Second) }

// whole rounds t to a whole second, as the history keeps times.
func whole(t time.Time) time.Time { return t.Round(time.Second) }
