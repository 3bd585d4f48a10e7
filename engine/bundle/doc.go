// Package bundle opens a configuration directory as one versioned whole:
// the validated snapshot, its compiled policies and the version that
// covers both.
package bundle
