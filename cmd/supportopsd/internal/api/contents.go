package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/access"
	"github.com/supportops/supportops/engine/eventstore"
)

// Contents keeps the texts of tickets' replies out of their workflows'
// histories (the daemon's event store): the API stores a reply's text,
// and the event the workflow gets holds its reference.
type Contents interface {
	// PutContent keeps data as a text of ticketID and returns its
	// reference ("sha256:<hex>"); the same text again is kept once.
	PutContent(ctx context.Context, ticketID string, data []byte) (ref string, err error)
	// Content returns the text of ticketID under ref; one the ticket does
	// not have is eventstore.ErrContentNotFound.
	Content(ctx context.Context, ticketID, ref string) ([]byte, error)
}

// storeBody keeps the text of a reply request and sets its event's
// reference and size; it reports whether it answered the request (an
// error) instead.
func (s *Server) storeBody(w http.ResponseWriter, r request, id string, req *apiv1.EventRequest) bool {
	if req.Body == nil {
		return false
	}
	if s.Contents == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon keeps no reply texts; send the reply without a body")
		return true
	}
	ref, err := s.Contents.PutContent(r.Context(), id, []byte(*req.Body))
	if err != nil {
		s.internal(w, r, fmt.Errorf("store the reply text of ticket %s: %w", id, err))
		return true
	}
	req.BodyRef, req.BodySize = ref, len(*req.Body)
	return false
}

// getContent answers GET /v1/tickets/{id}/contents/{ref} with a text of
// the ticket (a reply's), to whoever may read the ticket. A reference
// the ticket has no text under is 404, whichever ticket has it.
func (s *Server) getContent(w http.ResponseWriter, r request) {
	if _, ok := s.ticketFor(w, r, access.ActionTicketsRead); !ok {
		return
	}
	id, ref := r.PathValue("id"), r.PathValue("ref")
	if s.Contents == nil {
		writeError(w, http.StatusServiceUnavailable, "this daemon keeps no reply texts")
		return
	}
	if !eventstore.ValidContentRef(ref) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no content %.80q in ticket %s (references look like sha256:<64 hex digits>)", ref, id))
		return
	}
	data, err := s.Contents.Content(r.Context(), id, ref)
	switch {
	case errors.Is(err, eventstore.ErrContentNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no content %s in ticket %s", ref, id))
	case err != nil:
		s.internal(w, r, fmt.Errorf("read content %s of ticket %s: %w", ref, id, err))
	default:
		writeJSON(w, http.StatusOK, apiv1.ContentResponse{Ref: ref, Size: len(data), Body: string(data)})
	}
}
