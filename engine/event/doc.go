// Package event names what the workflows record: the type of every event
// a ticket or a drill writes to the event store, and the type of every
// non-retryable failure a workflow or its activities return.
//
// The workflows, the event store and the API share these constants, so
// that a type is spelt once. The strings are recorded (in the event store,
// in workflow histories, in the API's answers) and never change: a Go name
// may be renamed, its value may not.
package event
