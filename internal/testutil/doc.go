// Package testutil holds the helpers the project's tests share: golden files
// refreshed by one switch (SUPPORTOPS_UPDATE=1). The Temporal harness
// pieces live in its subpackage workflowtest, so that the engine's tests do
// not link the Temporal SDK.
package testutil
