package historygen

import (
	"math"
	"time"

	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/sla"
)

// outcome is what a contact's life leaves behind that decides whether
// the customer comes back.
type outcome struct {
	abandoned, fcr, breached, complaint bool
}

// How long callers wait and hang up (phone), and chatters (chat). A call
// is picked up at once (within the 20 s of the service level) with
// probability quickShare at normal pressure, quickSlope less for each
// unit of pressure above it; otherwise after 20 s and a wait of mean
// slowWait times the pressure. Callers' patience is patienceFloor plus an
// exponential wait of mean patience.
const (
	quickShare        = 0.72
	quickSlope        = 0.55
	quickCut          = 20 * time.Second
	minQuick          = 2 * time.Second
	slowWait          = 55 * time.Second
	patienceFloor     = 3 * time.Second
	patience          = 80 * time.Second
	chatFloor         = 4 * time.Second
	chatWait          = 20 * time.Second
	chatPatience      = 400 * time.Second
	chatPatienceFloor = 10 * time.Second
	vipPressure       = 0.8
	// officeLoad is the mean load (generator.load) over a week's office
	// hours: the pressure of a queue is its team's times the load
	// relative to it.
	officeLoad = 0.66
	// minPressure and maxPressure bound the load a queue is under.
	minPressure = 0.5
	maxPressure = 1.8
)

// Handle times: the median per channel kind (a log-normal of spread
// handleSpread), longer for a difficult contact, each further contact
// adding followUpHandle of it, shorter for a skilled agent.
func medianHandle(k model.ChannelKind) time.Duration {
	switch k {
	case model.Chat:
		return 420 * time.Second
	case model.Email:
		return 390 * time.Second
	case model.Social:
		return 270 * time.Second
	}
	return 330 * time.Second
}

const (
	handleSpread   = 0.45
	difficultTime  = 1.6
	followUpHandle = 0.6
	skillSpeed     = 0.06
)

// Written contacts: the business time to a first reply (mean, times the
// team's pressure), shorter on social media.
const (
	firstReplyMean  = 20 * time.Minute
	socialReplyMean = 35 * time.Minute
	callbackMean    = 5 * time.Hour
)

// Resolution and FCR: the chance of missing the resolution target (less
// for a skilled agent; a miss overshoots the target by breachOverFloor
// plus an exponential share of mean breachOverMean), and of solving at
// the first contact (of tickets whose target was met), lower for
// technical issues. A ticket not solved at the first contact has a
// second contact (secondContact), a third (thirdContact), or is reopened
// (always without a second contact, else with reopenShare). A few tickets
// are still open at the export (unsolvedShare).
const (
	breachBase      = 0.29
	breachSkill     = 0.35
	fcrBase         = 0.59
	fcrTechnical    = 0.49
	fcrSkill        = 0.04
	reopenShare     = 0.22
	secondContact   = 0.57
	thirdContact    = 0.10
	technicalIssue  = "technical-issue"
	unsolvedShare   = 0.004
	breachOverMean  = 0.6
	breachOverFloor = 1.05
)

// contact generates a new customer's contact and the contacts that follow
// it about the same issue within a week.
func (g *generator) contact() error {
	c, err := g.draw()
	if err != nil {
		return err
	}
	at, err := g.arrival(c)
	if err != nil {
		return err
	}
	for at.Before(g.end) {
		out := g.ticket(c, at)
		next, ok := g.followUp(&c, at, out)
		if !ok {
			return nil
		}
		at = next
	}
	return nil
}

// ticket works one contact that starts at at and records it.
func (g *generator) ticket(c contact, at time.Time) outcome {
	q := g.cfg.Queues[c.queue]
	kind := g.cfg.Channels[c.channel].Kind
	cat := g.cfg.Categories[c.category]
	r := history.Record{
		Channel: c.channel, Queue: c.queue, Team: q.Team, Category: c.category, Priority: c.priority,
		Customer: c.customer, Tier: c.tier, Language: c.language, CreatedAt: at,
	}
	terms, _, err := sla.Select(g.cfg, sla.Subject{Priority: c.priority, Channel: c.channel, Category: c.category, Tier: c.tier, Queue: c.queue})
	if err != nil {
		// A validated configuration's terms resolve; a ticket whose do
		// not runs no SLA clock.
		terms = sla.Terms{}
	}
	clocks := map[string]sla.Clock{}
	for _, ck := range terms.Clocks {
		clocks[ck.Metric] = ck
	}
	pressure := g.pressure[q.Team] * g.load(at) / officeLoad
	if g.cfg.Tiers[c.tier].VIP {
		pressure = g.pressure[q.Team] * vipPressure
	}
	pressure = math.Min(maxPressure, math.Max(minPressure, pressure))
	var out outcome
	cal := g.calendarOf(c)
	handle := g.lognormal(medianHandle(kind), handleSpread)
	if f, ok := g.scale[q.Team]; ok {
		handle = time.Duration(float64(handle) * f)
	}
	if cat.Difficult || g.chance(difficultShare) {
		r.Difficult = true
		handle = time.Duration(float64(handle) * difficultTime)
	}
	if g.live(c.channel) {
		wait, gone := g.wait(kind, pressure)
		if gone {
			ab := at.Add(wait)
			r.AbandonedAt, r.ClosedAt = &ab, &ab
			r.Contacts = 1
			if ck, ok := clocks[sla.FirstReply]; ok && g.elapsed(ck, at, ab) > ck.Target {
				r.SLA = map[string]history.SLAResult{sla.FirstReply: {TargetSeconds: ck.Target.Seconds(), Breached: true}}
			}
			g.records = append(g.records, r)
			return outcome{abandoned: true}
		}
		ans := at.Add(wait)
		r.AnsweredAt, r.FirstReplyAt = &ans, &ans
	} else {
		mean := time.Duration(float64(firstReplyMean) * g.pressure[q.Team])
		if kind == model.Social {
			mean = socialReplyMean
		}
		fr := whole(g.cals[cal].Due(at, g.exp(mean)+time.Minute))
		r.FirstReplyAt = &fr
	}
	r.Agent = g.assign(c)
	p := g.agents[r.Agent]
	skill := 0.0
	if p != nil {
		skill = p.skill
	}
	handle = time.Duration(float64(handle) * math.Exp(-skillSpeed*skill))

	res, hasRes := clocks[sla.Resolution]
	out.breached = hasRes && g.chance(breachBase*math.Exp(-breachSkill*skill))
	fcr := fcrBase
	if c.category == technicalIssue {
		fcr = fcrTechnical
	}
	fcr += fcrSkill * skill
	if hasRes {
		fcr /= 1 - breachBase
	}
	out.fcr = !out.breached && g.chance(fcr)

	var solved time.Time
	start := *r.FirstReplyAt
	switch {
	case out.fcr:
		r.Contacts, r.AgentReplies = 1, 1
		if g.live(c.channel) {
			solved = start.Add(handle)
		} else {
			solved = start
		}
	default:
		r.Contacts, r.AgentReplies = 1, 2
		if g.chance(secondContact) {
			r.Contacts++
		}
		if g.chance(thirdContact) {
			r.Contacts++
			r.AgentReplies++
		}
		if r.Contacts == 1 || g.chance(reopenShare) {
			r.Reopened = 1
		}
		handle = time.Duration(float64(handle) * (1 + followUpHandle*float64(r.Contacts-1+r.Reopened)))
		switch {
		case hasRes && out.breached:
			over := time.Duration(float64(res.Target) * (breachOverFloor + breachOverMean*g.rng.ExpFloat64()))
			solved = g.due(res, at, over)
		case hasRes:
			solved = g.due(res, at, time.Duration(float64(res.Target)*(0.1+0.85*g.rng.Float64())))
		default:
			solved = g.cals[cal].Due(start, g.exp(callbackMean)+time.Minute)
		}
		if solved.Before(start.Add(handle)) {
			solved = start.Add(handle)
		}
	}
	solved = whole(solved)
	hs := math.Round(seconds(handle).Seconds())
	r.HandleSeconds = &hs
	r.SLA = g.slaResults(clocks, at, *r.FirstReplyAt, solved)
	if hasRes && solved.Before(g.asOf) {
		out.breached = r.SLA[sla.Resolution].Breached
	}
	out.complaint = g.chance(g.complaintChance(r.Difficult, out.breached, skill))
	r.Complaint = out.complaint
	if solved.Before(g.asOf) && !g.chance(unsolvedShare) {
		r.SolvedAt = &solved
		if cl := solved.Add(autoClose); cl.Before(g.asOf) {
			r.ClosedAt = &cl
		}
		g.rate(&r, c, out, skill)
	}
	g.records = append(g.records, r)
	return out
}

// wait draws how long a live contact waits and whether the customer hangs
// up (then wait is how long they waited before they did).
func (g *generator) wait(kind model.ChannelKind, pressure float64) (time.Duration, bool) {
	var w, p time.Duration
	if kind == model.Chat {
		w = chatFloor + time.Duration(float64(g.exp(chatWait))*pressure)
		p = chatPatienceFloor + g.exp(chatPatience)
	} else {
		if g.chance(quickShare - quickSlope*(pressure-1)) {
			w = minQuick + time.Duration(g.rng.Float64()*float64(quickCut-minQuick))
		} else {
			w = quickCut + time.Duration(float64(g.exp(slowWait))*pressure)
		}
		p = patienceFloor + g.exp(patience)
	}
	if p < w {
		return seconds(p), true
	}
	return seconds(w), false
}

// lognormal draws a log-normal duration of the given median and spread.
func (g *generator) lognormal(median time.Duration, spread float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(spread*g.rng.NormFloat64()))
}

// due is when clock ck, started at from, has counted d.
func (g *generator) due(ck sla.Clock, from time.Time, d time.Duration) time.Time {
	if ck.Calendar == "" {
		return from.Add(d)
	}
	return g.cals[ck.Calendar].Due(from, d)
}

// elapsed is how much clock ck counts between a and b.
func (g *generator) elapsed(ck sla.Clock, a, b time.Time) time.Duration {
	if ck.Calendar == "" {
		return b.Sub(a)
	}
	return g.cals[ck.Calendar].Between(a, b)
}

// slaResults are the first-reply and resolution results of a ticket
// created at at, first replied to at fr and solved at solved (a
// resolution only when that is before the export).
func (g *generator) slaResults(clocks map[string]sla.Clock, at, fr, solved time.Time) map[string]history.SLAResult {
	out := map[string]history.SLAResult{}
	if ck, ok := clocks[sla.FirstReply]; ok {
		out[sla.FirstReply] = history.SLAResult{TargetSeconds: ck.Target.Seconds(), Breached: g.elapsed(ck, at, fr) > ck.Target}
	}
	if ck, ok := clocks[sla.Resolution]; ok && solved.Before(g.asOf) {
		out[sla.Resolution] = history.SLAResult{TargetSeconds: ck.Target.Seconds(), Breached: g.elapsed(ck, at, solved) > ck.Target}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
