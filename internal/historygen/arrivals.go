package historygen

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/model"
)

// contact is who contacts the center about what, before it is routed and
// worked.
type contact struct {
	customer string
	tier     string
	channel  string
	language string
	category string
	priority string
	queue    string
	// repeat is how many contacts about the same issue came before.
	repeat int
}

// mix is the share of each tier, channel, language, category and priority
// among contacts, as parallel id and weight lists.
type mix struct {
	tiers, channels, languages, categories, priorities []string
	tierW, channelW, languageW, categoryW, priorityW   []float64
}

// Shares of the contacts: VIP customers, channel kinds, languages and
// categories by id (an id not listed gets otherShare), and priorities by
// their rank in the configuration's priority levels.
const (
	vipShare   = 0.06
	otherShare = 0.05
)

func kindShare() map[model.ChannelKind]float64 {
	return map[model.ChannelKind]float64{
		model.Phone: 0.36, model.Chat: 0.24, model.Email: 0.25, model.WebForm: 0.10, model.Social: 0.05,
	}
}

func languageShare() map[string]float64 {
	return map[string]float64{"de": 0.78, "en": 0.16, "fr": 0.06}
}

func categoryShare() map[string]float64 {
	return map[string]float64{
		"order-status": 0.20, "returns": 0.14, "refund": 0.09, "delivery-problem": 0.17,
		"product-question": 0.14, "payment": 0.06, "technical-issue": 0.13, "complaint": 0.04, "chargeback": 0.03,
	}
}

func priorityShare() []float64 { return []float64{0.01, 0.07, 0.62, 0.25, 0.05} }

// newMix reads the ids of cfg and weighs them.
func newMix(cfg *model.Config) mix {
	var m mix
	kinds, languages, categories, priorities := kindShare(), languageShare(), categoryShare(), priorityShare()
	vips, others := 0, 0
	for _, id := range sortedKeys(cfg.Tiers) {
		if cfg.Tiers[id].VIP {
			vips++
		} else {
			others++
		}
	}
	for _, id := range sortedKeys(cfg.Tiers) {
		m.tiers = append(m.tiers, id)
		if cfg.Tiers[id].VIP {
			m.tierW = append(m.tierW, vipShare/float64(vips))
		} else {
			m.tierW = append(m.tierW, (1-vipShare)/float64(others))
		}
	}
	perKind := map[model.ChannelKind]int{}
	for _, ch := range cfg.Channels {
		perKind[ch.Kind]++
	}
	for _, id := range sortedKeys(cfg.Channels) {
		k := cfg.Channels[id].Kind
		m.channels = append(m.channels, id)
		m.channelW = append(m.channelW, kinds[k]/float64(perKind[k]))
	}
	langs := map[string]bool{}
	for _, q := range cfg.Queues {
		for _, l := range q.Languages {
			langs[l] = true
		}
	}
	for _, l := range sortedKeys(langs) {
		m.languages = append(m.languages, l)
		m.languageW = append(m.languageW, cmp.Or(languages[l], otherShare))
	}
	for _, id := range sortedKeys(cfg.Categories) {
		m.categories = append(m.categories, id)
		m.categoryW = append(m.categoryW, cmp.Or(categories[id], otherShare))
	}
	if cfg.Priorities != nil {
		for i, l := range cfg.Priorities.Levels {
			m.priorities = append(m.priorities, l.ID)
			m.priorityW = append(m.priorityW, priorities[min(i, len(priorities)-1)])
		}
	}
	return m
}

// draw returns a new customer's contact, routed to a queue.
func (g *generator) draw() (contact, error) {
	m := g.mix
	for range maxDraws {
		c := contact{
			customer: fmt.Sprintf("C-%06d", g.rng.IntN(1_000_000)),
			tier:     m.tiers[g.pick(m.tierW)],
			channel:  m.channels[g.pick(m.channelW)],
			language: m.languages[g.pick(m.languageW)],
			category: m.categories[g.pick(m.categoryW)],
		}
		if len(m.priorities) > 0 {
			c.priority = m.priorities[g.pick(m.priorityW)]
		}
		if q, ok := g.route(c); ok {
			c.queue = q
			return c, nil
		}
	}
	return contact{}, fmt.Errorf("generate history: no queue takes the contacts drawn in %d tries", maxDraws)
}

// route returns the queue that takes c: the first, by id, whose channels,
// categories, languages and tiers all admit it (an empty list admits
// anything).
func (g *generator) route(c contact) (string, bool) {
	in := func(set []string, v string) bool { return len(set) == 0 || slices.Contains(set, v) }
	for _, id := range sortedKeys(g.cfg.Queues) {
		q := g.cfg.Queues[id]
		if in(q.Channels, c.channel) && in(q.Categories, c.category) && in(q.Languages, c.language) && in(q.Tiers, c.tier) {
			return id, true
		}
	}
	return "", false
}

// dayShape is the share of contacts by weekday, Sunday first, in the
// center's time zone.
func dayShape() [7]float64 { return [7]float64{0.3, 1.3, 1.15, 1.05, 1.0, 0.95, 0.5} }

// hourShape is the share of contacts by hour of the day.
func hourShape() [24]float64 {
	return [24]float64{
		0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.6, 1.2, 1.7, 1.9, 1.8,
		1.3, 1.5, 1.7, 1.6, 1.4, 1.1, 0.8, 0.7, 0.6, 0.5, 0.3, 0.15,
	}
}

// peakHour is hourShape's largest weight, the load of the busiest hour.
const peakHour = 1.9

// load is how busy the center is at t relative to its busiest hour of a
// Monday: it lengthens queues.
func (g *generator) load(t time.Time) float64 {
	l := t.In(g.loc)
	return g.days[l.Weekday()] / g.days[time.Monday] * g.hours[l.Hour()] / peakHour
}

// arrival draws when a contact on channel in queue starts: a day of the
// month by dayShape and a second by hourShape; a live contact only while
// its calendar is open.
func (g *generator) arrival(c contact) (time.Time, error) {
	days := g.end.Sub(g.start).Hours() / 24
	dayW := make([]float64, 0, int(days)+1)
	for d := g.start; d.Before(g.end); d = d.AddDate(0, 0, 1) {
		dayW = append(dayW, g.days[d.Weekday()])
	}
	hourW := g.hours[:]
	for range maxDraws {
		day := g.start.AddDate(0, 0, g.pick(dayW))
		h := g.pick(hourW)
		t := time.Date(day.Year(), day.Month(), day.Day(), h, 0, g.rng.IntN(3600), 0, g.loc)
		if !g.live(c.channel) || g.open(g.calendarOf(c), t) {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("generate history: the calendar of queue %s is never open for %s", c.queue, c.channel)
}

// live reports whether channel is a live one (phone or chat kind).
func (g *generator) live(channel string) bool {
	k := g.cfg.Channels[channel].Kind
	return k == model.Phone || k == model.Chat
}

// calendarOf is the calendar a contact is worked on: its channel's, else
// its queue's, else its team's, else the center's default.
func (g *generator) calendarOf(c contact) string {
	q := g.cfg.Queues[c.queue]
	return cmp.Or(g.cfg.Channels[c.channel].Calendar, q.Calendar, g.cfg.Teams[q.Team].Calendar, g.cfg.Center.DefaultCalendar)
}

// open reports whether calendar cal is open at t; no calendar is always
// open.
func (g *generator) open(cal string, t time.Time) bool {
	c := g.cals[cal]
	return c == nil || c.Between(t, t.Add(time.Second)) > 0
}

// nextOpen returns t if calendar cal is open then, else the start of its
// next window.
func (g *generator) nextOpen(cal string, t time.Time) time.Time {
	if g.open(cal, t) {
		return t
	}
	return g.cals[cal].Due(t, time.Second).Add(-time.Second)
}
