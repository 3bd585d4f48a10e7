package eventstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A ticket's texts (a reply's body) are kept beside its events, not in
// them: an event, and the workflow history it comes from, holds a
// reference to its text. Temporal bounds a workflow's history (50 MB), so
// texts in it would let one agent end a ticket by writing long replies.
//
// A text is addressed by its content, "sha256:<hex>" (ContentRef), and
// kept per ticket: storing the same text for a ticket again stores
// nothing new, and a ticket's texts are read with the ticket's id, so a
// reference alone never reads another ticket's text.

// ContentRefPrefix starts every content reference.
const ContentRefPrefix = "sha256:"

// ErrContentNotFound is wrapped by the error Content returns for a
// reference the ticket has no text under.
var ErrContentNotFound = errors.New("no such content")

// ContentRef returns the reference of data: "sha256:" and the hex SHA-256
// of its bytes.
func ContentRef(data []byte) string {
	sum := sha256.Sum256(data)
	return ContentRefPrefix + hex.EncodeToString(sum[:])
}

// ValidContentRef reports whether ref has the shape of a content
// reference ("sha256:" and 64 lower-case hex digits).
func ValidContentRef(ref string) bool {
	h, ok := strings.CutPrefix(ref, ContentRefPrefix)
	return ok && len(h) == sha256.Size*2 && !strings.ContainsFunc(h, func(c rune) bool {
		return (c < '0' || c > '9') && (c < 'a' || c > 'f')
	})
}

// contentKey is where a Memory store keeps a text.
type contentKey struct{ ticketID, ref string }

// PutContent keeps data as a text of ticketID and returns its reference,
// idempotently: the same text stored again for the ticket is kept once.
func (m *Memory) PutContent(_ context.Context, ticketID string, data []byte) (string, error) {
	if ticketID == "" {
		return "", errors.New("store content: empty ticket id")
	}
	ref := ContentRef(data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.contents == nil {
		m.contents = map[contentKey][]byte{}
	}
	k := contentKey{ticketID, ref}
	if _, ok := m.contents[k]; !ok {
		m.contents[k] = slices.Clone(data)
	}
	return ref, nil
}

// Content returns the text of ticketID under ref; a text the ticket does
// not have is ErrContentNotFound.
func (m *Memory) Content(_ context.Context, ticketID, ref string) ([]byte, error) {
	m.mu.Lock()
	data, ok := m.contents[contentKey{ticketID, ref}]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("read content %s of %q: %w", ref, ticketID, ErrContentNotFound)
	}
	return slices.Clone(data), nil
}

// PutContent keeps data as a text of ticketID and returns its reference,
// idempotently: the same text stored again for the ticket is one row.
func (s *SQLite) PutContent(ctx context.Context, ticketID string, data []byte) (string, error) {
	if ticketID == "" {
		return "", errors.New("store content: empty ticket id")
	}
	ref := ContentRef(data)
	select {
	case s.write <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("store content %s of %q: %w", ref, ticketID, ctx.Err())
	}
	defer func() { <-s.write }()
	if err := s.store.putContent(ctx, ticketID, ref, data); err != nil {
		return "", err
	}
	return ref, nil
}

// Content returns the text of ticketID under ref; a text the ticket does
// not have is ErrContentNotFound.
func (s *SQLite) Content(ctx context.Context, ticketID, ref string) ([]byte, error) {
	return s.store.content(ctx, ticketID, ref)
}
