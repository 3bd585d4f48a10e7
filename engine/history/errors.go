package history

import (
	"fmt"
	"strings"
)

// LineError is what is wrong with one field of one line of a history
// file.
type LineError struct {
	File string
	Line int
	// Field is the field (or CSV column) at fault; empty when the line as
	// a whole is (not JSON, a CSV row of the wrong width).
	Field   string
	Message string
}

// Error renders the error as FILE:LINE: field: message.
func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Message)
}

// Errors are every error of a history file, in the order of its lines.
type Errors []*LineError

// Error renders one error a line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}
