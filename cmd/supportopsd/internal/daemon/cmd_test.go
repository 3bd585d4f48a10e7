package daemon

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

// TestRunUsageErrors checks that settings that cannot work stop the daemon
// before anything starts, with exit code 2 and a message naming the
// setting, from flags, the environment or a settings file alike.
func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	settings := filepath.Join(dir, "settings.yaml")
	if err := os.WriteFile(settings, []byte("temporal-address: temporal.example:7233\ntemporal-tls: false\ntemporal-tls-ca: ca.pem\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.pem")
	hash := strings.Repeat("ab", 32)
	const secret = "sop_NotAHashButATokenPastedByMistake0123456789"
	for name, tc := range map[string]struct {
		reason string
		args   []string
		env    map[string]string
		want   string
	}{
		"tls without address": {
			"the embedded server has no TLS",
			[]string{"--config", example, "--data-dir", dir, "--temporal-tls"},
			nil,
			"supportopsd: --temporal-tls needs --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys\n",
		},
		"api key from the environment without address": {
			"environment variables are checked like flags, and the key is not shown",
			[]string{"--config", example, "--data-dir", dir},
			map[string]string{"SUPPORTOPS_TEMPORAL_API_KEY": secret},
			"supportopsd: --temporal-api-key needs --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys\n",
		},
		"certificate without key": {
			"mutual TLS needs both files",
			[]string{"--temporal-address", "temporal.example:7233", "--temporal-tls-cert", "client.pem"},
			nil,
			"supportopsd: --temporal-tls-cert and --temporal-tls-key go together: give both for mutual TLS, or neither\n",
		},
		"tls off in the settings file": {
			"an explicit false in a settings file counts",
			[]string{"--settings", settings},
			nil,
			"supportopsd: --temporal-tls=false contradicts --temporal-tls-ca: leave out one or the other\n",
		},
		"tls off in the environment": {
			"an explicit false in the environment counts",
			[]string{"--temporal-address", "temporal.example:7233", "--temporal-tls-server-name", "temporal.example"},
			map[string]string{"SUPPORTOPS_TEMPORAL_TLS": "false"},
			"supportopsd: --temporal-tls=false contradicts --temporal-tls-server-name: leave out one or the other\n",
		},
		"missing ca file": {
			"files are read before anything starts",
			[]string{"--config", example, "--data-dir", dir, "--temporal-address", "temporal.example:7233", "--temporal-tls-ca", missing},
			nil,
			"supportopsd: --temporal-tls-ca: open " + missing + ": no such file or directory\n",
		},
		"events dsn not a url": {
			"a key=value DSN may hold a password: it is refused without being shown",
			[]string{"--config", example, "--data-dir", dir},
			map[string]string{"SUPPORTOPS_EVENTS_DSN": "host=db password=" + secret},
			"supportopsd: --events-dsn: want postgres://user:password@host:port/database, got a DSN of another form\n",
		},
		"malformed token hashes": {
			"the entry is named by its number; the token pasted as an entry is not shown",
			[]string{"--config", example, "--data-dir", dir},
			map[string]string{"SUPPORTOPS_TOKEN_HASHES": "ops:ops_admin=" + hash + "\n" + secret},
			"supportopsd: --token-hashes: parse token hashes: entry 2: no \"=\": want PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256\n",
		},
		"token hash without roles": {
			"roles are required",
			[]string{"token", "hash", "--principal", "ops"},
			nil,
			"supportopsd: token hash: --principal and --roles are required\n",
		},
		"token hash with an unlistable name": {
			"a colon cannot be written in a token-hashes list",
			[]string{"token", "hash", "--principal", "ops:admin", "--roles", "ops_admin"},
			nil,
			"supportopsd: token hash: create token: \"ops:admin\" has a blank or one of \":+=;\", which a token-hashes list cannot hold\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			if code := Run(t.Context(), tc.args, &stdout, &stderr); code != exitError {
				t.Errorf("%s: exit code %d, want %d", tc.reason, code, exitError)
			}
			if got := stderr.String(); got != tc.want {
				t.Errorf("%s: stderr\n%q\nwant\n%q", tc.reason, got, tc.want)
			}
			if strings.Contains(stderr.String(), secret) {
				t.Errorf("%s: stderr shows the secret", tc.reason)
			}
			if stdout.Len() > 0 {
				t.Errorf("%s: stdout %q, want nothing", tc.reason, stdout.String())
			}
		})
	}
}

// TestRunTokenHashes makes a token with `token hash`, gives its entry to
// the daemon in SUPPORTOPS_TOKEN_HASHES, and uses it on the API, next to a
// token of the token store.
func TestRunTokenHashes(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Run(t.Context(), []string{"token", "hash", "--principal", "crm-sync", "--roles", "integration,ops_admin"}, &out, &errs); code != exitOK {
		t.Fatalf("token hash: exit %d: %s", code, errs.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 || lines[0] != "token for crm-sync (integration, ops_admin), shown once:" ||
		lines[2] != "its entry for SUPPORTOPS_TOKEN_HASHES or --token-hashes:" || !strings.HasPrefix(lines[3], "crm-sync:integration+ops_admin=") {
		t.Fatalf("token hash printed:\n%s", out.String())
	}
	envToken, entry := lines[1], lines[3]
	if entry != "crm-sync:integration+ops_admin="+hashOf(envToken) {
		t.Errorf("entry %s does not hold the hash of the token", entry)
	}

	dir := t.TempDir()
	store, err := auth.Open(filepath.Join(dir, auth.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	fileToken := addToken(t, store, "ops", "ops_admin")
	t.Setenv("SUPPORTOPS_TOKEN_HASHES", "other:agent="+strings.Repeat("ab", 32)+";\n"+entry+"\n")

	addr := freeAddr(t)
	d := runInProcess(t, addr, "--config", example, "--data-dir", dir, "--log-level", "warn")

	base := "http://" + addr
	id := openTicket(t, apiClient{t: t, base: base, token: envToken}, "trainee-order-status") // the token from the environment
	if _, err = apiv1.New(base, fileToken).Ticket(t.Context(), id); err != nil {
		t.Errorf("read with the token from the file: %v", err)
	}
	_, err = apiv1.New(base, "sop_"+strings.Repeat("A", 43)).Ticket(t.Context(), id)
	if code, msg := refusal(err); code != http.StatusUnauthorized {
		t.Errorf("unknown token: %d %s, want 401", code, msg)
	}
	d.stop()
}

// inProcess is a daemon run in the test's process as the command runs
// (see runInProcess).
type inProcess struct {
	t      *testing.T
	logs   *lockedBuffer
	cancel context.CancelFunc
	done   <-chan int
}

// runInProcess runs the daemon with args and its API on addr in the
// test's process, as the command does, and waits until the API is
// healthy. Its log is shown when the test fails.
func runInProcess(t *testing.T, addr string, args ...string) *inProcess {
	t.Helper()
	args = append(args, "--http-addr", addr)
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	d := &inProcess{t: t, logs: &lockedBuffer{}, cancel: cancel}
	done := make(chan int, 1)
	d.done = done
	go func() { done <- Run(ctx, args, &bytes.Buffer{}, d.logs) }()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon log:\n%s", d.logs.String())
		}
	})
	waitHealthy(t, "http://"+addr, done)
	return d
}

// stop stops the daemon as a signal does; it must exit 0 within a
// minute.
func (d *inProcess) stop() {
	d.t.Helper()
	d.cancel()
	select {
	case code := <-d.done:
		if code != exitOK {
			d.t.Errorf("daemon exit code %d, want 0", code)
		}
	case <-time.After(time.Minute):
		d.t.Fatal("the daemon did not stop within a minute")
	}
}

// hashOf is the hex SHA-256 of a token, as a token-hashes list has it.
func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// addToken adds a token for principal id with roles to store.
func addToken(t *testing.T, store *auth.Store, id string, roles ...string) string {
	t.Helper()
	tok, err := store.Add(policy.Principal{ID: id, Roles: roles}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err = ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// waitHealthy polls base/healthz until it answers 200, for up to two
// minutes; exited reports the daemon's exit code if it ends first.
func waitHealthy(t *testing.T, base string, exited <-chan int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	c := apiv1.New(base, "", apiv1.WithAttempts(1))
	for {
		_, err := c.Health(t.Context())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz did not answer within two minutes (last: %v)", base, err)
		}
		select {
		case code := <-exited:
			t.Fatalf("the daemon exited with code %d before it was healthy", code)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
