package daemon

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sdklog "go.temporal.io/sdk/log"
)

// testPKI is a CA with a server and a client certificate, as PEM files.
type testPKI struct {
	dir string
	// CA is the CA's certificate file.
	CA string
	// Server is the frontend's certificate, for serverName and 127.0.0.1.
	Server tls.Certificate
	// ClientCert and ClientKey are the client certificate's files.
	ClientCert, ClientKey string
	pool                  *x509.CertPool
}

// serverName is the name in the test server certificate.
const serverName = "temporal.test"

func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	dir := t.TempDir()
	newKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	caKey := newKey()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "supportops test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(serial int64, usage x509.ExtKeyUsage, dns []string, ips []net.IP) ([]byte, []byte) {
		k := newKey()
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "supportops test " + usage.String()},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			DNSNames: dns, IPAddresses: ips,
		}
		der, cerr := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if cerr != nil {
			t.Fatal(cerr)
		}
		keyDER, kerr := x509.MarshalECPrivateKey(k)
		if kerr != nil {
			t.Fatal(kerr)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	}
	p := &testPKI{dir: dir, pool: x509.NewCertPool()}
	p.pool.AddCert(ca)
	p.CA = p.write(t, "ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}))
	certPEM, keyPEM := issue(2, x509.ExtKeyUsageServerAuth, []string{serverName}, nil)
	if p.Server, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM = issue(3, x509.ExtKeyUsageClientAuth, nil, nil)
	p.ClientCert = p.write(t, "client.pem", certPEM)
	p.ClientKey = p.write(t, "client-key.pem", keyPEM)
	return p
}

// write writes a file into the PKI's directory and returns its path.
func (p *testPKI) write(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckTemporal(t *testing.T) {
	on, off := true, false
	const addr = "temporal.example:7233"
	for name, tc := range map[string]struct {
		reason string
		opts   Options
		want   string // "" for no error
	}{
		"embedded":         {"no remote settings at all", Options{}, ""},
		"plain remote":     {"an address alone", Options{TemporalAddress: addr}, ""},
		"everything":       {"all settings with an address", Options{TemporalAddress: addr, TemporalTLS: &on, TemporalTLSCA: "ca", TemporalTLSCert: "c", TemporalTLSKey: "k", TemporalTLSServerName: "n", TemporalAPIKey: "key"}, ""},
		"key without tls":  {"an API key in plain text is allowed, as with the Temporal CLI", Options{TemporalAddress: addr, TemporalTLS: &off, TemporalAPIKey: "key"}, ""},
		"tls off embedded": {"even turning TLS off says the setting has no effect", Options{TemporalTLS: &off}, "--temporal-tls needs --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys"},
		"api key embedded": {"the embedded server takes no key", Options{TemporalAPIKeyFile: "f"}, "--temporal-api-key-file needs --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys"},
		"several embedded": {"every setting given is named", Options{TemporalTLSCA: "ca", TemporalTLSServerName: "n", TemporalAPIKey: "k"}, "--temporal-tls-ca, --temporal-tls-server-name, --temporal-api-key need --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys"},
		"cert only":        {"a certificate without its key", Options{TemporalAddress: addr, TemporalTLSCert: "c"}, "--temporal-tls-cert and --temporal-tls-key go together: give both for mutual TLS, or neither"},
		"key only":         {"a key without its certificate", Options{TemporalAddress: addr, TemporalTLSKey: "k"}, "--temporal-tls-cert and --temporal-tls-key go together: give both for mutual TLS, or neither"},
		"two api keys":     {"which one would win is unclear", Options{TemporalAddress: addr, TemporalAPIKey: "k", TemporalAPIKeyFile: "f"}, "--temporal-api-key and --temporal-api-key-file exclude each other: give one"},
		"tls off with ca":  {"TLS files with TLS off contradict each other", Options{TemporalAddress: addr, TemporalTLS: &off, TemporalTLSCA: "ca", TemporalTLSServerName: "n"}, "--temporal-tls=false contradicts --temporal-tls-ca, --temporal-tls-server-name: leave out one or the other"},
	} {
		t.Run(name, func(t *testing.T) {
			err := checkTemporal(tc.opts)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// connSummary is what a test can compare of a temporalConn.
type connSummary struct {
	TLS         bool
	ServerName  string
	TestCA      bool // the roots are the test CA; false means the system's
	ClientCerts int
	APIKey      string
}

func summarize(p *testPKI, c temporalConn) connSummary {
	s := connSummary{APIKey: c.APIKey}
	if c.TLS != nil {
		s.TLS, s.ServerName, s.ClientCerts = true, c.TLS.ServerName, len(c.TLS.Certificates)
		s.TestCA = c.TLS.RootCAs != nil && c.TLS.RootCAs.Equal(p.pool)
	}
	return s
}

func TestLoadTemporalConn(t *testing.T) {
	p := newTestPKI(t)
	on, off := true, false
	keyFile := p.write(t, "api-key", []byte("  k3y-from-file\n"))
	const addr = "temporal.example:7233"
	for name, tc := range map[string]struct {
		reason string
		opts   Options
		want   connSummary
	}{
		"plain":                {"an address alone is plain text", Options{TemporalAddress: addr}, connSummary{}},
		"tls":                  {"system roots", Options{TemporalAddress: addr, TemporalTLS: &on}, connSummary{TLS: true}},
		"ca implies tls":       {"as with the Temporal CLI", Options{TemporalAddress: addr, TemporalTLSCA: p.CA}, connSummary{TLS: true, TestCA: true}},
		"server name":          {"implies TLS too", Options{TemporalAddress: addr, TemporalTLSServerName: serverName}, connSummary{TLS: true, ServerName: serverName}},
		"mtls":                 {"client certificate and key", Options{TemporalAddress: addr, TemporalTLSCA: p.CA, TemporalTLSCert: p.ClientCert, TemporalTLSKey: p.ClientKey}, connSummary{TLS: true, TestCA: true, ClientCerts: 1}},
		"api key":              {"an API key implies TLS", Options{TemporalAddress: addr, TemporalAPIKey: "k3y"}, connSummary{TLS: true, APIKey: "k3y"}},
		"api key plain":        {"unless TLS is turned off", Options{TemporalAddress: addr, TemporalTLS: &off, TemporalAPIKey: "k3y"}, connSummary{APIKey: "k3y"}},
		"api key file":         {"the file's blanks and final newline are trimmed", Options{TemporalAddress: addr, TemporalAPIKeyFile: keyFile}, connSummary{TLS: true, APIKey: "k3y-from-file"}},
		"api key and mtls":     {"both credentials", Options{TemporalAddress: addr, TemporalTLSCA: p.CA, TemporalTLSCert: p.ClientCert, TemporalTLSKey: p.ClientKey, TemporalAPIKey: "k3y"}, connSummary{TLS: true, TestCA: true, ClientCerts: 1, APIKey: "k3y"}},
		"explicit tls with ca": {"TLS on and a CA", Options{TemporalAddress: addr, TemporalTLS: &on, TemporalTLSCA: p.CA}, connSummary{TLS: true, TestCA: true}},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := loadTemporalConn(tc.opts)
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			if diff := cmp.Diff(tc.want, summarize(p, c)); diff != "" {
				t.Errorf("%s: connection (-want +got):\n%s", tc.reason, diff)
			}
			if c.TLS != nil && c.TLS.MinVersion != tls.VersionTLS12 {
				t.Errorf("%s: TLS minimum version %x, want TLS 1.2", tc.reason, c.TLS.MinVersion)
			}
		})
	}
}

func TestLoadTemporalConnRefuses(t *testing.T) {
	p := newTestPKI(t)
	missing := filepath.Join(p.dir, "missing.pem")
	notPEM := p.write(t, "not.pem", []byte("hello"))
	empty := p.write(t, "empty-key", []byte(" \n"))
	twoKeys := p.write(t, "two-keys", []byte("k3y-one\nk3y-two\n"))
	const addr = "temporal.example:7233"
	for name, tc := range map[string]struct {
		reason string
		opts   Options
		want   string
	}{
		"usage": {
			"checkTemporal's errors come first",
			Options{TemporalTLSCA: p.CA},
			"--temporal-tls-ca needs --temporal-address: the embedded Temporal server listens on loopback, without TLS or API keys",
		},
		"missing ca": {
			"the flag and the file are named",
			Options{TemporalAddress: addr, TemporalTLSCA: missing},
			"--temporal-tls-ca: open " + missing + ": no such file or directory",
		},
		"ca not pem": {
			"a file that is not PEM",
			Options{TemporalAddress: addr, TemporalTLSCA: notPEM},
			"--temporal-tls-ca: " + notPEM + " holds no PEM certificate",
		},
		"missing cert": {
			"the certificate file",
			Options{TemporalAddress: addr, TemporalTLSCert: missing, TemporalTLSKey: p.ClientKey},
			"--temporal-tls-cert: open " + missing + ": no such file or directory",
		},
		"missing key": {
			"the key file",
			Options{TemporalAddress: addr, TemporalTLSCert: p.ClientCert, TemporalTLSKey: missing},
			"--temporal-tls-key: open " + missing + ": no such file or directory",
		},
		"key does not match": {
			"the CA's certificate with the client's key",
			Options{TemporalAddress: addr, TemporalTLSCert: p.CA, TemporalTLSKey: p.ClientKey},
			"--temporal-tls-cert " + p.CA + ", --temporal-tls-key " + p.ClientKey + ": tls: private key does not match public key",
		},
		"cert not pem": {
			"a certificate file that is not PEM",
			Options{TemporalAddress: addr, TemporalTLSCert: notPEM, TemporalTLSKey: p.ClientKey},
			"--temporal-tls-cert " + notPEM + ", --temporal-tls-key " + p.ClientKey + ": tls: failed to find any PEM data in certificate input",
		},
		"missing api key file": {
			"the key file",
			Options{TemporalAddress: addr, TemporalAPIKeyFile: missing},
			"--temporal-api-key-file: open " + missing + ": no such file or directory",
		},
		"empty api key file": {
			"only blanks",
			Options{TemporalAddress: addr, TemporalAPIKeyFile: empty},
			"--temporal-api-key-file: " + empty + " is empty",
		},
		"two api keys in file": {
			"a key has no line breaks; the keys are not printed",
			Options{TemporalAddress: addr, TemporalAPIKeyFile: twoKeys},
			"--temporal-api-key-file: " + twoKeys + " holds more than one key: it has blanks or line breaks inside",
		},
		"api key with blank": {
			"the key is not printed",
			Options{TemporalAddress: addr, TemporalAPIKey: "k3y one"},
			"--temporal-api-key has blanks or line breaks",
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadTemporalConn(tc.opts)
			if err == nil {
				t.Fatalf("%s: no error", tc.reason)
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
			if strings.Contains(err.Error(), "k3y") {
				t.Errorf("%s: the error %q shows the API key", tc.reason, err)
			}
		})
	}
}

func TestClientOptions(t *testing.T) {
	p := newTestPKI(t)
	off := false
	logger := sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	type summary struct {
		HostPort, Namespace string
		TLS, TLSDisabled    bool
		Credentials         bool
	}
	for name, tc := range map[string]struct {
		reason string
		opts   Options
		want   summary
	}{
		"plain":         {"no TLS, no credentials", Options{TemporalAddress: "a:1"}, summary{HostPort: "a:1", Namespace: "ns"}},
		"tls":           {"TLS from a CA", Options{TemporalAddress: "a:1", TemporalTLSCA: p.CA}, summary{HostPort: "a:1", Namespace: "ns", TLS: true}},
		"api key":       {"credentials over TLS", Options{TemporalAddress: "a:1", TemporalAPIKey: "k"}, summary{HostPort: "a:1", Namespace: "ns", TLS: true, Credentials: true}},
		"api key plain": {"the SDK is told not to turn TLS on for the key", Options{TemporalAddress: "a:1", TemporalTLS: &off, TemporalAPIKey: "k"}, summary{HostPort: "a:1", Namespace: "ns", TLSDisabled: true, Credentials: true}},
	} {
		t.Run(name, func(t *testing.T) {
			co, err := clientOptions(tc.opts, tc.opts.TemporalAddress, "ns", logger)
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			got := summary{
				HostPort: co.HostPort, Namespace: co.Namespace,
				TLS: co.ConnectionOptions.TLS != nil, TLSDisabled: co.ConnectionOptions.TLSDisabled,
				Credentials: co.Credentials != nil,
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: client options (-want +got):\n%s", tc.reason, diff)
			}
			if co.Logger != logger {
				t.Errorf("%s: the logger is not passed on", tc.reason)
			}
		})
	}
}
