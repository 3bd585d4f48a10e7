package daemon

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The connection to a Temporal frontend given by --temporal-address: TLS
// (system roots or --temporal-tls-ca, mutual TLS with --temporal-tls-cert
// and --temporal-tls-key, --temporal-tls-server-name) and an API key sent
// as "authorization: Bearer <key>" (--temporal-api-key or
// --temporal-api-key-file). As with the Temporal CLI, TLS is on when any
// TLS setting or an API key is given, unless --temporal-tls=false; an API
// key without TLS is sent in plain text, for a frontend behind a proxy
// that terminates TLS on the same host.

// checkTemporal checks the connection settings of opts without reading any
// file: they need an address, the client certificate and key go together,
// one API key source at most, and TLS files with TLS off contradict each
// other. Its errors are usage errors.
func checkTemporal(opts Options) error {
	var given []string
	for _, s := range []struct {
		flag string
		set  bool
	}{
		{"--temporal-tls", opts.TemporalTLS != nil},
		{"--temporal-tls-ca", opts.TemporalTLSCA != ""},
		{"--temporal-tls-cert", opts.TemporalTLSCert != ""},
		{"--temporal-tls-key", opts.TemporalTLSKey != ""},
		{"--temporal-tls-server-name", opts.TemporalTLSServerName != ""},
		{"--temporal-api-key", opts.TemporalAPIKey != ""},
		{"--temporal-api-key-file", opts.TemporalAPIKeyFile != ""},
	} {
		if s.set {
			given = append(given, s.flag)
		}
	}
	if len(given) > 0 && opts.TemporalAddress == "" {
		verb := "needs"
		if len(given) > 1 {
			verb = "need"
		}
		return fmt.Errorf("%s %s --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys",
			strings.Join(given, ", "), verb)
	}
	if (opts.TemporalTLSCert == "") != (opts.TemporalTLSKey == "") {
		return errors.New("--temporal-tls-cert and --temporal-tls-key go together: give both for mutual TLS, or neither")
	}
	if opts.TemporalAPIKey != "" && opts.TemporalAPIKeyFile != "" {
		return errors.New("--temporal-api-key and --temporal-api-key-file exclude each other: give one")
	}
	if opts.TemporalTLS != nil && !*opts.TemporalTLS {
		var files []string
		for _, s := range []struct {
			flag string
			set  bool
		}{
			{"--temporal-tls-ca", opts.TemporalTLSCA != ""},
			{"--temporal-tls-cert", opts.TemporalTLSCert != ""},
			{"--temporal-tls-server-name", opts.TemporalTLSServerName != ""},
		} {
			if s.set {
				files = append(files, s.flag)
			}
		}
		if len(files) > 0 {
			return fmt.Errorf("--temporal-tls=false contradicts %s: leave out one or the other", strings.Join(files, ", "))
		}
	}
	return nil
}

// temporalConn is what a connection to the frontend needs besides its
// address: the TLS configuration (nil for plain text) and the API key.
type temporalConn struct {
	TLS    *tls.Config
	APIKey string
}

// loadTemporalConn checks the connection settings of opts and reads the
// files they name. Its errors name the flag and the file.
func loadTemporalConn(opts Options) (temporalConn, error) {
	var c temporalConn
	if err := checkTemporal(opts); err != nil {
		return c, err
	}
	c.APIKey = opts.TemporalAPIKey
	if f := opts.TemporalAPIKeyFile; f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return c, fmt.Errorf("--temporal-api-key-file: %w", err)
		}
		c.APIKey = strings.TrimSpace(string(data))
		switch {
		case c.APIKey == "":
			return c, fmt.Errorf("--temporal-api-key-file: %s is empty", f)
		case strings.ContainsFunc(c.APIKey, unicode.IsSpace) || strings.ContainsFunc(c.APIKey, unicode.IsControl):
			// The key is not printed.
			return c, fmt.Errorf("--temporal-api-key-file: %s holds more than one key: it has blanks or line breaks inside", f)
		}
	} else if strings.ContainsFunc(c.APIKey, unicode.IsSpace) || strings.ContainsFunc(c.APIKey, unicode.IsControl) {
		return c, errors.New("--temporal-api-key has blanks or line breaks")
	}
	useTLS := opts.TemporalTLSCA != "" || opts.TemporalTLSCert != "" || opts.TemporalTLSServerName != "" || c.APIKey != ""
	if opts.TemporalTLS != nil {
		useTLS = *opts.TemporalTLS
	}
	if !useTLS {
		return c, nil
	}
	c.TLS = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: opts.TemporalTLSServerName}
	if f := opts.TemporalTLSCA; f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return c, fmt.Errorf("--temporal-tls-ca: %w", err)
		}
		c.TLS.RootCAs = x509.NewCertPool()
		if !c.TLS.RootCAs.AppendCertsFromPEM(data) {
			return c, fmt.Errorf("--temporal-tls-ca: %s holds no PEM certificate", f)
		}
	}
	if opts.TemporalTLSCert != "" {
		certPEM, err := os.ReadFile(opts.TemporalTLSCert)
		if err != nil {
			return c, fmt.Errorf("--temporal-tls-cert: %w", err)
		}
		keyPEM, err := os.ReadFile(opts.TemporalTLSKey)
		if err != nil {
			return c, fmt.Errorf("--temporal-tls-key: %w", err)
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return c, fmt.Errorf("--temporal-tls-cert %s, --temporal-tls-key %s: %w", opts.TemporalTLSCert, opts.TemporalTLSKey, err)
		}
		c.TLS.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}

// clientOptions are the SDK's options for the frontend at address.
func clientOptions(opts Options, address, namespace string, logger sdklog.Logger) (client.Options, error) {
	conn, err := loadTemporalConn(opts)
	if err != nil {
		return client.Options{}, err
	}
	co := client.Options{
		HostPort: address, Namespace: namespace, Logger: logger,
		ConnectionOptions: client.ConnectionOptions{TLS: conn.TLS},
	}
	if conn.APIKey != "" {
		co.Credentials = client.NewAPIKeyStaticCredentials(conn.APIKey)
		// The SDK turns TLS on for an API key unless told not to.
		co.ConnectionOptions.TLSDisabled = conn.TLS == nil
	}
	return co, nil
}

// dialTemporal connects to the frontend at address with the connection
// settings of opts. The SDK checks the connection at once (a GetSystemInfo
// call), so a frontend that is unreachable, fails the TLS handshake or
// refuses the credentials fails here.
func dialTemporal(ctx context.Context, opts Options, address, namespace string, logger sdklog.Logger) (client.Client, error) {
	co, err := clientOptions(opts, address, namespace, logger)
	if err != nil {
		return nil, err
	}
	if co.Credentials != nil && co.ConnectionOptions.TLS == nil {
		logger.Warn("the Temporal API key is sent in plain text (--temporal-tls=false)", "address", address)
	}
	c, err := client.DialContext(ctx, co)
	if err != nil {
		return nil, fmt.Errorf("connect to temporal at %s%s: %w", address, dialHint(co, err), err)
	}
	return c, nil
}

// dialHint says which settings to check for a refused connection.
func dialHint(co client.Options, err error) string {
	var denied *serviceerror.PermissionDenied
	switch {
	case status.Code(err) == codes.Unauthenticated:
		if co.Credentials != nil {
			return " (the server refused the API key)"
		}
		return " (the server wants credentials: give --temporal-api-key or a client certificate)"
	case errors.As(err, &denied) || status.Code(err) == codes.PermissionDenied:
		return fmt.Sprintf(" (the credentials may not use namespace %s)", co.Namespace)
	case co.ConnectionOptions.TLS != nil && strings.Contains(err.Error(), "first record does not look like a TLS handshake"):
		return " (the frontend does not speak TLS: leave out the TLS settings, or give --temporal-tls=false with an API key)"
	case co.ConnectionOptions.TLS != nil && strings.Contains(err.Error(), "tls:"):
		return " (TLS handshake: check --temporal-tls-ca and --temporal-tls-server-name)"
	case co.ConnectionOptions.TLS == nil && (strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "connection reset")):
		// A TLS frontend closes a plain connection; whether the client
		// sees the close (EOF) or a reset depends on timing.
		return " (a frontend that wants TLS closes plain connections: try --temporal-tls)"
	}
	return ""
}
