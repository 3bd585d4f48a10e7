// Package revision materialises a configuration directory as it was at a
// git revision, so that a change can be compared with its base.
package revision
