package daemon

import (
	"context"
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/policy"
	tkt "github.com/supportops/supportops/engine/ticket"
)

// TestTicketID: derived ids carry 128 bits of the source and external id,
// an external id keys the ticket whatever id it gives, and every id is in
// the grammar.
func TestTicketID(t *testing.T) {
	shop := tkt.Ticket{ExternalID: "chat-1", Source: "shop"}
	withID := shop
	withID.ID = "T-9"
	other := shop
	other.Source = "crm"
	tests := []struct {
		name, reason string
		a, b         tkt.Ticket
		same         bool
	}{
		{"same key", "opening again finds the first", shop, shop, true},
		{"explicit id with an external id", "the external id keys it (defect 4: no bypass)", shop, withID, true},
		{"another source", "external ids are namespaced by source", shop, other, false},
		{"explicit ids", "the caller's id", tkt.Ticket{ID: "T-1"}, tkt.Ticket{ID: "T-1"}, true},
		{"random", "no two alike", tkt.Ticket{}, tkt.Ticket{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ticketID(tc.a), ticketID(tc.b)
			if (a == b) != tc.same {
				t.Errorf("%s: ticketID %q and %q, same = %v, want %v", tc.reason, a, b, a == b, tc.same)
			}
			for _, id := range []string{a, b} {
				if err := tkt.CheckID(id); err != nil {
					t.Errorf("generated id: %v", err)
				}
			}
		})
	}
	if id := ticketID(shop); len(id) != len("T-")+26 {
		t.Errorf("derived id %q: want T- and 26 base32 characters (128 bits)", id)
	}
}

// TestPageToken: a page token opens only if this API gave it out (defect
// 7: a foreign token never reaches the server).
func TestPageToken(t *testing.T) {
	s, other := &tickets{}, &tickets{}
	raw := []byte(`{"CloseTime":"2026-12-02T10:00:00Z","RunID":"r"}`)
	sealed := s.sealPageToken(raw)
	tampered := []byte(sealed)
	tampered[len(tampered)/2] ^= 1
	tests := []struct {
		name, reason, token string
		want                []byte
		ok                  bool
	}{
		{"own", "given out by this API", sealed, raw, true},
		{"empty", "the first page", "", nil, true},
		{"server's own token", "any base64 was retried for 10 s, then 500", base64.RawURLEncoding.EncodeToString(raw), nil, false},
		{"another daemon's", "sealed under another key", other.sealPageToken(raw), nil, false},
		{"tampered", "one bit changed", string(tampered), nil, false},
		{"not base64", "garbage", "%%%", nil, false},
		{"version only", "too short", base64.RawURLEncoding.EncodeToString([]byte{pageTokenVersion}), nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.openPageToken(tc.token)
			if (err == nil) != tc.ok {
				t.Fatalf("%s: openPageToken err = %v, want ok %v", tc.reason, err, tc.ok)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: openPageToken (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
	if s.sealPageToken(nil) != "" {
		t.Error("the last page's token: want empty")
	}
}

// TestIntakeConflicts runs intake on the embedded server: a ticket offered
// again is found, another ticket under a key taken is a 409 and nothing is
// opened (defect 4); an unknown name is a 400 (defect 5); an
// Idempotency-Key reused with another body is a 422, with the same body
// the first answer (defect 8); a foreign page token and a hostile path are
// JSON 4xx (defect 7).
func TestIntakeConflicts(t *testing.T) {
	dir := t.TempDir()
	add := tokenAdder(t, dir)
	ops := add(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	crm := add(policy.Principal{ID: "crm", Roles: []string{"ops_admin"}})
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	base := "http://" + d.Addr()
	c := apiClient{t: t, base: base, token: ops}

	type answer struct {
		Status  int
		ID      string
		Created any
	}
	open := func(c apiClient, tk map[string]any) (answer, map[string]any) {
		t.Helper()
		code, out := c.do("POST", "/v1/tickets", tk)
		id, _ := out["id"].(string)
		return answer{code, id, out["created"]}, out
	}
	ticket := func(edit map[string]any) map[string]any {
		tk := readTicket(t, "vip-refund-complaint")
		for k, v := range edit {
			tk[k] = v
		}
		return tk
	}

	first, out := open(c, ticket(nil))
	if first.Status != http.StatusCreated {
		t.Fatalf("open: %v", out)
	}
	steps := []struct {
		name, reason string
		c            apiClient
		tk           map[string]any
		want         answer
	}{
		{"again", "found, not opened", c, ticket(nil), answer{200, first.ID, false}},
		{"another explicit id", "the external id keys intake", c, ticket(map[string]any{"id": "T-OTHER"}), answer{200, first.ID, false}},
		{"other content", "409, never a silent drop", c, ticket(map[string]any{"subject": "something else"}), answer{409, "", nil}},
		{"another source", "another integration's external id", apiClient{t: t, base: base, token: crm}, ticket(nil), answer{201, ticketID(tkt.Ticket{Source: "crm", ExternalID: "chat-88231"}), true}},
		{"explicit id", "no external id", c, ticket(map[string]any{"external_id": nil, "id": "T-EXPLICIT"}), answer{201, "T-EXPLICIT", true}},
		{"explicit id again", "found", c, ticket(map[string]any{"external_id": nil, "id": "T-EXPLICIT"}), answer{200, "T-EXPLICIT", false}},
		{"explicit id, other content", "409", c, ticket(map[string]any{"external_id": nil, "id": "T-EXPLICIT", "channel": "email"}), answer{409, "", nil}},
		{"unknown channel", "400 naming the known ones", c, ticket(map[string]any{"external_id": "x-1", "channel": "pigeon"}), answer{400, "", nil}},
	}
	for _, s := range steps {
		got, out := open(s.c, s.tk)
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("%s (%s) (-want +got):\n%s\n%v", s.name, s.reason, diff, out)
		}
		if s.want.Status >= 400 && out["error"] == "" {
			t.Errorf("%s: no error message: %v", s.name, out)
		}
	}

	send := func(key, body string) (int, map[string]any) {
		t.Helper()
		return c.doKeyed("POST", "/v1/tickets/"+first.ID+"/events", key, body)
	}
	reply := `{"kind": "reply", "from": "customer"}`
	if code, out := send("k-1", reply); code != http.StatusOK {
		t.Fatalf("keyed event: %d %v", code, out)
	}
	if code, out := send("k-1", reply); code != http.StatusOK {
		t.Errorf("the same key and body again: %d %v, want 200", code, out)
	}
	if code, out := send("k-1", `{"kind": "status", "status": "pending_internal"}`); code != http.StatusUnprocessableEntity || out["error"] == nil {
		t.Errorf("the same key, another body: %d %v, want 422 with the reason", code, out)
	}
	_, st := c.do("GET", "/v1/tickets/"+first.ID, nil)
	if st["status"] == "pending_internal" {
		t.Errorf("the refused request was applied: %v", st["status"])
	}

	for _, p := range []string{"/v1/tickets?page_token=eyJmb28iOjF9", "/v1/tickets/%00", "/v1/tickets/%ff%fe", "/v1/drills/D%E2%80%AE"} {
		code, out := c.do("GET", p, nil)
		if code < 400 || code >= 500 || out["error"] == nil {
			t.Errorf("GET %s: %d %v, want a JSON 4xx", p, code, out)
		}
	}
}
