// Package drill runs an emergency plan as a Temporal workflow, as a drill
// or for real: its steps as a graph with deadlines, reminders and
// escalation, answers from people or simulated participants as updates,
// pause and abort, and a scored result recorded with the drill's events.
package drill
