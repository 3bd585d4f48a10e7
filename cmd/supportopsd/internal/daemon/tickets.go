package daemon

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
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
}

// ticketID derives a ticket's id from its external id, so that opening the
// same external ticket twice finds the first; without one it is random.
func ticketID(t tkt.Ticket) string {
	if t.ID != "" {
		return t.ID
	}
	if t.ExternalID != "" {
		sum := sha256.Sum256([]byte(t.ExternalID))
		return "T-" + strings.ToUpper(hex.EncodeToString(sum[:5]))
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	return "T-" + strings.ToUpper(hex.EncodeToString(b[:]))
}

func (s *tickets) Open(ctx context.Context, t tkt.Ticket) (string, bool, error) {
	t.ID = ticketID(t)
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
	// The workflow id is the ticket's: starting it again, running or
	// ended, is refused by the server, which makes intake idempotent.
	_, err := s.c.ExecuteWorkflow(ctx, opts, ticketwf.WorkflowName, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		return t.ID, false, nil
	case err != nil:
		return "", false, fmt.Errorf("start the workflow of ticket %s: %w", t.ID, err)
	}
	return t.ID, true, nil
}

func (s *tickets) State(ctx context.Context, id string) (ticketwf.State, error) {
	var st ticketwf.State
	err := queryWorkflow(ctx, s.c, ticketwf.WorkflowID(id), ticketwf.QueryState, &st)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return st, api.ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("query ticket %s: %w", id, err)
	}
	return st, nil
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
	if err != nil {
		// The validator's and the handler's refusals come back as
		// application errors: the event was not applied.
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) {
			return st, &api.RejectedError{Reason: appErr.Message()}
		}
		return st, fmt.Errorf("send %s event to ticket %s: %w", ev.Kind, id, err)
	}
	return st, nil
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
	token, err := base64.RawURLEncoding.DecodeString(pageToken)
	if err != nil {
		return page, &api.RejectedError{Reason: "page_token: not a token this API gave out"}
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
	page.NextPageToken = base64.RawURLEncoding.EncodeToString(resp.GetNextPageToken())
	return page, nil
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
