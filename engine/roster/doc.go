// Package roster lays a configuration's forecasts and agents' shifts on a week: per queue channel and interval, the contacts expected and the agents scheduled.
package roster
