package main

import (
	"net"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

// TestServerErrors: a --server that makes no request is a usage error,
// and a daemon that cannot be reached an error (exit 2), in the words the
// commands have always used.
func TestServerErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := "http://" + ln.Addr().String()
	if err = ln.Close(); err != nil {
		t.Fatal(err)
	}
	type result struct {
		Code           int
		Stdout, Stderr string
	}
	tests := []struct {
		name   string
		reason string
		args   []string
		want   result
	}{
		{
			name: "bad server URL", reason: "the URL does not parse: a usage error naming the flag",
			args: []string{"ticket", "show", "T-1", "--server", "http://[::1"},
			want: result{Code: cli.ExitError, Stderr: "supportops: --server: parse \"http://[::1/v1/tickets/T-1\": missing ']' in host\n" +
				"Run 'supportops --help' for usage.\n"},
		},
		{
			name: "nobody listens", reason: "an open is sent once, and the connection error is reported as it is",
			args: []string{"ticket", "open", "../../examples/acme-shop/tickets/abusive-customer.json", "--server", gone},
			want: result{Code: cli.ExitError, Stderr: "supportops: reach supportopsd: Post \"" + gone + "/v1/tickets\": dial tcp " + gone[len("http://"):] +
				": connect: connection refused\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if diff := cmp.Diff(tt.want, result{code, stdout, stderr}); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
