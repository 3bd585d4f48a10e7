// Package pgtx is what the PostgreSQL stores share: rerunning a
// transaction aborted by a deadlock or serialization failure, and a DSN
// with its password redacted for messages.
//
// engine/eventstore's PostgreSQL store and engine/pgstate run each
// transaction through [Retry] and name their database by [RedactDSN].
package pgtx
