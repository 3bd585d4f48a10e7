// Package model holds the typed operating model of a support center, decoded
// from a validated CUE configuration.
package model
