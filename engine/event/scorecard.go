package event

// Types of a closed period's events, in the stream "scorecard:<period>".
const (
	// ScorecardStored: a period was closed; the event holds its
	// scorecard, stored once.
	ScorecardStored = "scorecard_stored"
)
