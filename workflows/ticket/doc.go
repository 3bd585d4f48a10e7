// Package ticket is the durable lifecycle of one support ticket as a
// Temporal workflow: intake, routing by the routing policy, SLA clocks on
// business calendars with warnings, breaches and escalation, agent and
// customer events as updates, resolution, a CSAT survey and close, or a
// merge into another ticket, whose workflow is signalled (SignalMerged).
//
// Configuration and policy enter through activities (Activities), keyed by
// the configuration version the ticket was opened under, so a running
// ticket keeps the rules it started with. Every step is appended,
// idempotently, to the event store.
package ticket
