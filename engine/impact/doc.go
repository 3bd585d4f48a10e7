// Package impact replays ticket history records through a base and a head configuration and aggregates what the change would have done to them.
package impact
