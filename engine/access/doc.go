// Package access holds the values of who acts on supportops and what they
// may do: principals, approvals and the API actions the authz policy
// decides on. The policy engine, the ticket workflow and the API contract
// share them; the package imports nothing but engine/model, so the API
// contract can use them without linking the policy engine.
package access
