package ticket

import (
	"fmt"
	"regexp"
	"strings"

	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/sdk/converter"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// Filter selects tickets by their search attributes. Empty fields match
// every ticket; drill tickets are left out unless Drill is set.
type Filter struct {
	Status   string `json:"status,omitempty"`
	Queue    string `json:"queue,omitempty"`
	Priority string `json:"priority,omitempty"`
	Agent    string `json:"agent,omitempty"`
	Channel  string `json:"channel,omitempty"`
	Breached *bool  `json:"breached,omitempty"`
	// Drill lists drill tickets instead of real ones.
	Drill bool `json:"drill,omitempty"`
}

// listStatuses are the statuses a filter may name.
var listStatuses = map[string]bool{StatusOpen: true, StatusPendingCustomer: true, StatusPendingInternal: true, StatusSolved: true, StatusClosed: true}

// filterValue is what an id in a filter may look like: config ids, agent
// ids and priorities. Nothing that could end a quoted string.
var filterValue = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$`)

// Query is the filter as a Temporal visibility query over ticket
// workflows. A malformed value is an error that names the field.
func (f Filter) Query() (string, error) {
	clauses := []string{fmt.Sprintf("WorkflowType = '%s'", WorkflowName), fmt.Sprintf("%s = %t", SearchTicketDrill, f.Drill)}
	if f.Status != "" && !listStatuses[f.Status] {
		return "", fmt.Errorf("status: %q is not one of open, pending_customer, pending_internal, solved, closed", f.Status)
	}
	for _, c := range []struct{ field, attr, value string }{
		{"status", SearchTicketStatus, f.Status}, {"queue", SearchTicketQueue, f.Queue},
		{"priority", SearchTicketPriority, f.Priority}, {"agent", SearchTicketAgent, f.Agent},
		{"channel", SearchTicketChannel, f.Channel},
	} {
		if c.value == "" {
			continue
		}
		if !filterValue.MatchString(c.value) {
			return "", fmt.Errorf("%s: %q is not an id (letters, digits and _ . : @ -)", c.field, c.value)
		}
		clauses = append(clauses, fmt.Sprintf("%s = '%s'", c.attr, c.value))
	}
	if f.Breached != nil {
		clauses = append(clauses, fmt.Sprintf("%s = %t", SearchTicketBreached, *f.Breached))
	}
	return strings.Join(clauses, " AND "), nil
}

// Summary and Page, the shapes of a ticket list, are declared in
// engine/ticket.
type (
	// Summary is a ticket as its search attributes show it.
	Summary = tkt.Summary
	// Page is one page of a ticket list, newest first.
	Page = tkt.Page
)

// SummaryOf reads a ticket's summary from its workflow's visibility
// record.
func SummaryOf(info *workflowpb.WorkflowExecutionInfo) (Summary, error) {
	s := Summary{
		ID:       strings.TrimPrefix(info.GetExecution().GetWorkflowId(), WorkflowID("")),
		OpenedAt: info.GetStartTime().AsTime().UTC(),
		Running:  info.GetCloseTime() == nil,
	}
	fields := info.GetSearchAttributes().GetIndexedFields()
	dc := converter.GetDefaultDataConverter()
	for name, dst := range map[string]any{
		SearchTicketID: &s.ID, SearchTicketStatus: &s.Status, SearchTicketPriority: &s.Priority,
		SearchTicketQueue: &s.Queue, SearchTicketAgent: &s.Agent, SearchTicketChannel: &s.Channel,
		SearchTicketBreached: &s.Breached, SearchTicketDrill: &s.Drill,
	} {
		p, ok := fields[name]
		if !ok {
			continue
		}
		if err := dc.FromPayload(p, dst); err != nil {
			return s, fmt.Errorf("read search attribute %s of %s: %w", name, info.GetExecution().GetWorkflowId(), err)
		}
	}
	return s, nil
}
