package apiv1

import (
	"fmt"
	"strings"
)

// Error is the answer of every request the API refuses or fails,
// {"error": "...", "reasons": [...]}, with the HTTP status it came with.
// The Client returns it for any answer of 400 and above: use errors.As.
type Error struct {
	// Status is the HTTP status code; it is not part of the body.
	Status int `json:"-"`
	// Message says what went wrong.
	Message string `json:"error"`
	// Reasons say why, when a policy or a check gave reasons.
	Reasons []string `json:"reasons,omitempty"`
}

// Error reads "message (HTTP status): reason; reason".
func (e *Error) Error() string {
	msg := fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status)
	if len(e.Reasons) > 0 {
		msg += ": " + strings.Join(e.Reasons, "; ")
	}
	return msg
}
