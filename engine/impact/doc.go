// Package impact replays ticket history records through a base and a head configuration and aggregates what the change would have done to them.
//
// The staffing effect is that of the new volumes: the head's forecast of
// each queue channel is scaled by the records the head routes there ÷ those
// the base routes there (kept as it is where the base routes none), and
// the head's week so staffed is compared with the base's (staffing.Effect).
package impact
