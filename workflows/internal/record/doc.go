// Package record writes a workflow's history entries to the event store,
// the one way the ticket and drill workflows' Record activities do it:
// each entry as an event of the workflow's stream under "<stream>/<seq>",
// the workflow's log as the truth (eventstore.Store.Sync), and the
// store's refusals as non-retryable event.ErrBadEvent failures.
package record
