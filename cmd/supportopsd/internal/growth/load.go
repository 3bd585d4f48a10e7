package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/supportops/supportops/apiv1"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// readTemplates reads the example's tickets (tickets/*.json) as templates
// without their ids: intake derives a ticket's id from its external id,
// which each copy gets anew.
func readTemplates(example string) ([]apiv1.Ticket, error) {
	paths, err := filepath.Glob(filepath.Join(example, "tickets", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list the example tickets: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("list the example tickets: none in %s/tickets", example)
	}
	slices.Sort(paths)
	out := make([]apiv1.Ticket, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read example ticket: %w", err)
		}
		var t apiv1.Ticket
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("read example ticket %s: %w", p, err)
		}
		t.ID = ""
		out = append(out, t)
	}
	return out, nil
}

// ticketSource hands out new tickets: the templates in turn, each with an
// external id of its own.
type ticketSource struct {
	templates []apiv1.Ticket
	prefix    string
	next      atomic.Int64
}

// ticket returns the next new ticket and its number, from 1.
func (s *ticketSource) ticket() (apiv1.Ticket, int64) {
	n := s.next.Add(1)
	t := s.templates[int(n)%len(s.templates)]
	t.ExternalID = fmt.Sprintf("%s-%d", s.prefix, n)
	return t, n
}

// openTickets opens n tickets through the API, clients at a time, and
// returns how long the API took to take them all in (the workflows run
// their first tasks behind it).
func openTickets(ctx context.Context, c *apiv1.Client, src *ticketSource, n, clients int) (time.Duration, error) {
	var next atomic.Int64
	errs := make(chan error, clients)
	start := time.Now()
	for range clients {
		go func() {
			for next.Add(1) <= int64(n) {
				t, _ := src.ticket()
				if _, err := c.OpenTicket(ctx, t); err != nil {
					errs <- fmt.Errorf("open a ticket: %w", err)
					return
				}
			}
			errs <- nil
		}()
	}
	var first error
	for range clients {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return time.Since(start), first
}

// workEvents are what the sustained load does to a ticket after opening
// it: an agent's public reply, waiting for the customer, the customer's
// reply, and, when closing, solved and closed.
func workEvents(closing bool) []tkt.Event {
	evs := []tkt.Event{
		{Kind: tkt.EventReply, From: tkt.FromAgent, Public: true},
		{Kind: tkt.EventStatus, Status: tkt.StatusPendingCustomer},
		{Kind: tkt.EventReply, From: tkt.FromCustomer},
	}
	if closing {
		evs = append(evs, tkt.Event{Kind: tkt.EventStatus, Status: tkt.StatusSolved}, tkt.Event{Kind: tkt.EventClose})
	}
	return evs
}

// sustained is the outcome of a sustained load.
type sustained struct {
	tickets, events int64
	rss             []float64 // one sample a second, MB
	loads           []string  // the 1-minute load average at each sample
}

// sustainLoad opens and works tickets through the API, clients at a time,
// for d, sampling the daemon's RSS every second.
func sustainLoad(ctx context.Context, p *daemonProc, c *apiv1.Client, src *ticketSource, clients int, d time.Duration) (sustained, error) {
	var out sustained
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var tickets, events atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				n, err := workTicket(ctx, c, src)
				events.Add(int64(n))
				if err != nil {
					if ctx.Err() == nil {
						errs <- err
						cancel()
					}
					return
				}
				tickets.Add(1)
			}
		})
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var rssErr error
sample:
	for {
		select {
		case <-ctx.Done():
			break sample
		case <-tick.C:
			mb, err := p.rssMB()
			if err != nil {
				rssErr = err
				cancel()
				break sample
			}
			out.rss = append(out.rss, mb)
			out.loads = append(out.loads, loadAverage())
		}
	}
	wg.Wait()
	out.tickets, out.events = tickets.Load(), events.Load()
	close(errs)
	if err := <-errs; err != nil {
		return out, err
	}
	return out, rssErr
}

// workTicket opens a ticket and sends it the work events (closing every
// other ticket); it returns how many calls were answered.
func workTicket(ctx context.Context, c *apiv1.Client, src *ticketSource) (int, error) {
	t, num := src.ticket()
	opened, err := c.OpenTicket(ctx, t)
	if err != nil {
		return 0, fmt.Errorf("open a ticket: %w", err)
	}
	n := 1
	for _, ev := range workEvents(num%2 == 0) {
		if _, err := c.PostEvent(ctx, opened.ID, apiv1.EventRequest{Event: ev}); err != nil {
			return n, fmt.Errorf("send %s to ticket %s: %w", ev.Kind, opened.ID, err)
		}
		n++
	}
	return n, nil
}
