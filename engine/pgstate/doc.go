// Package pgstate is the state supportopsd replicas share in PostgreSQL:
// the agent load board, configuration versions and API tokens.
//
// Open connects to the database (the event store's, --events-dsn) and
// migrates this package's own schema, versioned in pgstate_schema_version
// apart from the event store's, in one transaction under an advisory lock
// of its own, so that replicas starting together migrate one after the
// other. [Board] holds each open ticket's agent (one open contact on its
// channel) and routes under one lock across the replicas, so that two
// replicas never give the last free place of an agent to two tickets.
// [Versions] keeps the files of every configuration version any replica
// loaded, each file once by its SHA-256, so that every replica runs a
// ticket under the version it started with. [Tokens] keeps the API
// tokens' hashes as engine/auth's file store does, for every replica at
// once.
package pgstate
