// Package cli holds the command tree of the supportops command: each
// command parses its flags, calls the engine and renders the result.
package cli
