// Package sla selects the SLA terms a ticket runs under: the first SLA
// policy that matches it, with its clocks resolved against the
// configuration (targets, warning thresholds, calendars, pause statuses
// and escalation paths), ready for the ticket workflow to run.
package sla
