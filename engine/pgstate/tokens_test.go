package pgstate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/auth"
	"github.com/supportops/supportops/engine/policy"
)

// TestTokens: a token added through one replica's store authenticates
// through another's on the same database; revoked, it stops working
// there at once; malformed and unknown tokens wrap auth.ErrUnknownToken;
// a principal without an id or roles gets no token.
func TestTokens(t *testing.T) {
	dsn := newPostgresDSN(t)
	a, b := openDB(t, dsn).Tokens(), openDB(t, dsn).Tokens()
	ctx := t.Context()
	now := time.Date(2026, 11, 18, 9, 0, 0, 123456000, time.UTC)
	julia := policy.Principal{ID: "julia-wagner", Roles: []string{"agent", "supervisor"}, Team: "after-sales"}
	ops := policy.Principal{ID: "ops", Roles: []string{"ops_admin"}}
	tokJulia, err := a.Add(ctx, julia, now)
	if err != nil {
		t.Fatal(err)
	}
	tokOps, err := a.Add(ctx, ops, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	tokJulia2, err := b.Add(ctx, julia, now.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for tok, want := range map[string]policy.Principal{tokJulia: julia, tokOps: ops, tokJulia2: julia} {
		got, aerr := b.Authenticate(ctx, tok)
		if aerr != nil {
			t.Fatalf("authenticate through the other replica: %v", aerr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("principal (-want +got):\n%s", diff)
		}
	}
	list, err := b.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantList := []auth.Entry{{Principal: julia, CreatedAt: now}, {Principal: julia, CreatedAt: now.Add(2 * time.Minute)}, {Principal: ops, CreatedAt: now.Add(time.Minute)}}
	if diff := cmp.Diff(wantList, list); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}

	n, err := b.Revoke(ctx, "julia-wagner")
	if err != nil || n != 2 {
		t.Fatalf("revoke julia-wagner: %d, %v; want 2 revoked", n, err)
	}
	if n, err = b.Revoke(ctx, "julia-wagner"); err != nil || n != 0 {
		t.Errorf("revoke again: %d, %v; want 0", n, err)
	}
	unknown, _ := auth.NewToken()
	for name, tok := range map[string]string{"revoked": tokJulia, "revoked too": tokJulia2, "never added": unknown, "malformed": "sop_x", "empty": ""} {
		if _, err := a.Authenticate(ctx, tok); !errors.Is(err, auth.ErrUnknownToken) {
			t.Errorf("authenticate a token %s: %v, want %v", name, err, auth.ErrUnknownToken)
		}
	}
	if _, err := a.Authenticate(ctx, tokOps); err != nil {
		t.Errorf("authenticate ops after julia's revoke: %v", err)
	}
	for name, p := range map[string]policy.Principal{"no id": {Roles: []string{"agent"}}, "no roles": {ID: "x"}, "an empty role": {ID: "x", Roles: []string{""}}} {
		if _, err := a.Add(ctx, p, now); err == nil || !strings.HasPrefix(err.Error(), "add token: ") {
			t.Errorf("add a token for a principal with %s: %v, want refused", name, err)
		}
	}
}
