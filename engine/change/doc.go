// Package change computes the semantic difference between two configurations,
// entity by entity, and renders it for a reviewer the way terraform plan does
// (it is what `supportops plan` shows).
package change
