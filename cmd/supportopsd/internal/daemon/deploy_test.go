package daemon

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/viper"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
)

// TestDeployExample runs examples/deploy as its README says: a Temporal
// server persisted on PostgreSQL stands for the cluster, `supportopsd
// setup --settings supportopsd.yaml` prepares its namespace, and two
// replicas start from the same settings file with the secrets and
// addresses in the environment, share one events database and both turn
// ready; ending them exits 0. Every key of the file must be a flag of
// supportopsd: a misspelt one would silently be ignored.
func TestDeployExample(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server on PostgreSQL and two replicas")
	}
	settings := filepath.Join(repoRoot(t), "examples", "deploy", "supportopsd.yaml")
	checkSettingsKeys(t, settings)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	srv, err := embedded.Start(ctx, embedded.Options{Logger: slog.New(slog.DiscardHandler),
		Postgres: &embedded.PostgresOptions{DSN: newPostgresDSN(t), VisibilityDSN: newPostgresDSN(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	t.Setenv("SUPPORTOPS_TEMPORAL_ADDRESS", srv.FrontendAddress())
	t.Setenv("SUPPORTOPS_EVENTS_DSN", newPostgresDSN(t))
	t.Setenv("SUPPORTOPS_CONFIG", exampleCopy(t))

	var stdout, stderr bytes.Buffer
	if code := Run(ctx, []string{"setup", "--settings", settings}, &stdout, &stderr); code != exitOK ||
		!strings.HasPrefix(stdout.String(), "namespace support registered, retention 72h0m0s\n") {
		t.Fatalf("setup: exit %d\nstdout: %s\nstderr: %s", code, &stdout, &stderr)
	}

	rctx, stop := context.WithCancel(ctx)
	defer stop()
	type replica struct {
		addr   string
		stderr lockedBuffer
		exit   chan int
	}
	replicas := []*replica{{addr: freeAddr(t)}, {addr: freeAddr(t)}}
	for _, r := range replicas {
		r.exit = make(chan int, 1)
		go func() {
			r.exit <- Run(rctx, []string{"--settings", settings, "--data-dir", t.TempDir(), "--http-addr", r.addr}, io.Discard, &r.stderr)
		}()
	}
	for i, r := range replicas {
		deadline := time.Now().Add(time.Minute)
		for {
			if code, _ := readyz(ctx, "http://"+r.addr); code == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %d on %s not ready within a minute:\n%s", i, r.addr, r.stderr.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	stop()
	for i, r := range replicas {
		if code := <-r.exit; code != exitOK {
			t.Errorf("replica %d: exit %d, want 0:\n%s", i, code, r.stderr.String())
		}
	}
}

// readyz asks GET /readyz of base; an unanswered request is status 0.
func readyz(ctx context.Context, base string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+apiv1.PathReady, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// checkSettingsKeys fails t for a key of the settings file that is not a
// flag of supportopsd.
func checkSettingsKeys(t *testing.T, path string) {
	t.Helper()
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	flags := newRootCmd(viper.New(), io.Discard).Flags()
	for _, k := range v.AllKeys() {
		if flags.Lookup(k) == nil {
			t.Errorf("%s: %q is not a flag of supportopsd", path, k)
		}
	}
	if len(v.AllKeys()) < 5 {
		t.Errorf("%s: %d settings read, want the example's", path, len(v.AllKeys()))
	}
}
