package daemon

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/internal/testutil/configtest"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

func exampleConfig(t *testing.T) *model.Config {
	t.Helper()
	return configtest.Load(t, example).Config
}

func TestResolvePeople(t *testing.T) {
	cfg := exampleConfig(t)
	for _, tc := range []struct {
		name    string
		targets []string
		want    []string
	}{
		{"an approver role", []string{"manager"}, []string{"petra-lange"}},
		{"role and the rota, each person once", []string{"supervisor", "on_duty:supervisor"},
			[]string{"jan-vogel", "jonas-weber", "katrin-schwarz", "markus-braun", "sabine-mueller"}},
		{"an agent", []string{"julia-wagner"}, []string{"julia-wagner"}},
		{"a target kind", []string{"agent:sabine-mueller", "on_duty:incident-commander"}, []string{"sabine-mueller", "petra-lange", "katrin-schwarz"}},
		{"nobody known", []string{"", "somebody"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, resolvePeople(cfg, tc.targets)); diff != "" {
				t.Errorf("resolvePeople(%q) (-want +got):\n%s", tc.targets, diff)
			}
		})
	}
}

// The webhook receives a notification with the people its targets reach.
func TestNotifierWebhookPeople(t *testing.T) {
	cfg := exampleConfig(t)
	got := make(chan ticketwf.Notification, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var n ticketwf.Notification
		if err := json.Unmarshal(body, &n); err != nil {
			t.Errorf("webhook body %s: %v", body, err)
		}
		got <- n
	}))
	defer srv.Close()
	n := newNotifier(slog.New(slog.DiscardHandler), srv.URL)
	n.config = func() *model.Config { return cfg }
	sent := ticketwf.Notification{Ticket: "T-1", Kind: "approval_overdue", Targets: []string{"manager", "on_duty:supervisor"}, Message: "still open"}
	if err := n.Notify(context.Background(), sent); err != nil {
		t.Fatal(err)
	}
	want := sent
	want.People = []string{"petra-lange", "sabine-mueller", "katrin-schwarz", "jonas-weber", "jan-vogel", "markus-braun"}
	if diff := cmp.Diff(want, <-got); diff != "" {
		t.Errorf("webhook got (-want +got):\n%s", diff)
	}
}
