package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/supportops/supportops/engine/policy"
)

// ErrUnknownToken is returned, wrapped, by Store.Authenticate for a token
// that is malformed or not in the store.
var ErrUnknownToken = errors.New("unknown token")

// tokenPrefix starts every token, so that secret scanners can find them.
const tokenPrefix = "sop_"

// tokenBytes is the number of random bytes in a token.
const tokenBytes = 32

// tokenLen is the length of a token: the prefix and the base64url encoding,
// without padding, of its random bytes.
var tokenLen = len(tokenPrefix) + base64.RawURLEncoding.EncodedLen(tokenBytes)

// newToken returns a fresh random token.
func newToken() string {
	var b [tokenBytes]byte
	rand.Read(b[:]) // never fails since Go 1.24; it crashes the program instead.
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// wellFormed reports whether token has the shape newToken produces.
func wellFormed(token string) bool {
	if len(token) != tokenLen || !strings.HasPrefix(token, tokenPrefix) {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(token[len(tokenPrefix):])
	return err == nil && len(b) == tokenBytes
}

// hashToken returns the SHA-256 hash of the whole token.
func hashToken(token string) [sha256.Size]byte {
	return sha256.Sum256([]byte(token))
}

// NewToken returns a fresh random token and the lower-case hex SHA-256 of
// the whole token, which is all a token store keeps (a store in a
// database, such as engine/pgstate's, makes its tokens with it).
func NewToken() (token, hash string) {
	token = newToken()
	sum := hashToken(token)
	return token, hex.EncodeToString(sum[:])
}

// TokenHash returns the lower-case hex SHA-256 of token, under which a
// store finds it; a token of another shape than NewToken's is an error
// wrapping ErrUnknownToken, so that a store never looks it up.
func TokenHash(token string) (string, error) {
	if !wellFormed(token) {
		return "", fmt.Errorf("%w (malformed: want %q and %d base64url characters)",
			ErrUnknownToken, tokenPrefix, tokenLen-len(tokenPrefix))
	}
	sum := hashToken(token)
	return hex.EncodeToString(sum[:]), nil
}

// CheckPrincipal checks that p can hold a token: an ID and at least one
// role, none empty.
func CheckPrincipal(p policy.Principal) error { return checkPrincipal(p) }

// BearerToken extracts the token from an HTTP Authorization header value
// ("Bearer <token>", scheme case-insensitive, RFC 6750); ok is false when
// the header is absent or not a bearer token. Surrounding spaces and tabs
// are ignored; the token itself must not contain any.
func BearerToken(header string) (token string, ok bool) {
	header = strings.Trim(header, " \t")
	scheme, rest, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(rest, " ")
	if token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}
