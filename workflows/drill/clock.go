package drill

import (
	"math"
	"time"

	"go.temporal.io/sdk/workflow"

	edrill "github.com/supportops/supportops/engine/drill"
)

// now is drill time: the start plus the wall time since, times the
// speed. Sped up, it is rounded to the millisecond, so that a wait of a
// whole number of milliseconds (see await) ends at exactly its time, and
// a sped-up run reports the times a run in real time would. Every time
// the run keeps is one of these, never workflow.Now itself.
func (r *run) now(ctx workflow.Context) time.Time {
	wall := workflow.Now(ctx).UTC()
	if r.speed == 1 {
		return wall
	}
	return r.start.Add(time.Duration(float64(wall.Sub(r.start)) * r.speed).Round(time.Millisecond))
}

// wall is the wall time a wait of d on the drill clock takes, rounded
// up, so that the drill clock has reached d when it ends.
func (r *run) wall(d time.Duration) time.Duration {
	if r.speed == 1 {
		return d
	}
	return time.Duration(math.Ceil(float64(d) / r.speed))
}

// await waits until cond holds or d passes on the drill clock, whichever
// comes first, and reports whether cond held; every timed wait of the run
// goes through it (or sleep).
func (r *run) await(ctx workflow.Context, d time.Duration, cond func() bool) (bool, error) {
	return workflow.AwaitWithTimeout(ctx, r.wall(d), cond)
}

// sleep waits for d on the drill clock.
func (r *run) sleep(ctx workflow.Context, d time.Duration) error {
	return workflow.Sleep(ctx, r.wall(d))
}

// clock is the drill clock at now (a drill time, see run.now): the time
// since the start less the pauses.
func (r *run) clock(now time.Time) time.Duration {
	d := now.Sub(r.start) - r.pausedFor
	if r.paused {
		d -= now.Sub(r.pausedAt)
	}
	return d
}

func (r *run) mark(ctx workflow.Context, by string) edrill.Mark {
	now := r.now(ctx)
	return edrill.Mark{At: now, Elapsed: r.clock(now), By: by}
}
