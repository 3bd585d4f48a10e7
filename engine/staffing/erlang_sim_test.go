package staffing

import (
	"container/heap"
	"flag"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// This file checks Erlang A against a discrete-event simulation of
// M/M/n+M: Poisson arrivals, exponential handle times and patience, first
// come first served, n agents. The simulation is seeded; its estimates
// come with 99 % confidence intervals from batch means.

// longSimulation runs the simulation ten times longer (go test -run
// TestErlangAAgainstSimulation ./engine/staffing -args -long).
var longSimulation = flag.Bool("long", false, "simulate Erlang A ten times longer")

// Sizes of the simulation: contacts simulated per parameter set, the
// warm-up left out (the queue starts empty), and the batches.
const (
	simContacts = 1_000_000
	simWarmUp   = 20_000
	simBatches  = 20
	// tQuantile99 is Student's t quantile for a two-sided 99 % interval
	// with simBatches − 1 = 19 degrees of freedom.
	tQuantile99 = 2.861
)

// freeAt is a min-heap of the times the agents are next free.
type freeAt []float64

func (h freeAt) Len() int           { return len(h) }
func (h freeAt) Less(i, j int) bool { return h[i] < h[j] }
func (h freeAt) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *freeAt) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *freeAt) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// simContact is a contact's fate: how long it waited and whether it hung up.
type simContact struct {
	wait      float64
	abandoned bool
}

// waiting is a contact in the queue: when it came and when it hangs up.
type waiting struct{ arrival, deadline float64 }

// simulate runs M/M/n+M for count contacts and returns each one's fate,
// in the order they arrived.
func simulate(rng *rand.Rand, l Load, n, count int) []simContact {
	lambda, service, patience := l.arrivalRate(), l.serviceSeconds(), l.Patience.Seconds()
	agents := make(freeAt, n)
	fates := make([]simContact, count)
	queue := make([]waiting, 0, 1024)
	head := 0
	queued := make([]int, 0, 1024) // the contacts' indexes, beside queue
	// dispatch hands the queue to the agents freed up to now.
	dispatch := func(now float64) {
		for head < len(queue) && agents[0] <= now {
			free := agents[0]
			w, i := queue[head], queued[head]
			head++
			if w.deadline < free {
				fates[i] = simContact{wait: w.deadline - w.arrival, abandoned: true}
				continue
			}
			fates[i] = simContact{wait: free - w.arrival}
			agents[0] = free + rng.ExpFloat64()*service
			heap.Fix(&agents, 0)
		}
		if head > 4096 && head*2 > len(queue) {
			queue, queued = append(queue[:0], queue[head:]...), append(queued[:0], queued[head:]...)
			head = 0
		}
	}
	now := 0.0
	for i := range count {
		now += rng.ExpFloat64() / lambda
		dispatch(now)
		if head == len(queue) && agents[0] <= now {
			agents[0] = now + rng.ExpFloat64()*service
			heap.Fix(&agents, 0)
			continue
		}
		queue = append(queue, waiting{arrival: now, deadline: now + rng.ExpFloat64()*patience})
		queued = append(queued, i)
	}
	dispatch(math.Inf(1))
	return fates
}

// estimate is a simulated measure's batch mean and its 99 % half-width.
type estimate struct{ mean, half float64 }

// batchMeans estimates a measure over the contacts after the warm-up from
// simBatches consecutive batches: measure gives each batch's value.
func batchMeans(fates []simContact, measure func([]simContact) float64) estimate {
	fates = fates[simWarmUp:]
	size := len(fates) / simBatches
	var sum, sumSq float64
	for b := range simBatches {
		v := measure(fates[b*size : (b+1)*size])
		sum += v
		sumSq += v * v
	}
	mean := sum / simBatches
	variance := (sumSq - simBatches*mean*mean) / (simBatches - 1)
	return estimate{mean: mean, half: tQuantile99 * math.Sqrt(max(variance, 0)/simBatches)}
}

// The measures, as Reach defines them.
func simServiceLevel(within float64) func([]simContact) float64 {
	return func(cs []simContact) float64 {
		met := 0
		for _, c := range cs {
			if c.wait <= within {
				met++
			}
		}
		return 100 * float64(met) / float64(len(cs))
	}
}

func simAbandonRate(cs []simContact) float64 {
	ab := 0
	for _, c := range cs {
		if c.abandoned {
			ab++
		}
	}
	return 100 * float64(ab) / float64(len(cs))
}

func simASA(cs []simContact) float64 {
	var wait float64
	answered := 0
	for _, c := range cs {
		if !c.abandoned {
			wait += c.wait
			answered++
		}
	}
	return wait / float64(answered)
}

func simPWait(cs []simContact) float64 {
	waited := 0
	for _, c := range cs {
		if c.wait > 0 {
			waited++
		}
	}
	return float64(waited) / float64(len(cs))
}

// TestErlangAAgainstSimulation checks the service level, the abandon rate,
// the ASA and the probability of waiting of Erlang A against the
// simulation, each within the simulation's 99 % confidence interval, over
// parameter sets from a lightly loaded small queue to an overloaded one
// shedding a third of its contacts.
func TestErlangAAgainstSimulation(t *testing.T) {
	count := simContacts
	if *longSimulation {
		count *= 10
	}
	tests := []struct {
		name   string
		load   Load
		agents int
		within time.Duration
	}{
		{
			name:   "worked example, patience 2m",
			load:   Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute, Patience: 2 * time.Minute},
			agents: 12, within: 20 * time.Second,
		},
		{
			name:   "overloaded, patience 1m",
			load:   Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 3 * time.Minute, Patience: time.Minute},
			agents: 7, within: 20 * time.Second,
		},
		{
			name:   "50 Erlangs, patience 3m",
			load:   Load{Contacts: 600, Interval: time.Hour, AHT: 5 * time.Minute, Patience: 3 * time.Minute},
			agents: 50, within: 30 * time.Second,
		},
		{
			name:   "impatient, answer at once",
			load:   Load{Contacts: 60, Interval: time.Hour, AHT: 4 * time.Minute, Patience: 15 * time.Second},
			agents: 4, within: 0,
		},
		// The chat approximation simulated as the model it stands for: an
		// agent holding 2 chats is one server twice as fast.
		{
			name:   "chat, 2 at a time, patience 5m",
			load:   Load{Contacts: 200, Interval: time.Hour, AHT: 6 * time.Minute, Patience: 5 * time.Minute, Concurrency: 2},
			agents: 10, within: time.Minute,
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := Reach(tt.load, tt.agents, tt.within)
			if err != nil {
				t.Fatal(err)
			}
			fates := simulate(rand.New(rand.NewPCG(14, uint64(i))), tt.load, tt.agents, count)
			for _, m := range []struct {
				name    string
				formula float64
				got     estimate
			}{
				{"service level %", want.ServiceLevel, batchMeans(fates, simServiceLevel(tt.within.Seconds()))},
				{"abandon rate %", *want.AbandonRate, batchMeans(fates, simAbandonRate)},
				{"ASA s", want.ASASeconds, batchMeans(fates, simASA)},
				{"P(wait)", want.PWait, batchMeans(fates, simPWait)},
			} {
				if math.Abs(m.got.mean-m.formula) > m.got.half {
					t.Errorf("%s: Erlang A %.4f, simulated %.4f ± %.4f", m.name, m.formula, m.got.mean, m.got.half)
				} else {
					t.Logf("%s: Erlang A %.4f, simulated %.4f ± %.4f", m.name, m.formula, m.got.mean, m.got.half)
				}
			}
		})
	}
}
