package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

// hashOf is the list form of the hash of token.
func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func TestParseHashes(t *testing.T) {
	h1, h2, h3 := strings.Repeat("a1", 32), strings.Repeat("b2", 32), strings.Repeat("c3", 32)
	ops := policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}
	julia := policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"}
	petra := policy.Principal{ID: "petra-hoffmann", Roles: []string{"supervisor", "manager"}}
	for name, tc := range map[string]struct {
		reason string
		list   string
		want   []auth.HashEntry
	}{
		"empty":         {"no list, no tokens", "", nil},
		"only blanks":   {"separators and blanks only", " ;\n ; \r\n", nil},
		"one":           {"a principal with one role", "ops:ops_admin=" + h1, []auth.HashEntry{{Principal: ops, Hash: h1}}},
		"team":          {"the optional third field", "julia-wagner:agent:after-sales=" + h2, []auth.HashEntry{{Principal: julia, Hash: h2}}},
		"several roles": {"roles joined by +", "petra-hoffmann:supervisor+manager=" + h3, []auth.HashEntry{{Principal: petra, Hash: h3}}},
		"semicolons": {
			"entries separated by ;, a trailing one ignored",
			"ops:ops_admin=" + h1 + ";julia-wagner:agent:after-sales=" + h2 + ";",
			[]auth.HashEntry{{Principal: ops, Hash: h1}, {Principal: julia, Hash: h2}},
		},
		"lines": {
			"one entry a line, as in a multi-line secret, with CRLF and blank lines",
			"\n  ops:ops_admin=" + h1 + "\r\n\n julia-wagner : agent : after-sales = " + h2 + "\npetra-hoffmann:supervisor + manager=" + h3 + "\n",
			[]auth.HashEntry{{Principal: ops, Hash: h1}, {Principal: julia, Hash: h2}, {Principal: petra, Hash: h3}},
		},
		"same principal twice": {
			"two tokens of one principal, as while one is rotated",
			"ops:ops_admin=" + h1 + ";ops:ops_admin=" + h2,
			[]auth.HashEntry{{Principal: ops, Hash: h1}, {Principal: ops, Hash: h2}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := auth.ParseHashes(tc.list)
			if err != nil {
				t.Fatalf("%s: ParseHashes: %v", tc.reason, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: entries (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestParseHashesRefuses(t *testing.T) {
	h1, h2 := strings.Repeat("a1", 32), strings.Repeat("b2", 32)
	token := "sop_" + strings.Repeat("q83vEjRWeJ", 5)[:43]
	for name, tc := range map[string]struct {
		reason string
		list   string
		want   string
	}{
		"no equals": {
			"a token pasted instead of an entry",
			token,
			`parse token hashes: entry 1: no "=": want PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256`,
		},
		"one field": {
			"roles are required",
			"ops=" + h1,
			`parse token hashes: entry 1: 1 ":"-separated fields before the "=": want PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256`,
		},
		"four fields": {
			"a colon in a name",
			"ops:ops_admin:tier1:extra=" + h1,
			`parse token hashes: entry 1: 4 ":"-separated fields before the "=": want PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256`,
		},
		"empty id": {
			"a token must say who it is",
			":ops_admin=" + h1,
			`parse token hashes: entry 1: principal id is empty`,
		},
		"no roles": {
			"an empty roles field",
			"ops:=" + h1,
			`parse token hashes: entry 1 (ops): principal ops has an empty role`,
		},
		"empty role": {
			"a doubled +",
			"ops:agent++manager=" + h1,
			`parse token hashes: entry 1 (ops): principal ops has an empty role`,
		},
		"empty team": {
			"a trailing colon",
			"ops:agent:=" + h1,
			`parse token hashes: entry 1 (ops): team is empty: leave out the second ":" for a principal without a team`,
		},
		"blank in a name": {
			"names have no blanks",
			"julia wagner:agent=" + h1,
			`parse token hashes: entry 1 (julia wagner): "julia wagner" has a blank or one of ":+=;", which a token-hashes list cannot hold`,
		},
		"bad hex": {
			"not hex digits",
			"ops:ops_admin=" + strings.Repeat("zz", 32),
			`parse token hashes: entry 1 (ops): hash is not 64 lower-case hex digits (it has 64 characters)`,
		},
		"short hash": {
			"a truncated hash",
			"ops:ops_admin=" + h1[:40],
			`parse token hashes: entry 1 (ops): hash is not 64 lower-case hex digits (it has 40 characters)`,
		},
		"upper-case hash": {
			"hashes are lower case, as sha256sum prints them",
			"ops:ops_admin=" + strings.ToUpper(h1),
			`parse token hashes: entry 1 (ops): hash is not 64 lower-case hex digits (it has 64 characters)`,
		},
		"token as hash": {
			"the token itself where its hash belongs; the error must not repeat it",
			"ops:ops_admin=" + token,
			`parse token hashes: entry 1 (ops): hash is not 64 lower-case hex digits (it has 47 characters)`,
		},
		"no hash": {
			"nothing after the equals sign",
			"ops:ops_admin=",
			`parse token hashes: entry 1 (ops): hash is not 64 lower-case hex digits (it has 0 characters)`,
		},
		"duplicate": {
			"one hash for two principals",
			"ops:ops_admin=" + h1 + "\nbot:integration=" + h2 + "\njulia:agent=" + h1,
			`parse token hashes: entry 3 (julia): same hash as entry 1`,
		},
		"numbered without empty entries": {
			"empty entries are not counted, every bad entry is reported",
			";ops:ops_admin=" + h1 + ";;\nbad\n;julia:agent=xyz",
			"parse token hashes: entry 2: no \"=\": want PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256\n" +
				"entry 3 (julia): hash is not 64 lower-case hex digits (it has 3 characters)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := auth.ParseHashes(tc.list)
			if err == nil {
				t.Fatalf("%s: ParseHashes = %v, want an error", tc.reason, got)
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
			if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), h1) {
				t.Errorf("%s: the error %q repeats a token or a hash", tc.reason, err)
			}
		})
	}
}

func TestHashes(t *testing.T) {
	p := policy.Principal{ID: "julia-wagner", Roles: []string{"agent", "trainer"}, Team: "after-sales"}
	token, e, err := auth.NewHashEntry(p)
	if err != nil {
		t.Fatal(err)
	}
	if e.Hash != hashOf(token) {
		t.Errorf("entry hash %s, want the SHA-256 of the token %s", e.Hash, hashOf(token))
	}
	// The entry's text reads back as the same entry.
	line := e.String()
	if want := "julia-wagner:agent+trainer:after-sales=" + e.Hash; line != want {
		t.Errorf("entry %q, want %q", line, want)
	}
	entries, err := auth.ParseHashes(line)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]auth.HashEntry{e}, entries); diff != "" {
		t.Errorf("entry read back (-want +got):\n%s", diff)
	}
	h, err := auth.NewHashes(entries)
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 1 {
		t.Errorf("Len = %d, want 1", h.Len())
	}
	got, err := h.Authenticate(token)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("principal (-want +got):\n%s", diff)
	}
	// The principal returned is a copy.
	got.Roles[0] = "ops_admin"
	if again, _ := h.Authenticate(token); again.Roles[0] != "agent" {
		t.Errorf("changing a returned principal changed the lookup: %v", again)
	}
	for _, bad := range []string{"", "sop_" + strings.Repeat("A", 43), token[:len(token)-1], "Bearer " + token} {
		if _, err := h.Authenticate(bad); !errors.Is(err, auth.ErrUnknownToken) {
			t.Errorf("Authenticate(%q) = %v, want ErrUnknownToken", bad, err)
		}
	}
}

func TestNewHashEntryRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		reason string
		p      policy.Principal
		want   string
	}{
		"no roles":     {"a principal without roles", policy.Principal{ID: "ops"}, "create token: principal ops has no roles"},
		"colon in id":  {"the list could not be read back", policy.Principal{ID: "a:b", Roles: []string{"agent"}}, `create token: "a:b" has a blank or one of ":+=;", which a token-hashes list cannot hold`},
		"plus in role": {"roles are joined by +", policy.Principal{ID: "ops", Roles: []string{"a+b"}}, `create token: "a+b" has a blank or one of ":+=;", which a token-hashes list cannot hold`},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := auth.NewHashEntry(tc.p)
			if err == nil {
				t.Fatalf("%s: NewHashEntry succeeded", tc.reason)
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestNewHashesRefusesDuplicates(t *testing.T) {
	e := auth.HashEntry{Principal: policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}, Hash: strings.Repeat("a1", 32)}
	other := e
	other.Principal.ID = "bot"
	_, err := auth.NewHashes([]auth.HashEntry{e, other})
	if want := "token hashes: entry 1 (bot): same hash as entry 0"; err == nil || err.Error() != want {
		t.Errorf("NewHashes with a duplicate = %v, want %q", err, want)
	}
}

func TestChain(t *testing.T) {
	store, path := open(t)
	fromFile := policy.Principal{ID: "alice", Roles: []string{"agent"}}
	fileToken := add(t, store, fromFile, t0)
	fromList := policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}
	listToken, e, err := auth.NewHashEntry(fromList)
	if err != nil {
		t.Fatal(err)
	}
	hashes, err := auth.NewHashes([]auth.HashEntry{e})
	if err != nil {
		t.Fatal(err)
	}
	chain := auth.Chain{hashes, store}
	for token, want := range map[string]policy.Principal{fileToken: fromFile, listToken: fromList} {
		got, aerr := chain.Authenticate(token)
		if aerr != nil {
			t.Fatalf("Authenticate: %v", aerr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("principal (-want +got):\n%s", diff)
		}
	}
	if _, err = chain.Authenticate("sop_" + strings.Repeat("A", 43)); !errors.Is(err, auth.ErrUnknownToken) {
		t.Errorf("unknown token: %v, want ErrUnknownToken", err)
	}
	if _, err = (auth.Chain{}).Authenticate(listToken); !errors.Is(err, auth.ErrUnknownToken) {
		t.Errorf("empty chain: %v, want ErrUnknownToken", err)
	}

	// A broken file fails closed for its own tokens and says why; the
	// list's tokens still work.
	if err = writeBroken(path); err != nil {
		t.Fatal(err)
	}
	if _, err = chain.Authenticate(fileToken); err == nil || errors.Is(err, auth.ErrUnknownToken) || !strings.Contains(err.Error(), path) {
		t.Errorf("file token with a broken file: %v, want the file's parse error", err)
	}
	if got, aerr := chain.Authenticate(listToken); aerr != nil || got.ID != "ops" {
		t.Errorf("list token with a broken file: %v, %v; want ops", got, aerr)
	}
}

// writeBroken replaces the store file at path with one that does not parse.
func writeBroken(path string) error {
	return os.WriteFile(path, []byte("{"), 0o600)
}

func FuzzParseHashes(f *testing.F) {
	h := strings.Repeat("a1", 32)
	for _, s := range []string{
		"", ";", "ops:ops_admin=" + h, "a:b+c:d=" + h + ";e:f=" + h, "x", "=", ":=", "a:b:c:d=e", " a : b = " + h + "\r\n",
		"sop_q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8", "a:b=" + strings.ToUpper(h),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		entries, err := auth.ParseHashes(list)
		if err != nil {
			return
		}
		// What parses reads back the same, and builds a lookup.
		lines := make([]string, len(entries))
		for i, e := range entries {
			lines[i] = e.String()
		}
		again, err := auth.ParseHashes(strings.Join(lines, ";"))
		if err != nil {
			t.Fatalf("ParseHashes of the entries written back (%q): %v", lines, err)
		}
		if diff := cmp.Diff(entries, again); diff != "" {
			t.Fatalf("entries written back and read again (-first +again):\n%s", diff)
		}
		if _, err = auth.NewHashes(entries); err != nil {
			t.Fatalf("NewHashes of parsed entries: %v", err)
		}
	})
}
