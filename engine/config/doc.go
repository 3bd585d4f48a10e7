// Package config loads a supportops configuration directory, validates it
// against the embedded schema and the cross-reference rules, and returns the
// typed model as a versioned snapshot.
package config
