package apiv1_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/ticket"
)

// A client opens a ticket and replies to it; a refusal is an *apiv1.Error
// with the HTTP status and the server's reasons.
func ExampleClient() {
	ctx := context.Background()
	c := apiv1.New("http://127.0.0.1:8420", "TOKEN", apiv1.WithTimeout(30*time.Second))
	opened, err := c.OpenTicket(ctx, apiv1.Ticket{
		ID: "T-1001", Channel: "email", Category: "returns", Language: "de", CreatedAt: time.Now(),
	})
	var refused *apiv1.Error
	switch {
	case errors.As(err, &refused):
		fmt.Println("refused:", refused.Status, refused.Message, refused.Reasons)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	body := "Thanks, we are on it."
	st, err := c.PostEvent(ctx, opened.ID, apiv1.EventRequest{
		Event: apiv1.TicketEvent{Kind: ticket.EventReply, From: ticket.FromAgent, Public: true}, Body: &body,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Ticket.ID, st.Status, st.Queue)
}
