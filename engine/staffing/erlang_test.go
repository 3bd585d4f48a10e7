package staffing

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// approx compares floats to the precision the tests state their figures in.
func approx(tol float64) cmp.Option { return cmpopts.EquateApprox(0, tol) }

// workedExample is the worked example, also pyworkforce's and R
// ErlangC's: 100 calls in 30 minutes with an AHT of 180 s, 10 Erlangs.
var workedExample = Load{Contacts: 100, Interval: 30 * time.Minute, AHT: 180 * time.Second}

// TestErlangBPublished checks the Erlang B recursion against tabulated
// values (any Erlang B table, e.g. the ITU-T E.800-series loss tables)
// and the closed form for one server, B(1) = A ÷ (1 + A).
func TestErlangBPublished(t *testing.T) {
	tests := map[string]struct {
		a    float64
		n    int
		want float64
	}{
		"one server":     {a: 3, n: 1, want: 0.75},
		"2 Erlangs, 5":   {a: 2, n: 5, want: 0.03670},
		"5 Erlangs, 10":  {a: 5, n: 10, want: 0.01838},
		"10 Erlangs, 15": {a: 10, n: 15, want: 0.03649},
		"no servers":     {a: 7, n: 0, want: 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, erlangB(tt.a, tt.n), cmpopts.EquateApprox(1e-3, 0)); diff != "" {
				t.Errorf("B(%d, %v) (-want +got):\n%s", tt.n, tt.a, diff)
			}
		})
	}
}

// logErlangB is Erlang B computed independently of the recursion, from its
// definition (A^n/n!) ÷ Σ_{j≤n} A^j/j! summed in log space with Lgamma.
func logErlangB(a float64, n int) float64 {
	var s logSum
	for j := 0; j <= n; j++ {
		lg, _ := math.Lgamma(float64(j + 1))
		s.add(float64(j)*math.Log(a) - lg)
	}
	lg, _ := math.Lgamma(float64(n + 1))
	return math.Exp(float64(n)*math.Log(a) - lg - s.log())
}

// TestErlangBLargeCenters checks the recursion against the definition at
// thousands of Erlangs, where factorials overflow any float.
func TestErlangBLargeCenters(t *testing.T) {
	for _, tt := range []struct {
		a float64
		n int
	}{{50, 55}, {1000, 1010}, {5000, 5100}, {10_000, 10_050}, {10_000, 9_000}} {
		want, got := logErlangB(tt.a, tt.n), erlangB(tt.a, tt.n)
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-9, 0)); diff != "" {
			t.Errorf("B(%d, %v) (-definition +recursion):\n%s", tt.n, tt.a, diff)
		}
	}
}

// TestReachErlangCPublished checks what n agents reach against published
// figures and closed forms.
func TestReachErlangCPublished(t *testing.T) {
	tests := map[string]struct {
		load   Load
		agents int
		within time.Duration
		want   Outcome
	}{
		// The worked example at 11 agents: P(wait) 0.6821182 as R's
		// ErlangC package prints it (see TestWorkedExampleToTheDigit); the
		// service level, 1 − 0.6821·e^(−1·20/180) = 39.0 %, and the ASA,
		// 0.6821·180 ÷ 1 = 122.8 s, follow by hand.
		"worked example, 11 agents": {
			load: workedExample, agents: 11, within: 20 * time.Second,
			want: Outcome{Agents: 11, PWait: 0.6821, ServiceLevel: 38.96, ASASeconds: 122.78, Occupancy: 90.91},
		},
		// The published answer (pyworkforce, R ErlangC): 14 agents, 88.8 %
		// within 20 s, an ASA of 7.8 s and an occupancy of 71.4 %.
		"worked example, 14 agents": {
			load: workedExample, agents: 14, within: 20 * time.Second,
			want: Outcome{Agents: 14, PWait: 0.1741, ServiceLevel: 88.84, ASASeconds: 7.836, Occupancy: 71.43},
		},
		// M/M/1: P(wait) = ρ, SL = 1 − ρ·e^(−(1−ρ)t/AHT), ASA = ρ·AHT/(1−ρ);
		// ρ = 0.5, AHT 60 s, t 60 s: SL = 1 − 0.5·e^−0.5.
		"M/M/1 closed form": {
			load: Load{Contacts: 30, Interval: time.Hour, AHT: time.Minute}, agents: 1, within: time.Minute,
			want: Outcome{Agents: 1, PWait: 0.5, ServiceLevel: 100 * (1 - 0.5*math.Exp(-0.5)), ASASeconds: 60, Occupancy: 50},
		},
		// M/M/2 with ρ = 0.5 (A = 1): P(wait) = 2ρ² ÷ (1 + ρ) = 1/3,
		// ASA = C·AHT ÷ (n − A) = AHT ÷ 3.
		"M/M/2 closed form": {
			load: Load{Contacts: 60, Interval: time.Hour, AHT: time.Minute}, agents: 2, within: 0,
			want: Outcome{Agents: 2, PWait: 1.0 / 3, ServiceLevel: 100 * 2.0 / 3, ASASeconds: 20, Occupancy: 50},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Reach(tt.load, tt.agents, tt.within)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx(6e-3)); diff != "" {
				t.Errorf("Reach (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWorkedExampleToTheDigit checks the worked example against two
// independent published implementations, to the digits they print:
// pyworkforce's README (pypi.org/project/pyworkforce/0.2.1, ErlangC with
// transactions=100, aht=3, interval=30, asa=20/60, shrinkage=0.3,
// max_occupancy=0.85: raw_positions 14, positions 20, service_level
// 0.8883500191794669, occupancy 0.7142857142857143, waiting_probability
// 0.1741319335950498) and the R package ErlangC 0.1.0's example
// (rdocumentation.org/packages/ErlangC: 14 agents, average speed of answer
// 7.83593701177724 s; 11 agents wait with probability 0.6821182).
func TestWorkedExampleToTheDigit(t *testing.T) {
	got, err := Required(workedExample, Goal{ServiceLevel: 80, Within: 20 * time.Second, MaxOccupancy: 85})
	if err != nil {
		t.Fatal(err)
	}
	want := Outcome{Agents: 14, ServiceLevel: 88.83500191794669, PWait: 0.1741319335950498, ASASeconds: 7.83593701177724, Occupancy: 71.42857142857143}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-13, 0)); diff != "" {
		t.Errorf("Required (-published +got):\n%s", diff)
	}
	if n := WithShrinkage(got.Agents, 30); n != 20 {
		t.Errorf("WithShrinkage(14, 30) = %d, want pyworkforce's 20 positions", n)
	}
	eleven, err := Reach(workedExample, 11, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(0.6821182, eleven.PWait, cmpopts.EquateApprox(0, 5e-8)); diff != "" {
		t.Errorf("P(wait) with 11 agents (-published +got):\n%s", diff)
	}
}

// TestRequiredPublished checks the smallest headcount against published
// answers.
func TestRequiredPublished(t *testing.T) {
	tests := map[string]struct {
		load       Load
		goal       Goal
		shrinkage  float64
		want       int
		wantRoster int
	}{
		// The worked example (pyworkforce's README): 13 agents reach
		// only 79.6 % within 20 s, 14 reach 88.8 %; with 30 % shrinkage
		// 14 ÷ 0.7 = 20 on the roster. The occupancy cap of 85 % does not
		// bind (14 agents are 71.4 % busy).
		"worked example": {
			load: workedExample, goal: Goal{ServiceLevel: 80, Within: 20 * time.Second, MaxOccupancy: 85},
			shrinkage: 30, want: 14, wantRoster: 20,
		},
		// The occupancy cap binds where the service level alone would
		// need fewer: 10 Erlangs at 80 % within 5 minutes need 11 agents
		// by service level (87.1 %), but at most 75 % busy means ⌈10 ÷ 0.75⌉ = 14.
		"occupancy cap binds": {
			load: workedExample, goal: Goal{ServiceLevel: 80, Within: 5 * time.Minute, MaxOccupancy: 75},
			want: 14, wantRoster: 14,
		},
		// An ASA of at most 5 s: 14 agents wait 7.8 s on average, 15 wait
		// 3.7 s.
		"ASA binds": {
			load: workedExample, goal: Goal{ServiceLevel: 80, Within: 20 * time.Second, ASA: 5 * time.Second},
			want: 15, wantRoster: 15,
		},
		// Chat, three at a time: 300 chats an hour at 6 minutes each are
		// 30 Erlangs of chat, 10 agents' worth; the approximation treats
		// them as the worked example's 10 Erlangs at a 2-minute "AHT".
		"chat concurrency 3": {
			load: Load{Contacts: 300, Interval: time.Hour, AHT: 6 * time.Minute, Concurrency: 3},
			goal: Goal{ServiceLevel: 80, Within: 20 * time.Second},
			want: 13, wantRoster: 13,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Required(tt.load, tt.goal)
			if err != nil {
				t.Fatal(err)
			}
			if got.Agents != tt.want {
				t.Errorf("Required = %d agents (%+v), want %d", got.Agents, got, tt.want)
			}
			if roster := WithShrinkage(got.Agents, tt.shrinkage); roster != tt.wantRoster {
				t.Errorf("WithShrinkage(%d, %v) = %d, want %d", got.Agents, tt.shrinkage, roster, tt.wantRoster)
			}
		})
	}
}

// TestConcurrencyApproximation checks the documented approximation: k
// contacts at once are the traffic ÷ k with the waits measured in AHT ÷ k.
func TestConcurrencyApproximation(t *testing.T) {
	chat := Load{Contacts: 240, Interval: time.Hour, AHT: 9 * time.Minute, Patience: 2 * time.Minute, Concurrency: 3}
	single := Load{Contacts: 240, Interval: time.Hour, AHT: 3 * time.Minute, Patience: 2 * time.Minute}
	if diff := cmp.Diff(single.Erlangs(), chat.Erlangs()); diff != "" {
		t.Errorf("Erlangs (-single +chat):\n%s", diff)
	}
	for n := 10; n <= 16; n++ {
		want, err := Reach(single, n, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Reach(chat, n, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, approx(1e-12)); diff != "" {
			t.Errorf("%d agents (-single +chat):\n%s", n, diff)
		}
	}
}

// TestNoContacts checks that an interval without contacts needs no one and
// misses nothing.
func TestNoContacts(t *testing.T) {
	idleC := Load{Interval: 30 * time.Minute, AHT: 3 * time.Minute}
	idleA := idleC
	idleA.Patience = time.Minute
	zero := 0.0
	tests := map[string]struct {
		load Load
		want Outcome
	}{
		"Erlang C": {load: idleC, want: Outcome{ServiceLevel: 100}},
		"Erlang A": {load: idleA, want: Outcome{ServiceLevel: 100, AbandonRate: &zero}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Required(tt.load, Goal{ServiceLevel: 99, Within: time.Second, MaxOccupancy: 50})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Required (-want +got):\n%s", diff)
			}
			reach, err := Reach(tt.load, 3, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Agents = 3
			if diff := cmp.Diff(tt.want, reach); diff != "" {
				t.Errorf("Reach (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOverloaded checks that too few agents are reported with
// ErrOverloaded and the outcome of a queue that never empties.
func TestOverloaded(t *testing.T) {
	for _, n := range []int{0, 5, 10} {
		got, err := Reach(workedExample, n, 20*time.Second)
		if !errors.Is(err, ErrOverloaded) {
			t.Errorf("Reach(%d agents on 10 Erlangs) error = %v, want ErrOverloaded", n, err)
		}
		want := Outcome{Agents: n, PWait: 1, ASASeconds: math.Inf(1), Occupancy: 100}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Reach(%d) (-want +got):\n%s", n, diff)
		}
	}
	// With patience fewer agents than Erlangs are a stable queue that
	// sheds the excess: 10 Erlangs on 5 agents lose at least half.
	impatient := workedExample
	impatient.Patience = time.Minute
	all := 100.0
	nobody, err := Reach(impatient, 0, 20*time.Second)
	if !errors.Is(err, ErrOverloaded) {
		t.Errorf("Reach(0 agents, patience 1m) error = %v, want ErrOverloaded", err)
	}
	if diff := cmp.Diff(Outcome{PWait: 1, ASASeconds: math.Inf(1), Occupancy: 100, AbandonRate: &all}, nobody); diff != "" {
		t.Errorf("Reach(0 agents, patience 1m) (-want +got):\n%s", diff)
	}
	got, err := Reach(impatient, 5, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got.AbandonRate == nil || *got.AbandonRate < 50 || got.Occupancy > 100 {
		t.Errorf("Reach(5 agents, 10 Erlangs, patience 1m) = %+v, want ≥ 50 %% abandoned", got)
	}
}

// TestUnreachable checks that a service level of 100 % is refused with
// ErrUnreachable, under both models.
func TestUnreachable(t *testing.T) {
	impatient := workedExample
	impatient.Patience = 90 * time.Second
	for name, l := range map[string]Load{"Erlang C": workedExample, "Erlang A": impatient} {
		t.Run(name, func(t *testing.T) {
			_, err := Required(l, Goal{ServiceLevel: 100, Within: 20 * time.Second})
			if !errors.Is(err, ErrUnreachable) {
				t.Errorf("Required(100 %%) error = %v, want ErrUnreachable", err)
			}
		})
	}
}

// TestInvalidInput checks that each input outside its domain is refused
// with an error naming it, and not as unreachable.
func TestInvalidInput(t *testing.T) {
	ok := Goal{ServiceLevel: 80, Within: 20 * time.Second}
	tests := map[string]struct {
		load Load
		goal Goal
		want string
	}{
		"negative contacts":    {load: Load{Contacts: -1, Interval: time.Hour, AHT: time.Minute}, goal: ok, want: "contacts -1 is negative"},
		"NaN contacts":         {load: Load{Contacts: math.NaN(), Interval: time.Hour, AHT: time.Minute}, goal: ok, want: "contacts NaN is not a number"},
		"zero interval":        {load: Load{Contacts: 1, AHT: time.Minute}, goal: ok, want: "interval 0s is not positive"},
		"zero AHT":             {load: Load{Contacts: 1, Interval: time.Hour}, goal: ok, want: "average handle time 0s is not positive"},
		"negative patience":    {load: Load{Contacts: 1, Interval: time.Hour, AHT: time.Minute, Patience: -time.Second}, goal: ok, want: "patience -1s is negative"},
		"negative concurrency": {load: Load{Contacts: 1, Interval: time.Hour, AHT: time.Minute, Concurrency: -2}, goal: ok, want: "concurrency -2 is negative"},
		"service level 0":      {load: workedExample, goal: Goal{Within: time.Second}, want: "service level 0% is outside (0, 100]"},
		"service level 120":    {load: workedExample, goal: Goal{ServiceLevel: 120, Within: time.Second}, want: "service level 120% is outside (0, 100]"},
		"negative answer time": {load: workedExample, goal: Goal{ServiceLevel: 80, Within: -time.Second}, want: "answer time -1s is negative"},
		"negative ASA":         {load: workedExample, goal: Goal{ServiceLevel: 80, ASA: -time.Second}, want: "ASA -1s is negative"},
		"occupancy 101":        {load: workedExample, goal: Goal{ServiceLevel: 80, MaxOccupancy: 101}, want: "maximum occupancy 101% is outside [0, 100]"},
		"a billion Erlangs":    {load: Load{Contacts: 1e9, Interval: time.Hour, AHT: time.Hour}, goal: ok, want: "1e+09 Erlangs is beyond the 1e+06 a queue is solved for"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Required(tt.load, tt.goal)
			if err == nil || err.Error() != tt.want || errors.Is(err, ErrUnreachable) {
				t.Errorf("Required error = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Reach(workedExample, -1, 0); err == nil || err.Error() != "agents -1 is negative" {
		t.Errorf("Reach(-1 agents) error = %v", err)
	}
}

// TestWithShrinkage checks the roster headcount for the agents on the
// phones.
func TestWithShrinkage(t *testing.T) {
	tests := map[string]struct {
		n         int
		shrinkage float64
		want      int
	}{
		"worked example": {n: 14, shrinkage: 30, want: 20}, // 14 ÷ 0.7 is 20.000000000000004 in floats
		"rounds up":      {n: 13, shrinkage: 30, want: 19}, // 18.57
		"none":           {n: 7, shrinkage: 0, want: 7},
		"half":           {n: 7, shrinkage: 50, want: 14},
		"no one needed":  {n: 0, shrinkage: 30, want: 0},
		"all shrinkage":  {n: 1, shrinkage: 100, want: math.MaxInt},
		"negative":       {n: 5, shrinkage: -10, want: 5},
		"large center":   {n: 10_021, shrinkage: 35, want: 15_417}, // 15416.92
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := WithShrinkage(tt.n, tt.shrinkage); got != tt.want {
				t.Errorf("WithShrinkage(%d, %v) = %d, want %d", tt.n, tt.shrinkage, got, tt.want)
			}
		})
	}
}

// logSum accumulates log Σ e^x over a stream of x without overflow.
type logSum struct {
	max   float64 // the largest x so far
	scale float64 // Σ e^(x − max)
	any   bool
}

// add adds e^x to the sum.
func (s *logSum) add(x float64) {
	switch {
	case math.IsInf(x, -1):
	case !s.any:
		s.max, s.scale, s.any = x, 1, true
	case x <= s.max:
		s.scale += math.Exp(x - s.max)
	default:
		s.scale = s.scale*math.Exp(s.max-x) + 1
		s.max = x
	}
}

// log is log Σ e^x, −Inf for an empty sum.
func (s *logSum) log() float64 {
	if !s.any {
		return math.Inf(-1)
	}
	return s.max + math.Log(s.scale)
}

// TestScaleConstants checks the constants written out as literals.
func TestScaleConstants(t *testing.T) {
	if diff := cmp.Diff([2]float64{math.Exp(-40), math.Log(rescaleAt)}, [2]float64{tailFloor, logRescale}); diff != "" {
		t.Errorf("(-computed +constant):\n%s", diff)
	}
}

// TestExtremes checks loads at the edges: far more agents than work,
// customers patient for decades on an overloaded queue, an answer time of
// days.
func TestExtremes(t *testing.T) {
	got, err := Reach(workedExample, 1_000_000_000, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Outcome{Agents: 1_000_000_000, ServiceLevel: 100, Occupancy: 1e-6}, got, approx(1e-12)); diff != "" {
		t.Errorf("a billion agents (-want +got):\n%s", diff)
	}
	decades := workedExample
	decades.Patience = 1e9 * time.Second
	half, err := Reach(decades, 5, 20*time.Second)
	if !errors.Is(err, ErrOverloaded) {
		t.Errorf("5 agents on 10 Erlangs, patience of decades: error %v, want ErrOverloaded", err)
	}
	if half.AbandonRate == nil || *half.AbandonRate != 50 {
		t.Errorf("5 agents on 10 Erlangs, patience of decades: %+v, want half abandoning", half)
	}
	days, err := Reach(decades, 11, 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if days.ServiceLevel < 99.999 || days.ServiceLevel > 100 {
		t.Errorf("11 agents answering within 3 days: %+v", days)
	}
}
