package eventstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/eventstore"
)

// contentStore is what the daemon's API uses of a store's contents.
type contentStore interface {
	PutContent(ctx context.Context, ticketID string, data []byte) (string, error)
	Content(ctx context.Context, ticketID, ref string) ([]byte, error)
}

// helloRef is the reference of "hello": sha256 of its bytes.
const helloRef = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

// TestContent holds every store to one contract: a text is kept under its
// SHA-256, once per ticket, and read back only with its ticket's id.
func TestContent(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 60<<10/16) // a 60 KiB reply
	type put struct {
		ticket string
		data   []byte
	}
	type read struct {
		ticket, ref string
		want        []byte // nil: not found
	}
	tests := map[string]struct {
		puts     []put
		wantRefs []string
		reads    []read
	}{
		"a text is read back under its sha256": {
			puts:     []put{{"T-1", []byte("hello")}},
			wantRefs: []string{helloRef},
			reads:    []read{{"T-1", helloRef, []byte("hello")}},
		},
		"the same text twice is one reference": {
			puts:     []put{{"T-1", []byte("hello")}, {"T-1", []byte("hello")}},
			wantRefs: []string{helloRef, helloRef},
			reads:    []read{{"T-1", helloRef, []byte("hello")}},
		},
		"another ticket's reference reads nothing": {
			puts:     []put{{"T-1", []byte("hello")}},
			wantRefs: []string{helloRef},
			reads:    []read{{"T-2", helloRef, nil}},
		},
		"the same text in two tickets is read by both": {
			puts:     []put{{"T-1", []byte("hello")}, {"T-2", []byte("hello")}},
			wantRefs: []string{helloRef, helloRef},
			reads:    []read{{"T-1", helloRef, []byte("hello")}, {"T-2", helloRef, []byte("hello")}},
		},
		"an unknown reference reads nothing": {
			reads: []read{{"T-1", helloRef, nil}, {"T-1", "sha256:", nil}, {"T-1", "", nil}},
		},
		"an empty text is a text": {
			puts:     []put{{"T-1", nil}},
			wantRefs: []string{"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
			reads:    []read{{"T-1", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []byte{}}},
		},
		"a long text is kept whole": {
			puts:     []put{{"T-1", big}},
			wantRefs: []string{eventstore.ContentRef(big)},
			reads:    []read{{"T-1", eventstore.ContentRef(big), big}},
		},
	}
	for name, tc := range tests {
		for kind, s := range stores(t) {
			t.Run(kind+"/"+name, func(t *testing.T) {
				cs := s.(contentStore)
				var refs []string
				for _, p := range tc.puts {
					ref, err := cs.PutContent(t.Context(), p.ticket, p.data)
					if err != nil {
						t.Fatalf("PutContent(%s): %v", p.ticket, err)
					}
					refs = append(refs, ref)
				}
				if diff := cmp.Diff(tc.wantRefs, refs); diff != "" {
					t.Errorf("references (-want +got):\n%s", diff)
				}
				for _, r := range tc.reads {
					got, err := cs.Content(t.Context(), r.ticket, r.ref)
					if r.want == nil {
						if !errors.Is(err, eventstore.ErrContentNotFound) {
							t.Errorf("Content(%s, %q) = %d bytes, %v; want ErrContentNotFound", r.ticket, r.ref, len(got), err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("Content(%s, %s): %v", r.ticket, r.ref, err)
					}
					if !bytes.Equal(got, r.want) {
						t.Errorf("Content(%s, %s) = %d bytes, want %d", r.ticket, r.ref, len(got), len(r.want))
					}
				}
			})
		}
	}
}

// TestContentEmptyTicket: a text belongs to a ticket.
func TestContentEmptyTicket(t *testing.T) {
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			if ref, err := s.(contentStore).PutContent(t.Context(), "", []byte("hello")); err == nil {
				t.Errorf("PutContent with no ticket = %s, want an error", ref)
			}
		})
	}
}

// TestContentKeptOnceAndAcrossRestarts: in SQLite, the same text stored
// twice for a ticket is one row, and a text outlives the process.
func TestContentKeptOnceAndAcrossRestarts(t *testing.T) {
	s, path := open(t)
	for range 2 {
		if _, err := s.PutContent(t.Context(), "T-1", []byte("hello")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PutContent(t.Context(), "T-1", []byte("bye")); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type row struct {
		Ref  string
		Size int
	}
	rows, err := db.QueryContext(t.Context(), "SELECT ref, size FROM contents WHERE ticket_id = 'T-1' ORDER BY size")
	if err != nil {
		t.Fatal(err)
	}
	var got []row
	for rows.Next() {
		var r row
		if err = rows.Scan(&r.Ref, &r.Size); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if err = rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []row{{eventstore.ContentRef([]byte("bye")), 3}, {helloRef, 5}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("contents rows (-want +got):\n%s", diff)
	}

	reopened, err := eventstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	data, err := reopened.Content(t.Context(), "T-1", helloRef)
	if err != nil || string(data) != "hello" {
		t.Errorf("Content after reopening = %q, %v; want hello", data, err)
	}
}

// TestValidContentRef: the shape of a reference, which the API checks
// before it looks one up.
func TestValidContentRef(t *testing.T) {
	tests := map[string]bool{
		helloRef:                   true,
		eventstore.ContentRef(nil): true,
		"":                         false,
		"sha256:":                  false,
		"sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824": false,
		"sha1:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824":   false,
		helloRef + "0": false,
		"sha256:../../2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e730433629": false,
	}
	got := map[string]bool{}
	for ref := range tests {
		got[ref] = eventstore.ValidContentRef(ref)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("ValidContentRef (-want +got):\n%s", diff)
	}
}
