// Package embedded runs an in-process Temporal server for supportopsd, with
// its state in one SQLite file in the daemon's data directory, or in two
// PostgreSQL databases (Options.Postgres).
//
// Start creates DataDir/temporal.db with the server's SQLite schema on first
// use and registers the namespace; later starts on the same directory reuse
// the database, so workflows, their histories and the namespace survive a
// restart. On PostgreSQL, Start creates the server's own schemas in
// databases that have none (under an advisory lock, so servers starting
// together set them up once) and registers the namespace the same way. The
// frontend, history, matching and worker services run as one node on
// loopback ports, found through static hosts rather than a membership ring.
// This is the only package in the module that links the Temporal server;
// everything else talks to it through an SDK client dialled at
// FrontendAddress.
package embedded
