package apiv1

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client defaults.
const (
	// DefaultTimeout bounds one call, its retries included.
	DefaultTimeout = time.Minute
	// DefaultAttempts is how often a call that may be sent again is sent.
	DefaultAttempts = 4
	// DefaultKeyPrefix starts the Idempotency-Keys a Client makes.
	DefaultKeyPrefix = "apiv1-"
	// backoffStep is the wait before the first resend; the n-th waits n
	// steps.
	backoffStep = 500 * time.Millisecond
)

// ErrServerURL is a base URL that makes no request.
var ErrServerURL = errors.New("bad server URL")

// Client calls the API of one supportopsd, with a bearer token. A GET, or
// a POST the daemon applies once by its Idempotency-Key (Route.Idempotent),
// is sent again, with the same key, when the connection fails or the
// answer is 502, 503 or 504; any other request is sent once. Every answer
// of 400 and above is an *Error.
type Client struct {
	base      string
	token     string
	http      *http.Client
	timeout   time.Duration
	attempts  int
	backoff   func(attempt int) time.Duration
	keyPrefix string
	routes    map[string]Route
}

// Option sets up a Client.
type Option func(*Client)

// WithHTTPClient sends the requests with hc instead of
// http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithTimeout bounds each call, its retries included (DefaultTimeout); 0
// leaves it to the context.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithAttempts sets how often a call that may be sent again is sent, at
// least once (DefaultAttempts).
func WithAttempts(n int) Option { return func(c *Client) { c.attempts = max(n, 1) } }

// WithBackoff sets the wait before resend number attempt (from 1); by
// default attempt × 500ms.
func WithBackoff(f func(attempt int) time.Duration) Option { return func(c *Client) { c.backoff = f } }

// WithKeyPrefix starts the Idempotency-Keys the Client makes with prefix
// (DefaultKeyPrefix), to tell its requests apart in the daemon's logs.
func WithKeyPrefix(prefix string) Option { return func(c *Client) { c.keyPrefix = prefix } }

// New returns a client of the supportopsd at baseURL (e.g.
// "http://127.0.0.1:8420") that sends token; an empty token sends none.
func New(baseURL, token string, opts ...Option) *Client {
	c := &Client{
		base: strings.TrimRight(baseURL, "/"), token: token, http: http.DefaultClient,
		timeout: DefaultTimeout, attempts: DefaultAttempts, keyPrefix: DefaultKeyPrefix,
		backoff: func(attempt int) time.Duration { return time.Duration(attempt) * backoffStep },
		routes:  map[string]Route{},
	}
	for _, r := range Routes() {
		c.routes[r.Name] = r
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// call is one request of a route: its path values, query and body.
type call struct {
	route  string
	values []string
	query  url.Values
	body   any
}

// answer is a route's successful answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends a call and returns the answer, or an *Error for an answer of
// 400 and above.
func (c *Client) do(ctx context.Context, cl call) (answer, error) {
	rt, ok := c.routes[cl.route]
	if !ok {
		return answer{}, fmt.Errorf("no route %q", cl.route)
	}
	var data []byte
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return answer{}, fmt.Errorf("encode request: %w", err)
		}
		data = b
	}
	target := c.base + Path(rt.Path, cl.values...)
	if len(cl.query) > 0 {
		target += "?" + cl.query.Encode()
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	// A request that changes nothing, or one the daemon applies once by
	// its Idempotency-Key, is sent again when the connection fails or the
	// daemon is unavailable (restarting): the key makes a resend that did
	// arrive a no-op.
	key, retry := "", rt.Method == http.MethodGet
	if rt.Idempotent {
		key, retry = c.keyFor(ctx), true
	}
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, rt.Method, target, bytes.NewReader(data))
		if err != nil {
			return answer{}, fmt.Errorf("%w %q: %w", ErrServerURL, c.base, err)
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		req.Header.Set("Content-Type", ContentTypeJSON)
		if key != "" {
			req.Header.Set(IdempotencyKeyHeader, key)
		}
		a, err := c.send(req)
		last := !retry || attempt >= c.attempts || ctx.Err() != nil
		var apiErr *Error
		switch {
		case err == nil:
			return a, nil
		case errors.As(err, &apiErr) && (last || !transient(apiErr.Status)):
			return a, err
		case apiErr == nil && last:
			return a, fmt.Errorf("reach supportopsd: %w", err)
		}
		select {
		case <-ctx.Done():
			if apiErr != nil {
				return a, err
			}
			return a, fmt.Errorf("reach supportopsd: %w", err)
		case <-time.After(c.backoff(attempt)):
		}
	}
}

// send sends one request and reads its answer.
func (c *Client) send(req *http.Request) (answer, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("read the answer of supportopsd: %w", err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: body}
	if resp.StatusCode >= http.StatusBadRequest {
		e := &Error{Status: resp.StatusCode}
		if err := json.Unmarshal(body, e); err != nil || e.Message == "" {
			e.Message = resp.Status
		}
		return a, e
	}
	return a, nil
}

// transient reports whether an answer's status says the daemon may serve
// the same request in a moment.
func transient(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// keyContext is the context key of WithIdempotencyKey.
type keyContext struct{}

// WithIdempotencyKey returns a context whose keyed calls (Route.Idempotent)
// send key instead of a key of their own: a caller that keeps the key can
// send the same request again after a crash, and it is applied once.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, keyContext{}, key)
}

// keyFor is the Idempotency-Key of one call: the context's, or a random
// one.
func (c *Client) keyFor(ctx context.Context) string {
	if key, ok := ctx.Value(keyContext{}).(string); ok && key != "" {
		return key
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return c.keyPrefix + hex.EncodeToString(b[:])
}

// decode sends a call and decodes its JSON answer.
func decode[T any](ctx context.Context, c *Client, cl call) (T, error) {
	a, err := c.do(ctx, cl)
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeBody[T](a.body)
}

// decodeBody decodes a JSON answer.
func decodeBody[T any](body []byte) (T, error) {
	var out T
	if err := json.Unmarshal(body, &out); err != nil {
		return out, fmt.Errorf("decode the answer of supportopsd: %w", err)
	}
	return out, nil
}
