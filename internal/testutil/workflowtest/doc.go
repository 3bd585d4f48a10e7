// Package workflowtest holds the Temporal pieces the workflow tests share:
// replaying recorded histories, and the time-skipping environment's set-up,
// scheduled queries and updates, and run to completion.
package workflowtest
