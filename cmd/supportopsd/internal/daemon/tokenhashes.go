package daemon

import (
	"fmt"
	"strings"

	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	"github.com/supportops/supportops/engine/auth"
)

// tokenHashesHelp is the help of --token-hashes.
const tokenHashesHelp = `token hashes besides <data-dir>/tokens.json, read once at start: ` +
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

// openTokens opens the token store at path and, when hashes (a token-hashes
// list) has entries, authenticates by them first and by the store after.
func openTokens(path, hashes string) (api.Authenticator, error) {
	store, err := auth.Open(path)
	if err != nil {
		return nil, err
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
