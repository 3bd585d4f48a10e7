package auth_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/auth"
)

const sample = "sop_q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8"

func TestBearerToken(t *testing.T) {
	type result struct {
		Token string
		OK    bool
	}
	for name, tc := range map[string]struct {
		reason string
		header string
		want   result
	}{
		"bearer":           {"the usual form", "Bearer " + sample, result{sample, true}},
		"lower-case":       {"the scheme is case-insensitive", "bearer " + sample, result{sample, true}},
		"upper-case":       {"the scheme is case-insensitive", "BEARER " + sample, result{sample, true}},
		"spaces between":   {"RFC 6750 allows 1*SP", "Bearer   " + sample, result{sample, true}},
		"surrounding":      {"optional whitespace around a header value", " \tBearer " + sample + " \t", result{sample, true}},
		"any token text":   {"the shape is checked by Authenticate", "Bearer abc.def~+/=", result{"abc.def~+/=", true}},
		"absent":           {"no header", "", result{}},
		"blank":            {"only whitespace", "  \t ", result{}},
		"scheme only":      {"no token", "Bearer", result{}},
		"scheme and space": {"an empty token", "Bearer   ", result{}},
		"basic":            {"another scheme", "Basic YWxpY2U6c2VjcmV0", result{}},
		"no space":         {"the scheme runs into the token", "Bearer" + sample, result{}},
		"tab separator":    {"RFC 6750 separates with SP only", "Bearer\t" + sample, result{}},
		"two tokens":       {"a token has no spaces", "Bearer " + sample + " extra", result{}},
		"tab in token":     {"a token has no tabs", "Bearer abc\tdef", result{}},
		"bare token":       {"a token without a scheme", sample, result{}},
		"prefixed scheme":  {"only the exact word Bearer", "XBearer " + sample, result{}},
	} {
		t.Run(name, func(t *testing.T) {
			var got result
			got.Token, got.OK = auth.BearerToken(tc.header)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: BearerToken(%q) (-want +got):\n%s", tc.reason, tc.header, diff)
			}
		})
	}
}

func FuzzBearerToken(f *testing.F) {
	for _, h := range []string{
		"", "Bearer", "Bearer ", "Bearer " + sample, "bearer " + sample, " Bearer  x ", "Basic YWxpY2U6c2VjcmV0",
		"Bearer a b", "Bearer\tx", "Bearer sop_", "Bearer sop_" + strings.Repeat("-", 43), "Bearer " + sample + "\x00",
	} {
		f.Add(h)
	}
	s, err := auth.Open(filepath.Join(f.TempDir(), auth.TokensFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string) {
		token, ok := auth.BearerToken(header)
		if !ok {
			if token != "" {
				t.Fatalf("BearerToken(%q) = %q, false; want no token when not ok", header, token)
			}
			return
		}
		if token == "" || strings.ContainsAny(token, " \t") {
			t.Fatalf("BearerToken(%q) = %q, true; want a non-empty token without blanks", header, token)
		}
		if again, ok2 := auth.BearerToken("Bearer " + token); !ok2 || again != token {
			t.Fatalf("BearerToken(\"Bearer \"+%q) = %q, %v; want the token back", token, again, ok2)
		}
		// Nothing is in the store, so any token is refused as unknown.
		if _, err := s.Authenticate(token); !errors.Is(err, auth.ErrUnknownToken) {
			t.Fatalf("Authenticate(%q) = %v, want ErrUnknownToken", token, err)
		}
	})
}
