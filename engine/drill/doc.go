// Package drill compiles an emergency plan into a runnable step graph and
// scores, explains and renders the result of running it, as a drill or a
// live activation, with real or simulated participants. It also holds the
// live view of a running drill (RunState, RunSummary), which the drill
// workflow aliases and the API contract uses without linking Temporal.
package drill
