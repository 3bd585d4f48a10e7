package pgtx

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestRedactDSN(t *testing.T) {
	tests := map[string]struct {
		reason string
		dsn    string
		want   string
	}{
		"password": {
			reason: "the password never reaches a message",
			dsn:    "postgres://supportops:s3cret@db:5432/supportops?sslmode=require",
			want:   "postgres://supportops:xxxxx@db:5432/supportops?sslmode=require",
		},
		"postgresql scheme": {
			reason: "both schemes PostgreSQL accepts are URLs",
			dsn:    "postgresql://u:p@localhost/db",
			want:   "postgresql://u:xxxxx@localhost/db",
		},
		"no password": {
			reason: "a DSN without a password is shown as it is",
			dsn:    "postgres://supportops@db/supportops",
			want:   "postgres://supportops@db/supportops",
		},
		"password with reserved characters": {
			reason: "an escaped password is redacted whole",
			dsn:    "postgres://u:p%40ss%2Fw0rd@db/x",
			want:   "postgres://u:xxxxx@db/x",
		},
		"key=value": {
			reason: "a key=value DSN may hold a password anywhere: nothing of it is shown",
			dsn:    "host=db user=supportops password=s3cret dbname=supportops",
			want:   "(postgres)",
		},
		"not a URL": {
			reason: "a DSN that does not parse is not shown",
			dsn:    "postgres://u:p@[::1/db",
			want:   "(postgres)",
		},
		"empty": {
			reason: "an empty DSN has no scheme",
			dsn:    "",
			want:   "(postgres)",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, RedactDSN(tc.dsn)); diff != "" {
				t.Errorf("%s: RedactDSN(%q) (-want +got):\n%s", tc.reason, tc.dsn, diff)
			}
		})
	}
}

func TestRetry(t *testing.T) {
	pgErr := func(code string) error { return &pgconn.PgError{Code: code, Message: "test"} }
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := map[string]struct {
		reason string
		ctx    context.Context // nil: the test's
		// errs are fn's errors run by run; past their end fn succeeds.
		errs     []error
		wantRuns int
		// wantErr: Retry returns the last run's error (wrapped);
		// wantCanceled: joined with context.Canceled.
		wantErr, wantCanceled bool
	}{
		"success": {
			reason:   "a transaction that commits runs once",
			wantRuns: 1,
		},
		"serialization failure": {
			reason: "40001 aborted the transaction: it is rerun",
			errs:   []error{pgErr(SerializationFailure)}, wantRuns: 2,
		},
		"deadlock": {
			reason: "40P01 aborted the transaction: it is rerun",
			errs:   []error{pgErr(DeadlockDetected), pgErr(DeadlockDetected)}, wantRuns: 3,
		},
		"wrapped": {
			reason: "the code counts when the error wraps it",
			errs:   []error{fmt.Errorf("hold ticket: %w", pgErr(DeadlockDetected))}, wantRuns: 2,
		},
		"unique violation": {
			reason: "23505 is an answer, not an abort: it is returned at once",
			errs:   []error{pgErr("23505")}, wantRuns: 1, wantErr: true,
		},
		"lock not available": {
			reason: "55P03 (lock_timeout) is not rerun",
			errs:   []error{pgErr("55P03")}, wantRuns: 1, wantErr: true,
		},
		"not PostgreSQL's": {
			reason: "an error without a SQLSTATE is returned at once",
			errs:   []error{errors.New("pick: no agent")}, wantRuns: 1, wantErr: true,
		},
		"attempts": {
			reason: "a transaction that aborts every time runs Attempts times and its last error is returned",
			errs: []error{pgErr(SerializationFailure), pgErr(DeadlockDetected), pgErr(SerializationFailure),
				pgErr(DeadlockDetected), pgErr(SerializationFailure), pgErr(SerializationFailure)},
			wantRuns: Attempts, wantErr: true,
		},
		"canceled": {
			reason: "a context done stops the reruns, with the abort and the context's error",
			ctx:    canceled, errs: []error{pgErr(DeadlockDetected)},
			wantRuns: 1, wantErr: true, wantCanceled: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := tc.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			runs := 0
			err := Retry(ctx, func() error {
				runs++
				if runs <= len(tc.errs) {
					return tc.errs[runs-1]
				}
				return nil
			})
			if runs != tc.wantRuns {
				t.Errorf("%s: %d runs, want %d", tc.reason, runs, tc.wantRuns)
			}
			if !tc.wantErr {
				if err != nil {
					t.Errorf("%s: %v, want no error", tc.reason, err)
				}
				return
			}
			if last := tc.errs[tc.wantRuns-1]; !errors.Is(err, last) {
				t.Errorf("%s: %v, want the last run's error %v", tc.reason, err, last)
			}
			if errors.Is(err, context.Canceled) != tc.wantCanceled {
				t.Errorf("%s: %v: wraps context.Canceled %t, want %t", tc.reason, err, !tc.wantCanceled, tc.wantCanceled)
			}
		})
	}
}
