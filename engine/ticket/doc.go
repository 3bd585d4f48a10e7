// Package ticket holds the shape of a support ticket and of the live state
// of the agents who may take it, as the routing policy, the ticket workflow
// and the HTTP API exchange them.
package ticket
