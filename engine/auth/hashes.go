package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/supportops/supportops/engine/policy"
)

// HashEntry is a token given by its hash with the principal it stands for,
// as one entry of a token-hashes list (see ParseHashes).
type HashEntry struct {
	// Principal is who authenticates with the token.
	Principal policy.Principal
	// Hash is the lower-case hex SHA-256 of the whole token.
	Hash string
}

// String is e as an entry of a token-hashes list:
// PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256.
func (e HashEntry) String() string {
	s := e.Principal.ID + ":" + strings.Join(e.Principal.Roles, "+")
	if e.Principal.Team != "" {
		s += ":" + e.Principal.Team
	}
	return s + "=" + e.Hash
}

// hashListFormat is the shape of one entry, for error messages.
const hashListFormat = "PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256"

// ParseHashes parses a token-hashes list: entries separated by ";" or line
// breaks, each
//
//	PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256
//
// where SHA256 is the 64 lower-case hex digits of the SHA-256 of the whole
// token (what `sha256sum` prints for the token without a trailing newline,
// or what `supportopsd token hash` prints). Blanks around entries and
// fields are ignored, and so are empty entries; names may not contain
// blanks or any of ":+=;". For example:
//
//	ops:ops_admin=9f86d0...;julia-wagner:agent:after-sales=2c26b4...
//
// The errors of all malformed entries are returned together. Each names its
// entry by its number among the non-empty entries, counted from 1, and its
// principal when that much could be read; it never repeats the hash, which
// might be a token pasted by mistake. Two entries with one hash are an
// error.
func ParseHashes(list string) ([]HashEntry, error) {
	var entries []HashEntry
	var errs []error
	seen := map[string]int{}
	n := 0
	for raw := range strings.FieldsFuncSeq(list, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		n++
		e, err := parseHashEntry(s)
		switch {
		case err != nil && e.Principal.ID != "":
			errs = append(errs, fmt.Errorf("entry %d (%s): %w", n, e.Principal.ID, err))
			continue
		case err != nil:
			errs = append(errs, fmt.Errorf("entry %d: %w", n, err))
			continue
		}
		if first, ok := seen[e.Hash]; ok {
			errs = append(errs, fmt.Errorf("entry %d (%s): same hash as entry %d", n, e.Principal.ID, first))
			continue
		}
		seen[e.Hash] = n
		entries = append(entries, e)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("parse token hashes: %w", errors.Join(errs...))
	}
	return entries, nil
}

// parseHashEntry parses one trimmed, non-empty entry. On error the entry
// has the principal's ID when the fields could be told apart.
func parseHashEntry(s string) (HashEntry, error) {
	who, hash, found := cut(s, "=")
	if !found {
		return HashEntry{}, fmt.Errorf("no %q: want %s", "=", hashListFormat)
	}
	fields := strings.Split(who, ":")
	if len(fields) < 2 || len(fields) > 3 {
		return HashEntry{}, fmt.Errorf("%d %q-separated fields before the %q: want %s", len(fields), ":", "=", hashListFormat)
	}
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	var e HashEntry
	e.Principal.ID = fields[0]
	if e.Principal.ID == "" {
		return e, errors.New("principal id is empty")
	}
	for r := range strings.SplitSeq(fields[1], "+") {
		e.Principal.Roles = append(e.Principal.Roles, strings.TrimSpace(r))
	}
	if len(fields) == 3 {
		if e.Principal.Team = fields[2]; e.Principal.Team == "" {
			return e, errors.New(`team is empty: leave out the second ":" for a principal without a team`)
		}
	}
	if err := checkHashPrincipal(e.Principal); err != nil {
		return e, err
	}
	if err := checkHash(hash); err != nil {
		return e, err
	}
	e.Hash = hash
	return e, nil
}

// cut is strings.Cut at the last sep, with both sides trimmed.
func cut(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):]), true
}

// checkHash checks that h is a lower-case hex SHA-256. The value is not
// printed: it might be a token pasted by mistake.
func checkHash(h string) error {
	if _, err := hex.DecodeString(h); err != nil || len(h) != 2*sha256.Size || strings.ToLower(h) != h {
		return fmt.Errorf("hash is not %d lower-case hex digits (it has %d characters)", 2*sha256.Size, len(h))
	}
	return nil
}

// checkHashPrincipal checks p like checkPrincipal, and that its names can be
// written in a token-hashes list.
func checkHashPrincipal(p policy.Principal) error {
	if err := checkPrincipal(p); err != nil {
		return err
	}
	names := append([]string{p.ID, p.Team}, p.Roles...)
	for _, name := range names {
		if strings.ContainsAny(name, ":+=;") || strings.ContainsFunc(name, unicode.IsSpace) {
			return fmt.Errorf("%q has a blank or one of %q, which a token-hashes list cannot hold", name, ":+=;")
		}
	}
	return nil
}

// NewHashEntry creates a random token for p and returns it with its entry
// for a token-hashes list. Nothing is stored: the token is shown once, by
// the caller, and the entry goes wherever the list is kept.
func NewHashEntry(p policy.Principal) (token string, e HashEntry, err error) {
	if err = checkHashPrincipal(p); err != nil {
		return "", HashEntry{}, fmt.Errorf("create token: %w", err)
	}
	token = newToken()
	sum := hashToken(token)
	return token, HashEntry{Principal: clonePrincipal(p), Hash: hex.EncodeToString(sum[:])}, nil
}

// Hashes authenticates tokens against a fixed set of hashes, such as the
// entries of a token-hashes list read once at start. Unlike Store it never
// changes and never reads a file. It is safe for concurrent use.
type Hashes struct {
	byHash map[[sha256.Size]byte]policy.Principal
}

// NewHashes returns the lookup of entries, which it checks as ParseHashes
// does (an entry that does not check out is named by its index, from 0).
func NewHashes(entries []HashEntry) (*Hashes, error) {
	h := &Hashes{byHash: make(map[[sha256.Size]byte]policy.Principal, len(entries))}
	seen := make(map[string]int, len(entries))
	for i, e := range entries {
		if err := checkHashPrincipal(e.Principal); err != nil {
			return nil, fmt.Errorf("token hashes: entry %d: %w", i, err)
		}
		if err := checkHash(e.Hash); err != nil {
			return nil, fmt.Errorf("token hashes: entry %d (%s): %w", i, e.Principal.ID, err)
		}
		if j, ok := seen[e.Hash]; ok {
			return nil, fmt.Errorf("token hashes: entry %d (%s): same hash as entry %d", i, e.Principal.ID, j)
		}
		seen[e.Hash] = i
		var sum [sha256.Size]byte
		hex.Decode(sum[:], []byte(e.Hash)) // checked above
		h.byHash[sum] = clonePrincipal(e.Principal)
	}
	return h, nil
}

// Len is the number of tokens h knows.
func (h *Hashes) Len() int { return len(h.byHash) }

// Authenticate returns the principal of token. An unknown or malformed
// token returns an error wrapping ErrUnknownToken.
func (h *Hashes) Authenticate(token string) (policy.Principal, error) {
	if !wellFormed(token) {
		return policy.Principal{}, fmt.Errorf("authenticate: %w (malformed: want %q and %d base64url characters)",
			ErrUnknownToken, tokenPrefix, tokenLen-len(tokenPrefix))
	}
	// As in Store.Authenticate, a map lookup by the hash of a random
	// secret reveals nothing worth a constant-time comparison.
	p, ok := h.byHash[hashToken(token)]
	if !ok {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", ErrUnknownToken)
	}
	return clonePrincipal(p), nil
}

// Authenticator maps a token to its principal; Store, Hashes and Chain are
// Authenticators.
type Authenticator interface {
	// Authenticate returns the principal of token; an unknown token is an
	// error wrapping ErrUnknownToken.
	Authenticate(token string) (policy.Principal, error)
}

// Chain authenticates a token with each Authenticator in turn and returns
// the first principal found. When none knows the token, it returns the first
// error that is not ErrUnknownToken (a store that cannot be read fails
// closed for the tokens it would have held), or else the first error.
type Chain []Authenticator

// Authenticate returns the principal of token from the first Authenticator
// that knows it.
func (c Chain) Authenticate(token string) (policy.Principal, error) {
	var first, broken error
	for _, a := range c {
		p, err := a.Authenticate(token)
		if err == nil {
			return p, nil
		}
		if first == nil {
			first = err
		}
		if broken == nil && !errors.Is(err, ErrUnknownToken) {
			broken = err
		}
	}
	switch {
	case broken != nil:
		return policy.Principal{}, broken
	case first != nil:
		return policy.Principal{}, first
	}
	return policy.Principal{}, fmt.Errorf("authenticate: %w", ErrUnknownToken)
}
