package ticket

import (
	"errors"
	"fmt"

	"github.com/supportops/supportops/engine/model"
)

// Intake prepares t, offered for intake by source (the id of the
// principal that sends it), and says everything that is wrong with it:
// its source first, then what Check finds against cfg (nil checks only
// the syntax). It returns the ticket as intake keys it.
//
// An external id is a key within its source, the principal that sends it:
// two integrations may use the same external ids. The source comes from
// the caller's credentials; a ticket may name it only as the principal it
// is. An explicit id is a key too, and the two together would be two keys
// for one ticket (which let one external id open many tickets), so intake
// keys on the external id: a ticket with an external id gets the id
// derived from its source and external id, whatever id it gives. Either
// way, offering a ticket again finds the one intake holds, and offering
// another ticket under a key taken is a conflict (see Differences).
func Intake(cfg *model.Config, t Ticket, source string) (Ticket, error) {
	if t.ExternalID == "" {
		if t.Source != "" {
			return t, errors.New("source: only a ticket with an external_id has one, set from the token")
		}
	} else {
		if t.Source != "" && t.Source != source {
			return t, fmt.Errorf("source: %q is not you; leave it out, the token says who you are", t.Source)
		}
		t.Source = source
	}
	return t, Check(cfg, t)
}
