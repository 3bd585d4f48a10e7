package ticket

import (
	"slices"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Search attributes of ticket workflows. They make tickets findable in the
// Temporal UI and CLI (for example
// `temporal workflow list --query "TicketStatus='open' AND TicketQueue='billing'"`)
// and back the API's ticket list. They must be registered on the namespace
// (SearchAttributes lists them) before a ticket started with
// Input.SearchAttributes upserts them.
const (
	SearchTicketID       = "TicketId"
	SearchTicketStatus   = "TicketStatus"
	SearchTicketQueue    = "TicketQueue"
	SearchTicketPriority = "TicketPriority"
	SearchTicketAgent    = "TicketAgent"
	SearchTicketChannel  = "TicketChannel"
	SearchTicketBreached = "TicketBreached"
	SearchTicketDrill    = "TicketDrill"
)

// SearchAttributes are the custom search attributes of ticket workflows
// with their types, as the namespace must have them registered.
func SearchAttributes() map[string]enumspb.IndexedValueType {
	kw, b := enumspb.INDEXED_VALUE_TYPE_KEYWORD, enumspb.INDEXED_VALUE_TYPE_BOOL
	return map[string]enumspb.IndexedValueType{
		SearchTicketID: kw, SearchTicketStatus: kw, SearchTicketQueue: kw, SearchTicketPriority: kw,
		SearchTicketAgent: kw, SearchTicketChannel: kw, SearchTicketBreached: b, SearchTicketDrill: b,
	}
}

// searchValues are the values of a ticket's search attributes that change
// while it runs.
type searchValues struct {
	Status, Queue, Priority, Agent string
	Breached                       bool
}

// InitialSearchAttributes are the search attributes a ticket's workflow
// starts with; the workflow keeps them current as the ticket changes.
func InitialSearchAttributes(in Input) temporal.SearchAttributes {
	t := in.Ticket
	return temporal.NewSearchAttributes(append(searchUpdates(searchValues{Status: StatusOpen, Priority: t.Priority}),
		temporal.NewSearchAttributeKeyKeyword(SearchTicketID).ValueSet(t.ID),
		temporal.NewSearchAttributeKeyKeyword(SearchTicketChannel).ValueSet(t.Channel),
		temporal.NewSearchAttributeKeyBool(SearchTicketDrill).ValueSet(slices.Contains(t.Tags, "drill")),
	)...)
}

func searchUpdates(v searchValues) []temporal.SearchAttributeUpdate {
	return []temporal.SearchAttributeUpdate{
		temporal.NewSearchAttributeKeyKeyword(SearchTicketStatus).ValueSet(v.Status),
		temporal.NewSearchAttributeKeyKeyword(SearchTicketQueue).ValueSet(v.Queue),
		temporal.NewSearchAttributeKeyKeyword(SearchTicketPriority).ValueSet(v.Priority),
		temporal.NewSearchAttributeKeyKeyword(SearchTicketAgent).ValueSet(v.Agent),
		temporal.NewSearchAttributeKeyBool(SearchTicketBreached).ValueSet(v.Breached),
	}
}

// current are the search values of the ticket now.
func (r *run) searchValues() searchValues {
	v := searchValues{Status: r.st.Status, Queue: r.st.Queue, Priority: r.st.Priority, Agent: r.st.Agent}
	for _, c := range r.clocks {
		v.Breached = v.Breached || c.cs.Breached
	}
	return v
}

// upsertSearch brings the workflow's search attributes up to date when
// the ticket was started with them and something they show has changed.
// It adds a command only on a change, so a ticket's history grows by one
// event per change of status, queue, priority, agent or breach.
func (r *run) upsertSearch(ctx workflow.Context) error {
	if !r.in.SearchAttributes {
		return nil
	}
	v := r.searchValues()
	if r.searched != nil && *r.searched == v {
		return nil
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, searchUpdates(v)...); err != nil {
		return err
	}
	r.searched = &v
	return nil
}
