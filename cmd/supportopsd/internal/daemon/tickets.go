package daemon

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// tickets runs tickets as workflows on Temporal.
type tickets struct {
	c         client.Client
	namespace string
	versions  *snapshots
	// searchable says the namespace has the ticket search attributes:
	// tickets are started with them, and can be listed.
	searchable bool

	// pageKeyOnce makes pageKey, which seals the list's page tokens.
	pageKeyOnce sync.Once
	pageKey     [32]byte
}

// idEncoding spells the bits of generated ticket ids: upper-case base32
// without padding, 26 characters for 128 bits.
var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// ticketID is the id of a ticket offered for intake. A ticket with an
// external id gets "T-" and 128 bits of the SHA-256 of its source and
// external id, so that opening the same external ticket again finds the
// first, and two different ones collide with a probability of about
// n²/2¹²⁹ (nil for any number of tickets a center has); the key is the
// external id, whatever id the ticket gives (see api.Server's intake).
// Else it is the ticket's own id, or "T-" and 128 random bits.
func ticketID(t tkt.Ticket) string {
	if t.ExternalID != "" {
		sum := sha256.Sum256([]byte(t.Source + "\x00" + t.ExternalID))
		return "T-" + idEncoding.EncodeToString(sum[:16])
	}
	if t.ID != "" {
		return t.ID
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "T-" + idEncoding.EncodeToString(b[:])
}

// Open implements api.Tickets. The workflow id is the ticket's: starting
// it again, running or ended, is refused by the server, which makes
// intake idempotent. The ticket then found is read from its workflow's
// input and compared with the one offered: the same ticket answers
// created false, another one a *api.ConflictError, so that a ticket is
// never dropped without a word.
func (s *tickets) Open(ctx context.Context, t tkt.Ticket) (string, bool, error) {
	t.ID = ticketID(t)
	offered := t
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now().UTC()
	}
	version, _, _ := s.versions.Current()
	in := ticketwf.Input{Ticket: t, Config: version, SearchAttributes: s.searchable}
	opts := client.StartWorkflowOptions{
		ID:                                       ticketwf.WorkflowID(t.ID),
		TaskQueue:                                ticketwf.TaskQueue,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
	}
	if s.searchable {
		opts.TypedSearchAttributes = ticketwf.InitialSearchAttributes(in)
	}
	_, err := s.c.ExecuteWorkflow(ctx, opts, ticketwf.WorkflowName, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		if err = s.sameTicket(ctx, t.ID, offered); err != nil {
			return "", false, err
		}
		return t.ID, false, nil
	case err != nil:
		return "", false, fmt.Errorf("start the workflow of ticket %s: %w", t.ID, err)
	}
	return t.ID, true, nil
}

// sameTicket says whether ticket id is the ticket offered again: nil when
// it is, a *api.ConflictError naming what differs when it is not.
func (s *tickets) sameTicket(ctx context.Context, id string, offered tkt.Ticket) error {
	var in ticketwf.Input
	if err := startInput(ctx, s.c, ticketwf.WorkflowID(id), &in); err != nil {
		return fmt.Errorf("read ticket %s to compare it with the one offered again: %w", id, err)
	}
	existing := in.Ticket
	diff := tkt.Differences(existing, offered)
	switch {
	case len(diff) == 0:
		return nil
	case offered.ExternalID != "" && (existing.ExternalID != offered.ExternalID || existing.Source != offered.Source):
		return &api.ConflictError{Reason: fmt.Sprintf("external id %q of %s: its ticket id %s holds another external ticket; nothing was opened",
			offered.ExternalID, cmp.Or(offered.Source, "the daemon"), id)}
	case offered.ExternalID != "":
		return &api.ConflictError{Reason: fmt.Sprintf("external id %q of %s is ticket %s already, with another %s; nothing was opened (offer it as it was to find it, or use another external id)",
			offered.ExternalID, cmp.Or(offered.Source, "the daemon"), id, strings.Join(diff, ", "))}
	}
	return &api.ConflictError{Reason: fmt.Sprintf("ticket %s exists already, with another %s; nothing was opened (offer it as it was to find it, or give another id)",
		id, strings.Join(diff, ", "))}
}

// startInput decodes the input of the workflow's run, the first event of
// its history, into out. It needs no worker, and works for a run that has
// ended.
func startInput(ctx context.Context, c client.Client, workflowID string, out any) error {
	it := c.GetWorkflowHistory(ctx, workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !it.HasNext() {
		return api.ErrNotFound
	}
	ev, err := it.Next()
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return api.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("read the history of %s: %w", workflowID, err)
	}
	attrs := ev.GetWorkflowExecutionStartedEventAttributes()
	if attrs == nil {
		return fmt.Errorf("read the input of %s: its history starts with %s", workflowID, ev.GetEventType())
	}
	if err = converter.GetDefaultDataConverter().FromPayloads(attrs.GetInput(), out); err != nil {
		return fmt.Errorf("decode the input of %s: %w", workflowID, err)
	}
	return nil
}

func (s *tickets) State(ctx context.Context, id string) (ticketwf.State, error) {
	return queryState[ticketwf.State](ctx, s.c, ticketwf.WorkflowID(id), ticketwf.QueryState, "ticket "+id)
}

func (s *tickets) Event(ctx context.Context, id string, ev ticketwf.Event, key string) (ticketwf.State, error) {
	var st ticketwf.State
	// The update has an id of its own, so sending it again after a
	// transient failure (a worker restarting, a busy server) applies it
	// once. A client's idempotency key makes it the same id across
	// requests: the server keeps the outcome of an update by its id for
	// the workflow's run.
	updateID := "api-" + randomHex(8)
	if key != "" {
		sum := sha256.Sum256([]byte(id + "\x00" + key))
		updateID = "key-" + hex.EncodeToString(sum[:16])
	}
	opts := client.UpdateWorkflowOptions{
		UpdateID:   updateID,
		WorkflowID: ticketwf.WorkflowID(id), UpdateName: ticketwf.UpdateEvent, Args: []any{ev},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	err := updateWorkflow(ctx, s.c, opts, &st)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return st, api.ErrNotFound
	}
	// The validator's and the handler's refusals come back as
	// application errors: the event was not applied.
	var appErr *temporal.ApplicationError
	if err != nil && !errors.As(err, &appErr) {
		return st, fmt.Errorf("send %s event to ticket %s: %w", ev.Kind, id, err)
	}
	if key != "" {
		if kerr := s.sameKeyedEvent(ctx, id, updateID, ev); kerr != nil {
			return st, kerr
		}
	}
	if err != nil {
		return st, &api.RejectedError{Reason: appErr.Message()}
	}
	return st, nil
}

// sameKeyedEvent checks that the update updateID, sent with an
// Idempotency-Key, applied ev and not another event sent before with the
// same key: the server answers an update id it knows with the first
// outcome, whatever the arguments. The check reads what the update was
// accepted with from the workflow's history, newest first (a retry follows
// its first attempt closely), so it holds across daemon restarts and
// between daemons, and costs nothing to requests without a key; an
// in-memory map of keys would forget them on a restart. An update that
// the validator refused is not in the history, and is not deduplicated
// either: sent again, it is validated again. A *api.KeyReusedError when
// the bodies differ.
func (s *tickets) sameKeyedEvent(ctx context.Context, id, updateID string, ev ticketwf.Event) error {
	var token []byte
	for {
		resp, err := s.c.WorkflowService().GetWorkflowExecutionHistoryReverse(ctx, &workflowservice.GetWorkflowExecutionHistoryReverseRequest{
			Namespace: s.namespace, Execution: &commonpb.WorkflowExecution{WorkflowId: ticketwf.WorkflowID(id)},
			MaximumPageSize: 256, NextPageToken: token,
		})
		if err != nil {
			return fmt.Errorf("read the history of ticket %s to check an Idempotency-Key: %w", id, err)
		}
		for _, e := range resp.GetHistory().GetEvents() {
			req := e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest()
			if req.GetMeta().GetUpdateId() != updateID {
				continue
			}
			var first ticketwf.Event
			if err = converter.GetDefaultDataConverter().FromPayloads(req.GetInput().GetArgs(), &first); err != nil {
				return fmt.Errorf("decode the event of update %s of ticket %s: %w", updateID, id, err)
			}
			a, aerr := json.Marshal(first)
			b, berr := json.Marshal(ev)
			if aerr != nil || berr != nil || !bytes.Equal(a, b) {
				return &api.KeyReusedError{Reason: fmt.Sprintf("Idempotency-Key: used before for another request to ticket %s (a %s event); a new request needs a new key",
					id, first.Kind)}
			}
			return nil
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return nil
		}
	}
}

// errNotSearchable is the list's answer when the namespace lacks the
// ticket search attributes.
var errNotSearchable = errors.New("the ticket list needs the ticket search attributes on the Temporal namespace; see the daemon's log at start")

// List lists the tickets that match f, newest first, from Temporal's
// visibility store. It lags the tickets by the time the server takes to
// index a change, well under a second on the embedded server.
func (s *tickets) List(ctx context.Context, f ticketwf.Filter, limit int, pageToken string) (ticketwf.Page, error) {
	page := ticketwf.Page{Tickets: []ticketwf.Summary{}}
	if !s.searchable {
		return page, &api.UnavailableError{Reason: errNotSearchable.Error()}
	}
	query, err := f.Query()
	if err != nil {
		return page, &api.RejectedError{Reason: err.Error()}
	}
	token, err := s.openPageToken(pageToken)
	if err != nil {
		return page, &api.RejectedError{Reason: "page_token: " + err.Error()}
	}
	resp, err := s.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Namespace: s.namespace, PageSize: int32(limit), NextPageToken: token, Query: query,
	})
	var invalid *serviceerror.InvalidArgument
	if errors.As(err, &invalid) && pageToken != "" {
		return page, &api.RejectedError{Reason: "page_token: " + invalid.Message}
	}
	if err != nil {
		return page, fmt.Errorf("list tickets (%s): %w", query, err)
	}
	for _, info := range resp.GetExecutions() {
		var sum ticketwf.Summary
		if sum, err = ticketwf.SummaryOf(info); err != nil {
			return page, err
		}
		page.Tickets = append(page.Tickets, sum)
	}
	page.NextPageToken = s.sealPageToken(resp.GetNextPageToken())
	return page, nil
}

// pageTokenVersion is the first byte of a sealed page token.
const pageTokenVersion = 1

// pageTokenMAC is the length of a page token's HMAC, in bytes.
const pageTokenMAC = 16

// errForeignToken is the refusal of a page token the API did not give out.
var errForeignToken = errors.New("not a token this API gave out (tokens do not outlive a daemon restart); list again without page_token")

// sealPageToken wraps the server's page token for a client: a version
// byte, the token and an HMAC of both under a key of this process, in
// URL-safe base64; "" for the last page. The server reads a token it did
// not make as it can (a JSON document on SQL visibility) and answers an
// internal error, which the SDK retries for seconds; sealed, any token the
// API did not give out is refused at once, before it reaches the server.
func (s *tickets) sealPageToken(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	b := append([]byte{pageTokenVersion}, raw...)
	return base64.RawURLEncoding.EncodeToString(append(b, s.pageTokenMAC(b)...))
}

// openPageToken returns the server's page token sealed in token; nil for
// "".
func (s *tickets) openPageToken(token string) ([]byte, error) {
	if token == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) < 1+pageTokenMAC+1 || b[0] != pageTokenVersion {
		return nil, errForeignToken
	}
	body, mac := b[:len(b)-pageTokenMAC], b[len(b)-pageTokenMAC:]
	if !hmac.Equal(mac, s.pageTokenMAC(body)) {
		return nil, errForeignToken
	}
	return body[1:], nil
}

func (s *tickets) pageTokenMAC(b []byte) []byte {
	s.pageKeyOnce.Do(func() { _, _ = rand.Read(s.pageKey[:]) })
	m := hmac.New(sha256.New, s.pageKey[:])
	m.Write(b)
	return m.Sum(nil)[:pageTokenMAC]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Migrate moves ticket id to configuration version, the current one when
// version is empty. The version must be loaded or kept in the data
// directory.
func (s *tickets) Migrate(ctx context.Context, id, version, actor string) (ticketwf.State, error) {
	if version == "" {
		version, _, _ = s.versions.Current()
	}
	// A version names a directory under <data-dir>/configs: only what
	// a version looks like (32 hex digits) may reach the file system.
	if !validVersion(version) {
		return ticketwf.State{}, &api.RejectedError{Reason: fmt.Sprintf("migrate: %q is not a configuration version (32 hex digits)", version)}
	}
	if _, _, err := s.versions.Snapshot(ctx, version); err != nil {
		return ticketwf.State{}, &api.RejectedError{Reason: fmt.Sprintf("migrate: %v", err)}
	}
	return s.Event(ctx, id, ticketwf.Event{Kind: ticketwf.EventMigrate, Config: version, Actor: actor}, "")
}

// validVersion holds for what open makes a configuration version: 32
// lower-case hex digits.
func validVersion(v string) bool {
	if len(v) != 32 {
		return false
	}
	for _, c := range v {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
