// Package ticket holds the shape of a support ticket and of the live state
// of the agents who may take it, as the routing policy, the ticket workflow
// and the HTTP API exchange them, and the shapes of the ticket workflow's
// events, state and list (Event, State, Summary, Page), which the workflow
// aliases and the API contract uses without linking Temporal.
package ticket
