package auth_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// open returns a store on a fresh file in a temporary data directory.
func open(t *testing.T) (*auth.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), auth.TokensFile)
	s, err := auth.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, path
}

// add adds a token for p and fails the test on error.
func add(t *testing.T, s *auth.Store, p policy.Principal, now time.Time) string {
	t.Helper()
	token, err := s.Add(p, now)
	if err != nil {
		t.Fatalf("Add(%v): %v", p, err)
	}
	return token
}

// wantPrincipal checks that token authenticates as want.
func wantPrincipal(t *testing.T, s *auth.Store, token string, want policy.Principal) {
	t.Helper()
	got, err := s.Authenticate(token)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Authenticate principal (-want +got):\n%s", diff)
	}
}

// wantUnknown checks that token is refused with ErrUnknownToken.
func wantUnknown(t *testing.T, s *auth.Store, token string) {
	t.Helper()
	p, err := s.Authenticate(token)
	if !errors.Is(err, auth.ErrUnknownToken) {
		t.Errorf("Authenticate(%q) = %v, %v; want an error wrapping ErrUnknownToken", token, p, err)
	}
}

func TestAddAuthenticate(t *testing.T) {
	s, path := open(t)
	alice := policy.Principal{ID: "alice", Roles: []string{"agent", "team_lead"}, Team: "tier1"}
	bot := policy.Principal{ID: "crm-sync", Roles: []string{"integration"}}
	aliceToken := add(t, s, alice, t0)
	botToken := add(t, s, bot, t0.Add(time.Minute))

	if !strings.HasPrefix(aliceToken, "sop_") || len(aliceToken) != 47 {
		t.Errorf("token %q: want sop_ and 43 base64url characters", aliceToken)
	}
	if aliceToken == botToken {
		t.Errorf("two Adds returned the same token %q", aliceToken)
	}
	wantPrincipal(t, s, aliceToken, alice)
	wantPrincipal(t, s, botToken, bot)

	// A reopened store knows the tokens too.
	s2, err := auth.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	wantPrincipal(t, s2, aliceToken, alice)

	// The caller cannot change the stored principal through the results.
	alice.Roles[0] = "changed"
	got, err := s.Authenticate(aliceToken)
	if err != nil {
		t.Fatal(err)
	}
	got.Roles[0] = "changed too"
	wantPrincipal(t, s, aliceToken, policy.Principal{ID: "alice", Roles: []string{"agent", "team_lead"}, Team: "tier1"})
}

func TestFileHoldsNoToken(t *testing.T) {
	s, path := open(t)
	token := add(t, s, policy.Principal{ID: "alice", Roles: []string{"agent"}}, t0)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file := string(data)
	if strings.Contains(file, token) {
		t.Fatalf("the store file contains the token:\n%s", file)
	}
	// Nor any part of its random body: no 8-character window of it.
	body := strings.TrimPrefix(token, "sop_")
	for i := 0; i+8 <= len(body); i++ {
		if w := body[i : i+8]; strings.Contains(file, w) {
			t.Errorf("the store file contains %q, part of the token:\n%s", w, file)
		}
	}
	for _, p := range []string{path, path + ".lock"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), got)
		}
	}
}

func TestFileFormat(t *testing.T) {
	s, path := open(t)
	token := add(t, s, policy.Principal{ID: "alice", Roles: []string{"agent"}, Team: "tier1"}, t0.In(time.FixedZone("CET", 3600)))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Replace the hash, which depends on the random token, by a placeholder.
	got := string(data)
	i := strings.Index(got, `"hash": "`) + len(`"hash": "`)
	got = got[:i] + "HASH" + got[i+64:]
	want := `{
  "version": 1,
  "entries": [
    {
      "hash": "HASH",
      "principal": {
        "id": "alice",
        "roles": [
          "agent"
        ],
        "team": "tier1"
      },
      "created_at": "2026-03-02T09:30:00Z"
    }
  ]
}
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("store file (-want +got):\n%s", diff)
	}
	if n, rerr := s.Revoke("alice"); n != 1 || rerr != nil {
		t.Fatalf("Revoke = %d, %v; want 1, nil", n, rerr)
	}
	wantUnknown(t, s, token)
	data, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("{\n  \"version\": 1,\n  \"entries\": []\n}\n", string(data)); diff != "" {
		t.Errorf("empty store file (-want +got):\n%s", diff)
	}
}

func TestAuthenticateRefuses(t *testing.T) {
	s, _ := open(t)
	token := add(t, s, policy.Principal{ID: "alice", Roles: []string{"agent"}}, t0)
	body := strings.TrimPrefix(token, "sop_")
	other := "sop_" + strings.Repeat("A", 43)
	for name, tc := range map[string]struct {
		reason string
		token  string
	}{
		"empty":             {"no token at all", ""},
		"prefix only":       {"the prefix without a body", "sop_"},
		"unknown":           {"well formed but never added", other},
		"no prefix":         {"the hash covers the prefix, which is required", body},
		"other prefix":      {"only sop_ tokens are issued", "xyz_" + body},
		"truncated":         {"a token missing its last character", token[:len(token)-1]},
		"extended":          {"a token with an extra character", token + "A"},
		"upper-case prefix": {"the prefix is case-sensitive", "SOP_" + body},
		"bad alphabet":      {"standard base64 characters are not base64url", "sop_" + strings.Repeat("+", 43)},
		"bearer header":     {"a header value passed by mistake", "Bearer " + token},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.Authenticate(tc.token)
			if !errors.Is(err, auth.ErrUnknownToken) {
				t.Errorf("%s: Authenticate = %v, want an error wrapping ErrUnknownToken", tc.reason, err)
			}
			if err != nil && len(tc.token) > len("sop_") && strings.Contains(err.Error(), tc.token) {
				t.Errorf("%s: the error %q repeats the presented token", tc.reason, err)
			}
		})
	}
	// A token of an empty store (missing file) is unknown too.
	empty, _ := open(t)
	wantUnknown(t, empty, token)
}

func TestReloadOnChange(t *testing.T) {
	s1, path := open(t)
	s2, err := auth.Open(path) // the daemon's store, open before any token exists
	if err != nil {
		t.Fatal(err)
	}
	alice := policy.Principal{ID: "alice", Roles: []string{"agent"}}
	bob := policy.Principal{ID: "bob", Roles: []string{"ops_admin"}}

	aliceToken := add(t, s1, alice, t0)
	wantPrincipal(t, s2, aliceToken, alice)

	bobToken := add(t, s1, bob, t0)
	wantPrincipal(t, s2, bobToken, bob)

	if _, err = s1.Revoke("alice"); err != nil {
		t.Fatal(err)
	}
	wantUnknown(t, s2, aliceToken)
	wantPrincipal(t, s2, bobToken, bob)

	// Removing the file empties the store.
	if err = os.Remove(path); err != nil {
		t.Fatal(err)
	}
	wantUnknown(t, s2, bobToken)
	list, err := s2.List()
	if err != nil || len(list) != 0 {
		t.Errorf("List after removing the file = %v, %v; want empty", list, err)
	}
}

func TestRevoke(t *testing.T) {
	s, _ := open(t)
	alice := policy.Principal{ID: "alice", Roles: []string{"agent"}}
	bob := policy.Principal{ID: "bob", Roles: []string{"agent"}}
	a1 := add(t, s, alice, t0)
	a2 := add(t, s, alice, t0.Add(time.Hour))
	b1 := add(t, s, bob, t0)

	for _, tc := range []struct {
		id   string
		want int
	}{{"alice", 2}, {"alice", 0}, {"nobody", 0}, {"", 0}} {
		n, err := s.Revoke(tc.id)
		if err != nil || n != tc.want {
			t.Errorf("Revoke(%q) = %d, %v; want %d, nil", tc.id, n, err, tc.want)
		}
	}
	wantUnknown(t, s, a1)
	wantUnknown(t, s, a2)
	wantPrincipal(t, s, b1, bob)

	// Revoking from a store without a file writes nothing.
	empty, path := open(t)
	if n, err := empty.Revoke("alice"); n != 0 || err != nil {
		t.Errorf("Revoke on an empty store = %d, %v; want 0, nil", n, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Revoke on an empty store created the file: %v", err)
	}
}

func TestList(t *testing.T) {
	s, _ := open(t)
	carol := policy.Principal{ID: "carol", Roles: []string{"agent"}, Team: "tier2"}
	alice := policy.Principal{ID: "alice", Roles: []string{"agent", "team_lead"}, Team: "tier1"}
	bot := policy.Principal{ID: "crm-sync", Roles: []string{"integration"}}
	add(t, s, carol, t0)
	add(t, s, alice, t0.Add(2*time.Hour))
	add(t, s, bot, t0)
	add(t, s, alice, t0.Add(time.Hour))

	got, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []auth.Entry{
		{Principal: alice, CreatedAt: t0.Add(time.Hour)},
		{Principal: alice, CreatedAt: t0.Add(2 * time.Hour)},
		{Principal: carol, CreatedAt: t0},
		{Principal: bot, CreatedAt: t0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}

	empty, _ := open(t)
	if got, err := empty.List(); err != nil || len(got) != 0 {
		t.Errorf("List of an empty store = %v, %v; want none", got, err)
	}
}

func TestAddRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		reason string
		p      policy.Principal
		want   string
	}{
		"no id":      {"a token must say who it is", policy.Principal{Roles: []string{"agent"}}, "add token: principal id is empty"},
		"no roles":   {"a principal without roles could do nothing", policy.Principal{ID: "alice"}, "add token: principal alice has no roles"},
		"empty role": {"an empty role is a typo", policy.Principal{ID: "alice", Roles: []string{"agent", ""}}, "add token: principal alice has an empty role"},
	} {
		t.Run(name, func(t *testing.T) {
			s, path := open(t)
			token, err := s.Add(tc.p, t0)
			if err == nil {
				t.Fatalf("%s: Add = %q, want an error", tc.reason, token)
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("%s: error (-want +got):\n%s", tc.reason, diff)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s: a refused Add created the file: %v", tc.reason, err)
			}
		})
	}
}

func TestConcurrentAdds(t *testing.T) {
	s1, path := open(t)
	s2, err := auth.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	stores := []*auth.Store{s1, s2}
	const goroutines, perGoroutine = 8, 5
	tokens := make([][]string, goroutines)
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				p := policy.Principal{ID: fmt.Sprintf("agent-%d-%d", g, i), Roles: []string{"agent"}}
				token, aerr := stores[g%2].Add(p, t0)
				if aerr != nil {
					errs[g] = aerr
					return
				}
				tokens[g] = append(tokens[g], token)
				// Reads race with the other writers.
				if _, perr := stores[(g+1)%2].Authenticate(token); perr != nil {
					errs[g] = perr
					return
				}
			}
		})
	}
	wg.Wait()
	if jerr := errors.Join(errs...); jerr != nil {
		t.Fatal(jerr)
	}

	fresh, err := auth.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for g := range goroutines {
		for i, token := range tokens[g] {
			wantPrincipal(t, fresh, token, policy.Principal{ID: fmt.Sprintf("agent-%d-%d", g, i), Roles: []string{"agent"}})
		}
	}
	for _, s := range append(stores, fresh) {
		list, lerr := s.List()
		if lerr != nil || len(list) != goroutines*perGoroutine {
			t.Errorf("List has %d entries (%v), want %d", len(list), lerr, goroutines*perGoroutine)
		}
	}
	// No temporary file is left behind.
	names, err := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	if diff := cmp.Diff([]string{"tokens.json", "tokens.json.lock"}, names); diff != "" {
		t.Errorf("files in the data directory (-want +got):\n%s", diff)
	}
}

func TestMalformedFile(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	entry := func(hash, principal string) string {
		return `{"version": 1, "entries": [{"hash": "` + hash + `", "principal": ` + principal + `, "created_at": "2026-03-02T09:30:00Z"}]}`
	}
	for name, tc := range map[string]struct {
		reason string
		file   string
		want   string // with FILE for the path
	}{
		"syntax": {
			"a trailing comma, on line 3",
			"{\n  \"version\": 1,\n}\n",
			`parse token store: FILE:3:1 (byte 19): invalid character '}' looking for beginning of object key string`,
		},
		"empty": {
			"an empty file is not an empty store",
			"",
			`parse token store: FILE:1:1 (byte 0): unexpected end of JSON input`,
		},
		"wrong type": {
			"the version is a string",
			`{"version": "1"}`,
			`parse token store: FILE:1:15 (byte 15): json: cannot unmarshal string into Go struct field storeFile.version of type int`,
		},
		"trailing data": {
			"two documents",
			"{\"version\": 1}\n{}",
			`parse token store: FILE:2:1 (byte 16): invalid character '{' after top-level value`,
		},
		"no version": {
			"the version is required",
			`{"entries": []}`,
			`parse token store: FILE: version 0 is not supported (want 1)`,
		},
		"future version": {
			"a newer daemon wrote the file",
			`{"version": 2, "entries": []}`,
			`parse token store: FILE: version 2 is not supported (want 1)`,
		},
		"short hash": {
			"a hash must be a whole SHA-256",
			entry("abcd", `{"id": "alice", "roles": ["agent"]}`),
			`parse token store: FILE: entry 0: hash is not 64 lower-case hex digits (it has 4 characters)`,
		},
		"token as hash": {
			"a token pasted as the hash; the error must not print it",
			entry("sop_"+strings.Repeat("x", 43), `{"id": "alice", "roles": ["agent"]}`),
			`parse token store: FILE: entry 0: hash is not 64 lower-case hex digits (it has 47 characters)`,
		},
		"upper-case hash": {
			"hashes are written in lower case, so lookups by hex text stay exact",
			entry(strings.ToUpper(hash), `{"id": "alice", "roles": ["agent"]}`),
			`parse token store: FILE: entry 0: hash is not 64 lower-case hex digits (it has 64 characters)`,
		},
		"no roles": {
			"a principal without roles",
			entry(hash, `{"id": "alice", "roles": []}`),
			`parse token store: FILE: entry 0: principal alice has no roles`,
		},
		"duplicate": {
			"two entries with one hash",
			`{"version": 1, "entries": [{"hash": "` + hash + `", "principal": {"id": "a", "roles": ["r"]}}, {"hash": "` + hash + `", "principal": {"id": "b", "roles": ["r"]}}]}`,
			`parse token store: FILE: entry 1: same hash as entry 0`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), auth.TokensFile)
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tc.want, "FILE", path)
			_, err := auth.Open(path)
			if err == nil {
				t.Fatalf("%s: Open succeeded, want an error", tc.reason)
			}
			if diff := cmp.Diff(want, err.Error()); diff != "" {
				t.Errorf("%s: Open error (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestMalformedFileAfterOpen(t *testing.T) {
	s, path := open(t)
	token := add(t, s, policy.Principal{ID: "alice", Roles: []string{"agent"}}, t0)
	if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A broken store fails closed, and says why rather than "unknown token".
	_, err := s.Authenticate(token)
	if err == nil || errors.Is(err, auth.ErrUnknownToken) || !strings.Contains(err.Error(), path+":1:1") {
		t.Errorf("Authenticate on a broken file = %v; want the parse error naming %s:1:1", err, path)
	}
	// Writers refuse to overwrite it.
	if _, err = s.Add(policy.Principal{ID: "bob", Roles: []string{"agent"}}, t0); err == nil {
		t.Errorf("Add on a broken file succeeded")
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "{" {
		t.Errorf("the broken file was changed to %q (%v)", data, err)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	if _, err := auth.Open(""); err == nil {
		t.Error("Open(\"\") succeeded, want an error")
	}
}

func TestAddCreatesDataDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "supportopsd")
	s, err := auth.Open(filepath.Join(dir, auth.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	p := policy.Principal{ID: "alice", Roles: []string{"agent"}}
	wantPrincipal(t, s, add(t, s, p, t0), p)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("data directory has mode %v, want 0700", got)
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	s, err := auth.Open(filepath.Join(b.TempDir(), auth.TokensFile))
	if err != nil {
		b.Fatal(err)
	}
	var token string
	for i := range 100 {
		if token, err = s.Add(policy.Principal{ID: fmt.Sprintf("agent-%d", i), Roles: []string{"agent"}}, t0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Authenticate(token); err != nil {
			b.Fatal(err)
		}
	}
}
