// Package daemon is supportopsd: it loads and validates the configuration,
// runs the ticket workers on Temporal (an embedded server with SQLite in the
// data directory, or a cluster at --temporal-address), records events, and
// serves the HTTP API.
package daemon
