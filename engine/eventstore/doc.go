// Package eventstore records what happens to tickets and in drills as an
// append-only log of events, the source the KPIs, incentives and reports
// are computed from. Each ticket and each drill is a stream, keyed by its
// id, whose events have their types from engine/event.
//
// A [Store] appends events idempotently — an event is keyed by its ID, so a
// retried activity can append the same batch again harmlessly — and lists
// them by stream, type and time range, in time order. [OpenSQLite] opens the
// default store, a single SQLite file; [OpenPostgres] a PostgreSQL database
// that several processes share. The schema lives with each database's
// dialect and is created or migrated when the store is opened (on
// PostgreSQL under an advisory lock).
//
// Beside the events, a store keeps a ticket's texts (a reply's body) by
// content (PutContent, Content): an event, like the workflow history it
// comes from, holds the text's reference, never the text.
package eventstore
