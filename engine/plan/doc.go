// Package plan computes the semantic difference between two configurations,
// entity by entity, and renders it for a reviewer the way terraform plan does.
package plan
