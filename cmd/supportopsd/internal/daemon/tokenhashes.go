package daemon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/pgstate"
	"github.com/supportops/supportops/engine/policy"
)

// tokenHashesHelp is the help of --token-hashes.
const tokenHashesHelp = `token hashes besides <data-dir>/tokens.json (or, with --events-dsn, the database's tokens), read once at start: ` +
	`PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256 entries separated by ";" or line breaks (see "token hash")`

// parseTokenHashes parses a token-hashes list; "" is none.
func parseTokenHashes(list string) (*auth.Hashes, error) {
	entries, err := auth.ParseHashes(list)
	if err != nil {
		return nil, fmt.Errorf("--token-hashes: %w", err)
	}
	h, err := auth.NewHashes(entries)
	if err != nil {
		return nil, fmt.Errorf("--token-hashes: %w", err)
	}
	return h, nil
}

// openTokens opens the token store: the shared database's tokens when
// state is set (--events-dsn: every replica reads the same ones, and the
// data directory's file is not read), else the file at path. When hashes
// (a token-hashes list) has entries, they authenticate first and the
// store after.
func openTokens(state *pgstate.DB, path, hashes string) (api.Authenticator, error) {
	var store auth.Authenticator
	if state != nil {
		store = dbTokens{tokens: state.Tokens()}
	} else {
		s, err := auth.Open(path)
		if err != nil {
			return nil, err
		}
		store = s
	}
	if strings.TrimSpace(hashes) == "" {
		return store, nil
	}
	h, err := parseTokenHashes(hashes)
	if err != nil {
		return nil, err
	}
	if h.Len() == 0 {
		return store, nil
	}
	return auth.Chain{h, store}, nil
}

// tokenLookupTimeout bounds one lookup of a token in the shared database.
const tokenLookupTimeout = 10 * time.Second

// dbTokens authenticates by the tokens of the shared database. The API's
// Authenticator takes no context, so each lookup has its own, bounded by
// tokenLookupTimeout.
type dbTokens struct {
	tokens *pgstate.Tokens
}

// Authenticate returns the principal of token from the database.
func (t dbTokens) Authenticate(token string) (policy.Principal, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tokenLookupTimeout)
	defer cancel()
	return t.tokens.Authenticate(ctx, token)
}
