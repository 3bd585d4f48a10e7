package historygen

import (
	"math"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// Ratings: the share of solved tickets rated (more of those complained
// about), and the mean rating by what the ticket was and how it went.
const (
	ratedShare          = 0.60
	ratedComplaintShare = 0.85
	csatNormal          = 4.53
	csatDifficult       = 3.45
	csatSocial          = 3.95
	csatSkill           = 0.24
	csatFCR             = 0.12
	csatNotFCR          = -0.15
	csatBreached        = -0.40
	commendedShare      = 0.02
)

// Difficult contacts and complaints: a share of the ordinary contacts is
// difficult too (an angry customer); a contact turns into a formal
// complaint with complaintBase, more often when it is difficult or its
// resolution target was missed, less often with a skilled agent.
const (
	difficultShare     = 0.02
	complaintBase      = 0.0142
	complaintDifficult = 2.2
	complaintBreached  = 1.8
	complaintSkill     = 0.45
)

// Repeat contacts: an abandoned caller often tries again within the hour;
// a customer whose issue was not solved at the first contact comes back
// more often than one whose was.
const (
	retryShare      = 0.40
	retryMin        = 2 * time.Minute
	retryMean       = 25 * time.Minute
	repeatSolved    = 0.06
	repeatNotFCR    = 0.10
	repeatBreached  = 0.06
	repeatComplaint = 0.25
	repeatDamping   = 0.6
	repeatMin       = time.Hour
	repeatMean      = 36 * time.Hour
	repeatWindow    = 7 * 24 * time.Hour
	sameChannel     = 0.6
)

// csatAnchors are rating distributions (shares of 1..5) of increasing
// mean; a ticket's distribution mixes the two anchors around its mean.
func csatAnchors() [][5]float64 {
	return [][5]float64{
		{0.50, 0.25, 0.15, 0.07, 0.03},
		{0.15, 0.12, 0.20, 0.28, 0.25},
		{0.04, 0.04, 0.08, 0.25, 0.59},
		{0, 0, 0, 0, 1},
	}
}

// rate gives a solved ticket its CSAT rating, if the customer rated it,
// and a commendation for some of the best.
func (g *generator) rate(r *history.Record, c contact, out outcome, skill float64) {
	rated := ratedShare
	if out.complaint {
		rated = ratedComplaintShare
	}
	if !g.chance(rated) {
		return
	}
	var v int
	if out.complaint {
		v = 1 + g.rng.IntN(2)
	} else {
		v = g.rating(g.csatMean(r, c, out, skill))
	}
	r.CSAT = &v
	if v == 5 && g.chance(commendedShare) {
		r.Commendation = true
	}
}

// csatMean is the mean rating of a ticket like r.
func (g *generator) csatMean(r *history.Record, c contact, out outcome, skill float64) float64 {
	m := csatNormal
	switch {
	case g.cfg.Categories[c.category].Difficult:
		m = csatDifficult
	case g.cfg.Channels[c.channel].Kind == model.Social:
		m = csatSocial
	}
	m += csatSkill * skill
	if out.fcr {
		m += csatFCR
	} else {
		m += csatNotFCR
	}
	if out.breached {
		m += csatBreached
	}
	return m
}

// rating draws a rating 1-5 of mean m (clamped to the anchors' range).
func (g *generator) rating(m float64) int {
	anchors := csatAnchors()
	means := make([]float64, len(anchors))
	for i, a := range anchors {
		for k, p := range a {
			means[i] += float64(k+1) * p
		}
	}
	m = min(max(m, means[0]), means[len(means)-1])
	i := 0
	for i < len(means)-2 && m > means[i+1] {
		i++
	}
	w := (m - means[i]) / (means[i+1] - means[i])
	var p [5]float64
	for k := range p {
		p[k] = (1-w)*anchors[i][k] + w*anchors[i+1][k]
	}
	return 1 + g.pick(p[:])
}

// complaintChance is the chance that a contact turns into a formal
// complaint.
func (g *generator) complaintChance(difficult, breached bool, skill float64) float64 {
	p := complaintBase * math.Exp(-complaintSkill*skill)
	if difficult {
		p *= complaintDifficult
	}
	if breached {
		p *= complaintBreached
	}
	return p
}

// followUp decides whether the customer of c contacts the center again
// about the same issue after a contact at at that went as out; if so it
// returns when, and c is the next contact (perhaps on another channel).
func (g *generator) followUp(c *contact, at time.Time, out outcome) (time.Time, bool) {
	var p float64
	var delay time.Duration
	if out.abandoned {
		p, delay = retryShare, retryMin+g.exp(retryMean)
	} else {
		p = repeatSolved
		if !out.fcr {
			p += repeatNotFCR
		}
		if out.breached {
			p += repeatBreached
		}
		if out.complaint {
			p += repeatComplaint
		}
		delay = min(repeatMin+g.exp(repeatMean), repeatWindow-time.Hour)
	}
	for range c.repeat {
		p *= repeatDamping
	}
	if !g.chance(p) {
		return time.Time{}, false
	}
	next := *c
	next.repeat++
	if !out.abandoned && !g.chance(sameChannel) {
		next.channel = g.mix.channels[g.pick(g.mix.channelW)]
		q, ok := g.route(next)
		if !ok {
			next.channel = c.channel
		} else {
			next.queue = q
		}
	}
	t := whole(at.Add(delay))
	if g.live(next.channel) {
		t = g.nextOpen(g.calendarOf(next), t)
	}
	if t.Sub(at) > repeatWindow {
		return time.Time{}, false
	}
	*c = next
	return t, true
}
