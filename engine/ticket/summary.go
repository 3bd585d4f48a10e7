package ticket

import "time"

// Summary is a ticket as its search attributes show it: what a list of
// tickets needs without asking each workflow.
type Summary struct {
	ID       string    `json:"id"`
	Status   string    `json:"status"`
	Priority string    `json:"priority,omitempty"`
	Queue    string    `json:"queue,omitempty"`
	Agent    string    `json:"agent,omitempty"`
	Channel  string    `json:"channel,omitempty"`
	Breached bool      `json:"breached"`
	Drill    bool      `json:"drill,omitempty"`
	OpenedAt time.Time `json:"opened_at"`
	// Running is false once the workflow has ended: the ticket is closed
	// and can no longer be reopened.
	Running bool `json:"running"`
}

// Page is one page of a ticket list, newest first.
type Page struct {
	Tickets []Summary `json:"tickets"`
	// NextPageToken asks for the next page; empty on the last.
	NextPageToken string `json:"next_page_token,omitempty"`
}
