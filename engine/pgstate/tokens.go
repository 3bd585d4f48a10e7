package pgstate

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

// Tokens is the API's bearer tokens in PostgreSQL, as auth.Store keeps
// them in a file: only each token's SHA-256 (auth.NewToken), with the
// principal it stands for and when it was added (to the microsecond).
// Every replica reads the same table, so a token added or revoked through
// any of them, or by `supportopsd token`, counts at once everywhere.
type Tokens struct {
	db *DB
}

// Tokens returns the API tokens kept in the database.
func (d *DB) Tokens() *Tokens { return &Tokens{db: d} }

// Add creates a new random token for p, stores only its hash (with p and
// now), and returns the token, which cannot be recovered from the store.
func (t *Tokens) Add(ctx context.Context, p policy.Principal, now time.Time) (string, error) {
	if err := auth.CheckPrincipal(p); err != nil {
		return "", fmt.Errorf("add token: %w", err)
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("add token for %s: %w", p.ID, err)
	}
	token, hash := auth.NewToken()
	_, err = t.db.db.ExecContext(ctx, "INSERT INTO api_tokens (hash, principal_id, principal, created_at) VALUES ($1, $2, $3::jsonb, $4)",
		hash, p.ID, string(doc), now.UTC())
	if err != nil {
		return "", fmt.Errorf("add token for %s: %w", p.ID, err)
	}
	return token, nil
}

// Authenticate returns the principal of token. A malformed or unknown
// token is an error wrapping auth.ErrUnknownToken; a database that cannot
// be read is another error, so that a broken store fails closed.
func (t *Tokens) Authenticate(ctx context.Context, token string) (policy.Principal, error) {
	hash, err := auth.TokenHash(token)
	if err != nil {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	var doc []byte
	err = t.db.db.QueryRowContext(ctx, "SELECT principal FROM api_tokens WHERE hash = $1", hash).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", auth.ErrUnknownToken)
	}
	if err != nil {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	var p policy.Principal
	if err = json.Unmarshal(doc, &p); err != nil {
		return policy.Principal{}, fmt.Errorf("authenticate: decode the principal: %w", err)
	}
	return p, nil
}

// Revoke removes the tokens of principal id; it returns how many were
// removed.
func (t *Tokens) Revoke(ctx context.Context, id string) (int, error) {
	res, err := t.db.db.ExecContext(ctx, "DELETE FROM api_tokens WHERE principal_id = $1", id)
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", id, err)
	}
	return int(n), nil
}

// List returns the stored principals with creation times (no hashes),
// sorted by ID then time.
func (t *Tokens) List(ctx context.Context) ([]auth.Entry, error) {
	rows, err := t.db.db.QueryContext(ctx, "SELECT principal, created_at FROM api_tokens ORDER BY principal_id, created_at, id")
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	out := []auth.Entry{}
	for rows.Next() {
		var doc []byte
		var e auth.Entry
		if err = rows.Scan(&doc, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		if err = json.Unmarshal(doc, &e.Principal); err != nil {
			return nil, fmt.Errorf("list tokens: decode the principal: %w", err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, e)
	}
	if err = rows.Err(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	// The database's collation may order ids otherwise than Go does.
	slices.SortStableFunc(out, func(a, b auth.Entry) int {
		return cmp.Or(cmp.Compare(a.Principal.ID, b.Principal.ID), a.CreatedAt.Compare(b.CreatedAt))
	})
	return out, nil
}
