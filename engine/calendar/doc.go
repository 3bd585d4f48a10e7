// Package calendar is the business-hours clock behind SLA timers: it says
// when a target of business time counted from an instant falls due, and how
// much business time lies between two instants.
//
// A Calendar is built once from a Spec (weekly hours, holidays, special days
// and a time zone) and is then immutable and safe for concurrent use. Due and
// Between work in whole windows and whole days, and skip whole weeks with
// arithmetic where nothing irregular can happen, so their cost does not grow
// with the length of the target measured in minutes.
//
// # Wall clock and real time
//
// Windows are wall-clock times in the calendar's location; business time is
// the real time elapsed inside them. On the day a clock goes forward a window
// 01:00-04:00 holds two hours of business time, on the day it goes back four.
//
// A window bound at wall time w on some date is the first instant at which the
// local clock reads w or later on that date. That settles the two cases where
// a wall time does not name exactly one instant:
//
//   - A wall time skipped when the clock goes forward (02:30 in Europe/Berlin
//     on 2026-03-29) is the instant of the jump, shown as 03:00 CEST. A window
//     02:15-02:45 that day is empty and a window 01:00-02:30 ends at 03:00 CEST.
//   - A wall time that occurs twice when the clock goes back (01:30 in
//     America/New_York on 2026-11-01) is its first occurrence (01:30 EDT).
//
// This is deliberately not time.Date's normalisation, which moves a skipped
// 02:30 forward to 03:30 in Berlin but back to 01:30 in New York, and so would
// make the window 01:00-02:00 empty on New York's spring-forward day. For every
// wall time that names exactly one instant the two agree. A window ending at
// 24:00 ends at the next local midnight, whatever the length of the day.
//
// # Limits
//
// Due searches at most ten years (3,660 days) past its starting point. When
// the target is not reached by then (an absurd target, or a calendar whose
// working time has run out because its weekly hours are empty and its last
// special day is past) it returns the zero time.Time, which callers can test
// with IsZero. Instants must lie in the years 1 to 9999: Due returns the zero
// Time for a start outside them and Between clamps its bounds to them.
package calendar
