// Package sla selects the SLA policy a ticket runs under and resolves its
// clocks against the configuration: targets, warning thresholds, calendars,
// pause statuses and escalation paths, ready for the ticket workflow to run.
package sla
