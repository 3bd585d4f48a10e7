// Package diag holds positioned diagnostics: what is wrong with a
// configuration or policy, and where.
package diag
