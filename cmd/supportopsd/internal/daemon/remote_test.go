package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/policy"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// TestRemoteTemporalTLSAndAPIKey runs the daemon against a Temporal
// frontend it reaches only through a TLS-terminating proxy, with a client
// certificate and an API key, as a cluster behind a gateway would: the
// embedded server, with an interceptor that refuses the calls the proxy
// forwards unless they carry "authorization: Bearer <key>". A ticket is
// opened and driven through the daemon's API; a wrong key, no key, plain
// text or an unknown CA make Start fail and say why.
func TestRemoteTemporalTLSAndAPIKey(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	const apiKey = "tmprl-test-key-6b1f0c"
	pki := newTestPKI(t)

	// The frontend's peers that are the proxy's connections; calls from
	// anywhere else (the server's own services, Start's readiness probe)
	// pass unchecked.
	var viaProxy sync.Map
	var checked atomic.Int64
	requireKey := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if p, ok := peer.FromContext(ctx); ok {
			if _, proxied := viaProxy.Load(p.Addr.String()); proxied {
				md, _ := metadata.FromIncomingContext(ctx)
				if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer "+apiKey {
					return nil, status.Error(codes.Unauthenticated, "missing or unknown API key")
				}
				checked.Add(1)
			}
		}
		return handler(ctx, req)
	}
	var serverLog lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", serverLog.String())
		}
	})
	srv, err := embedded.Start(ctx, embedded.Options{
		DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(&serverLog, nil)),
		FrontendInterceptors: []grpc.UnaryServerInterceptor{requireKey},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if serr := srv.Stop(); serr != nil {
			t.Error(serr)
		}
	})
	proxy, clientCerts := startTLSProxy(t, pki, srv.FrontendAddress(), &viaProxy)

	dir := t.TempDir()
	admin := tokenAdder(t, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	remote := Options{
		Config: example, DataDir: dir, HTTPAddr: "127.0.0.1:0",
		TemporalAddress: proxy, TemporalTLSCA: pki.CA, TemporalTLSServerName: serverName, TemporalAPIKey: apiKey,
		TemporalTLSCert: pki.ClientCert, TemporalTLSKey: pki.ClientKey,
	}
	begin := time.Now()
	d, err := startWith(ctx, t, remote)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop(context.Background())
	t.Logf("started through the proxy in %v", time.Since(begin).Round(time.Millisecond))

	ops := apiClient{t: t, base: "http://" + d.Addr(), token: admin}
	id := openTicket(t, ops, "trainee-order-status")
	if _, err = ops.api().PostEvent(t.Context(), id, apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}}); err != nil {
		t.Fatalf("reply: %v", err)
	}
	st, err := ops.api().Ticket(t.Context(), id)
	if err != nil || st.Queue == "" || st.Agent == "" || len(st.History) < 4 {
		t.Fatalf("state: %v %+v", err, st)
	}
	if checked.Load() == 0 {
		t.Error("no call reached the frontend through the proxy with the API key")
	}
	if clientCerts.Load() == 0 {
		t.Error("the proxy saw no client certificate")
	}

	// Start checks the connection: it fails, and says why.
	keyFile := filepath.Join(t.TempDir(), "api-key")
	if err = os.WriteFile(keyFile, []byte("not-the-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		change func(*Options)
		want   []string
	}{
		"wrong api key": {
			func(o *Options) { o.TemporalAPIKey, o.TemporalAPIKeyFile = "", keyFile },
			[]string{"connect to temporal at " + proxy + " (the server refused the API key)", "missing or unknown API key"},
		},
		"no api key": {
			func(o *Options) { o.TemporalAPIKey = "" },
			[]string{"connect to temporal at " + proxy + " (the server wants credentials: give --temporal-api-key or a client certificate)"},
		},
		"plain text": {
			func(o *Options) {
				off := false
				o.TemporalTLS, o.TemporalTLSCA, o.TemporalTLSServerName, o.TemporalTLSCert, o.TemporalTLSKey = &off, "", "", "", ""
			},
			[]string{"connect to temporal at " + proxy + " (a frontend that wants TLS closes plain connections: try --temporal-tls)"},
		},
		"tls to a plain frontend": {
			func(o *Options) { o.TemporalAddress = srv.FrontendAddress() },
			[]string{"connect to temporal at " + srv.FrontendAddress() + " (the frontend does not speak TLS: leave out the TLS settings, or give --temporal-tls=false with an API key)"},
		},
		"unknown ca": {
			func(o *Options) { o.TemporalTLSCA = "" },
			[]string{"connect to temporal at " + proxy + " (TLS handshake: check --temporal-tls-ca and --temporal-tls-server-name)", "x509: certificate signed by unknown authority"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			opts := remote
			opts.DataDir = t.TempDir()
			tc.change(&opts)
			tried := time.Now()
			bad, serr := startWith(ctx, t, opts)
			if serr == nil {
				bad.Stop(context.Background())
				t.Fatal("Start succeeded")
			}
			t.Logf("Start failed in %v: %v", time.Since(tried).Round(time.Millisecond), serr)
			for _, want := range tc.want {
				if !strings.Contains(serr.Error(), want) {
					t.Errorf("error %q\nlacks %q", serr, want)
				}
			}
			if strings.Contains(serr.Error(), "not-the-key") {
				t.Errorf("error %q shows the API key", serr)
			}
		})
	}
}

// startWith starts a daemon with opts; its log is shown if the test fails.
func startWith(ctx context.Context, t *testing.T, opts Options) (*Daemon, error) {
	t.Helper()
	var buf lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon log:\n%s", buf.String())
		}
	})
	return Start(ctx, opts, slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// startTLSProxy listens on loopback with TLS (the PKI's server
// certificate, ALPN "h2" as gRPC requires, client certificates of the PKI's
// CA verified if given) and copies every connection both ways to the plain
// backend, recording the local address of each backend connection in
// dialed. It returns the proxy's address and the count of connections with
// a verified client certificate; the test's end closes it.
func startTLSProxy(t *testing.T, pki *testPKI, backend string, dialed *sync.Map) (string, *atomic.Int64) {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{pki.Server}, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12,
		ClientCAs: pki.pool, ClientAuth: tls.VerifyClientCertIfGiven,
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		conns  []net.Conn
		closed bool
		wg     sync.WaitGroup
	)
	// track keeps c to be closed at the end; false once closing began.
	track := func(c ...net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if closed {
			return false
		}
		conns = append(conns, c...)
		return true
	}
	clientCerts := new(atomic.Int64)
	serve := func(client net.Conn) {
		tc := client.(*tls.Conn)
		hctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		herr := tc.HandshakeContext(hctx)
		cancel()
		if herr != nil {
			_ = client.Close()
			return
		}
		if len(tc.ConnectionState().VerifiedChains) > 0 {
			clientCerts.Add(1)
		}
		var d net.Dialer
		server, derr := d.Dial("tcp", backend)
		if derr != nil {
			_ = client.Close()
			return
		}
		// Recorded before any byte is forwarded, so before any call.
		dialed.Store(server.LocalAddr().String(), true)
		if !track(client, server) {
			_ = client.Close()
			_ = server.Close()
			return
		}
		done := make(chan struct{}, 2)
		pipe := func(dst, src net.Conn) {
			_, _ = io.Copy(dst, src)
			done <- struct{}{}
		}
		go pipe(server, client)
		go pipe(client, server)
		<-done // either side ending ends both
		_ = client.Close()
		_ = server.Close()
		<-done
	}
	wg.Go(func() {
		for {
			c, aerr := ln.Accept()
			if aerr != nil {
				if !errors.Is(aerr, net.ErrClosed) {
					t.Logf("proxy: accept: %v", aerr)
				}
				return
			}
			wg.Go(func() { serve(c) })
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		closed = true
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String(), clientCerts
}
