package apiv1

import (
	"fmt"
	"net/http"
	"strconv"
)

// CheckListLimit reads the ?limit= of a list as given: a number from 1 to
// MaxListLimit. Any other is refused with the *Error the server answers
// (400, `limit: "0" is not a number from 1 to 500`), so that a client may
// refuse it the same way before asking.
func CheckListLimit(limit string) (int, error) {
	n, err := strconv.Atoi(limit)
	if err != nil || n < 1 || n > MaxListLimit {
		return 0, &Error{Status: http.StatusBadRequest, Message: fmt.Sprintf("limit: %q is not a number from 1 to %d", limit, MaxListLimit)}
	}
	return n, nil
}
