package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// serverOptions reach supportopsd.
type serverOptions struct {
	Server string `mapstructure:"server"`
	Token  string `mapstructure:"token"`
	Output string `mapstructure:"output"`
}

func serverFlags(cmd *cobra.Command) {
	cmd.Flags().String("server", "http://127.0.0.1:8420", "URL of supportopsd")
	cmd.Flags().String("token", "", "API token (supportopsd token add); better set as SUPPORTOPS_TOKEN")
}

// apiError is the daemon's answer to a request it refused.
type apiError struct {
	status  int
	Message string   `json:"error"`
	Reasons []string `json:"reasons"`
}

func (e *apiError) Error() string {
	msg := fmt.Sprintf("%s (HTTP %d)", e.Message, e.status)
	if len(e.Reasons) > 0 {
		msg += ": " + strings.Join(e.Reasons, "; ")
	}
	return msg
}

// call sends a request to the daemon and decodes its answer into out, or
// copies it there as it is when out is a *[]byte. A refusal (4xx) is
// reported as findings (exit 1), anything else as an error.
func call(ctx context.Context, o serverOptions, method, path string, body, out any) error {
	var data []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		data = b
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	// A request that changes nothing, or one the daemon applies once by
	// its Idempotency-Key, is sent again when the connection fails (the
	// daemon restarting): the key makes a resend that did arrive a no-op.
	key, retry := "", method == http.MethodGet
	if method == http.MethodPost && idempotentRoute(path) {
		key, retry = newIdempotencyKey(), true
	}
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(o.Server, "/")+path, bytes.NewReader(data))
		if err != nil {
			return usagef("--server: %w", err)
		}
		if o.Token != "" {
			req.Header.Set("Authorization", "Bearer "+o.Token)
		}
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			break
		}
		if !retry || attempt == maxAttempts-1 || ctx.Err() != nil {
			return fmt.Errorf("reach supportopsd: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("reach supportopsd: %w", err)
		case <-time.After(time.Duration(attempt+1) * 500 * time.Millisecond):
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		e := &apiError{status: resp.StatusCode}
		if err := json.NewDecoder(resp.Body).Decode(e); err != nil || e.Message == "" {
			e.Message = resp.Status
		}
		if resp.StatusCode < 500 {
			return findings{e}
		}
		return e
	}
	if raw, ok := out.(*[]byte); ok {
		b, rerr := io.ReadAll(resp.Body)
		if rerr != nil {
			return fmt.Errorf("read the answer of supportopsd: %w", rerr)
		}
		*raw = b
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode the answer of supportopsd: %w", err)
	}
	return nil
}

// maxAttempts is how often call sends a request it may send again.
const maxAttempts = 4

// idempotentRoute holds for the routes that apply a request once by its
// Idempotency-Key: a ticket's events and approvals, and decisions.
func idempotentRoute(path string) bool {
	return strings.HasPrefix(path, "/v1/tickets/") && (strings.HasSuffix(path, "/events") || strings.HasSuffix(path, "/approvals")) ||
		strings.HasPrefix(path, "/v1/approvals/") && strings.HasSuffix(path, "/decisions")
}

// newIdempotencyKey is a random key for one command's request.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "cli-" + hex.EncodeToString(b[:])
}

// findings is an error already described that exits with ExitFindings.
type findings struct{ err error }

func (f findings) Error() string { return f.err.Error() }
func (f findings) Unwrap() error { return errFindings }

func writeJSONOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
