// Package drill compiles an emergency plan into a runnable step graph and
// scores, explains and renders the result of running it, as a drill or a
// live activation, with real or simulated participants.
package drill
